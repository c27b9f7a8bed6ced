/**
 * The flow simulation's sensitivity with the manifest's word first, as the asset-level propagation
 * (sensitivity.ts) starts: a column the manifest annotates has the categories declared for it, whatever its name
 * says; data read from an asset as a whole also has the categories its entry gives the whole asset. Everything
 * else is what names say.
 *
 * Data read from an asset as a whole (a `SELECT *` row, a table read into a data frame) holds every column of it,
 * so it also has the categories of each column known before the simulation runs (`columnsOf`: the facts' and the
 * catalog's: CREATE TABLE, ORM classes, dbt, `--schema`) and of the manifest's fields; a mapped class's whole row
 * only those of the columns its serialised form keeps (an Eloquent model's `$hidden`, `$visible`). Reading one
 * column of it later narrows it again. Data read through a name (an expression a query returns, `count(*) AS n`)
 * is not the whole asset.
 */
import { nameSensitivity, serialisedKey, type Sensitivity, type SensitivityVerdict, type Serialised } from '../classify/sensitivity.js';
import type { AssetAnnotationEntry } from '../manifest/model.js';
import { annotationLookup } from './annotations.js';

/** Columns known of an asset. */
export type ColumnsOf = (asset: string) => readonly string[] | undefined;

export function declaredSensitivity(
  entries: readonly AssetAnnotationEntry[], byName: Sensitivity = nameSensitivity, columnsOf: ColumnsOf = () => undefined,
): Sensitivity {
  const entryFor = entries.length === 0 ? () => null : annotationLookup(entries);
  const ofColumn: Sensitivity = (asset, column, name) => {
    const entry = asset === undefined ? null : entryFor(asset);
    // Own entries only: a column named `constructor` is no property every object has.
    const declared = entry && column !== undefined && Object.hasOwn(entry.fields, column) ? entry.fields[column] : undefined;
    if (declared) return { categories: [...declared].sort(), reasons: [`declared for column ${column} of ${asset} in the manifest`] };
    return byName(asset, column, name);
  };
  const verdicts = new Map<string, SensitivityVerdict>();
  /**
   * What the asset's known columns hold (the same verdicts as reading each of them), remembered per asset and per
   * serialised form: a mapped class's whole row holds only the columns its serialised form keeps.
   */
  const ofColumns = (asset: string, serialised: Serialised | undefined): SensitivityVerdict => {
    const key = serialised ? `${asset}\u0000${serialisedKey(serialised)}` : asset;
    let verdict = verdicts.get(key);
    if (verdict) return verdict;
    const hidden = new Set(serialised?.hidden ?? []);
    const visible = serialised?.visible ? new Set(serialised.visible) : null;
    const categories = new Set<string>();
    const reasons: string[] = [];
    const columns = new Set([...(columnsOf(asset) ?? []), ...Object.keys(entryFor(asset)?.fields ?? {})]);
    for (const column of [...columns].sort()) {
      if (hidden.has(column) || (visible && !visible.has(column))) continue;
      const held = ofColumn(asset, column, column).categories;
      if (held.length === 0) continue;
      held.forEach((category) => categories.add(category));
      reasons.push(`holds column ${column} of ${asset} (${held.join(', ')})`);
    }
    verdict = { categories: [...categories].sort(), reasons };
    verdicts.set(key, verdict);
    return verdict;
  };
  return (asset, column, name, serialised) => {
    if (column !== undefined && column !== '*') return ofColumn(asset, column, name);
    const verdict = byName(asset, column, name);
    if (asset === undefined) return verdict;
    const entry = entryFor(asset);
    const whole = entry && entry.categories.length > 0
      ? { categories: entry.categories, reasons: [`declared for ${asset} in the manifest`] }
      : { categories: [], reasons: [] };
    // A name says the data is one expression of the asset's (`count(*) AS n` of a query): not all of it.
    const columns = name === undefined ? ofColumns(asset, serialised) : { categories: [], reasons: [] };
    if (whole.categories.length === 0 && columns.categories.length === 0) return verdict;
    return {
      categories: [...new Set([...whole.categories, ...columns.categories, ...verdict.categories])].sort(),
      reasons: [...whole.reasons, ...columns.reasons, ...verdict.reasons],
    };
  };
}
