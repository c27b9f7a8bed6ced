/**
 * Facts travel and are held in their most compact form. A file's outcome crosses from a worker as its JSON text
 * (the text the facts cache stores anyway), not as an object graph: a structured clone of facts takes about 1.8
 * times the heap of the same facts parsed from JSON, and every scan holds the facts of all its files through the
 * whole-program stages. The reader then shares equal strings between files (asset ids, column names, callee
 * names and `DIRECT`/`IDENTITY` recur thousands of times), which takes another third off.
 *
 * Facts are written straight as the text of their schema's shape (canonicalFactsText, src/facts/canonical.ts), so
 * parsing it gives the same facts wherever they came from: a worker, the cache or a facts file.
 */
import type { FileOutcome } from './file-task.js';

export function outcomeText(outcome: FileOutcome): string {
  return JSON.stringify(outcome);
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Turns outcome texts back into outcomes, one string instance per distinct string value across all of them. */
export class OutcomeReader {
  private readonly strings = new Map<string, string>();

  read(text: string): FileOutcome {
    return this.adopt(JSON.parse(text) as FileOutcome);
  }

  /** An outcome already parsed from its JSON text (and held by nothing else), its strings shared. */
  adopt<T extends FileOutcome>(outcome: T): T {
    this.share(outcome as unknown as Json);
    return outcome;
  }

  private shared(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  /** Replaces every string inside a parsed value with its shared instance; iterative, so depth cannot overflow. */
  private share(root: Json): void {
    const pending: Json[] = [root];
    while (pending.length > 0) {
      const value = pending.pop()!;
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          const item = value[index]!;
          if (typeof item === 'string') value[index] = this.shared(item);
          else if (typeof item === 'object' && item !== null) pending.push(item);
        }
      } else if (typeof value === 'object' && value !== null) {
        for (const key in value) {
          const item = value[key]!;
          if (typeof item === 'string') value[key] = this.shared(item);
          else if (typeof item === 'object' && item !== null) pending.push(item);
        }
      }
    }
  }
}
