/** `lineage scan [dir]`: scan a tree and write a report. */
import { Command, Option } from 'commander';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_DIALECT } from '../extract/sql/dialects.js';
import { ManifestSettingError, scan } from '../pipeline/scan.js';
import { buildReport } from '../report/build.js';
import { REPORTERS, REPORT_FORMATS } from '../report/index.js';
import { EXIT_OK, UsageError } from './errors.js';
import { colorEnabled, parseChoice, parseDialect, parseSize } from './options.js';
import { loadSchemaOption, parseDefaultSchema } from './sql.js';

interface RawScanOptions {
  format: string;
  output?: string;
  dialect: string;
  include: string[];
  exclude: string[];
  gitignore: boolean;
  maxFileSize: string;
  schema?: string;
  defaultSchema?: string;
  quiet?: boolean;
  color?: boolean;
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
    .option('--schema <file>', 'JSON file of table columns for SQL: { "db.table": ["col", ...] }')
    .option('--default-schema <name>', 'schema of unqualified SQL table names')
    .option('-q, --quiet', 'print nothing but the report')
    .option('--no-color', 'no colors in the text report')
    .addHelpText('after', `
Examples:
  lineage scan                          scan the current folder, text summary
  lineage scan warehouse --dialect snowflake --format json -o lineage.json
  lineage scan . --exclude 'tests/' --exclude '*.generated.sql'

Exit codes: 0 scan done; 2 usage error (bad flag or value, missing folder).`)
    .action(async (dir: string, raw: RawScanOptions) => {
      const format = parseChoice('--format', raw.format, REPORT_FORMATS);
      const dialect = parseDialect(raw.dialect);
      const maxFileSize = parseSize('--max-file-size', raw.maxFileSize);
      const defaultSchema = parseDefaultSchema(raw.defaultSchema);
      const schemaColumns = await loadSchemaOption(raw.schema, defaultSchema);
      await assertFolder(dir);
      const result = await scan({
        root: path.resolve(dir), include: raw.include, exclude: raw.exclude, gitignore: raw.gitignore, dialect, maxFileSize,
        schemaColumns, defaultSchema,
      }).catch((error: unknown) => {
        if (error instanceof ManifestSettingError) throw new UsageError(error.message);
        throw error;
      });
      const report = buildReport(result);
      const toStdout = raw.output === undefined;
      const text = REPORTERS[format](report, { color: toStdout && colorEnabled(process.stdout, raw.color), target: dir });
      if (toStdout) process.stdout.write(text);
      else {
        await writeFile(raw.output!, text);
        if (!raw.quiet) process.stderr.write(`lineage: wrote ${format} report to ${raw.output}\n`);
      }
      process.exitCode = EXIT_OK;
    });
}
