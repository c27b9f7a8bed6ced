/**
 * How far V8 lets the heap grow past its live data before the next full garbage collection. For a large heap
 * V8 allows up to four times the live data; a scan holds the facts of every file through the whole-program
 * stages while the simulation, the graph and the analysis allocate hundreds of megabytes of short-lived data on
 * top, so the process grew to twice the memory it needed before V8 collected (see docs/benchmarks.md). A fixed
 * factor makes full collections come earlier; V8 reads it at every collection, so setting it at start-up works.
 */
import { setFlagsFromString } from 'node:v8';

/** Growth allowed past the live data, in percent of it. */
export const HEAP_GROWTH_PERCENT = 20;

export function limitHeapGrowth(percent = HEAP_GROWTH_PERCENT): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
