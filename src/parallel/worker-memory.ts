/**
 * The young generation each extraction worker gets. Extraction allocates many short-lived objects per file (the
 * syntax tree's copy, the walker's values, the facts text) while keeping almost nothing: with V8's default young
 * generation (48 MB) the workers spent about 14% of their time in scavenges. 128 MB made stdlib extraction about
 * 8% faster; more gained nothing (docs/benchmarks.md). It costs up to about 200 MB of peak memory on trees whose
 * peak is during extraction, none on those whose peak is in the whole-program stages (the 1M-line synthetic
 * repository). All workers together take at most a sixteenth of the memory this process may use, and below
 * V8's default the default stays.
 */
import { totalmem } from 'node:os';

/** The young generation per worker that extraction gains from; more measured no faster. */
export const WORKER_YOUNG_GENERATION_MB = 128;

/** V8's own young generation on 64-bit machines (3 × its 16 MB semi-space). */
const V8_DEFAULT_YOUNG_GENERATION_MB = 48;

/** The memory this process may use: its cgroup's limit when there is one, else the machine's. */
export function usableMemory(): number {
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  const machine = totalmem();
  // Without a limit, Node reports a huge number (or 0): the machine's memory is then the bound.
  return constrained && constrained > 0 && constrained < machine ? constrained : machine;
}

/** Megabytes of young generation per worker for `threads` workers, or undefined for V8's default. */
export function workerYoungGenerationMb(threads: number, memoryBytes = usableMemory()): number | undefined {
  const share = Math.floor(memoryBytes / 16 / Math.max(1, threads) / (1024 * 1024));
  const size = Math.min(WORKER_YOUNG_GENERATION_MB, share);
  return size > V8_DEFAULT_YOUNG_GENERATION_MB ? size : undefined;
}
