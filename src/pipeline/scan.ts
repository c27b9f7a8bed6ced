/**
 * The scan pipeline: discover -> read -> extract (per file) -> graph. Returns plain data; reporters format it.
 * The result does not depend on the order files are discovered or processed in.
 */
import { discover, type DiscoveredFile } from '../discover/walk.js';
import { readSource } from '../discover/read.js';
import type { FileFacts, Gap } from '../facts/schema.js';
import { extractFile, type ExtractContext } from '../extract/index.js';
import { dbtColumns, loadDbtContext } from '../extract/sql/dbt.js';
import { resolveDialect, type DialectInfo } from '../extract/sql/dialects.js';
import { buildCatalog, buildScriptSummaries, dialectForPath, readManifestHints, resolveColumns, type ColumnSource } from '../sql-resolve/index.js';
import { buildGraph } from '../graph/build.js';
import { compareStrings } from '../graph/ids.js';
import type { ScanResult } from '../report/build.js';

export interface ScanOptions {
  root: string;
  include: readonly string[];
  exclude: readonly string[];
  gitignore: boolean;
  dialect: DialectInfo;
  maxFileSize: number;
  /** Table columns the user gave (`--schema FILE`), by asset id. */
  schemaColumns?: ColumnSource;
  /** Schema of unqualified SQL table names (`--default-schema`). */
  defaultSchema?: string;
  /** Test hook: reorder discovered files before processing (results must not change). */
  reorder?: (files: DiscoveredFile[]) => DiscoveredFile[];
}

const READ_CONCURRENCY = 16;

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A manifest setting the user must fix (unknown dialect name): the CLI reports it as a usage error. */
export class ManifestSettingError extends Error {}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const discovery = await discover(options);
  const files = options.reorder ? options.reorder([...discovery.files]) : discovery.files;
  const hints = await readManifestHints(options.root);
  for (const setting of hints.dialects) {
    if (!resolveDialect(setting.dialect)) throw new ManifestSettingError(`lineage.yaml: settings: unknown dialect '${setting.dialect}' for '${setting.path}'`);
  }
  const dbt = await loadDbtContext(options.root, discovery.projectFiles);
  const context: ExtractContext = {
    dialect: options.dialect,
    dbt,
    defaultSchema: options.defaultSchema,
    dialectFor: hints.dialects.length > 0 ? (file) => {
      const name = dialectForPath(hints, file);
      return name ? resolveDialect(name) ?? undefined : undefined;
    } : undefined,
  };

  const skipped: Gap[] = [...discovery.gaps];
  const facts: FileFacts[] = [];
  const outcomes = await mapLimited(files, READ_CONCURRENCY, async (file) => {
    const read = await readSource(file.file, file.absPath, options.maxFileSize, file.size);
    if (!read.ok) return read.gap;
    return extractFile(file.file, file.language, read.source, context);
  });
  for (const outcome of outcomes) {
    if ('kind' in outcome) skipped.push(outcome);
    else facts.push(outcome);
  }
  facts.sort((a, b) => compareStrings(a.file, b.file));
  // Whole-repository schema knowledge is applied after extraction (extraction stays per file).
  const catalog = buildCatalog(facts, { schemaFile: options.schemaColumns, dbt: dbtColumns(dbt), manifest: hints.columns });
  const resolved = resolveColumns(facts, catalog);
  const graph = buildGraph(resolved);
  return { files: resolved, skipped, discovered: discovery.files.length, graph, scripts: buildScriptSummaries(graph.jobs) };
}
