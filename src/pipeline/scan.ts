/**
 * The scan pipeline: discover -> read -> extract (per file, cached, in parallel) -> resolve SQL columns ->
 * simulate -> graph -> analyze. Returns plain data; reporters format it. The result does not depend on the
 * order files are discovered or processed in, on the number of threads, on the cache, or on whether the tree
 * was scanned in shards and merged.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { resolveBudgets, type Budgets } from '../budget/index.js';
import { extractionFingerprint } from '../cache/fingerprint.js';
import { FactsCache } from '../cache/store.js';
import { discover, type DiscoveredFile, type Discovery } from '../discover/walk.js';
import { Gap, type FileFacts } from '../facts/schema.js';
import type { ExtractContext } from '../extract/index.js';
import { rootPackageName } from '../extract/python/root-package.js';
import { analyzeSqlText } from '../extract/sql/analyze.js';
import { entityQuerySql } from '../extract/sql/entity-query.js';
import { dbtColumns, loadDbtContext } from '../extract/sql/dbt.js';
import type { DialectInfo } from '../extract/sql/dialects.js';
import { resultColumns } from '../extract/sql/select-columns.js';
import { buildGraph } from '../graph/build.js';
import { compareStrings } from '../graph/ids.js';
import { analyzeScan, todayUtc } from '../analyze/index.js';
import { manifestLibraryModels } from '../manifest/library-models.js';
import { emptyManifest, type Manifest } from '../manifest/model.js';
import { pathSettings, type PathSettings } from '../manifest/settings.js';
import { isGap } from '../parallel/file-task.js';
import { buildReport, type ScanResult } from '../report/build.js';
import type { Report } from '../report/json/schema.js';
import { manifestDigest } from './facts-file.js';
import { ReportCache, reportKey } from '../cache/results.js';
import { knownColumns, simulate } from '../simulate/index.js';
import { declaredSensitivity } from '../analyze/declared-sensitivity.js';
import { buildCatalog, buildScriptSummaries, resolveColumns, type ColumnSource } from '../sql-resolve/index.js';
import { extractAll, type ExtractStats } from './extract-all.js';
import { inShard, type Shard } from './shard.js';
import type { PhaseTimer } from '../util/timings.js';
import { collectGarbage } from '../util/collect-garbage.js';

/** What the whole-program stages need besides the facts: the same for a scan and for a merge of its shards. */
export interface ProgramOptions {
  root: string;
  dialect: DialectInfo;
  /** The annotation manifest (none: built-in taxonomy, default policy) and its absolute path. */
  manifest?: Manifest;
  manifestFile?: string;
  /** `YYYY-MM-DD` suppressions expire against (default: today, UTC). */
  today?: string;
  /** Table columns the user gave (`--schema FILE`), by asset id. */
  schemaColumns?: ColumnSource;
  /** Schema of unqualified SQL table names (`--default-schema`). */
  defaultSchema?: string;
  /** Overrides of the default work budgets (extraction and simulation). */
  budgets?: Partial<Budgets>;
  /** Records how long each stage takes (`--timings`); results never depend on it. */
  timer?: PhaseTimer;
  /** Units of code the simulation has run at least once, of all units (called every few hundred runs). */
  onSimulation?: (ran: number, total: number) => void;
}

export interface ScanOptions extends ProgramOptions {
  include: readonly string[];
  exclude: readonly string[];
  gitignore: boolean;
  maxFileSize: number;
  /** Extraction threads; 1 (the default) extracts in this thread. */
  jobs?: number;
  /** `jobs` is a default, not the user's number: a tree with little to extract uses fewer threads (extract-all.ts). */
  autoJobs?: boolean;
  /** Folder of the per-file facts cache; no cache when absent. */
  cacheDir?: string | null;
  /** Only the files of this shard. */
  shard?: Shard;
  onProgress?: (done: number, total: number) => void;
  /** Test hook: reorder discovered files before processing (results must not change). */
  reorder?: (files: DiscoveredFile[]) => DiscoveredFile[];
}

/** The facts of a tree (or of one shard of it), before the whole-program stages. */
export interface ExtractedTree {
  files: FileFacts[];
  /** Gaps of discovery and reading (files that produced no facts). */
  skipped: Gap[];
  /** Files discovered (in this shard), without those the manifest excludes. */
  discovered: number;
  /** Columns the dbt projects declare, by table asset id (they feed SQL column resolution). */
  dbtColumns: ColumnSource;
  /** The extraction settings (see cache/fingerprint.ts): shards of one scan share it. */
  fingerprint: string;
  /** The discovered tree's file list: shards of one scan share it. */
  tree: string;
  stats: ExtractStats;
  /** Problems that did not stop the scan (an unusable cache folder), for the user. */
  warnings: string[];
  /** True when `beforeFacts` stopped the extraction after hashing: no facts were loaded. */
  stopped: boolean;
}

