/**
 * One SQL statement -> its lineage: operation, tables read and written, column plans, declared columns.
 * The head is read from tokens (head.ts, dml.ts, ddl.ts, copy.ts); queries are parsed by node-sql-parser with
 * dialect fallbacks and position-keeping rewrites (query.ts), then resolved column by column (lineage/).
 * When no grammar parses the query, the tolerant fallback finds the tables and the parser's message is kept.
 */
import type { ColumnPlan, PlanInput } from '../../facts/schema.js';
import { readCopy } from './copy.js';
import { readDdl } from './ddl.js';
import type { DialectInfo } from './dialects.js';
import { readDelete, readMerge, readUpdate, type SyntheticDml } from './dml.js';
import { fallbackLineage } from './fallback.js';
import { anonymousBlock, readHead, type Head, type NameParts, type Range } from './head.js';
import type { Node } from './lineage/ast.js';
import { buildQueryScope, expressionUses, newScope, type BuildContext } from './lineage/build.js';
import type { Leaf, Scope, Slot, Source } from './lineage/model.js';
import { Resolver } from './lineage/resolve.js';
import { qualifiedName, tableAssetId, type TableName } from './names.js';
import type { BudgetHit } from './guard.js';
import { parseStatement } from './parser.js';
import { keepOnly, parseQuery, blank, selectItems } from './query.js';
import { tableLineage } from './tables.js';
import { tokenize } from './tokens.js';

export interface StatementOptions {
  dialect: DialectInfo;
  /** Schema that unqualified table names belong to (`--default-schema`, or a preceding `USE`). */
  defaultSchema?: string;
  /** A plain SELECT writes this table (a dbt model's query). */
  selectTarget?: { table: string; operation: string };
}

export interface StatementLineage {
  operation: string;
  reads: string[];
  writes: string[];
  defines: Map<string, string[]>;
  plans: ColumnPlan[];
  confidence: 'high' | 'low';
  /** The parser's message when a fallback found the tables (or nothing was found). */
  failure?: string;
  /** The budget that kept the statement from the grammars, when that is why it failed. */
  failureBudget?: BudgetHit;
  temporary: string[];
  useSchema?: string;
  /** Where the statement really starts in the text, when control-flow words come first. */
  offset?: number;
  /** A routine body whose statements are analysed on their own. */
  body?: Range;
}

const FILE_FORMATS = new Set(['parquet', 'json', 'csv', 'orc', 'avro', 'delta', 'text', 'binaryfile', 'iceberg']);

function partsName(name: NameParts): string {
  return name.parts.map((p) => (p.quoted ? p.value : p.value.toLowerCase())).join('.');
}

class StatementAnalyzer {
  readonly result: StatementLineage;
  private readonly reads = new Set<string>();
  private readonly writes: string[] = [];

  constructor(private readonly text: string, private readonly options: StatementOptions) {
    this.result = { operation: 'unknown', reads: [], writes: [], defines: new Map(), plans: [], confidence: 'high', temporary: [] };
  }

  private qualify(name: string): string {
    const schema = this.options.defaultSchema;
    if (!schema || name.includes('.') || name.startsWith('#') || name.startsWith('@')) return name;
    return `${schema}.${name}`;
  }

  tableId(name: NameParts | string): string {
    return tableAssetId(this.qualify(typeof name === 'string' ? name : partsName(name)));
  }

  private buildContext(): BuildContext {
    return {
      text: this.text,
      tableName: (node) => {
        // Spark reads files directly: SELECT * FROM parquet.`s3://bucket/path/`
        if (typeof node.db === 'string' && FILE_FORMATS.has(node.db.toLowerCase()) && typeof node.table === 'string' && /[/:]/.test(node.table)) return `file:${node.table}`;
        const table: TableName = { db: node.db as string | null, schema: node.schema as string | null, table: node.table as string };
        return typeof node.table === 'string' ? this.qualify(qualifiedName(table, this.text)) : null;
      },
      generated: [],
      tables: [],
      nextId: 1,
    };
  }

