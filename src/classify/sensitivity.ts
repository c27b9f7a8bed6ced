/**
 * Sensitivity of data: which categories a piece of data has, from the asset and column it comes from and the
 * name it is read through, with the reasons. The default looks at names only (the name classifier); a manifest
 * can wrap it with the categories it annotates on asset columns.
 */
import { classifyName } from './names.js';

export interface SensitivityVerdict {
  categories: string[];
  reasons: string[];
}

/** What the serialised form of a mapped class keeps of a whole row (`$hidden`, `$visible` of an Eloquent model). */
export interface Serialised {
  hidden?: readonly string[];
  visible?: readonly string[];
}

/** A text telling serialised forms apart (for remembering what depends on one). */
export const serialisedKey = (serialised: Serialised) => `h${serialised.hidden?.join(',') ?? ''}\u0000v${serialised.visible?.join(',') ?? '*'}`;

/**
 * Categories of data read from `asset` (column optional) through `name`. `serialised`: for a whole row of a mapped
 * class, the columns its serialised form keeps.
 */
export type Sensitivity = (
  asset: string | undefined, column: string | undefined, name: string | undefined, serialised?: Serialised,
) => SensitivityVerdict;

const cache = new Map<string, SensitivityVerdict>();
const NONE: SensitivityVerdict = { categories: [], reasons: [] };

function byName(name: string): SensitivityVerdict {
  let verdict = cache.get(name);
  if (!verdict) {
    const matches = classifyName(name).matches;
    verdict = matches.length === 0 ? NONE : {
      categories: [...new Set(matches.map((m) => m.category))].sort(),
      reasons: matches.map((m) => m.reason),
    };
    cache.set(name, verdict);
  }
  return verdict;
}

/** The column's name decides for data read from an asset; otherwise the name the data was read through. */
export const nameSensitivity: Sensitivity = (asset, column, name) => {
  if (column !== undefined && column !== '*') {
    const verdict = byName(column);
    if (verdict.categories.length > 0) {
      return asset ? { categories: verdict.categories, reasons: verdict.reasons.map((r) => `${r} (column of ${asset})`) } : verdict;
    }
    if (asset !== undefined) return NONE;
  }
  return name !== undefined ? byName(name) : NONE;
};

/** Categories of each asset from its columns (the same verdicts flows use), sorted; assets without any are left out. */
export function assetCategories(
  assets: ReadonlyArray<{ id: string; columns: readonly string[] }>, sensitivity: Sensitivity = nameSensitivity,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const asset of assets) {
    const categories = new Set<string>();
    for (const column of asset.columns) for (const category of sensitivity(asset.id, column, column).categories) categories.add(category);
    if (categories.size > 0) out.set(asset.id, [...categories].sort());
  }
  return out;
}
