/** `lineage sql [file] [-e SQL]`: the lineage of SQL text (a file, an expression, or stdin). */
import { Command, Option } from 'commander';
import { decodeSource } from '../discover/read.js';
import { EMPTY_DBT_CONTEXT } from '../extract/sql/dbt.js';
import { DEFAULT_DIALECT } from '../extract/sql/dialects.js';
import { extractSql } from '../extract/sql/index.js';
import { buildGraph } from '../graph/build.js';
import { buildReport } from '../report/build.js';
import { formatJson } from '../report/json/index.js';
import { formatSqlText } from '../report/sql-text/index.js';
import { buildCatalog, buildScriptSummaries, readSchemaFile, resolveColumns, type ColumnSource } from '../sql-resolve/index.js';
import { EXIT_OK, UsageError } from './errors.js';
import { colorEnabled, parseChoice, parseDialect } from './options.js';
import { MAX_TEXT_BYTES, readBounded } from '../util/read-bounded.js';
import { readFailure } from '../util/read-failure.js';

interface RawSqlOptions {
  execute?: string;
  dialect: string;
  schema?: string;
  defaultSchema?: string;
  format: string;
  color?: boolean;
}

const FORMATS = ['text', 'json'] as const;

/** Stdin's bytes as they came (decoded later, so invalid UTF-8 is reported as in a file), at most MAX_TEXT_BYTES. */
async function readStdin(): Promise<Buffer> {
  if (process.stdin.isTTY) throw new UsageError('no SQL given: pass a file, -e "SQL", or pipe SQL into stdin');
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    total += (chunk as Buffer).length;
    if (total > MAX_TEXT_BYTES) throw new UsageError(`<stdin>: cannot read the SQL (larger than ${MAX_TEXT_BYTES / (1024 * 1024)} MiB)`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

async function input(file: string | undefined, expression: string | undefined): Promise<{ name: string; bytes: Uint8Array }> {
  if (expression !== undefined) {
    if (file !== undefined) throw new UsageError('give either a file or -e "SQL", not both');
    return { name: '<expression>', bytes: Buffer.from(expression, 'utf8') };
  }
  if (file === undefined) return { name: '<stdin>', bytes: await readStdin() };
  try {
    return { name: file, bytes: await readBounded(file) };
  } catch (error) {
    throw new UsageError(`${file}: cannot read the file (${readFailure(error)})`);
  }
}

export async function loadSchemaOption(file: string | undefined, defaultSchema: string | undefined): Promise<ColumnSource | undefined> {
  if (file === undefined) return undefined;
  const result = await readSchemaFile(file, defaultSchema);
  if (!result.ok) throw new UsageError(`--schema ${file}: ${result.message}`);
  return result.columns;
}

export function parseDefaultSchema(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?$/.test(value)) throw new UsageError(`--default-schema: expected a name such as analytics or db.analytics, got '${value}'`);
  return value.toLowerCase();
}

export function sqlCommand(): Command {
  return new Command('sql')
    .description('show the table and column lineage of SQL text')
    .argument('[file]', 'SQL file to read (stdin when neither a file nor -e is given)')
    .option('-e, --execute <sql>', 'SQL text to analyse')
    .option('--dialect <name>', 'SQL dialect', DEFAULT_DIALECT)
    .option('--schema <file>', 'JSON file of table columns: { "db.table": ["col", ...] }')
    .option('--default-schema <name>', 'schema of unqualified table names')
    .addOption(new Option('-f, --format <format>', `output format (${FORMATS.join(', ')})`).default('text'))
    .option('--no-color', 'no colors in the text output')
    .addHelpText('after', `
Examples:
  lineage sql -e "insert into mart.users select id, lower(email) as email from raw.users"
  lineage sql warehouse/scripts/nightly.sql --dialect snowflake --schema schema.json
  cat query.sql | lineage sql --dialect bigquery --format json

Exit codes: 0 done (statements that could not be parsed are reported as gaps); 2 usage error (bad flag or
value, unreadable file or schema, no SQL given).`)
    .action(async (file: string | undefined, raw: RawSqlOptions) => {
      const format = parseChoice('--format', raw.format, FORMATS);
      const dialect = parseDialect(raw.dialect);
      const defaultSchema = parseDefaultSchema(raw.defaultSchema);
      const schemaColumns = await loadSchemaOption(raw.schema, defaultSchema);
      const { name, bytes } = await input(file, raw.execute);
      const read = decodeSource(name, bytes);
      if (!read.ok) throw new UsageError(`${name}: ${read.gap.detail}`);
      const facts = extractSql(name, read.source, { dialect, dbt: EMPTY_DBT_CONTEXT, defaultSchema });
      const files = resolveColumns([facts], buildCatalog([facts], { schemaFile: schemaColumns }));
      const graph = buildGraph(files);
      const report = buildReport({ files, skipped: [], discovered: 1, graph, scripts: buildScriptSummaries(graph.jobs) });
      process.stdout.write(format === 'json' ? formatJson(report) : formatSqlText(report, { color: colorEnabled(process.stdout, raw.color) }));
      process.exitCode = EXIT_OK;
    });
}