  private write(id: string): void {
    if (!this.writes.includes(id)) this.writes.push(id);
  }

  /** Parses and resolves a query; on failure the tolerant fallback reads its tables. */
  private query(text: string): { scope: Scope; slots: Slot[]; resolver: Resolver } | null {
    const parsed = parseQuery(text, this.options.dialect.parser);
    if (!parsed.ok) {
      this.fail(parsed.message, text, parsed.budget);
      return null;
    }
    const ctx = this.buildContext();
    ctx.rootItems = selectItems(text, this.options.dialect.split);
    ctx.generated = parsed.lateral.map((view): Source => {
      const args = parseQuery(`SELECT ${view.args}`, parsed.dialect);
      const uses = args.ok && Array.isArray(args.ast.columns)
        ? (args.ast.columns as Node[]).flatMap((c) => expressionUses(c.expr, newScope(ctx), ctx))
        : [];
      return { kind: 'generated', alias: view.alias.toLowerCase(), columns: view.columns.map((c) => c.toLowerCase()), uses };
    });
    const scope = buildQueryScope(parsed.ast, ctx);
    for (const table of ctx.tables) this.reads.add(tableAssetId(table));
    const resolver = new Resolver();
    return { scope, slots: resolver.outputs(scope), resolver };
  }

  private fail(message: string, text: string, budget?: BudgetHit): void {
    const fallback = fallbackLineage(text);
    for (const read of fallback.reads) this.reads.add(this.tableId(read));
    this.result.confidence = 'low';
    if (this.result.failure === undefined) {
      this.result.failure = message;
      if (budget) this.result.failureBudget = budget;
    }
  }

  private plan(target: string, slots: readonly Slot[], targetColumns?: string[], positional = false): void {
    const plan: ColumnPlan = { target, slots: slots.map(toPlanSlot) };
    if (targetColumns && targetColumns.length > 0) plan.targetColumns = targetColumns;
    else if (positional) plan.positional = true;
    if (plan.slots.length > 0) this.result.plans.push(plan);
    if (!slots.some((s) => s.starOf)) {
      const names = targetColumns && targetColumns.length === slots.length ? targetColumns : slots.map((s) => s.name);
      if (!positional || targetColumns) this.define(target, names);
    }
  }

  private define(asset: string, columns: readonly string[]): void {
    if (columns.length === 0) return;
    const known = this.result.defines.get(asset) ?? [];
    this.result.defines.set(asset, [...new Set([...known, ...columns])]);
  }

  analyze(): StatementLineage {
    const tokens = tokenize(this.text, this.options.dialect.split);
    const block = this.options.dialect.plsql ? anonymousBlock(tokens, this.text) : null;
    if (block) {
      this.applyHead(block);
      this.result.body = block.body!;
      return this.finish();
    }
    const inner = controlFlowBody(tokens);
    if (inner !== null) {
      // `BEGIN INSERT ...`, `IF x THEN UPDATE ...`, `IF EXISTS (...) DROP TABLE t`: the statement after the control words.
      const result = new StatementAnalyzer(blank(this.text, 0, inner), this.options).analyze();
      return { ...result, offset: inner };
    }
    const special = readCopy(tokens, this.text) ?? readDdl(tokens);
    if (special) {
      this.applyHead(special);
      const queryText = (special as { queryText?: string }).queryText;
      if (queryText) this.query(queryText);
      return this.finish();
    }
    const head = readHead(tokens, this.text, { plsql: this.options.dialect.plsql === true });
    this.applyHead(head);
    if (head.body) this.result.body = head.body;
    if (head.useSchema) this.result.useSchema = head.useSchema;
    if (head.dml) this.dml(head, tokens);
    else if (head.branches) this.multiInsert(head);
    else if (head.query || head.values) this.headQuery(head);
    else if (head.unknown) this.generic();
    return this.finish();
  }

