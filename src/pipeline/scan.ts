/**
 * The scan pipeline: discover -> read -> extract (per file, cached, in parallel) -> graph. Returns plain data;
 * reporters format it. The result does not depend on the order files are discovered or processed in, on the
 * number of threads, on the cache, or on whether the tree was scanned in shards and merged.
 */
import { createHash } from 'node:crypto';
import { resolveBudgets, type Budgets } from '../budget/index.js';
import { extractionFingerprint } from '../cache/fingerprint.js';
import { FactsCache } from '../cache/store.js';
import { discover, type DiscoveredFile, type Discovery } from '../discover/walk.js';
import { Gap, type FileFacts } from '../facts/schema.js';
import type { ExtractContext } from '../extract/index.js';
import { loadDbtContext } from '../extract/sql/dbt.js';
import type { DialectInfo } from '../extract/sql/dialects.js';
import { buildGraph } from '../graph/build.js';
import { compareStrings } from '../graph/ids.js';
import { isGap } from '../parallel/file-task.js';
import type { ScanResult } from '../report/build.js';
import { extractAll, type ExtractStats } from './extract-all.js';
import { inShard, type Shard } from './shard.js';

export interface ScanOptions {
  root: string;
  include: readonly string[];
  exclude: readonly string[];
  gitignore: boolean;
  dialect: DialectInfo;
  maxFileSize: number;
  /** Extraction threads; 1 (the default) extracts in this thread. */
  jobs?: number;
  /** Folder of the per-file facts cache; no cache when absent. */
  cacheDir?: string | null;
  /** Only the files of this shard. */
  shard?: Shard;
  /** Overrides of the default work budgets. */
  budgets?: Partial<Budgets>;
  onProgress?: (done: number, total: number) => void;
  /** Test hook: reorder discovered files before processing (results must not change). */
  reorder?: (files: DiscoveredFile[]) => DiscoveredFile[];
}

/** The facts of a tree (or of one shard of it), before the whole-program stages. */
export interface ExtractedTree {
  files: FileFacts[];
  /** Gaps of discovery and reading (files that produced no facts). */
  skipped: Gap[];
  /** Files discovered (in this shard). */
  discovered: number;
  /** The extraction settings (see cache/fingerprint.ts): shards of one scan share it. */
  fingerprint: string;
  /** The discovered tree's file list: shards of one scan share it. */
  tree: string;
  stats: ExtractStats;
  /** Problems that did not stop the scan (an unusable cache folder), for the user. */
  warnings: string[];
}

/** A digest of what discovery saw, to tell shards scanned from different checkouts. */
function treeDigest(discovery: Discovery): string {
  const hash = createHash('sha256');
  for (const file of discovery.files) hash.update(`${file.language}\0${file.file}\n`);
  for (const gap of discovery.gaps) hash.update(`gap\0${gap.kind}\0${gap.file}\n`);
  return hash.digest('hex');
}

export async function extractTree(options: ScanOptions): Promise<ExtractedTree> {
  const discovery = await discover(options);
  const context: ExtractContext = {
    dialect: options.dialect,
    dbt: await loadDbtContext(options.root, discovery.projectFiles),
    budgets: resolveBudgets(options.budgets),
  };
  const fingerprint = extractionFingerprint(context);
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
  const selected = discovery.files.filter((file) => belongs(file.file));
  const files = options.reorder ? options.reorder([...selected]) : selected;
  const { outcomes, stats } = await extractAll(files, {
    jobs: options.jobs ?? 1,
    settings: { context, maxFileSize: options.maxFileSize, cacheDir, fingerprint },
    onProgress: options.onProgress,
  });

  // Gaps in the schema's shape, like facts (see canonicalFacts): merged shards serialise them alike.
  const skipped: Gap[] = discovery.gaps.filter((gap) => belongs(gap.file)).map((gap) => Gap.parse(gap));
  const facts: FileFacts[] = [];
  for (const outcome of outcomes) {
    if (isGap(outcome)) skipped.push(Gap.parse(outcome));
    else facts.push(outcome);
  }
  facts.sort((a, b) => compareStrings(a.file, b.file));
  return { files: facts, skipped, discovered: selected.length, fingerprint, tree: treeDigest(discovery), stats, warnings };
}

/**
 * The whole-program stages, after extraction. A merge of shard facts runs exactly this too, which is what
 * makes its report byte-identical to a single-machine scan.
 */
export function assembleScanResult(parts: Pick<ExtractedTree, 'files' | 'skipped' | 'discovered'>): ScanResult {
  const files = [...parts.files].sort((a, b) => compareStrings(a.file, b.file));
  return { files, skipped: [...parts.skipped], discovered: parts.discovered, graph: buildGraph(files) };
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  return assembleScanResult(await extractTree(options));
}
