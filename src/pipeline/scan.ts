/**
 * The scan pipeline: discover -> read -> extract (per file) -> graph -> analyze. Returns plain data; reporters format it.
 * The result does not depend on the order files are discovered or processed in.
 */
import path from 'node:path';
import { discover, type DiscoveredFile } from '../discover/walk.js';
import { readSource } from '../discover/read.js';
import type { FileFacts, Gap } from '../facts/schema.js';
import { extractFile, type ExtractContext } from '../extract/index.js';
import { dbtColumns, loadDbtContext } from '../extract/sql/dbt.js';
import type { DialectInfo } from '../extract/sql/dialects.js';
import { buildCatalog, buildScriptSummaries, resolveColumns, type ColumnSource } from '../sql-resolve/index.js';
import { analyzeSqlText } from '../extract/sql/analyze.js';
import { resultColumns } from '../extract/sql/select-columns.js';
import { buildGraph } from '../graph/build.js';
import { simulate } from '../simulate/index.js';
import { compareStrings } from '../graph/ids.js';
import { analyzeScan, todayUtc } from '../analyze/index.js';
import { emptyManifest, type Manifest } from '../manifest/model.js';
import { pathSettings } from '../manifest/settings.js';
import type { ScanResult } from '../report/build.js';

export interface ScanOptions {
  root: string;
  include: readonly string[];
  exclude: readonly string[];
  gitignore: boolean;
  dialect: DialectInfo;
  maxFileSize: number;
  /** The annotation manifest (none: built-in taxonomy, default policy) and its absolute path. */
  manifest?: Manifest;
  manifestFile?: string;
  /** `YYYY-MM-DD` suppressions expire against (default: today, UTC). */
  today?: string;
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

/** Columns the manifest declares for table assets named exactly (not globs): schema knowledge for SQL. */
function manifestColumns(manifest: Manifest): ColumnSource {
  const columns: ColumnSource = {};
  for (const asset of manifest.assets) {
    if (asset.glob || !asset.id.startsWith('table:')) continue;
    const fields = Object.keys(asset.fields);
    if (fields.length > 0) columns[asset.id] = fields;
  }
  return columns;
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const discovery = await discover(options);
  const manifest = options.manifest ?? emptyManifest();
  const settings = pathSettings(manifest.settings);
  const selected = discovery.files.filter((file) => !settings.excluded(file.file));
  const files = options.reorder ? options.reorder([...selected]) : selected;
  const dbt = await loadDbtContext(options.root, discovery.projectFiles);
  const context: ExtractContext = {
    dialect: options.dialect,
    dbt,
    defaultSchema: options.defaultSchema,
  };

  const skipped: Gap[] = [...discovery.gaps];
  const facts: FileFacts[] = [];
  const outcomes = await mapLimited(files, READ_CONCURRENCY, async (file) => {
    const read = await readSource(file.file, file.absPath, options.maxFileSize, file.size);
    if (!read.ok) return read.gap;
    const dialect = settings.dialectFor(file.file);
    return extractFile(file.file, file.language, read.source, dialect ? { ...context, dialect } : context);
  });
  for (const outcome of outcomes) {
    if ('kind' in outcome) skipped.push(outcome);
    else facts.push(outcome);
  }
  facts.sort((a, b) => compareStrings(a.file, b.file));
  // Whole-repository schema knowledge is applied after extraction (extraction stays per file).
  const catalog = buildCatalog(facts, { schemaFile: options.schemaColumns, dbt: dbtColumns(dbt), manifest: manifestColumns(manifest) });
  const resolved = resolveColumns(facts, catalog);
  // Whole-program stage: dataflow through the code of every file (flows, function jobs, resolved queries).
  const simulation = simulate(resolved, {
    analyze: (text, file, line) => analyzeSqlText(text, {
      file, dialect: settings.dialectFor(file) ?? options.dialect, baseLine: line, embedded: true, defaultSchema: options.defaultSchema,
    }).statements.map((statement) => ({ statement, ...resultColumns(statement) })),
  });
  const graph = buildGraph(resolved, simulation);
  const manifestPath = options.manifestFile ? path.relative(options.root, options.manifestFile).split(path.sep).join('/') : null;
  const analysis = await analyzeScan({
    files: resolved, skipped, graph, flows: simulation.flows, manifest, manifestPath, today: options.today ?? todayUtc(),
  }, options.root);
  return {
    files: resolved, skipped, discovered: selected.length, graph, analysis, scripts: buildScriptSummaries(graph.jobs),
    programGaps: simulation.gaps,
  };
}
