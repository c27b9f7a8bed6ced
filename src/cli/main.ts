/** The `lineage` program: commands, and the mapping of every failure to a message and an exit code. */
import { Command, CommanderError } from 'commander';
import { limitHeapGrowth } from '../util/heap-growth.js';
import { toolVersion } from '../version.js';
import { EXIT_USAGE, UsageError } from './errors.js';
import { diffCommand } from './diff.js';
import { explainCommand } from './explain.js';
import { impactCommand } from './impact.js';
import { mergeCommand } from './merge.js';
import { queryCommand } from './query.js';
import { reportCommand } from './report.js';
import { scanCommand } from './scan.js';
import { sqlCommand } from './sql.js';
import { suggestCommand } from './suggest.js';
import { validateCommand } from './validate.js';
import { terminalSafeLines } from '../report/terminal-safe.js';

export function program(): Command {
  const root = new Command('lineage')
    .description('Data lineage from source code: where data comes from, what it becomes, where it ends up.')
    .version(toolVersion(), '-V, --version')
    .showSuggestionAfterError(true)
    .addCommand(scanCommand())
    .addCommand(mergeCommand())
    .addCommand(queryCommand())
    .addCommand(explainCommand())
    .addCommand(diffCommand())
    .addCommand(impactCommand())
    .addCommand(validateCommand())
    .addCommand(suggestCommand())
    .addCommand(reportCommand())
    .addCommand(sqlCommand());
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({
      writeErr: (text) => process.stderr.write(text.replace(/^error: /, 'lineage: error: ')),
      outputError: (text, write) => write(text),
    });
    command.commands.forEach(configure);
  };
  configure(root);
  return root;
}

/** The reader of our output went away (`lineage scan | head`): nothing is wrong, there is just no one to tell. */
const readerGone = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';

export async function main(argv: readonly string[]): Promise<number> {
  limitHeapGrowth();
  process.stdout.on('error', (error) => {
    if (!readerGone(error)) throw error;
  });
  try {
    await program().parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (readerGone(error)) return typeof process.exitCode === 'number' ? process.exitCode : 0;
    if (error instanceof UsageError) {
      process.stderr.write(`lineage: error: ${terminalSafeLines(error.message)}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`lineage: internal error (please report it): ${message}\n`);
    return 3;
  }
}
