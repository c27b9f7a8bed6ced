/** "Did you mean ...?": the closest known word to a misspelt one, by edit distance. */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped for speed. */
export function editDistance(a: string, b: string, cap = 8): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0]![j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known word closest to `word`, if it is close enough to be a likely typo (a third of its length, at least
 * one edit). For dotted keys, a key with the same last segment also counts (`user.email` -> `user.contact.email`).
 */
export function suggest(word: string, known: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.floor(lower.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  const candidates = [...known].sort();
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase(), limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= limit) return best;
  if (lower.includes('.')) {
    const last = lower.slice(lower.lastIndexOf('.') + 1);
    const first = lower.slice(0, lower.indexOf('.'));
    const sameLeaf = candidates.filter((c) => c.endsWith(`.${last}`) && c.startsWith(`${first}.`));
    if (sameLeaf.length === 1) return sameLeaf[0];
  }
  return undefined;
}

/** ` (did you mean 'x'?)` or the empty string. */
export function didYouMean(word: string, known: Iterable<string>): string {
  const hit = suggest(word, known);
  return hit === undefined ? '' : ` (did you mean '${hit}'?)`;
}
