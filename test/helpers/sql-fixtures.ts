/**
 * The SQL fixture suite: fixtures/sql/<dialect>/<case>.sql with a sidecar <case>.expected.json holding, per
 * job, its operation, tables and column lineage in a compact, reviewable form. Each dialect folder is scanned
 * like a repository (`schema.json` beside the cases is passed as --schema). `npm run fixtures:sql` rewrites
 * the expectations; review the diff by hand before committing it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ColumnInput } from '../../src/facts/schema.js';
import { resolveDialect } from '../../src/extract/sql/dialects.js';
import type { Report } from '../../src/report/json/schema.js';
import { parseSchemaJson } from '../../src/sql-resolve/index.js';
import { REPO_ROOT } from './cli.js';
import { scanReport } from './scan.js';

export const SQL_FIXTURES = path.join(REPO_ROOT, 'fixtures/sql');

const name = (id: string) => (id.startsWith('table:') ? id.slice(6) : id);
const input = (i: ColumnInput) => `${name(i.asset)}.${i.column} ${i.subtype}${i.masking ? ' masking' : ''}`;

export interface ExpectedJob {
  line: number;
  operation: string;
  confidence: 'high' | 'low';
  inputs: string[];
  outputs: string[];
  /** `out.table.col <- in.table.col SUBTYPE [masking]`, DIRECT inputs only. */
  columns: string[];
  /** `in.table.col SUBTYPE`: every INDIRECT input of the job (they apply to whole scopes). */
  indirect: string[];
  temporary?: string[];
}

export interface ExpectedFile {
  jobs: ExpectedJob[];
  script?: { inputs: string[]; outputs: string[]; intermediate: string[]; columns: string[] };
  gaps: string[];
}

export function dialectFolders(): string[] {
  return readdirSync(SQL_FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

export function sqlCases(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.sql')) out.push(path.relative(path.join(SQL_FIXTURES, folder), full).split(path.sep).join('/'));
    }
  };
  walk(path.join(SQL_FIXTURES, folder));
  return out.sort();
}

export async function scanFolder(folder: string): Promise<Report> {
  const root = path.join(SQL_FIXTURES, folder);
  const schemaFile = path.join(root, 'schema.json');
  const schema = existsSync(schemaFile) ? parseSchemaJson(readFileSync(schemaFile, 'utf8')) : undefined;
  if (schema && !schema.ok) throw new Error(`${schemaFile}: ${schema.message}`);
  // The folder names the dialect; a suffix tells cases apart (`snowflake-dbt`).
  const dialect = resolveDialect(folder.split('-')[0]!) ?? resolveDialect('postgres')!;
  return scanReport(root, { dialect, schemaColumns: schema?.ok ? schema.columns : undefined });
}

export function expectedFor(report: Report, file: string): ExpectedFile {
  const jobs = report.jobs.filter((j) => j.file === file).map((job): ExpectedJob => {
    const columns: string[] = [];
    const indirect = new Set<string>();
    for (const entry of job.columnLineage) {
      for (const i of entry.inputs) {
        if (i.type === 'DIRECT') columns.push(`${name(entry.output.asset)}.${entry.output.column} <- ${input(i)}`);
        else indirect.add(input(i));
      }
    }
    return {
      line: job.line,
      operation: job.operation,
      confidence: job.confidence,
      inputs: job.inputs.map(name),
      outputs: job.outputs.map(name),
      columns,
      indirect: [...indirect].sort(),
      ...(job.temporary ? { temporary: job.temporary.map(name) } : {}),
    };
  });
  const script = report.scripts.find((s) => s.file === file && s.intermediate.length > 0);
  return {
    jobs,
    ...(script ? {
      script: {
        inputs: script.inputs.map(name),
        outputs: script.outputs.map(name),
        intermediate: script.intermediate.map(name),
        columns: script.columnLineage.flatMap((e) => e.inputs.filter((i) => i.type === 'DIRECT').map((i) => `${name(e.output.asset)}.${e.output.column} <- ${input(i)}`)),
      },
    } : {}),
    gaps: report.gaps.filter((g) => g.file === file).map((g) => `${g.kind} line ${g.line}`),
  };
}

export function expectationPath(folder: string, file: string): string {
  return path.join(SQL_FIXTURES, folder, file.replace(/\.sql$/, '.expected.json'));
}
