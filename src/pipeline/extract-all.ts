/**
 * Extraction of many files: cached facts first, then the rest in-process or in a worker pool.
 *
 * With a cache, every file is read and hashed in this thread and looked up (cheap); files that cannot have facts
 * (binary, empty, unreadable) are settled here too. Only the misses are extracted. A pool costs a few hundred
 * milliseconds to start (WebAssembly and SQL grammars load per worker), so small batches of misses run
 * in-process; `jobs: 1` never starts workers. Where a file is extracted does not change its facts.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { decodeSource, hashBytes, readRaw } from '../discover/read.js';
import type { DiscoveredFile } from '../discover/walk.js';
import { FactsCache } from '../cache/store.js';
import { FileProcessor, isGap, type FileOutcome, type FileTask, type TaskSettings } from '../parallel/file-task.js';
import { OutcomeReader } from '../parallel/outcome-text.js';
import { extractInPool, workerEntry } from '../parallel/pool.js';

/** Fewer misses than this are extracted in-process even when more jobs are allowed (see docs/scaling.md). */
export const POOL_MIN_FILES = 32;

/**
 * With the default `--jobs`, one thread per this many bytes of source still to extract. Every worker parses and
 * compiles the grammars and warms its own JIT: on two cores, trees of 0.5–1.2 MB of Python took 10–25% longer with
 * two workers than in-process, 4.5 MB broke even, and 17 MB gained 15% (docs/scaling.md).
 */
export const AUTO_BYTES_PER_THREAD = 4 * 1024 * 1024;

export interface ExtractAllOptions {
  /** Threads for extraction; 1 = in this thread. */
  jobs: number;
  /** `jobs` is the default, an upper bound: little work to extract gets fewer threads (AUTO_BYTES_PER_THREAD). */
  autoJobs?: boolean;
  settings: TaskSettings;
  /** The SQL dialect of a file when it is not the scan's (per-path settings), by name. */
  dialectFor?: (file: string) => string | undefined;
  /**
   * With a cache only: called once every file is read and hashed, with a digest of them all (see treeState);
   * returning true stops there — the caller has what it needs (a whole report cached for exactly this tree).
   */
  beforeFacts?: (state: string) => boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ExtractStats {
  files: number;
  /** Files whose facts came from the cache. */
  fromCache: number;
  /** Files extracted in this run. */
  extracted: number;
  /** Worker threads used (0: all in-process). */
  workers: number;
}

export interface Extraction {
  /** One outcome per file, in the order of the files given. */
  outcomes: FileOutcome[];
  stats: ExtractStats;
  /** True when `beforeFacts` stopped the extraction: `outcomes` is then empty. */
  stopped: boolean;
}

function toTask(file: DiscoveredFile, dialect: string | undefined): FileTask {
  const task: FileTask = { file: file.file, absPath: file.absPath, language: file.language, size: file.size };
  if (dialect !== undefined) task.dialect = dialect;
  return task;
}

/** A file read and hashed: the gap of a file that cannot have facts, or its content hash. */
type Settled = { gap: FileOutcome } | { hash: string };

function readAndHash(task: FileTask, maxFileSize: number): Settled {
  const raw = readRaw(task.file, task.absPath, maxFileSize, task.size);
  if (!raw.ok) return { gap: raw.gap };
  const hash = hashBytes(raw.buffer);
  const decoded = decodeSource(task.file, raw.buffer, task.language);
  return decoded.ok ? { hash } : { gap: decoded.gap };
}

/**
 * A digest of every file's path, language, dialect and content hash (or why it has no facts), independent of
 * the order the files come in: equal digests, equal facts.
 */
function treeState(tasks: readonly FileTask[], settled: readonly Settled[]): string {
  const lines = tasks.map((task, index) => {
    const entry = settled[index]!;
    const content = 'hash' in entry ? entry.hash : `gap ${JSON.stringify(entry.gap)}`;
    return `${task.file}\0${task.language}\0${task.dialect ?? ''}\0${content}\n`;
  });
  lines.sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  return hash.digest('hex');
}

export async function extractAll(files: readonly DiscoveredFile[], options: ExtractAllOptions): Promise<Extraction> {
  const { settings } = options;
  const tasks = files.map((file) => toTask(file, options.dialectFor?.(file.file)));
  const outcomes = new Array<FileOutcome>(tasks.length);
  const stats: ExtractStats = { files: tasks.length, fromCache: 0, extracted: 0, workers: 0 };
  let done = 0;
  const tick = () => options.onProgress?.(++done, tasks.length);
  const cache = settings.cacheDir ? new FactsCache(settings.cacheDir, settings.fingerprint) : null;
  const processor = new FileProcessor(settings);
  // Every outcome kept is read from JSON text, wherever it came from (see outcome-text.ts).
  const reader = new OutcomeReader();

  let pending = tasks.map((_, index) => index);
  if (cache) {
    const settled = tasks.map((task) => readAndHash(task, settings.maxFileSize));
    if (options.beforeFacts?.(treeState(tasks, settled))) return { outcomes: [], stats, stopped: true };
    pending = pending.filter((index) => {
      const entry = settled[index]!;
      const task = tasks[index]!;
      const cached = 'gap' in entry ? null : cache.getFacts(task.file, task.language, entry.hash);
      // Cached facts come validated and canonical: they are held like fresh ones.
      const outcome = 'gap' in entry ? entry.gap : cached ? reader.adopt(cached) : null;
      if (!outcome) return true;
      outcomes[index] = outcome;
      if (!isGap(outcome)) stats.fromCache++;
      tick();
      return false;
    });
  }
  stats.extracted = pending.length;

  // Without a built worker entry (the program run from its TypeScript sources) everything stays in-process.
  const threads = options.autoJobs ? threadsFor(pending.map((index) => tasks[index]!), options.jobs) : options.jobs;
  if (threads > 1 && pending.length >= POOL_MIN_FILES && existsSync(workerEntry())) {
    stats.workers = Math.min(threads, pending.length);
    const results = await extractInPool(pending.map((index) => tasks[index]!), settings, stats.workers, reader, tick);
    pending.forEach((index, at) => { outcomes[index] = results[at]!; });
  } else {
    // One file at a time: reads are synchronous anyway, and only one text is held in memory.
    for (const index of pending) {
      outcomes[index] = reader.read(await processor.process(tasks[index]!));
      tick();
    }
  }
  return { outcomes, stats, stopped: false };
}

/** Threads worth starting for these files, at most `jobs`: one, plus one per AUTO_BYTES_PER_THREAD of source. */
export function threadsFor(tasks: readonly Pick<FileTask, 'size'>[], jobs: number): number {
  let bytes = 0;
  for (const task of tasks) bytes += task.size;
  return Math.max(1, Math.min(jobs, 1 + Math.floor(bytes / AUTO_BYTES_PER_THREAD)));
}
