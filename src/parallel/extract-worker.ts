/**
 * Worker-thread entry (run by piscina): extracts one file per task and returns its facts or gap, as JSON text.
 * Settings arrive once as workerData; tree-sitter and the SQL grammars load lazily, once per worker.
 */
import { workerData } from 'node:worker_threads';
import { FileProcessor, type FileTask, type TaskSettings } from './file-task.js';

const processor = new FileProcessor(workerData as TaskSettings);

/** The outcome as JSON text: cheaper to send than an object graph, and more compact once read (outcome-text.ts). */
export default function extract(task: FileTask): Promise<string> {
  return processor.process(task);
}
