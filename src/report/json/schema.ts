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

/** The manifest entry covering an asset. */
export const Annotation = z.object({
  /** The manifest `id` (or glob) that matched. */
  entry: z.string(),
  owner: z.string().optional(),
  description: z.string().optional(),
  retention: z.string().optional(),
  /** Column -> categories declared in the manifest. */
  fields: z.record(z.string(), z.array(z.string())).optional(),
  /** Categories the manifest gives the asset as a whole. */
  categories: z.array(z.string()).optional(),
});

/** Where a sink kind is documented: docs/report.md#flows. Open set; these are the kinds the models use. */
export const SINK_KINDS = [
  'log', 'stdout', 'file', 'http', 'third_party', 'cookie', 'exception', 'response', 'session', 'email', 'queue',
  'storage', 'database', 'model', 'network',
] as const;

export const FlowStep = z.object({ file: z.string(), line: z.number().int().nonnegative(), note: z.string() });

export const Flow = z.object({
  /** Stable id: a hash of source, sink callee, sink kind and categories (not of line numbers). */
  id: z.string(),
  source: z.object({
    /** The asset the data was read from, when known (`table:raw.users`). */
    asset: z.string().optional(),
    column: z.string().optional(),
    /** The name the classifier or manifest matched (`user.email`, `row["ssn"]`, `request.input("email")`). */
    name: z.string(),
    categories: z.array(z.string()),
    file: z.string(),
    line: z.number().int().nonnegative(),
  }),
  sink: z.object({
    kind: z.string().describe(`One of ${SINK_KINDS.join(', ')} (open set).`),
    callee: z.string(),
    file: z.string(),
    line: z.number().int().positive(),
    /** Last line of the sink's statement when it spans several lines. */
    endLine: z.number().int().positive().optional(),
    /** Host and path, file path, topic or asset id, when known. */
    target: z.string().optional(),
  }),
  /** Categories that reach the sink (after transforms). */
  categories: z.array(z.string()),
  path: z.array(FlowStep),
});
export type Flow = z.infer<typeof Flow>;

export const FINDING_LEVELS = ['error', 'warning', 'note'] as const;

export const Finding = z.object({
  ruleId: z.string(),
  level: z.enum(FINDING_LEVELS),
  message: z.string(),
  file: z.string(),
  line: z.number().int().nonnegative(),
  /** Stable under unrelated edits: rule, source, sink callee, categories; never line numbers. */
  fingerprint: z.string(),
  /** The flow behind the finding, if any. */
  flow: z.string().optional(),
  asset: z.string().optional(),
  policy: z.string().optional(),
  categories: z.array(z.string()).optional(),
  /** How to fix it, for people. */
  hint: z.string().optional(),
  suppression: z.object({
    kind: z.enum(['inline', 'manifest']),
    reason: z.string(),
    until: z.string().optional(),
    author: z.string().optional(),
  }).optional(),
  /** Last line of the statement or call the finding is about, when it spans several lines. */
  endLine: z.number().int().positive().optional(),
  /** The source line at `line`, trimmed, for reporters (which never read files). */
  snippet: z.string().optional(),
  /** From the source of the data to where it ends up, for findings about data movement. */
  path: z.array(FlowStep).optional(),
  /** With `--baseline`: `new` when the baseline report did not have this finding, else `unchanged`. */
  baseline: z.enum(['new', 'unchanged']).optional(),
});
export type Finding = z.infer<typeof Finding>;

export const Asset = z.object({
  id: z.string().describe('`<kind>:<name>`, e.g. `table:raw.users`.'),
  kind: z.string(),
  name: z.string(),
  columns: z.array(z.string()),
  annotation: Annotation.nullable().describe('The manifest entry that covers the asset (null when none).'),
  categories: z.array(z.string()),
  /** Column -> categories (declared, classified or propagated), for columns with at least one. */
  columnCategories: z.record(z.string(), z.array(z.string())).optional(),
  locations: z.array(Location),
});

export const SqlJob = z.object({
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
  temporary: z.array(z.string()).optional().describe('Assets the job creates as temporary (`#tmp`, CREATE TEMP TABLE).'),
});

