/**
 * The IR: dataflow facts. Extractors turn one source file into one `FileFacts`; nothing else creates them.
 * Every later stage (simulate, graph, analyze, report) reads only these facts, never source text, so the
 * facts must carry everything they need: positions, names, SQL lineage and blind spots (gaps).
 *
 * The schemas are zod objects so facts can be validated when they come from outside (cache, shards) and
 * so their TypeScript types are inferred from one source of truth.
 */
import { z } from 'zod';
import { AssetBinding, AssignStep, CallStep, RemoveStep, Import, OpenStep, Param, ReadStep, ResultColumn, ReturnStep, SinkStep, Value, WriteStep } from './code.js';

export * from './code.js';

export const LANGUAGES = ['python', 'cpp', 'php', 'hack', 'sql'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/** A blind spot: something the tool could not analyse, with where and why. */
export const GapSeverity = z.enum(['info', 'warning', 'error']);
export const Gap = z.object({
  /** Stable machine-readable kind, e.g. `binary-file`, `sql-parse-error` (see docs/gaps.md). */
  kind: z.string(),
  file: z.string(),
  /** 1-based line, 0 when the gap concerns the whole file. */
  line: z.number().int().nonnegative(),
  detail: z.string(),
  severity: GapSeverity,
});
export type Gap = z.infer<typeof Gap>;

/** One column of an output produced from input columns, typed as OpenLineage's ColumnLineageDatasetFacet. */
export const TransformationType = z.enum(['DIRECT', 'INDIRECT']);
export const TransformationSubtype = z.enum([
  'IDENTITY', 'TRANSFORMATION', 'AGGREGATION',
  'JOIN', 'GROUP_BY', 'FILTER', 'SORT', 'WINDOW', 'CONDITIONAL',
]);
export const ColumnRef = z.object({ asset: z.string(), column: z.string() });
export type ColumnRef = z.infer<typeof ColumnRef>;
export const ColumnInput = ColumnRef.extend({
  type: TransformationType,
  subtype: TransformationSubtype,
  /** Set when the column passes through a function that hides its value (hash, count, ...). */
  masking: z.boolean().optional(),
});
export type ColumnInput = z.infer<typeof ColumnInput>;
export const ColumnLineage = z.object({ output: ColumnRef, inputs: z.array(ColumnInput) });
export type ColumnLineage = z.infer<typeof ColumnLineage>;

/** Columns a statement declares for an asset (CREATE TABLE, CREATE VIEW, dbt schema): schema knowledge. */
export const AssetColumns = z.object({ asset: z.string(), columns: z.array(z.string()) });
export type AssetColumns = z.infer<typeof AssetColumns>;

/**
 * Column lineage still waiting for schema knowledge: the ordered output columns of a statement's query, with
 * `*` of tables whose columns are unknown (`starOf`) and inputs whose table is one of several `candidates`.
 * The resolution pass (src/sql-resolve) expands them with the columns learnt from the whole repository.
 */
export const PlanInput = ColumnInput.extend({ candidates: z.array(z.string()).optional() });
export type PlanInput = z.infer<typeof PlanInput>;
export const PlanSlot = z.object({
  column: z.string(),
  inputs: z.array(PlanInput),
  /** The slot is `*` of this asset (expanded when its columns are known). */
  starOf: z.string().optional(),
  except: z.array(z.string()).optional(),
});
export type PlanSlot = z.infer<typeof PlanSlot>;
export const ColumnPlan = z.object({
  target: z.string(),
  /** The INSERT column list, matched by position. */
  targetColumns: z.array(z.string()).optional(),
  /** INSERT without a column list: slots map to the target's known columns by position. */
  positional: z.boolean().optional(),
  slots: z.array(PlanSlot),
});
export type ColumnPlan = z.infer<typeof ColumnPlan>;

/** The lineage of one SQL statement, from a .sql file or from a string in code. */
export const SqlStatement = z.object({
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  endLine: z.number().int().positive(),
  dialect: z.string(),
  /** Statement type: select, insert, create_table_as, create_view, merge, update, delete, drop, ... */
  operation: z.string(),
  /** The statement text as analysed (templating resolved), for reports and the SQLJobFacet. */
  text: z.string(),
  /** Asset ids read (`table:raw.users`, `file:s3://bucket/key`). */
  inputs: z.array(z.string()),
  /** Asset ids written, created or otherwise affected (DROP/TRUNCATE name their table here too). */
  outputs: z.array(z.string()),
  columnLineage: z.array(ColumnLineage),
  /** Columns this statement declares (CREATE TABLE (...), CTAS, views). */
  defines: z.array(AssetColumns),
  /** `high`: parsed fully; `low`: a tolerant fallback found the tables. */
  confidence: z.enum(['high', 'low']),
  /** Column lineage that needs schema knowledge (`*`, ambiguous columns, positional INSERT); see ColumnPlan. */
  columnPlans: z.array(ColumnPlan).optional(),
  /** Assets this statement creates as temporary (CREATE TEMP TABLE, `#tmp`, SELECT INTO #tmp). */
  temporary: z.array(z.string()).optional(),
});
export type SqlStatement = z.infer<typeof SqlStatement>;
/** The same, for stages that must not spell a language name. */
export type EmbeddedStatement = SqlStatement;

/**
 * An ordered step of a unit: SQL statements (from .sql files and from SQL embedded in code) and the code steps of
 * src/facts/code.ts (assign, call, read, write, sink, return, query); every step carries the line it came from.
 */
export const SqlStep = z.object({
  op: z.literal('sql'),
  line: z.number().int().positive(),
  /** The call that carried the SQL (`cursor.execute`), absent for statements of a .sql file. */
  callee: z.string().optional(),
  statement: SqlStatement,
  /** SQL in code: the slot holding the statement's result rows. */
  slot: z.number().int().nonnegative().optional(),
  /**
   * SQL built from code: each placeholder token left in the text (`__lineage_p0__`) and the value interpolated
   * there. A token standing in a table name makes that table dynamic until the simulator resolves the value.
   */
  params: z.array(z.object({ token: z.string(), value: Value })).optional(),
  /** The values bound to the statement's parameters (`execute(sql, (a, b))`, `executemany(sql, rows)`). */
  binds: Value.optional(),
  /** Columns the statement's result has (a SELECT list), with their source columns when known. */
  columns: z.array(ResultColumn).optional(),
  /** Tables (asset ids) the statement's result has every column of (`SELECT *`, `SELECT o.*, ...`). */
  whole: z.array(z.string()).optional(),
});
export type SqlStep = z.infer<typeof SqlStep>;

/**
 * SQL whose text the extractor could not build (a parameter, a value from another module): the simulator
 * resolves `text` to constant strings through constants and callers and analyses those.
 */
export const QueryStep = z.object({
  op: z.literal('query'),
  line: z.number().int().positive(),
  slot: z.number().int().nonnegative(),
  callee: z.string(),
  text: Value,
  binds: Value.optional(),
  /**
   * The text is a query over mapped classes, not SQL (an ORM's query language: Doctrine's DQL), and these are the
   * class names in it, each with the value that names the class. The simulator writes it as the SQL it runs over
   * the classes' tables (src/extract/sql/entity-query.ts).
   */
  entities: z.array(z.strictObject({ name: z.string(), value: Value })).optional(),
});
export type QueryStep = z.infer<typeof QueryStep>;

export const Step = z.discriminatedUnion('op', [SqlStep, QueryStep, AssignStep, CallStep, ReadStep, WriteStep, SinkStep, ReturnStep, OpenStep, RemoveStep]);
export type Step = z.infer<typeof Step>;

/** Placeholder tokens left in SQL built from code start with this (`__lineage_p0__`). */
export const PLACEHOLDER_PREFIX = '__lineage_p';

const PLACEHOLDER_TOKENS = new RegExp(`'${PLACEHOLDER_PREFIX}\\d+__'|${PLACEHOLDER_PREFIX}\\d+__`, 'g');

/**
 * SQL built from code as reports show it: what the program puts in at run time is `?`, as a bound parameter is
 * written (`WHERE id = ?`), also where the text quotes it (`status = '{status}'`).
 */
export function shownSql(text: string): string {
  return text.includes(PLACEHOLDER_PREFIX) ? text.replace(PLACEHOLDER_TOKENS, '?') : text;
}

/** The op of embedded-SQL steps, for stages that must not spell a language name. */
export const EMBEDDED_STATEMENT_OP = 'sql' as const;

/** A unit of code: a function, method, module top level, class body, or a SQL script. */
export const UnitKind = z.enum(['module', 'function', 'method', 'class', 'script']);
export const Unit = z.object({
  /** Qualified name inside the file (`module`, `Loader.run`, `script`). Unique per file. */
  name: z.string(),
  kind: UnitKind,
  line: z.number().int().positive(),
  endLine: z.number().int().positive(),
  steps: z.array(Step),
  /** Parameters, in order (code units). */
  params: z.array(Param).optional(),
  /** The enclosing unit (`Loader` for `Loader.run`, `outer` for a nested `outer.inner`); absent at top level. */
  parent: z.string().optional(),
  /** Class units: base classes as written, import aliases resolved (`models.Model`, `Base`). */
  bases: z.array(z.string()).optional(),
  /**
   * Class units of a language whose members bind statically (C++): the methods the class declares virtual
   * (`virtual`, `override`, `final`), the only members of it a subclass overrides. Absent where every method and
   * attribute may be overridden (Python, PHP, Hack).
   */
  virtuals: z.array(z.string()).optional(),
  /** Decorators, resolved like callees (`contextlib.contextmanager`, `app.route`). */
  decorators: z.array(z.string()).optional(),
  /** Class units an ORM maps to a table: the asset their instances are records of. */
  asset: AssetBinding.optional(),
  /**
   * Class units without a constructor of their own: the attributes the class body declares with a type annotation
   * (`email: str`), in order. A record class's constructor (see `record`) takes them, by position or by keyword.
   */
  fields: z.array(z.string()).optional(),
  /**
   * A class whose constructor a library writes from its `fields` and its bases' (a dataclass, a pydantic model, a
   * NamedTuple); a subclass of one is one too.
   */
  record: z.literal(true).optional(),
  /**
   * A method that runs when its attribute is read (a property getter: `account.full_name` runs `full_name(account)`):
   * reading the attribute gives what the method returns, not the method.
   */
  accessor: z.literal(true).optional(),
  /** A method that runs when its attribute is assigned (a property setter): `obj.name = v` runs `name(obj, v)`. */
  setter: z.literal(true).optional(),
  /**
   * Names outside the program (`flask_login.current_user`) whose value is what this function returns: a callback
   * the program registers with a library, which gives its result under that name (the user a `user_loader` loads).
   */
  provides: z.array(z.string()).optional(),
  /**
   * A method a library model writes for a class of the program (a serializer's `save()`), which the framework runs
   * only when the program calls it: no entry point, so what it writes of its callers' data is theirs even when no
   * unit calls it.
   */
  helper: z.literal(true).optional(),
});
export type Unit = z.infer<typeof Unit>;

/**
 * Code files whose parse quality is below this are mostly unparsed: their facts are partial and each is reported as
 * a gap of kind LOW_PARSE_QUALITY_GAP.
 */
export const LOW_PARSE_QUALITY = 0.5;
export const LOW_PARSE_QUALITY_GAP = 'low-parse-quality';

/** Parse health of a file: bytes under parser error nodes (tree-sitter) or unparsed statements (SQL). */
export const ParseHealth = z.object({
  errorBytes: z.number().int().nonnegative(),
  /** 1 - errorBytes / bytes, rounded to 4 decimals; 1 for a clean file. */
  quality: z.number().min(0).max(1),
});

/** An inline `lineage: allow <rule-or-policy> reason="..." until=YYYY-MM-DD` comment (docs/policies.md). */
export const InlineSuppression = z.object({
  /** Line of the comment holding the directive. */
  line: z.number().int().positive(),
  /** Last line of the comment, when it is a block comment that goes on after the directive. */
  endLine: z.number().int().positive().optional(),
  /** Rule ids, rule aliases or policy ids, as written. */
  targets: z.array(z.string()),
  reason: z.string(),
  until: z.string().optional(),
});
export type InlineSuppression = z.infer<typeof InlineSuppression>;

export const FileFacts = z.object({
  /** Path relative to the scanned root, forward slashes. */
  file: z.string(),
  language: Language,
  /** sha256 of the raw bytes, hex. */
  hash: z.string(),
  bytes: z.number().int().nonnegative(),
  lines: z.number().int().nonnegative(),
  parse: ParseHealth,
  units: z.array(Unit),
  gaps: z.array(Gap),
  /** Inline suppressions found in comments, in line order. */
  suppressions: z.array(InlineSuppression).optional(),
  /** Code files: the dotted module name the file defines (`etl.db` for etl/db.py), for import resolution. */
  module: z.string().optional(),
  /** Code files: imports, in source order. */
  imports: z.array(Import).optional(),
});
export type FileFacts = z.infer<typeof FileFacts>;
