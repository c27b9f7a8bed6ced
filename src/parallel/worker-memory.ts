/**
 * The young generation each extraction worker gets. Extracting a file allocates many short-lived objects (the
 * syntax tree's copy, the walker's values, the facts text) that live as long as the file is being worked on;
 * when they outgrow the young generation they are promoted and collected by costly full collections. With V8's
 * default young generation (48 MB) the workers spent about 14% of their time in scavenges on the standard
 * library; 128 MB made its extraction 8–15% faster (more gained nothing). On trees of small files (the 1M-line
 * synthetic repository: 2.9 KB for the average byte) it gains nothing measurable, and it costs about 270 MB of
 * peak memory there (docs/benchmarks.md), so it is given only to trees whose bytes sit in larger files. All
 * workers together take at most a sixteenth of the memory this process may use, and below V8's default the
 * default stays.
 */
import { totalmem } from 'node:os';

/** The young generation per worker that extraction of larger files gains from; more measured no faster. */
export const WORKER_YOUNG_GENERATION_MB = 128;

/** The size of file, for the average byte of a tree, from which the larger young generation pays. */
export const LARGE_FILE_BYTES = 16 * 1024;

/** V8's own young generation on 64-bit machines (3 × its 16 MB semi-space). */
const V8_DEFAULT_YOUNG_GENERATION_MB = 48;

/** The memory this process may use: its cgroup's limit when there is one, else the machine's. */
export function usableMemory(): number {
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  const machine = totalmem();
  // Without a limit, Node reports a huge number (or 0): the machine's memory is then the bound.
  return constrained && constrained > 0 && constrained < machine ? constrained : machine;
}

/**
 * The size of the file the average byte of a tree is in (sizes weighted by themselves): a tree of small files
 * with one large file scores small, a tree whose code is mostly in large files scores large.
 */
export function typicalFileBytes(sizes: readonly number[]): number {
  let bytes = 0;
  let squares = 0;
  for (const size of sizes) {
    bytes += size;
    squares += size * size;
  }
  return bytes > 0 ? squares / bytes : 0;
}

/** Megabytes of young generation per worker for `threads` workers, or undefined for V8's default. */
export function workerYoungGenerationMb(threads: number, typicalBytes: number, memoryBytes = usableMemory()): number | undefined {
  if (typicalBytes < LARGE_FILE_BYTES) return undefined;
  const share = Math.floor(memoryBytes / 16 / Math.max(1, threads) / (1024 * 1024));
  const size = Math.min(WORKER_YOUNG_GENERATION_MB, share);
  return size > V8_DEFAULT_YOUNG_GENERATION_MB ? size : undefined;
}
