/**
 * The columns a SELECT returns, read from its text: names (aliases or column names) and, for plain column
 * references, the table column they come from. Used to give query results in code their fields (`row["email"]`
 * is `raw.users.email`). A light reader, not a parser: it follows parentheses, strings and comments, and gives up
 * (returns null) on anything it does not understand.
 */
import { tableAssetId } from './names.js';
import { spaceStart } from '../../util/text-scan.js';
import { skipQuoted } from './split.js';
import { functionKnowledge } from './lineage/functions.js';

export interface SelectColumn {
  name: string;
  from?: Array<{ asset: string; column: string }>;
}

export interface SelectList {
  columns: SelectColumn[];
  /** The list has `*` or `t.*`: more columns than listed. */
  star: boolean;
  /**
   * With a star, the tables (asset ids) whose every column it returns: those of the FROM clause for `*`, the one
   * named for `t.*`; null when one is not a plain table (a derived table, an unknown alias).
   */
  starOf: string[] | null;
}

/** The text with strings and comments blanked (same length), so keywords are found only in SQL. */
function blank(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = skipQuoted(text, i, ch, true);
      // Quoted identifiers keep their text; string literals become blanks.
      out += ch === "'" ? ' '.repeat(end - i) : text.slice(i, end);
      i = end;
      continue;
    }
    if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i);
      const end = nl === -1 ? text.length : nl;
      out += ' '.repeat(end - i);
      i = end;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      const end = close === -1 ? text.length : close + 2;
      out += ' '.repeat(end - i);
      i = end;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Top-level (depth 0) pieces of `text` split at `separator` (a regex matched only at depth 0). */
function splitTopLevel(text: string, separator: RegExp): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0) {
      separator.lastIndex = i;
      const match = separator.exec(text);
      if (match && match.index === i) {
        pieces.push(text.slice(start, i));
        start = i + match[0].length;
        i = start - 1;
      }
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** Index of the first top-level occurrence of a keyword at or after `from`, or -1. */
function keywordAt(text: string, keyword: RegExp, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && (i === 0 || !/[\w$]/.test(text[i - 1]!))) {
      keyword.lastIndex = i;
      const match = keyword.exec(text);
      if (match && match.index === i) return i;
    }
  }
  return -1;
}

