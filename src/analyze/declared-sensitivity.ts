/**
 * The flow simulation's sensitivity with the manifest's word first, as the asset-level propagation
 * (sensitivity.ts) starts: a column the manifest annotates has the categories declared for it, whatever its name
 * says; data read from an asset as a whole also has the categories its entry gives the whole asset. Everything
 * else is what names say.
 */
import { nameSensitivity, type Sensitivity } from '../classify/sensitivity.js';
import type { AssetAnnotationEntry } from '../manifest/model.js';
import { annotationLookup } from './annotations.js';

export function declaredSensitivity(entries: readonly AssetAnnotationEntry[], byName: Sensitivity = nameSensitivity): Sensitivity {
  if (entries.length === 0) return byName;
  const entryFor = annotationLookup(entries);
  return (asset, column, name) => {
    const entry = asset === undefined ? null : entryFor(asset);
    const ofColumn = column !== undefined && column !== '*';
    const declared = entry && ofColumn ? entry.fields[column] : undefined;
    if (declared) return { categories: [...declared].sort(), reasons: [`declared for column ${column} of ${asset} in the manifest`] };
    const verdict = byName(asset, column, name);
    if (!entry || ofColumn || entry.categories.length === 0) return verdict;
    return {
      categories: [...new Set([...entry.categories, ...verdict.categories])].sort(),
      reasons: [`declared for ${asset} in the manifest`, ...verdict.reasons],
    };
  };
}
