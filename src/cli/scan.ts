/** `lineage scan [dir]`: scan a tree and write a report. */
import { Command, Option } from 'commander';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_DIALECT } from '../extract/sql/dialects.js';
import { scan } from '../pipeline/scan.js';
import { buildReport } from '../report/build.js';
import { DEFAULT_MAX_NODES, drawingSize } from '../report/graph/drawing.js';
import { DRAWING_FORMATS, REPORTERS, REPORT_FORMATS } from '../report/index.js';
import { UsageError } from './errors.js';
import { exitCodeFor, loadGovernance, withBaseline, type GovernanceOptions } from './governance.js';
import { addOpenLineageOptions, parseOpenLineageOptions, type RawOpenLineageOptions } from './openlineage-options.js';
import { readHtmlBaseline } from './html-baseline.js';
import { colorEnabled, parseChoice, parseDialect, parseSize } from './options.js';
import { loadSchemaOption, parseDefaultSchema } from './sql.js';

interface RawScanOptions extends RawOpenLineageOptions, GovernanceOptions {
  maxNodes: string;
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
    .option('--manifest <file>', 'annotation manifest (default: <dir>/lineage.yaml if present)')
    .option('--fail-on <rules>', 'exit 1 when findings of these rules exist, e.g. policy,unannotated-sensitive-flow')
    .option('--baseline <file>', 'a previous JSON report: only findings not in it count as new')
    .option('--max-nodes <n>', 'dot, mermaid: refuse to draw a graph with more nodes than this', String(DEFAULT_MAX_NODES));
  return addOpenLineageOptions(command)
    .addHelpText('after', `
Examples:
  lineage scan                          scan the current folder, text summary
  lineage scan warehouse --dialect snowflake --format json -o lineage.json
  lineage scan . --exclude 'tests/' --exclude '*.generated.sql'
  lineage scan . --format sarif -o lineage.sarif --fail-on policy --baseline main.json
  lineage scan --format mermaid > lineage.mmd             the whole graph as a diagram
  lineage scan --format openlineage --namespace postgres://warehouse:5432 > events.ndjson

Exit codes: 0 scan done; 1 findings matched --fail-on; 2 usage error (bad flag or value, missing folder, bad
manifest, or a dot/mermaid graph larger than --max-nodes: draw a part of it with lineage query instead).`)
    .action(async (dir: string, raw: RawScanOptions) => {
      const format = parseChoice('--format', raw.format, REPORT_FORMATS);
      const dialect = parseDialect(raw.dialect);
      const maxFileSize = parseSize('--max-file-size', raw.maxFileSize);
      const maxNodes = Number(raw.maxNodes);
      if (!Number.isInteger(maxNodes) || maxNodes < 1) throw new UsageError(`--max-nodes: expected a positive whole number, got '${raw.maxNodes}'`);
      const openlineage = parseOpenLineageOptions(raw);
      const defaultSchema = parseDefaultSchema(raw.defaultSchema);
      const schemaColumns = await loadSchemaOption(raw.schema, defaultSchema);
      await assertFolder(dir);
      const governance = await loadGovernance(dir, raw);
      const result = await scan({
        root: path.resolve(dir), include: raw.include, exclude: raw.exclude, gitignore: raw.gitignore, dialect, maxFileSize,
        ...(governance.manifest ? { manifest: governance.manifest, manifestFile: governance.manifestFile! } : {}),
        schemaColumns, defaultSchema,
      });
      const report = withBaseline(buildReport(result), governance);
      if (DRAWING_FORMATS.includes(format) && drawingSize(report) > maxNodes) {
        throw new UsageError(`the graph has ${drawingSize(report)} nodes, more than --max-nodes ${maxNodes} can draw legibly; draw a part of it with \`lineage query <asset> --format ${format}\`, or raise --max-nodes`);
      }
      const toStdout = raw.output === undefined;
      const baseline = await readHtmlBaseline(format, raw);
      const text = REPORTERS[format](report, {
        color: toStdout && colorEnabled(process.stdout, raw.color), target: dir, openlineage, ...(baseline ? { baseline } : {}),
      });
      if (toStdout) process.stdout.write(text);
      else {
        await writeFile(raw.output!, text);
        if (!raw.quiet) process.stderr.write(`lineage: wrote ${format} report to ${raw.output}\n`);
      }
      process.exitCode = exitCodeFor(report, governance);
    });
}
