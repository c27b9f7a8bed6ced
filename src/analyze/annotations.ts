/** Which manifest entry covers which asset: an exact id wins over globs, a more specific glob over a looser one. */
import { assetMatcher, specificity } from '../manifest/globs.js';
import type { AssetAnnotationEntry } from '../manifest/model.js';

export interface AnnotationIndex {
  /** The entry covering `assetId`, or null. */
  entryFor(assetId: string): AssetAnnotationEntry | null;
  /** Asset ids each entry covers, by entry index. */
  matches: ReadonlyArray<readonly string[]>;
}

/** Entries with their matchers, the one that wins first: exact ids, then tighter globs, then manifest order. */
function ranked(entries: readonly AssetAnnotationEntry[]) {
  return entries
    .map((entry, index) => ({ entry, index, match: assetMatcher(entry.id), rank: specificity(entry.id) }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index);
}

/** The entry covering an asset id, for ids not known in advance (remembered per id). */
export function annotationLookup(entries: readonly AssetAnnotationEntry[]): (assetId: string) => AssetAnnotationEntry | null {
  const order = ranked(entries);
  const known = new Map<string, AssetAnnotationEntry | null>();
  return (id) => {
    let entry = known.get(id);
    if (entry === undefined) known.set(id, (entry = order.find((candidate) => candidate.match(id))?.entry ?? null));
    return entry;
  };
}

export function indexAnnotations(entries: readonly AssetAnnotationEntry[], assetIds: readonly string[]): AnnotationIndex {
  const order = ranked(entries);
  const chosen = new Map<string, AssetAnnotationEntry>();
  const matches: string[][] = entries.map(() => []);
  for (const id of assetIds) {
    for (const candidate of order) {
      if (!candidate.match(id)) continue;
      matches[candidate.index]!.push(id);
      if (!chosen.has(id)) chosen.set(id, candidate.entry);
    }
  }
  return { entryFor: (id) => chosen.get(id) ?? null, matches };
}
