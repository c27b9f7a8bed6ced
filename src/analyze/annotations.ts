/** Which manifest entry covers which asset: an exact id wins over globs, a more specific glob over a looser one. */
import { assetMatcher, specificity } from '../manifest/globs.js';
import type { AssetAnnotationEntry } from '../manifest/model.js';

export interface AnnotationIndex {
  /** The entry covering `assetId`, or null. */
  entryFor(assetId: string): AssetAnnotationEntry | null;
  /** Asset ids each entry covers, by entry index. */
  matches: ReadonlyArray<readonly string[]>;
}

export function indexAnnotations(entries: readonly AssetAnnotationEntry[], assetIds: readonly string[]): AnnotationIndex {
  const ranked = entries
    .map((entry, index) => ({ entry, index, match: assetMatcher(entry.id), rank: specificity(entry.id) }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index);
  const chosen = new Map<string, AssetAnnotationEntry>();
  const matches: string[][] = entries.map(() => []);
  for (const id of assetIds) {
    for (const candidate of ranked) {
      if (!candidate.match(id)) continue;
      matches[candidate.index]!.push(id);
      if (!chosen.has(id)) chosen.set(id, candidate.entry);
    }
  }
  return { entryFor: (id) => chosen.get(id) ?? null, matches };
}
