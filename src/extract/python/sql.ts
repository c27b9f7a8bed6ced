/**
 * SQL-carrying calls: the SQL text is built from literals, constants and templates (interpolated values become
 * placeholder tokens, `__lineage_p0__`), analysed by the SQL extractor, and recorded as `sql` steps with the
 * values bound to it and the columns it returns. SQL held in something the extractor cannot read (a parameter,
 * a name from another module) becomes a `query` step for the simulator to resolve.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import { PLACEHOLDER_PREFIX as TOKEN_PREFIX, type SqlStep, type Value } from '../../facts/schema.js';
import { singlePath } from '../../facts/values.js';
import { rowsIntoReceiver } from '../modelled-steps.js';
import type { SqlCallModel } from '../models.js';
import { analyzeSqlText } from '../sql/analyze.js';
import { collectionBinds, numberedBinds, numbersParameters, parameterColumns, rowsBinds } from '../sql/parameters.js';
import { withPlaceholderTokens } from '../sql/placeholders.js';
import { resultColumns } from '../sql/select-columns.js';
import { argNode, ArgValues, type ArgNodes } from './arguments.js';
import type { Callee } from './callees.js';
import type { UnitBuilder } from './context.js';
import { evaluate, pieceValue } from './expressions.js';
import { namedOf } from './nodes.js';
import { constantString, templateOf } from './strings.js';
import { unwrapText } from './wrappers.js';


interface SqlCall {
  node: Node;
  nodes: ArgNodes;
  callee: Callee;
  model: SqlCallModel;
  receiver: Value;
  line: number;
  depth: number;
  /** Every argument, evaluated already by a caller that needs them too (then not evaluated again). */
  args?: ArgValues;
}

/** After `cur.execute(...)`, the cursor holds the result rows (`cur.fetchall()` reads them). */
function keepInReceiver(b: UnitBuilder, call: SqlCall, result: Value): void {
  const into = singlePath(call.receiver);
  // Module functions (`pandas.read_sql`) have no receiver object to keep results in.
  if (into?.name === undefined || result.length === 0 || b.file.aliases.has(into.name)) return;
  b.steps.push(rowsIntoReceiver({ name: into.name, path: into.path }, result, call.line, b.weak > 0));
}

/**
 * Values bound by position or name, keyed by the columns their parameters stand for (`VALUES (%s, %s)` after
 * `INSERT INTO t (email, phone)`). Rows of values (`executemany(sql, [(a, b), (c, d)])`, a model's `bindsRows`)
 * are keyed through every row; a literal collection of rows bound otherwise stays as it is.
 */
function keyByColumn(binds: Value, params: ReturnType<typeof parameterColumns>, rows: boolean): Value {
  if (rows) return rowsBinds(binds, params);
  const only = binds.length === 1 ? binds[0]! : undefined;
  if (!only || !('items' in only) || only.items.some((entry) => entry.value.some((part) => 'items' in part))) return binds;
  return collectionBinds(binds, params);
}

/**
 * The values a call binds (see SqlCallModel): one argument (`binds`), or every positional argument from one on
 * (`bindsFrom`, and `numberedBindsFrom` when the text numbers its parameters or more arguments follow than `binds`
 * takes). `rows` when the bound value holds rows of values.
 */
function boundValues(args: ArgValues, model: SqlCall['model'], numbered: boolean): { binds?: Value; rows: boolean } {
  const byNumber = numberedBinds(model.numberedBindsFrom, args.positional, numbered);
  if (byNumber) return { binds: byNumber, rows: false };
  if (model.binds) return { binds: args.select(model.binds), rows: model.bindsRows === true };
  if (model.bindsFrom !== undefined) return { binds: [{ items: args.positional.slice(model.bindsFrom).map((value) => ({ value })) }], rows: false };
  return { rows: false };
}

/** A file name or path ending in `.sql`, and nothing else. */
const SQL_FILE_NAME = /^\s*[\w./-]+\.sql\s*$/i;

/** The value under `keys` of a dict written as a literal (`{"query": {"query": SQL}}`), if it is there. */
function underKeys(node: Node, keys: readonly string[]): Node | undefined {
  let current: Node | undefined = node;
  for (const key of keys) {
    if (current?.type !== 'dictionary') return undefined;
    current = namedOf(current).find((pair) => {
      const written = pair.type === 'pair' ? pair.childForFieldName('key') : null;
      return written !== null && constantString(written)?.text === key;
    })?.childForFieldName('value') ?? undefined;
  }
  return current;
}

/**
 * `sql="queries/load.sql"`: a runner that takes a template file's name (Airflow) reads that file, which the scan
 * reads as SQL on its own; the name is no statement.
 */