/** A digest of what discovery saw, to tell shards scanned from different checkouts. */
function treeDigest(discovery: Discovery): string {
  const hash = createHash('sha256');
  for (const file of discovery.files) hash.update(`${file.language}\0${file.file}\n`);
  for (const gap of discovery.gaps) hash.update(`gap\0${gap.kind}\0${gap.file}\n`);
  return hash.digest('hex');
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

function settingsOf(options: Pick<ProgramOptions, 'manifest'>): PathSettings {
  return pathSettings((options.manifest ?? emptyManifest()).settings);
}

/**
 * Discovers and extracts the tree. With a cache, `beforeFacts` sees the digest of every file's content (and the
 * extraction fingerprint) before any facts are loaded, and may stop there.
 */
export async function extractTree(options: ScanOptions, beforeFacts?: (state: string, fingerprint: string) => boolean): Promise<ExtractedTree> {
  const discovery = await discover(options);
  options.timer?.mark('discover');
  const manifest = options.manifest ?? emptyManifest();
  const settings = settingsOf(options);
  const { context: dbt, gaps: dbtGaps } = await loadDbtContext(options.root, discovery.projectFiles);
  const context: ExtractContext = {
    dialect: options.dialect,
    dbt,
    ...(options.defaultSchema !== undefined ? { defaultSchema: options.defaultSchema } : {}),
    budgets: resolveBudgets(options.budgets),
  };
  const rootPackage = rootPackageName(options.root, discovery.files);
  if (rootPackage !== undefined) context.rootPackage = rootPackage;
  const models = manifestLibraryModels(manifest);
  if (models) context.models = models;
  // Per-path settings change facts (a file's SQL dialect), so they are part of the extraction settings.
  const fingerprint = extractionFingerprint(context, { settings: manifest.settings });
  const warnings: string[] = [];
  let cacheDir = options.cacheDir ?? null;
  if (cacheDir) {
    const problem = new FactsCache(cacheDir, fingerprint).prepare();
    if (problem) {
      warnings.push(`cache folder ${cacheDir} is not writable (${problem}); scanning without the cache`);
      cacheDir = null;
    }
  }

  const belongs = inShard(options.shard);
  const selected = discovery.files.filter((file) => !settings.excluded(file.file) && belongs(file.file));
  const files = options.reorder ? options.reorder([...selected]) : selected;
  // Discovery's own gaps are part of the tree's state too.
  const discoveryState = treeDigest(discovery);
  const { outcomes, stats, stopped } = await extractAll(files, {
    jobs: options.jobs ?? 1,
    ...(options.autoJobs ? { autoJobs: true } : {}),
    settings: { context, maxFileSize: options.maxFileSize, cacheDir, fingerprint },
    dialectFor: (file) => settings.dialectFor(file)?.name,
    onProgress: options.onProgress,
    ...(beforeFacts ? { beforeFacts: (state: string) => beforeFacts(`${discoveryState}\0${state}`, fingerprint) } : {}),
  });

  options.timer?.mark('extract');
  // Gaps in the schema's shape, like facts (see canonicalFactsText): merged shards serialise them alike.
  const skipped: Gap[] = [...discovery.gaps, ...dbtGaps].filter((gap) => belongs(gap.file)).map((gap) => Gap.parse(gap));
  const facts: FileFacts[] = [];
  for (const outcome of outcomes) {
    if (isGap(outcome)) skipped.push(Gap.parse(outcome));
    else facts.push(outcome);
  }
  facts.sort((a, b) => compareStrings(a.file, b.file));
  return {
    files: facts, skipped, discovered: selected.length, dbtColumns: dbtColumns(dbt), fingerprint, tree: discoveryState, stats, warnings, stopped,
  };
}

/**
 * The whole-program stages, after extraction. A merge of shard facts runs exactly this too, which is what
 * makes its report byte-identical to a single-machine scan.
 */
export async function assembleScanResult(
  parts: Pick<ExtractedTree, 'files' | 'skipped' | 'discovered' | 'dbtColumns'>,
  options: ProgramOptions,
): Promise<ScanResult> {
  const manifest = options.manifest ?? emptyManifest();
  const settings = settingsOf(options);
  const files = [...parts.files].sort((a, b) => compareStrings(a.file, b.file));
  const skipped = [...parts.skipped];
  // Whole-repository schema knowledge is applied after extraction (extraction stays per file).
  const catalog = buildCatalog(files, { schemaFile: options.schemaColumns, dbt: parts.dbtColumns, manifest: manifestColumns(manifest) });
  const resolved = resolveColumns(files, catalog);
  options.timer?.mark('sql columns');
  // Whole-program stage: dataflow through the code of every file (flows, function jobs, resolved queries).
  const tableColumns = knownColumns(resolved);
  // Data read from an asset as a whole holds every column known of it: the facts' and the catalog's.
  const columnsOf = (asset: string) => {
    const declared = tableColumns.get(asset);
    const catalogued = catalog.get(asset);
    return declared && catalogued ? [...declared, ...catalogued] : declared ? [...declared] : catalogued;
  };
  const simulation = simulate(resolved, {
    tableColumns,
    maxRuns: resolveBudgets(options.budgets)['simulation-runs'],
    maxCopies: resolveBudgets(options.budgets)['inherited-copies'],
    ...(options.onSimulation ? { onProgress: options.onSimulation } : {}),
    sensitivity: declaredSensitivity(manifest.assets, undefined, columnsOf),
    within: (category, ancestor) => manifest.taxonomy.isWithin(category, ancestor),
    analyze: (text, file, line) => analyzeSqlText(text, {
      file, dialect: settings.dialectFor(file) ?? options.dialect, baseLine: line, embedded: true, defaultSchema: options.defaultSchema,
    }).statements.map((statement) => ({ statement, ...resultColumns(statement) })),
    entityQuery: entityQuerySql,
  });
  // The simulator's tables are garbage now: collect them before the next stages build on top of them.
  collectGarbage();
  options.timer?.mark('simulate');
  const graph = buildGraph(resolved, simulation);
  options.timer?.mark('graph');
  const manifestPath = options.manifestFile ? path.relative(options.root, options.manifestFile).split(path.sep).join('/') : null;
  const analysis = await analyzeScan({
    files: resolved, skipped, graph, flows: simulation.flows, manifest, manifestPath, today: options.today ?? todayUtc(),
  }, options.root);
  options.timer?.mark('analyze');
  return {
    files: resolved, skipped, discovered: parts.discovered, graph, analysis, scripts: buildScriptSummaries(graph.jobs),
    programGaps: simulation.gaps,
  };
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  return assembleScanResult(await extractTree(options), options);
}

/** Everything besides the files and the extraction settings that decides a report. */
function programInputs(options: ProgramOptions): unknown {
  return {
    dialect: options.dialect.name,
    defaultSchema: options.defaultSchema ?? null,
    schemaColumns: options.schemaColumns ?? null,
    manifest: options.manifestFile ? manifestDigest(options.manifestFile) : null,
    manifestPath: options.manifestFile ? path.relative(options.root, options.manifestFile).split(path.sep).join('/') : null,
    today: options.today ?? todayUtc(),
  };
}

/**
 * A scan straight to its report. With a cache, a report made before for exactly the same files and settings is
 * reused (cache/results.ts): the whole-program stages run only when something changed.
 */
export interface ScanOutcome {
  report: Report;
  /** How extraction went (not its facts: those are dropped once the report is built, to free their memory). */
  extraction: Pick<ExtractedTree, 'stats' | 'warnings' | 'stopped'>;
}

export async function scanReport(options: ScanOptions): Promise<ScanOutcome> {
  const store = options.cacheDir ? new ReportCache(options.cacheDir) : null;
  let key: string | undefined;
  let cached: Report | null = null;
  let extracted: ExtractedTree | null = await extractTree(options, store ? (state, fingerprint) => {
    key = reportKey(state, fingerprint, programInputs(options));
    cached = store.get(key);
    return cached !== null;
  } : undefined);
  const extraction = { stats: extracted.stats, warnings: extracted.warnings, stopped: extracted.stopped };
  if (cached) {
    options.timer?.mark('cached report');
    return { report: cached, extraction };
  }
  const assembled = assembleScanResult(extracted, options);
  // The facts are not needed once the whole-program stages have them: let them go before the report is stored and written.
  extracted = null;
  const report = buildReport(await assembled);
  options.timer?.mark('report');
  // Written only when the facts cache was usable (a key was made), like the facts themselves.
  if (store && key) {
    store.put(key, report);
    options.timer?.mark('store report');
  }
  return { report, extraction };
}