const IDENT = String.raw`(?:"[^"]+"|\`[^\`]+\`|[A-Za-z_][\w$]*)`;
const unquote = (part: string) => (/^["`]/.test(part) ? part.slice(1, -1) : part.toLowerCase());

/** Table references of the FROM clause: alias (or name) -> table name; `derived` when one is a subquery. */
function fromTables(clause: string): { tables: Map<string, string>; derived: boolean } {
  const tables = new Map<string, string>();
  let derived = false;
  const refs = splitTopLevel(clause, /,|\b(?:(?:natural\s+)?(?:left|right|full|inner|cross)\s+(?:outer\s+)?)?join\b/giy);
  const ref = new RegExp(String.raw`^\s*(${IDENT}(?:\s*\.\s*${IDENT}){0,2})(?:\s+(?:as\s+)?(${IDENT}))?`, 'i');
  for (const piece of refs) {
    const match = ref.exec(piece.replace(/\bon\b[\s\S]*$/i, '').replace(/\busing\b[\s\S]*$/i, ''));
    if (!match || /^\s*\(/.test(piece)) {
      derived ||= /^\s*\(/.test(piece);
      continue;
    }
    const name = match[1]!.split(/\s*\.\s*/).map(unquote).join('.');
    const alias = match[2] && !/^(on|using|where|join|left|right|inner|full|cross|natural)$/i.test(match[2]) ? unquote(match[2]) : undefined;
    tables.set(alias ?? name.slice(name.lastIndexOf('.') + 1), name);
    tables.set(name, name);
  }
  return { tables, derived };
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/**
 * `expr AS alias` or `expr alias` split into the expression and the alias (an identifier, quoted or not), as
 * `^([\s\S]*?)(?:\s+as)?\s+(<identifier>)$` would split it — but read from the end: that pattern retried every
 * prefix and took quadratic time on long runs of white space.
 */
export function splitAlias(item: string): { expression: string; alias: string } | null {
  const last = item[item.length - 1];
  let start: number;
  if (last === '"' || last === '`') {
    start = item.lastIndexOf(last, item.length - 2);
    if (start < 0 || start === item.length - 2) return null;
  } else {
    start = item.length;
    while (start > 0 && /[\w$]/.test(item[start - 1]!)) start--;
    if (start === item.length || !/[A-Za-z_]/.test(item[start]!)) return null;
  }
  let end = spaceStart(item, start);
  if (end === start) return null; // the alias must follow white space
  // An `AS` before it belongs to neither part, when white space comes before it too.
  if (end >= 3 && item.slice(end - 2, end).toLowerCase() === 'as' && isSpace(item[end - 3])) end = spaceStart(item, end - 2);
  return { expression: item.slice(0, end), alias: item.slice(start) };
}

/** Functions whose result tells something about a value without holding it (a count, a length, a digest). */
const hides = (name: string) => functionKnowledge().masking.has(name.toLowerCase());

/**
 * The column a function of one column returns the data of (`lower(email)`, `max(u.created_at)`,
 * `trim(coalesce(name, ''))`: the first argument, then literals), as `simple` would match it; none through a
 * function that hides the value (`count(email)`, `md5(email)`).
 */
function wrappedReference(expression: string, simple: RegExp): RegExpExecArray | null {
  let inner = expression;
  // A loop with a bound, not recursion: hostile text nests calls thousands deep.
  for (let depth = 0; depth < MAX_WRAPPING; depth++) {
    const call = /^([A-Za-z_][\w$]*)\s*\(\s*(?:distinct\s+)?([\s\S]*)\)$/i.exec(inner);
    if (!call || hides(call[1]!)) return null;
    const [first, ...rest] = splitTopLevel(call[2]!, /,/y).map((part) => part.trim());
    if (first === undefined || !rest.every((part) => /^(?:'[^']*'|\s*|-?\d+(?:\.\d+)?|null|true|false)$/i.test(part))) return null;
    const reference = simple.exec(first);
    if (reference) return reference;
    inner = first;
  }
  return null;
}

/** How many functions deep a column is followed (`lower(trim(email))`: two). */
const MAX_WRAPPING = 16;

/**
 * SQL's own words, which are no column of an expression (`CASE WHEN ... END`, `x IS NOT NULL`, `AT TIME ZONE`), with
 * the words before a typed literal (`DATE '2024-01-01'`, whose literal is blanked). Functions called without
 * parentheses, date parts and type arguments come from grammars/sql/functions.yaml.
 */
const SQL_KEYWORDS = new Set([
  'case', 'when', 'then', 'else', 'end', 'and', 'or', 'not', 'null', 'is', 'in', 'like', 'ilike', 'between', 'distinct',
  'as', 'true', 'false', 'collate', 'escape', 'similar', 'to', 'from', 'for', 'at', 'zone', 'over', 'partition', 'by',
  'order', 'asc', 'desc', 'filter', 'where', 'within', 'group', 'rows', 'range', 'preceding', 'following', 'unbounded',
  'current', 'row', 'nulls', 'first', 'last', 'any', 'some', 'all', 'array', 'interval', 'date', 'time', 'timestamp',
]);

/**
 * Whether a bare word of an expression is SQL rather than a column: a keyword, a function called without parentheses
 * (`current_date`), a date part as an argument of a function that takes one (`extract(epoch from ts)`) or after an
 * interval's count (`INTERVAL 7 DAY`), a type as an argument of a function that takes one (`CONVERT(INT, x)`).
 */
function isSqlWord(word: string, call: string | undefined, before: string): boolean {
  const known = functionKnowledge();
  if (SQL_KEYWORDS.has(word) || known.niladic.has(word)) return true;
  if (known.dateParts.has(word) && ((call !== undefined && known.datePartFunctions.has(call)) || /\binterval\s+[-+]?[\w.]*\s*$/i.test(before))) return true;
  return known.dataTypes.has(word) && call !== undefined && known.typeArgumentFunctions.has(call);
}

/** The innermost call open at each of `positions` (ascending) of `text`, lower-cased; undefined outside calls. */
function enclosingCalls(text: string, positions: readonly number[]): Array<string | undefined> {
  const open: string[] = [];
  const out: Array<string | undefined> = [];
  let at = 0;
  for (const position of positions) {
    for (; at < position; at++) {
      const ch = text[at];
      if (ch === '(') {
        const name = /([A-Za-z_][\w$]*)\s*$/.exec(text.slice(Math.max(0, at - 64), at));
        open.push(name ? name[1]!.toLowerCase() : '');
      } else if (ch === ')') open.pop();
    }
    const call = open[open.length - 1];
    out.push(call === '' ? undefined : call);
  }
  return out;
}

const CALL = /([A-Za-z_][\w$]*)\s*\(/g;
const REFERENCE = new RegExp(String.raw`(?<![\w$."\x60])(${IDENT}(?:\s*\.\s*${IDENT})?)(?![\w$]|\s*[(.])`, 'g');

/**
 * The columns an expression the reader does not take apart reads (`full_name || ' ' || email`,
 * `coalesce(phone, email)`, `email::text`), of the table each names or the query's one table: a result of them
 * holds their data. None through a function that hides the value (`encode(digest(email, 'sha256'), 'hex')`).
 */
function referencedColumns(expression: string, tables: ReadonlyMap<string, string>, only: string | undefined): Array<{ asset: string; column: string }> {
  const bare = expression
    .replace(/::\s*[A-Za-z_][\w$]*(?:\s*\([^)]*\))?(?:\s*\[\])?/g, ' ')
    .replace(/\bas\s+[A-Za-z_][\w$]*(?:\s*\([^)]*\))?/gi, ' ');
  for (const call of bare.matchAll(CALL)) if (hides(call[1]!)) return [];
  const out = new Map<string, { asset: string; column: string }>();
  const matches = [...bare.matchAll(REFERENCE)];
  const calls = enclosingCalls(bare, matches.map((match) => match.index));
  matches.forEach((match, i) => {
    const parts = match[1]!.split(/\s*\.\s*/);
    const column = unquote(parts[parts.length - 1]!);
    if (parts.length === 1 && !/^["`]/.test(parts[0]!) && isSqlWord(column, calls[i], bare.slice(Math.max(0, match.index - 64), match.index))) return;
    const table = parts.length === 2 ? tables.get(unquote(parts[0]!)) : only;
    if (table !== undefined) out.set(`${table}.${column}`, { asset: tableAssetId(table), column });
  });
  return [...out.values()];
}

/** A name for a result column without an alias that holds no column: a function's name, as PostgreSQL gives it. */
function unnamed(expression: string): string {
  const call = /^([A-Za-z_][\w$]*)\s*\(/.exec(expression);
  return call ? call[1]!.toLowerCase() : '?column?';
}

export function selectColumns(sql: string): SelectList | null {
  const text = blank(sql);
  const select = keywordAt(text, /select\b/iy, 0);
  if (select < 0) return null;
  const listStart = select + 'select'.length;
  const from = keywordAt(text, /from\b/iy, listStart);
  const listText = text.slice(listStart, from < 0 ? text.length : from).replace(/^\s*(distinct|all)\b/i, '').replace(/^\s*top\s+\d+/i, '');
  let tables = new Map<string, string>();
  let derived = false;
  if (from >= 0) {
    const end = [/where\b/iy, /group\s+by\b/iy, /order\s+by\b/iy, /having\b/iy, /limit\b/iy, /union\b/iy, /window\b/iy, /;/y]
      .map((k) => keywordAt(text, k, from + 4)).filter((i) => i >= 0);
    ({ tables, derived } = fromTables(text.slice(from + 4, end.length > 0 ? Math.min(...end) : text.length)));
  }
  const distinct = [...new Set(tables.values())];
  const columns: SelectColumn[] = [];
  let star = false;
  let starOf: Set<string> | null = new Set();
  const simple = new RegExp(String.raw`^(?:(${IDENT}(?:\s*\.\s*${IDENT})?)\s*\.\s*)?(${IDENT})$`);
  for (const raw of splitTopLevel(listText, /,/y)) {
    const item = raw.trim();
    if (item === '') return null;
    if (/(^|\.)\s*\*$/.test(item)) {
      star = true;
      const qualifier = item.replace(/\s*\.\s*\*$/, '');
      const named = qualifier === '*' ? (derived || distinct.length === 0 ? null : distinct)
        : [tables.get(qualifier.split(/\s*\.\s*/).map(unquote).join('.'))].filter((t) => t !== undefined);
      if (starOf && named && named.length > 0) for (const table of named) starOf.add(tableAssetId(table));
      else starOf = null;
      continue;
    }
    let expression = item;
    let name: string | undefined;
    const plain = simple.exec(item);
    if (!plain) {
      const withAlias = splitAlias(item);
      // `a || b` is no alias `b` of `a ||`; `... || '>' AS contact` is one (the string literal is blanked).
      if (withAlias && (/\sas\s+\S+$/i.test(item) || !/[-+*/|(]$/.test(withAlias.expression.trim()))) {
        expression = withAlias.expression.trim();
        name = unquote(withAlias.alias);
      }
    }
    const reference = simple.exec(expression) ?? wrappedReference(expression, simple);
    // Without an alias, a function of one column is named by the column (`lower(email)`: `email`), as the flows name it.
    const column: SelectColumn = { name: name ?? (reference ? unquote(reference[2]!) : unnamed(expression)) };
    if (reference) {
      const qualifier = reference[1] ? reference[1].split(/\s*\.\s*/).map(unquote).join('.') : undefined;
      const table = qualifier ? tables.get(qualifier) : distinct.length === 1 ? distinct[0] : undefined;
      if (table) column.from = [{ asset: tableAssetId(table), column: unquote(reference[2]!) }];
    } else {
      const read = referencedColumns(expression, tables, distinct.length === 1 ? distinct[0] : undefined);
      if (read.length > 0) column.from = read;
    }
    columns.push(column);
  }
  return { columns, star, starOf: star && starOf ? [...starOf].sort() : null };
}

/**
 * The columns a statement returns, when it is a SELECT whose list is known: the columns it lists and, with a star,
 * the tables it returns every column of (`whole`).
 */
export function resultColumns(statement: { operation: string; text: string }): { columns?: SelectColumn[]; whole?: string[] } {
  if (statement.operation !== 'select') return {};
  const list = selectColumns(statement.text);
  if (!list || (list.star && !list.starOf)) return {};
  return {
    ...(list.columns.length > 0 ? { columns: list.columns } : {}),
    ...(list.starOf ? { whole: list.starOf } : {}),
  };
}
