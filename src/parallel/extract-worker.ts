/**
 * Worker-thread entry (run by piscina): extracts one file per task and returns its facts or gap. Settings
 * arrive once as workerData; tree-sitter and the SQL grammars load lazily, once per worker.
 */
import { workerData } from 'node:worker_threads';
import { FileProcessor, type FileOutcome, type FileTask, type TaskSettings } from './file-task.js';

const processor = new FileProcessor(workerData as TaskSettings);

export default function extract(task: FileTask): Promise<FileOutcome> {
  return processor.process(task);
}
