/** `lineage scan [dir]`: scan a tree and write a report (or, for one shard, its facts). */
import { Command } from 'commander';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { defaultCacheDir } from '../cache/location.js';
import { DEFAULT_DIALECT } from '../extract/sql/dialects.js';
import { defaultJobs } from '../parallel/cpus.js';
import { factsHeader, writeFactsFile } from '../pipeline/facts-file.js';
import { assembleScanResult, extractTree, scanReport, type ProgramOptions, type ScanOptions } from '../pipeline/scan.js';
import { buildReport } from '../report/build.js';
import { toolVersion } from '../version.js';
import { UsageError } from './errors.js';
import { loadGovernance } from './governance.js';
import { parseBudgets, parseDialect, parseJobs, parseShardOption, parseSize } from './options.js';
import { progressDisplay } from './progress.js';
import { PhaseTimer } from '../util/timings.js';
import { addReportOptions, emitReport, parseReportOptions, type RawReportOptions } from './scan-report.js';
import { loadSchemaOption, parseDefaultSchema } from './sql.js';
import { terminalSafeLines } from '../report/terminal-safe.js';

interface RawScanOptions extends RawReportOptions {
  dialect: string;
  include: string[];
  exclude: string[];
  gitignore: boolean;
  maxFileSize: string;
  schema?: string;
  defaultSchema?: string;
  jobs?: string;
  cache: boolean;
  cacheDir?: string;
  shard?: string;
  factsOut?: string;
  budget: string[];
  timings?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export async function assertFolder(dir: string): Promise<void> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new UsageError(`${dir}: not a folder`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${dir}: no such folder`);
  }
}

export function scanCommand(): Command {
  const command = new Command('scan')
    .description('scan a tree and report its data lineage')
    .argument('[dir]', 'folder to scan', '.')
    .option('--dialect <name>', 'default SQL dialect', DEFAULT_DIALECT)
    .option('--include <glob>', 'only scan paths matching this .gitignore-style pattern (repeatable)', collect, [])
    .option('--exclude <glob>', 'skip paths matching this .gitignore-style pattern (repeatable)', collect, [])
    .option('--no-gitignore', 'do not honour .gitignore files')
    .option('--max-file-size <size>', 'skip files larger than this (e.g. 500k, 2MB)', '2MB')
    .option('--schema <file>', 'JSON file of table columns for SQL: { "db.table": ["col", ...] }')
    .option('--default-schema <name>', 'schema of unqualified SQL table names')
    .option('-j, --jobs <n>', `extraction threads; 1 = no worker threads (default: the cores available, ${defaultJobs()} here, one per 4 MiB of source to extract)`)
    .option('--no-cache', 'do not read or write the per-file facts cache')
    .option('--cache-dir <dir>', 'facts cache folder (default: $XDG_CACHE_HOME/lineage or ~/.cache/lineage)')
    .option('--shard <i/n>', 'extract only shard I of N (a stable slice by path hash); needs --facts-out')
    .option('--facts-out <file>', 'also write the extracted facts to this file, for `lineage merge`')
    .option('--budget <name=n>', 'change a work budget, e.g. ast-nodes=2000000 (repeatable; see docs/scaling.md)', collect, [])
    .option('--timings', 'print how long each stage took (wall-clock and CPU seconds) on stderr');
  return addReportOptions(command)
    .addHelpText('after', `
Examples:
  lineage scan                          scan the current folder, text summary
  lineage scan warehouse --dialect snowflake --format json -o lineage.json
  lineage scan . --exclude 'tests/' --exclude '*.generated.sql'
  lineage scan . --format sarif -o lineage.sarif --fail-on policy --baseline main.json
  lineage scan --format mermaid > lineage.mmd             the whole graph as a diagram
  lineage scan --format openlineage --namespace postgres://warehouse:5432 > events.ndjson
  lineage scan . --shard 2/8 --facts-out shard-2.facts   then: lineage merge shard-*.facts

Exit codes: 0 scan done; 1 findings matched --fail-on; 2 usage error (bad flag or value, missing folder, bad
manifest, or a dot/mermaid graph larger than --max-nodes: draw a part of it with lineage query instead).`)
    .action(async (dir: string, raw: RawScanOptions) => {
      const request = parseReportOptions(raw);
      const dialect = parseDialect(raw.dialect);
      const maxFileSize = parseSize('--max-file-size', raw.maxFileSize);
      const jobs = raw.jobs === undefined ? defaultJobs() : parseJobs(raw.jobs);
      const shard = raw.shard === undefined ? undefined : parseShardOption(raw.shard);
      if (shard && raw.factsOut === undefined) throw new UsageError('--shard needs --facts-out <file>: a shard writes facts for `lineage merge`, not a report');
      if (shard && raw.output !== undefined) throw new UsageError('--shard writes no report, so -o/--output has nothing to write; the report comes from `lineage merge`');
      if (!raw.cache && raw.cacheDir !== undefined) throw new UsageError('--cache-dir and --no-cache contradict each other; give one');
      const budgets = parseBudgets(raw.budget);
      const defaultSchema = parseDefaultSchema(raw.defaultSchema);
      const schemaColumns = await loadSchemaOption(raw.schema, defaultSchema);
      await assertFolder(dir);
      const governance = await loadGovernance(dir, raw);
      const timer = raw.timings ? new PhaseTimer() : undefined;
      const program: ProgramOptions = {
        root: path.resolve(dir), dialect, schemaColumns, defaultSchema, budgets, ...(timer ? { timer } : {}),
        ...(governance.manifest ? { manifest: governance.manifest, manifestFile: governance.manifestFile! } : {}),
      };

      const progress = progressDisplay(process.stderr, !raw.quiet);
      const options: ScanOptions = {
        ...program, include: raw.include, exclude: raw.exclude, gitignore: raw.gitignore, maxFileSize,
        jobs, ...(raw.jobs === undefined ? { autoJobs: true } : {}), cacheDir: raw.cache ? (raw.cacheDir === undefined ? defaultCacheDir() : path.resolve(raw.cacheDir)) : null,
        shard, onProgress: (done, total) => progress.update(done, total),
        onSimulation: (ran, total) => progress.simulating(ran, total),
      };
      const warn = (warnings: readonly string[]) => {
        if (!raw.quiet) for (const warning of warnings) process.stderr.write(`lineage: warning: ${terminalSafeLines(warning)}\n`);
      };

      if (raw.factsOut === undefined) {
        const { report, extraction } = await scanReport(options);
        progress.finish();
        warn(extraction.warnings);
        await emitReport(report, governance, request, dir);
        timer?.mark('format and write');
        if (timer) process.stderr.write(timer.format());
        return;
      }
      const extracted = await extractTree(options);
      progress.finish();
      warn(extracted.warnings);
      const header = factsHeader(extracted, shard, dir, toolVersion(), program);
      await writeFactsFile(raw.factsOut, { header, files: extracted.files, skipped: extracted.skipped }).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`--facts-out: cannot write ${raw.factsOut} (${error.code ?? error.message})`);
      });
      if (!raw.quiet) process.stderr.write(`lineage: wrote facts of ${extracted.files.length} files to ${raw.factsOut}\n`);
      timer?.mark('write facts');
      if (!shard) {
        const report = buildReport(await assembleScanResult(extracted, program));
        timer?.mark('report');
        await emitReport(report, governance, request, dir);
        timer?.mark('format and write');
      }
      if (timer) process.stderr.write(timer.format());
    });
}