  private applyHead(head: Head): void {
    this.result.operation = head.operation;
    for (const target of head.targets) this.write(this.tableId(target));
    for (const read of head.reads) this.reads.add(this.tableId(read));
    for (const asset of head.assetsIn) this.reads.add(asset);
    for (const asset of head.assetsOut) this.write(asset);
    if (head.temporary || head.targets.some((t) => t.parts[0]?.value.startsWith('#'))) {
      this.result.temporary.push(...head.targets.filter((t) => head.temporary || t.parts[0]!.value.startsWith('#')).map((t) => this.tableId(t)));
    }
    if (head.declared && head.targets[0]) this.define(this.tableId(head.targets[0]), head.declared);
  }

  private headQuery(head: Head): void {
    const model = head.operation === 'select' ? this.options.selectTarget : undefined;
    if (model) {
      this.result.operation = model.operation;
      this.write(tableAssetId(model.table));
    }
    const target = model ? tableAssetId(model.table) : head.targets[0] ? this.tableId(head.targets[0]) : head.assetsOut[0];
    if (head.values) {
      const rows = head.values;
      if (rows.some((row) => /\bselect\b/i.test(row))) {
        // Subqueries inside VALUES rows: each row becomes a SELECT, the rows a UNION ALL.
        const resolved = this.query(rows.map((row) => `SELECT ${row}`).join(' UNION ALL '));
        if (resolved && target) this.plan(target, resolved.slots, head.targetColumns, !head.targetColumns);
      } else if (target && head.targetColumns) {
        this.define(target, head.targetColumns);
      }
      return;
    }
    let text = keepOnly(this.text, [head.prefix, head.query].filter((r): r is Range => !!r));
    if (head.blank) text = blank(text, head.blank.start, head.blank.end);
    const resolved = this.query(text);
    if (!resolved || !target || head.tablesOnly) return;
    const insert = head.operation === 'insert';
    this.plan(target, resolved.slots, head.targetColumns, insert && !head.targetColumns);
  }

  private multiInsert(head: Head): void {
    for (const branch of head.branches ?? []) {
      const resolved = this.query(branch.text);
      if (resolved) this.plan(this.tableId(branch.target), resolved.slots, branch.columns, !branch.columns);
    }
  }

  private dml(head: Head, tokens: ReturnType<typeof tokenize>): void {
    const start = tokens.findIndex((t) => t.start >= (head.prefix?.end ?? 0) && t.kind === 'word');
    const prefix = head.prefix ? this.text.slice(head.prefix.start, head.prefix.end) : '';
    const reader = head.dml === 'update' ? readUpdate : head.dml === 'delete' ? readDelete : readMerge;
    const synthetic = start >= 0 ? reader(this.text, tokens, start, prefix) : null;
    if (!synthetic) {
      this.fail(`could not read the ${head.dml!.toUpperCase()} statement`, this.text);
      const fallback = fallbackLineage(this.text);
      for (const write of fallback.writes) this.write(this.tableId(write));
      return;
    }
    const resolved = this.query(synthetic.text);
    const targets = synthetic.targets.map((t) => this.dmlTarget(t, resolved?.scope));
    for (const target of targets) this.write(target);
    for (const target of targets) this.reads.delete(target);
    if (!resolved) {
      const fallback = fallbackLineage(this.text);
      for (const write of fallback.writes) if (synthetic.targets.length === 0) this.write(this.tableId(write));
      return;
    }
    if (synthetic.assignments.length > 0 && targets[0]) this.dmlPlan(synthetic, resolved, targets[0]);
  }

  /** A DML target named by an alias of its FROM list, or by a CTE over one table, resolves to that table. */
  private dmlTarget(name: NameParts, scope: Scope | undefined): string {
    if (scope && name.parts.length === 1) {
      const alias = name.parts[0]!.value.toLowerCase();
      const source = scope.sources.find((s) => s.alias === alias);
      if (source?.kind === 'table') return tableAssetId(source.table);
      const tables = source?.kind === 'scope' ? source.scope.sources.filter((s) => s.kind === 'table') : [];
      if (tables.length === 1 && tables[0]!.kind === 'table') return tableAssetId(tables[0]!.table);
    }
    return this.tableId(name);
  }

