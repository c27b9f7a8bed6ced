/**
 * The column catalog: what is known of each table's columns, gathered after extraction from every file of the
 * scan plus user-given schema. Sources, strongest first (the first that knows a table wins, so positional
 * meaning is kept):
 *   1. `--schema FILE` (the user said so);
 *   2. CREATE TABLE (...) declarations anywhere in the repository (ALTER TABLE ADD COLUMN appends);
 *   3. dbt: target/manifest.json, then schema.yml `models[].columns` / `sources[].tables[].columns`;
 *   4. columns produced by CTAS, views and INSERT column lists (the statements' `defines`);
 *   5. manifest `lineage.yaml` `assets[].fields` (names only).
 */
import type { ColumnCatalog } from '../facts/column-plan.js';
import type { FileFacts } from '../facts/schema.js';
import { compareStrings } from '../graph/ids.js';

export type ColumnSource = Record<string, readonly string[]>;

export interface CatalogSources {
  /** From `--schema FILE`, by asset id. */
  schemaFile?: ColumnSource;
  /** From dbt (manifest.json, schema.yml), by asset id. */
  dbt?: ColumnSource;
  /** From lineage.yaml fields, by asset id. */
  manifest?: ColumnSource;
}

export class Catalog {
  private readonly columns = new Map<string, string[]>();
  /** Declarations good for positional INSERT mapping from any file: `--schema` and dbt. */
  private readonly declared = new Map<string, string[]>();
  /** CREATE TABLE declarations per file (positional mapping trusts them within their own file). */
  private readonly declaredInFile = new Map<string, Map<string, string[]>>();

  /** Sets the columns of an asset unless a stronger source already did. */
  offer(asset: string, columns: readonly string[]): void {
    if (columns.length === 0 || this.columns.has(asset)) return;
    this.columns.set(asset, [...columns]);
  }

  append(asset: string, columns: readonly string[]): void {
    const known = this.columns.get(asset);
    if (!known) return;
    for (const column of columns) if (!known.includes(column)) known.push(column);
  }

  get(asset: string): readonly string[] | undefined {
    return this.columns.get(asset);
  }

  get size(): number {
    return this.columns.size;
  }

  lookup: ColumnCatalog = (asset) => this.columns.get(asset);

  declare(asset: string, columns: readonly string[], file?: string): void {
    if (file === undefined) {
      if (!this.declared.has(asset)) this.declared.set(asset, [...columns]);
      return;
    }
    let map = this.declaredInFile.get(file);
    if (!map) this.declaredInFile.set(file, (map = new Map()));
    if (!map.has(asset)) map.set(asset, [...columns]);
  }

  /**
   * Target columns an INSERT without a column list maps onto by position, as seen from `file`: the user's
   * and dbt's declarations, and CREATE TABLE in the same file. A CREATE TABLE elsewhere is not used for
   * renaming: repositories often hold several unrelated definitions of one unqualified name.
   */
  targetsFor(file: string): ColumnCatalog {
    const local = this.declaredInFile.get(file);
    return (asset) => this.declared.get(asset) ?? local?.get(asset);
  }
}

interface Defined {
  asset: string;
  columns: string[];
  operation: string;
  file: string;
}

function definitions(files: readonly FileFacts[]): Defined[] {
  const out: Defined[] = [];
  for (const facts of [...files].sort((a, b) => compareStrings(a.file, b.file))) {
    for (const unit of facts.units) {
      for (const step of unit.steps) {
        if (step.op !== 'sql') continue;
        for (const defined of step.statement.defines) out.push({ ...defined, operation: step.statement.operation, file: facts.file });
      }
    }
  }
  return out;
}

export function buildCatalog(files: readonly FileFacts[], sources: CatalogSources = {}): Catalog {
  const catalog = new Catalog();
  const offerAll = (source: ColumnSource | undefined, declared: boolean) => {
    if (!source) return;
    for (const asset of Object.keys(source).sort(compareStrings)) {
      catalog.offer(asset, source[asset]!);
      if (declared) catalog.declare(asset, source[asset]!);
    }
  };
  offerAll(sources.schemaFile, true);
  const defined = definitions(files);
  for (const d of defined) {
    if (d.operation !== 'create_table') continue;
    catalog.offer(d.asset, d.columns);
    catalog.declare(d.asset, d.columns, d.file);
  }
  for (const d of defined) if (d.operation === 'alter') catalog.append(d.asset, d.columns);
  offerAll(sources.dbt, true);
  const produced = new Map<string, string[]>();
  for (const d of defined) {
    // INSERT column lists name only some of a table's columns: not a schema.
    if (d.operation === 'create_table' || d.operation === 'alter' || d.operation === 'insert') continue;
    const known = produced.get(d.asset) ?? [];
    produced.set(d.asset, [...known, ...d.columns.filter((c) => !known.includes(c))]);
  }
  for (const [asset, columns] of produced) catalog.offer(asset, columns);
  offerAll(sources.manifest, false);
  return catalog;
}
