/** Writing a command's output: stdout, or a file when `-o` is given. */
import { writeFile } from 'node:fs/promises';
import { UsageError } from './errors.js';

export async function writeOutput(text: string, file: string | undefined): Promise<void> {
  if (file === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new UsageError(`${file}: cannot write (${error instanceof Error ? error.message : String(error)})`);
  }
}
