/** Writing a command's output: stdout, or a file when `-o` is given. */
import { Option, type Command } from 'commander';
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

/** `-f/--format`, `-o/--output` and (for colored text) `--no-color`, as every graph command spells them. */
export function addOutputOptions(command: Command, formats: readonly string[], fallback: string, options: { color?: boolean; formatHelp?: string } = {}): Command {
  command
    .addOption(new Option('-f, --format <format>', `output format (${formats.join(', ')}${options.formatHelp ?? ''})`).default(fallback))
    .option('-o, --output <file>', 'write to a file instead of stdout');
  return options.color === false ? command : command.option('--no-color', 'no colors');
}
