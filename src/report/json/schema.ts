/**
 * The JSON report contract (schemaVersion "1"), as zod schemas: the source of truth for the published JSON
 * Schema (schema/report.schema.json) and for validating reports read back (baselines, saved reports).
 * Extend freely; changing or removing a field needs a schema version bump and a CHANGELOG entry.
 */
import { z } from 'zod';
import { ColumnLineage, Gap, LANGUAGES } from '../../facts/schema.js';

export const SCHEMA_VERSION = '1';

const Location = z.object({ file: z.string(), line: z.number().int().nonnegative() }).meta({ id: 'Location' });

export const LanguageSummary = z.object({
  files: z.number().int().nonnegative(),
  lines: z.number().int().nonnegative(),
  /** Files with at least one parser error node or unparsed SQL statement. */
  parseErrorFiles: z.number().int().nonnegative(),
});

export const Summary = z.object({
  files: z.number().int().nonnegative().describe('Files analysed (skipped files are gaps).'),
  lines: z.number().int().nonnegative(),
  languages: z.partialRecord(z.enum(LANGUAGES), LanguageSummary),
  assets: z.number().int().nonnegative(),
  jobs: z.number().int().nonnegative(),
  edges: z.number().int().nonnegative(),
  flows: z.number().int().nonnegative(),
  findings: z.number().int().nonnegative(),
  gaps: z.number().int().nonnegative(),
});

export const Asset = z.object({
  id: z.string().describe('`<kind>:<name>`, e.g. `table:raw.users`.'),
  kind: z.string(),
  name: z.string(),
  columns: z.array(z.string()),
  annotation: z.null().describe('The manifest entry that covers the asset (null when none).'),
  categories: z.array(z.string()),
  locations: z.array(Location),
});

export const Job = z.object({
  id: z.string().describe('`<file>#<n>`: the n-th job of the file.'),
  kind: z.literal('sql'),
  file: z.string(),
  line: z.number().int().positive(),
  unit: z.string().describe('The function, method, module or script the job belongs to.'),
  operation: z.string().describe('Statement type: select, insert, create_table_as, create_view, update, delete, ...'),
  dialect: z.string(),
  confidence: z.enum(['high', 'low']).describe('`low` when a tolerant fallback found the tables.'),
  callee: z.string().optional().describe('The call that carried the SQL, for SQL inside code.'),
  callLine: z.number().int().positive().optional().describe('Line of that call; `line` is where the SQL text starts.'),
  sql: z.string(),
  inputs: z.array(z.string()),
  outputs: z.array(z.string()),
  columnLineage: z.array(ColumnLineage),
});

export const Edge = z.object({ from: z.string(), to: z.string(), jobs: z.array(z.string()) });

export const Coverage = z.object({
  files: z.object({
    discovered: z.number().int().nonnegative(),
    analysed: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    parsedCleanly: z.number().int().nonnegative(),
  }),
  sqlStatements: z.object({
    total: z.number().int().nonnegative(),
    parsed: z.number().int().nonnegative(),
    fallback: z.number().int().nonnegative(),
    unparsed: z.number().int().nonnegative(),
  }),
  dynamicSql: z.number().int().nonnegative(),
});

export const Report = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('lineage'), version: z.string() }),
  summary: Summary,
  assets: z.array(Asset),
  jobs: z.array(Job),
  edges: z.array(Edge),
  flows: z.array(z.never()).describe('Sensitive data reaching sinks (filled by the code-level simulator).'),
  findings: z.array(z.never()).describe('Rule results (filled by the analysis stage).'),
  coverage: Coverage,
  gaps: z.array(Gap),
}).meta({ title: 'lineage report', description: 'The JSON report of `lineage scan --format json`.' });

export type Report = z.infer<typeof Report>;
export type ReportAsset = z.infer<typeof Asset>;
export type ReportJob = z.infer<typeof Job>;

export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Report, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}
