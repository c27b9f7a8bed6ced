/**
 * Worker-thread entry (run by piscina): extracts one file per task and returns its facts or gap, as JSON text.
 * Settings and the library models arrive once as workerData; tree-sitter and the SQL grammars load lazily, once
 * per worker.
 */
import { workerData } from 'node:worker_threads';
import { adoptModels } from '../extract/models.js';
import { FileProcessor, type FileTask } from './file-task.js';
import type { WorkerSetup } from './pool.js';

const setup = workerData as WorkerSetup;
adoptModels(setup.models);
const processor = new FileProcessor(setup.settings);

/** The outcome as JSON text: cheaper to send than an object graph, and more compact once read (outcome-text.ts). */
export default function extract(task: FileTask): Promise<string> {
  return processor.process(task);
}
