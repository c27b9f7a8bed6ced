/**
 * The worker pool (piscina): N threads, each running extract-worker.js. Tasks are fed through a small window so
 * the queue never holds the whole tree, and a task whose worker dies becomes an `extractor-error` gap.
 */
import { existsSync } from 'node:fs';
import { mapLimited } from '../util/map-limited.js';
import { crashGap, type FileOutcome, type FileTask, type TaskSettings } from './file-task.js';
import type { OutcomeReader } from './outcome-text.js';

/** Tasks in flight per thread: enough to keep workers busy while results travel back. */
const WINDOW_PER_THREAD = 4;

/**
 * The compiled worker entry. Workers need JavaScript: when this module itself runs from TypeScript sources
 * (the test runner), the entry is taken from the build in dist/.
 */
export function workerEntry(): URL {
  const sibling = new URL('./extract-worker.js', import.meta.url);
  if (existsSync(sibling)) return sibling;
  return new URL('../../dist/parallel/extract-worker.js', import.meta.url);
}

export async function extractInPool(
  tasks: readonly FileTask[],
  settings: TaskSettings,
  threads: number,
  reader: OutcomeReader,
  onDone: (outcome: FileOutcome) => void,
): Promise<FileOutcome[]> {
  // Loaded only when a pool is needed: scans served from the cache start faster without it.
  const { Piscina } = await import('piscina');
  const pool = new Piscina<FileTask, string>({
    filename: workerEntry().href,
    workerData: settings,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  try {
    return await mapLimited(tasks, threads * WINDOW_PER_THREAD, async (task) => {
      let outcome: FileOutcome;
      try {
        outcome = reader.read(await pool.run(task));
      } catch (error) {
        outcome = crashGap(task, error);
      }
      onDone(outcome);
      return outcome;
    });
  } finally {
    await pool.destroy();
  }
}