/** A function, method or script whose code moves data from the assets it reads into the assets it writes. */
export const FunctionJob = z.object({
  id: z.string().describe('`<file>#<n>`: the n-th job of the file.'),
  kind: z.literal('function'),
  file: z.string(),
  line: z.number().int().positive().describe('Where the unit starts.'),
  unit: z.string().describe('The function, method (`Class.method`) or module (`<module>`).'),
  operation: z.string().describe('`train` when the function writes a model, else `transform`.'),
  confidence: z.enum(['high', 'low']),
  inputs: z.array(z.string()).describe('Assets whose data reaches an output, directly or through called functions.'),
  outputs: z.array(z.string()).describe('Assets the unit writes, itself or through helpers it names them to.'),
  columnLineage: z.array(ColumnLineage),
  inherited: z.object({ file: z.string(), line: z.number().int().positive(), unit: z.string() }).optional()
    .describe('For a method the class inherits (`unit` is `Class.method`, `line` the class): where the method is defined. The job is that method run with objects of the class.'),
});

export const Job = z.discriminatedUnion('kind', [SqlJob, FunctionJob]);

export const Script = z.object({
  file: z.string(),
  unit: z.string(),
  jobs: z.array(z.string()).describe('The jobs of the unit, in source order.'),
  inputs: z.array(z.string()).describe('Assets read from outside the script.'),
  outputs: z.array(z.string()).describe('Assets written that outlive the script.'),
  intermediate: z.array(z.string()).describe('Temporary tables, and tables created and dropped by the script.'),
  columnLineage: z.array(ColumnLineage).describe('Column lineage of the outputs, composed through intermediate tables.'),
});

export const Edge = z.object({
  from: z.string(),
  to: z.string(),
  jobs: z.array(z.string()),
  /** Set by `lineage validate --runtime`: whether run-time lineage also showed the edge. */
  runtime: z.enum(['confirmed', 'static-only']).optional(),
});

const count = z.number().int().nonnegative();

export const Coverage = z.object({
  files: z.object({
    discovered: z.number().int().nonnegative(),
    analysed: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    parsedCleanly: z.number().int().nonnegative(),
    /** Code files the grammar mostly failed on (parse quality below 0.5): their facts are partial, each is a gap. */
    lowParseQuality: z.number().int().nonnegative().optional(),
  }),
  sqlStatements: z.object({
    total: z.number().int().nonnegative(),
    parsed: z.number().int().nonnegative(),
    fallback: z.number().int().nonnegative(),
    unparsed: z.number().int().nonnegative(),
  }),
  dynamicSql: z.number().int().nonnegative(),
  /** Sensitivity and annotation of assets; "with lineage" means a known writer upstream and a known reader downstream. */
  assets: z.object({
    total: count,
    annotated: count,
    sensitive: count,
    sensitiveAnnotated: count,
    sensitiveWithUpstream: count,
    sensitiveWithDownstream: count,
    sensitiveWithLineage: count,
  }).optional(),
  /** Per language: files, files parsed without errors, mean parse quality (0..1). */
  languages: z.partialRecord(z.enum(LANGUAGES), z.object({ files: count, parsedCleanly: count, quality: z.number().min(0).max(1) })).optional(),
  /** Calls the simulator could not resolve (`unresolved-call` gaps). */
  unresolvedCalls: count.optional(),
  /** Warning and error gaps by kind. */
  blindSpots: z.record(z.string(), count).optional(),
  /** The same figures per top-level folder (`.` for files at the root), by path. */
  directories: z.array(z.object({
    path: z.string(),
    files: count,
    parsedCleanly: count,
    quality: z.number().min(0).max(1),
    sqlStatements: count,
    sqlFallback: count,
    sqlUnparsed: count,
    dynamicSql: count,
    blindSpots: count,
  })).optional(),
});

export const Report = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('lineage'), version: z.string() }),
  summary: Summary,
  assets: z.array(Asset),
  jobs: z.array(Job),
  edges: z.array(Edge),
  scripts: z.array(Script).default([]).describe('Units with several SQL statements: their reads, writes and intermediate tables.'),
  flows: z.array(Flow).describe('Sensitive data reaching sinks.'),
  findings: z.array(Finding).describe('Rule results.'),
  coverage: Coverage,
  gaps: z.array(Gap),
  /** With `--baseline`: how the findings compare with the baseline report's. */
  baseline: z.object({ new: count, unchanged: count, absent: count }).optional(),
}).meta({ title: 'lineage report', description: 'The JSON report of `lineage scan --format json`.' });

export type Report = z.infer<typeof Report>;
export type ReportAsset = z.infer<typeof Asset>;
export type ReportJob = z.infer<typeof Job>;
export type ReportCoverage = z.infer<typeof Coverage>;

export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Report, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}
