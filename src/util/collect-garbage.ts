/**
 * A full garbage collection on demand, for the one moment a scan knows that most of its heap just became
 * garbage: when the simulator lets go of its tables. V8 sets the size at which it next collects from the live
 * data it measured at its last collection, which on a large tree was the simulator's working set; without a
 * collection here the graph and analysis stages would grow the process by that much again before V8 looked
 * (docs/benchmarks.md, "Peak memory of a cold scan").
 *
 * Node exposes `gc()` only with `--expose-gc`; the flag set at run time gives new contexts a `gc` function,
 * which collects the whole isolate.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: (() => void) | undefined;

export function collectGarbage(): void {
  if (!collector) {
    setFlagsFromString('--expose-gc');
    collector = runInNewContext('gc') as () => void;
  }
  collector();
}
