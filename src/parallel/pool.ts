/**
 * The worker pool (piscina): N threads, each running extract-worker.js. Tasks are fed through a small window so
 * the queue never holds the whole tree, and a task whose worker dies becomes an `extractor-error` gap.
 */
import { existsSync } from 'node:fs';
import { MODEL_KEYS, modelsToShare, type LanguageModels } from '../extract/models.js';
import { mapLimited } from '../util/map-limited.js';
import { crashGap, type FileOutcome, type FileTask, type TaskSettings } from './file-task.js';
import type { OutcomeReader } from './outcome-text.js';
import { typicalFileBytes, workerYoungGenerationMb } from './worker-memory.js';

/** What each worker receives once: the settings, and the library models loaded here for all of them. */
export interface WorkerSetup {
  settings: TaskSettings;
  models: Record<string, LanguageModels>;
}

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
  const languages = [...new Set(tasks.map((task) => task.language))].sort();
  const setup: WorkerSetup = { settings, models: modelsToShare(languages.flatMap((language) => MODEL_KEYS[language] ?? [])) };
  const youngGeneration = workerYoungGenerationMb(threads, typicalFileBytes(tasks.map((task) => task.size)));
  const pool = new Piscina<FileTask, string>({
    filename: workerEntry().href,
    workerData: setup,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    ...(youngGeneration ? { resourceLimits: { maxYoungGenerationSizeMb: youngGeneration } } : {}),
  });
  try {
    // Largest files first: a big file started last would keep one thread busy while the others sit idle.
    const order = tasks.map((_, index) => index).sort((a, b) => tasks[b]!.size - tasks[a]!.size || a - b);
    const outcomes = new Array<FileOutcome>(tasks.length);
    await mapLimited(order, threads * WINDOW_PER_THREAD, async (index) => {
      const task = tasks[index]!;
      let outcome: FileOutcome;
      try {
        outcome = reader.read(await pool.run(task));
      } catch (error) {
        outcome = crashGap(task, error);
      }
      outcomes[index] = outcome;
      onDone(outcome);
    });
    return outcomes;
  } finally {
    await pool.destroy();
  }
}