  private dmlPlan(synthetic: SyntheticDml, resolved: { scope: Scope; resolver: Resolver }, target: string): void {
    const slots: Slot[] = [];
    const indirect = resolved.resolver.indirect(resolved.scope);
    for (const assignment of synthetic.assignments) {
      const def = resolved.scope.columns[assignment.index];
      if (!def) continue;
      if (def.star) {
        const one: Scope = { ...resolved.scope, columns: [def] };
        slots.push(...resolved.resolver.outputs(one));
      } else {
        const inputs = [...resolved.resolver.uses(resolved.scope, def.uses), ...indirect];
        slots.push({ name: assignment.column, inputs });
      }
    }
    const plan: ColumnPlan = { target, slots: slots.map(toPlanSlot) };
    if (plan.slots.length > 0) this.result.plans.push(plan);
  }

  /** Statements the head reader does not know: the parser's AST, walked for tables. */
  private generic(): void {
    const parsed = parseStatement(this.text, this.options.dialect.parser);
    if (!parsed.ok) {
      const fallback = fallbackLineage(this.text);
      for (const write of fallback.writes) this.write(this.tableId(write));
      this.fail(parsed.message, this.text, parsed.budget);
      return;
    }
    for (const ast of parsed.ast) {
      const lineage = tableLineage(ast, this.text);
      this.result.operation = lineage.operation;
      for (const read of lineage.reads) this.reads.add(this.tableId(read));
      for (const write of lineage.writes) this.write(this.tableId(write));
    }
  }

  private finish(): StatementLineage {
    this.result.writes = this.writes;
    this.result.reads = [...this.reads];
    return this.result;
  }
}

const CONTROL = new Set(['begin', 'if', 'else', 'elsif', 'elseif', 'loop', 'while', 'for', 'when', 'then', 'exception', 'do', 'repeat']);
const CONTROL_END = new Set(['then', 'loop', 'begin', 'else', 'atomic', 'do', 'as', ')']);
const DML = new Set(['insert', 'update', 'delete', 'merge', 'select', 'with', 'create', 'truncate', 'drop', 'alter', 'copy', 'replace']);

/** Offset of the statement inside control-flow words of a routine body (null when there are none). */
function controlFlowBody(tokens: ReturnType<typeof tokenize>): number | null {
  const first = tokens[0];
  if (!first || first.kind !== 'word' || !CONTROL.has(first.value)) return null;
  if (first.value === 'begin' && (tokens.length === 1 || ['transaction', 'tran', 'work', 'distributed'].includes(tokens[1]!.value))) return null;
  for (let k = 1; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.depth !== 0 || t.kind !== 'word' || !DML.has(t.value)) continue;
    // T-SQL `IF <condition> DROP TABLE t` has no THEN: any statement word that cannot be part of the condition.
    const afterCondition = first.value === 'if' && t.value !== 'select' && t.value !== 'with' && t.value !== 'replace';
    if (CONTROL_END.has(tokens[k - 1]!.value) || afterCondition) return t.start;
  }
  return null;
}

function toPlanInput(leaf: Leaf): PlanInput {
  const input: PlanInput = { asset: leaf.asset, column: leaf.column, type: leaf.direct ? 'DIRECT' : 'INDIRECT', subtype: leaf.subtype };
  if (leaf.masking) input.masking = true;
  if (leaf.candidates && leaf.candidates.length > 1) input.candidates = [...leaf.candidates].sort();
  return input;
}

function toPlanSlot(slot: Slot): ColumnPlan['slots'][number] {
  const out: ColumnPlan['slots'][number] = { column: slot.name, inputs: slot.inputs.map(toPlanInput) };
  if (slot.starOf) out.starOf = slot.starOf;
  if (slot.except && slot.except.length > 0) out.except = slot.except;
  return out;
}

export function analyzeStatement(text: string, options: StatementOptions): StatementLineage {
  return new StatementAnalyzer(text, options).analyze();
}
