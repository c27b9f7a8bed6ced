/**
 * SQL carried by calls: the text is rebuilt from literals, constants and string building (interpolated values
 * become placeholder tokens, `__lineage_p0__`), analysed by the SQL extractor, and recorded as `sql` steps with
 * the values bound to it and the columns it returns. Text the extractor cannot read becomes a `query` step for
 * the simulator to resolve. Prepared statements are kept until they run (prepared.ts).
 */
import { PLACEHOLDER_PREFIX, type SqlStep, type Value } from '../../facts/schema.js';
import { singlePath } from '../../facts/values.js';
import { rowsIntoReceiver } from '../modelled-steps.js';
import type { SqlCallModel } from '../models.js';
import { analyzeSqlText } from '../sql/analyze.js';
import { withPlaceholderTokens } from '../sql/placeholders.js';
import { collectionBinds, keyedBinds, numberedBinds, numbersParameters, parameterColumns, rowsBinds } from '../sql/parameters.js';
import { resultColumns } from '../sql/select-columns.js';
import type { CodeUnit } from './context.js';
import { valueTemplate, type Template } from './templates.js';

export interface SqlCall {
  callee: string;
  line: number;
  /** The SQL text as a value. */
  text: Value;
  /** Values bound to parameters, in order (or one collection). */
  binds: Value;
  /** printf-style parameters: the operands of the specifiers, in order. */
  operands?: Value[];
  /** Every positional argument, for models that bind by position when the text numbers its parameters. */
  positional?: Value[];
  model: SqlCallModel;
  /** Where a prepared statement's handle goes: a name (`stmt`), or undefined for the result. */
  handle?: string;
  receiver: Value;
}

/** Hack `queryf` and friends: `%s`, `%d`, `%=s`, `%Ls` are bound values; `%T`, `%C` name tables and columns. */
const QUERYF = /%(?:=|L)?[a-zA-Z]/g;

/** printf-style parameters -> `?` markers and bound values; table and column specifiers -> placeholders. */
function printfParams(template: Template, operands: readonly Value[]): { template: Template; binds: Value[] } {
  const pieces: Template['pieces'] = [];
  const binds: Value[] = [];
  let next = 0;
  for (const piece of template.pieces) {
    if (!('text' in piece)) {
      pieces.push(piece);
      continue;
    }
    let last = 0;
    for (const match of piece.text.matchAll(QUERYF)) {
      pieces.push({ text: piece.text.slice(last, match.index) });
      last = match.index + match[0].length;
      const operand = operands[next++] ?? [];
      const letter = match[0][match[0].length - 1];
      if (letter === 'T' || letter === 'C' || letter === 'K') pieces.push({ value: operand });
      else {
        pieces.push({ text: '?' });
        binds.push(operand);
      }
    }
    pieces.push({ text: piece.text.slice(last) });
  }
  return { template: { ...template, pieces }, binds };
}

/** After a query runs through an object (a cursor, a connection), the object holds its rows. */
function keepInReceiver(u: CodeUnit, receiver: Value, result: Value, line: number): void {
  const into = singlePath(receiver);
  // Connections held by an object (`$this->db`) are not cursors: the rows go where the result is assigned.
  if (into?.name === undefined || into.name === 'this' || result.length === 0 || u.file.aliases.has(into.name)) return;
  u.steps.push(rowsIntoReceiver({ name: into.name, path: into.path }, result, line, u.weak > 0));
}

/**
 * A query over mapped classes (a `entities` model): a `query` step with the classes its text names, which the
 * simulator writes as SQL once the classes' tables are known.
 */
function emitEntityQuery(u: CodeUnit, call: SqlCall): Value {
  const slot = u.slot();
  const template = valueTemplate(call.text, (name) => u.valueOf(name));
  const text = (template?.pieces ?? []).map((piece) => ('text' in piece ? piece.text : ' ')).join('');
  const byName = new Map((u.file.classesNamedIn?.(text, call.line) ?? []).map((entity) => [entity.name, entity]));
  const entities = [...byName.keys()].sort().map((name) => byName.get(name)!);
  u.steps.push({ op: 'query', line: call.line, slot, callee: call.callee, text: call.text, ...(entities.length > 0 ? { entities } : {}) });
  return [{ slot }];
}

/** Emits the steps of a SQL-carrying call and returns the value of its result. */
export function emitSql(u: CodeUnit, call: SqlCall): Value {
  if (call.model.entities) return emitEntityQuery(u, call);
  let template = valueTemplate(call.text, (name) => u.valueOf(name));
  let binds: Value[] = call.binds.length > 0 ? [call.binds] : [];
  if (template && call.model.params === 'printf') {
    const converted = printfParams(template, call.operands ?? []);
    template = converted.template;
    binds = converted.binds;
  }
  const readable = template?.pieces.some((p) => 'text' in p && /[A-Za-z]/.test(p.text));
  if (!template || !readable) {
    const slot = u.slot();
    const bound = numberedBinds(call.model.numberedBindsFrom, call.positional ?? [], false) ?? (binds.length > 0 ? binds.flat() : []);
    u.steps.push({ op: 'query', line: call.line, slot, callee: call.callee, text: call.text, ...(bound.length > 0 ? { binds: bound } : {}) });
    if (call.model.handle === undefined) keepInReceiver(u, call.receiver, [{ slot }], call.line);
    return [{ slot }];
  }
  const { text, params } = withPlaceholderTokens(template.pieces, (hole) => hole.value);
  const result = analyzeSqlText(text, {
    file: u.file.file, dialect: u.file.dialect, baseLine: template.row + 1, baseColumn: template.column + 1, embedded: true,
  });
  u.file.gaps.push(...result.gaps);
  const markers = parameterColumns(text);
  const byNumber = numberedBinds(call.model.numberedBindsFrom, call.positional ?? [], numbersParameters(markers));
  const bound = call.model.params === 'printf' ? keyedBinds(binds, markers)
    : byNumber ? collectionBinds(byNumber, markers)
      : binds.length === 0 ? []
        : call.model.bindsRows ? rowsBinds(binds[0]!, markers) : collectionBinds(binds[0]!, markers);
  const steps: SqlStep[] = [];
  const slots: Value = [];
  let dynamic = false;
  for (const statement of result.statements) {
    const slot = u.slot();
    slots.push({ slot });
    if ([...statement.inputs, ...statement.outputs].some((id) => id.includes(PLACEHOLDER_PREFIX))) dynamic = true;
    const step: SqlStep = { op: 'sql', line: call.line, callee: call.callee, statement, slot };
    if (params.length > 0) step.params = params;
    if (bound.length > 0) step.binds = bound;
    const { columns, whole } = resultColumns(statement);
    if (columns) step.columns = columns;
    if (whole) step.whole = whole;
    steps.push(step);
  }
  if (dynamic) {
    u.file.gap('dynamic-sql', call.line,
      `a table name in the SQL passed to ${call.callee} is built at run time; where callers pass a constant, their jobs name the table`);
  }
  if (steps.length === 0) return [];
  if (call.model.handle !== undefined) {
    u.prepared.add({ steps, slot: steps[0]!.slot!, params: markers, line: call.line }, call.handle);
    return [{ slot: steps[0]!.slot! }];
  }
  u.steps.push(...steps);
  keepInReceiver(u, call.receiver, slots, call.line);
  return slots;
}
