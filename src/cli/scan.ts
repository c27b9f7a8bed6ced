/** `lineage scan [dir]`: scan a tree and write a report. */
import { Command, Option } from 'commander';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { defaultCacheDir } from '../cache/location.js';
import { DEFAULT_DIALECT } from '../extract/sql/dialects.js';
import { defaultJobs } from '../parallel/cpus.js';
import { factsHeader, writeFactsFile } from '../pipeline/facts-file.js';
import { assembleScanResult, extractTree } from '../pipeline/scan.js';
import { buildReport } from '../report/build.js';
import { REPORT_FORMATS } from '../report/index.js';
import { toolVersion } from '../version.js';
import { EXIT_OK, UsageError } from './errors.js';
import { writeReport } from './output.js';
import { parseBudgets, parseChoice, parseDialect, parseJobs, parseShardOption, parseSize } from './options.js';
import { progressDisplay } from './progress.js';

interface RawScanOptions {
  format: string;
  output?: string;
  dialect: string;
  include: string[];
  exclude: string[];
  gitignore: boolean;
  maxFileSize: string;
  quiet?: boolean;
  color?: boolean;
  jobs?: string;
  cache: boolean;
  cacheDir?: string;
  shard?: string;
  factsOut?: string;
  budget: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

async function assertFolder(dir: string): Promise<void> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new UsageError(`${dir}: not a folder`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${dir}: no such folder`);
  }
}

export function scanCommand(): Command {
  return new Command('scan')
    .description('scan a tree and report its data lineage')
    .argument('[dir]', 'folder to scan', '.')
    .addOption(new Option('-f, --format <format>', `report format (${REPORT_FORMATS.join(', ')})`).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--dialect <name>', 'default SQL dialect', DEFAULT_DIALECT)
    .option('--include <glob>', 'only scan paths matching this .gitignore-style pattern (repeatable)', collect, [])
    .option('--exclude <glob>', 'skip paths matching this .gitignore-style pattern (repeatable)', collect, [])
    .option('--no-gitignore', 'do not honour .gitignore files')
    .option('--max-file-size <size>', 'skip files larger than this (e.g. 500k, 2MB)', '2MB')
    .option('-q, --quiet', 'print nothing but the report')
    .option('--no-color', 'no colors in the text report')
    .option('-j, --jobs <n>', `extraction threads; 1 = no worker threads (default: the cores available, ${defaultJobs()} here)`)
    .option('--no-cache', 'do not read or write the per-file facts cache')
    .option('--cache-dir <dir>', 'facts cache folder (default: $XDG_CACHE_HOME/lineage or ~/.cache/lineage)')
    .option('--shard <i/n>', 'extract only shard I of N (a stable slice by path hash); needs --facts-out')
    .option('--facts-out <file>', 'also write the extracted facts to this file, for `lineage merge`')
    .option('--budget <name=n>', 'change a work budget, e.g. ast-nodes=2000000 (repeatable; see docs/scaling.md)', collect, [])
    .addHelpText('after', `
Examples:
  lineage scan                          scan the current folder, text summary
  lineage scan warehouse --dialect snowflake --format json -o lineage.json
  lineage scan . --exclude 'tests/' --exclude '*.generated.sql'
  lineage scan . --shard 2/8 --facts-out shard-2.facts   then: lineage merge shard-*.facts

Exit codes: 0 scan done; 2 usage error (bad flag or value, missing folder).`)
    .action(async (dir: string, raw: RawScanOptions) => {
      const format = parseChoice('--format', raw.format, REPORT_FORMATS);
      const dialect = parseDialect(raw.dialect);
      const maxFileSize = parseSize('--max-file-size', raw.maxFileSize);
      const jobs = raw.jobs === undefined ? defaultJobs() : parseJobs(raw.jobs);
      const shard = raw.shard === undefined ? undefined : parseShardOption(raw.shard);
      if (shard && raw.factsOut === undefined) throw new UsageError('--shard needs --facts-out <file>: a shard writes facts for `lineage merge`, not a report');
      if (shard && raw.output !== undefined) throw new UsageError('--shard writes no report, so -o/--output has nothing to write; the report comes from `lineage merge`');
      if (!raw.cache && raw.cacheDir !== undefined) throw new UsageError('--cache-dir and --no-cache contradict each other; give one');
      const budgets = parseBudgets(raw.budget);
      await assertFolder(dir);

      const progress = progressDisplay(process.stderr, !raw.quiet);
      const extracted = await extractTree({
        root: path.resolve(dir), include: raw.include, exclude: raw.exclude, gitignore: raw.gitignore, dialect, maxFileSize,
        jobs, cacheDir: raw.cache ? (raw.cacheDir === undefined ? defaultCacheDir() : path.resolve(raw.cacheDir)) : null,
        shard, budgets, onProgress: (done, total) => progress.update(done, total),
      });
      progress.finish();
      if (!raw.quiet) for (const warning of extracted.warnings) process.stderr.write(`lineage: warning: ${warning}\n`);

      if (raw.factsOut !== undefined) {
        const header = factsHeader(extracted, shard, dir, toolVersion());
        await writeFactsFile(raw.factsOut, { header, files: extracted.files, skipped: extracted.skipped }).catch((error: NodeJS.ErrnoException) => {
          throw new UsageError(`--facts-out: cannot write ${raw.factsOut} (${error.code ?? error.message})`);
        });
        if (!raw.quiet) process.stderr.write(`lineage: wrote facts of ${extracted.files.length} files to ${raw.factsOut}\n`);
      }
      if (!shard) {
        const report = buildReport(assembleScanResult(extracted));
        await writeReport(report, { format, output: raw.output, quiet: raw.quiet, color: raw.color, target: dir });
      }
      process.exitCode = EXIT_OK;
    });
}
