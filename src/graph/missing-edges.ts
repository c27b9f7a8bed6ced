/**
 * Candidate missing edges: pairs of assets that share a distinctive set of columns but have no lineage between
 * them in either direction — often a copy made by code the scan cannot see (a notebook, a vendor sync, dynamic SQL).
 * Columns are weighted by rarity (inverse document frequency over the assets), so `id` and `created_at` count little.
 */
import { compareStrings } from './ids.js';
import { displayName, knownColumns, type LineageIndex } from './lineage-index.js';
import { reachableAssets } from './query.js';

export interface MissingEdge {
  a: string;
  b: string;
  shared: string[];
  /** Share of the smaller asset's column weight that the shared columns carry (0..1). */
  score: number;
  reason: string;
}

export const MIN_SHARED = 3;
export const MIN_SCORE = 0.5;
const MAX_CANDIDATES = 20;
/** Columns held by more assets than this are too common to pair assets on (`id`, `created_at`). */
const MAX_POSTING = 50;

export function missingEdges(index: LineageIndex): MissingEdge[] {
  const columns = new Map<string, Set<string>>();
  for (const id of index.assets.keys()) {
    const known = knownColumns(index, id);
    if (known.length >= MIN_SHARED) columns.set(id, new Set(known));
  }
  const ids = [...columns.keys()].sort(compareStrings);
  const df = new Map<string, number>();
  for (const set of columns.values()) for (const column of set) df.set(column, (df.get(column) ?? 0) + 1);
  const idf = (column: string) => Math.log((1 + ids.length) / (1 + (df.get(column) ?? 0))) + 1;
  const weight = (set: Iterable<string>) => [...set].reduce((sum, column) => sum + idf(column), 0);
  // Candidate pairs come from posting lists of the rarer columns, so the work does not grow with every pair.
  const pairs = new Set<string>();
  for (const column of df.keys()) {
    if (df.get(column)! > MAX_POSTING) continue;
    const holders = ids.filter((id) => columns.get(id)!.has(column));
    for (let i = 0; i < holders.length; i++) for (let j = i + 1; j < holders.length; j++) pairs.add(`${holders[i]}\u0000${holders[j]}`);
  }
  const connected = new Map<string, Set<string>>();
  const neighbourhood = (id: string) => {
    let set = connected.get(id);
    if (!set) {
      set = new Set([...reachableAssets(index, [id], 'downstream').keys(), ...reachableAssets(index, [id], 'upstream').keys()]);
      connected.set(id, set);
    }
    return set;
  };
  const out: MissingEdge[] = [];
  for (const pair of [...pairs].sort(compareStrings)) {
    const [a, b] = pair.split('\u0000') as [string, string];
    const shared = [...columns.get(a)!].filter((c) => columns.get(b)!.has(c)).sort(compareStrings);
    if (shared.length < MIN_SHARED) continue;
    const score = weight(shared) / Math.min(weight(columns.get(a)!), weight(columns.get(b)!));
    if (score < MIN_SCORE || neighbourhood(a).has(b)) continue;
    out.push({
      a, b, shared, score: Math.round(score * 100) / 100,
      reason: `${displayName(a)} and ${displayName(b)} share ${shared.length} columns (${shared.join(', ')}; ${Math.round(score * 100)}% of the smaller one's column weight) but no lineage connects them`,
    });
  }
  return out.sort((x, y) => y.score - x.score || compareStrings(x.a, y.a) || compareStrings(x.b, y.b)).slice(0, MAX_CANDIDATES);
}