function namesSqlFile(b: UnitBuilder, node: Node): boolean {
  const template = templateOf(unwrapText(b, node), b.templateScope);
  const only = template?.pieces.length === 1 ? template.pieces[0]! : undefined;
  return only !== undefined && 'text' in only && SQL_FILE_NAME.test(only.text);
}

/** Whether a text as written starts like a SQL statement (its literal start: `f"DELETE FROM {t}"` does). */
function startsStatement(node: Node): boolean {
  const first = templateOf(node)?.pieces[0];
  return first !== undefined && 'text' in first && STATEMENT_START.test(first.text);
}

/** The start of a SQL statement: a list of texts held in a name is statements only when each starts so. */
const STATEMENT_START = /^\s*\(?\s*(select|insert|update|delete|merge|create|drop|alter|truncate|with|copy|unload|grant|revoke|call|begin|commit|set|use|refresh|vacuum|analyze|comment|replace|upsert|put|get|list|remove)\b/i;

export function handleSql(b: UnitBuilder, call: SqlCall): Value | null {
  const written = argNode(call.nodes, { arg: call.model.arg, kwarg: call.model.kwarg });
  const argument = written && call.model.key ? underKeys(written, call.model.key) : written;
  if (!argument) return null;
  // A list of statements, each run in turn (`sql=["DELETE ...", "INSERT ..."]` of Airflow's SQL operators), written
  // at the call or held in a name (`sql=STEPS`).
  const held = argument.type === 'identifier' ? b.listOf(argument.text) : null;
  const list = argument.type === 'list' || argument.type === 'tuple' ? argument : held && namedOf(held).every(startsStatement) ? held : null;
  const texts = (list ? namedOf(list) : [argument]).filter((node) => !namesSqlFile(b, node));
  if (texts.length === 0) return null;
  const args = call.args ?? new ArgValues(b, call.nodes, call.receiver, call.depth, argument);
  // The text argument as the caller evaluated it, when it did.
  const evaluated = call.args ? call.args.select({ arg: call.model.arg, ...(call.model.kwarg ? { kwarg: call.model.kwarg } : {}) }) : undefined;
  return texts.flatMap((node) => handleSqlText(b, call, node, args, node === written ? evaluated : undefined));
}

function handleSqlText(b: UnitBuilder, call: SqlCall, argument: Node, args: ArgValues, evaluated: Value | undefined): Value {
  const textNode = unwrapText(b, argument);
  const template = templateOf(textNode, b.templateScope);
  const callee = call.callee.written;
  const literalText = template?.pieces.some((p) => 'text' in p && /[A-Za-z]/.test(p.text));

  if (!template || !literalText) {
    // Not text the extractor can read: the simulator resolves it through constants and callers.
    const slot = b.slot();
    const text = textNode === argument && evaluated ? evaluated : evaluate(b, textNode, call.depth + 1);
    const { binds } = boundValues(args, call.model, false);
    b.steps.push({ op: 'query', line: call.line, slot, callee, text, ...(binds && binds.length > 0 ? { binds } : {}) });
    keepInReceiver(b, call, [{ slot }]);
    return [{ slot }];
  }

  const { text, params } = withPlaceholderTokens(template.pieces, (hole) => pieceValue(b, hole, call.depth + 1));
  const context = b.file.context;
  const result = analyzeSqlText(text, {
    file: b.file.file, dialect: context.dialect, baseLine: template.row + 1, baseColumn: template.column + 1, embedded: true,
  });
  b.file.gaps.push(...result.gaps);
  const markers = parameterColumns(text);
  // Values bound by position after the text (`conn.fetch("... WHERE id = $1", user_id)`) or in one argument.
  const { binds, rows } = boundValues(args, call.model, numbersParameters(markers));
  const bound = binds && binds.length > 0 ? keyByColumn(binds, markers, rows) : undefined;
  const slots: Value = [];
  let dynamic = false;
  for (const statement of result.statements) {
    const slot = b.slot();
    slots.push({ slot });
    if ([...statement.inputs, ...statement.outputs].some((id) => id.includes(TOKEN_PREFIX))) dynamic = true;
    const step: SqlStep = { op: 'sql', line: call.line, callee, statement, slot };
    if (params.length > 0) step.params = params;
    if (bound) step.binds = bound;
    const { columns, whole } = resultColumns(statement);
    if (columns) step.columns = columns;
    if (whole) step.whole = whole;
    b.steps.push(step);
  }
  if (dynamic) {
    b.file.gap('dynamic-sql', call.line,
      `a table name in the SQL passed to ${callee} is built at run time; where callers pass a constant, their jobs name the table`);
  }
  keepInReceiver(b, call, slots);
  return slots;
}
