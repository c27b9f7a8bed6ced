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

/**
 * What the FROM clause reads: tables by alias and name, and relations that are no table — a CTE named there, a
 * derived table (`FROM (SELECT ...) t`) — by alias, with the list they return (null: unknown). `opaque`: a source
 * neither could be read (`FROM generate_series(...)`, `LATERAL`), so an unqualified column may be its.
 */
interface Scope {
  tables: Map<string, string>;
  relations: Map<string, SelectList | null>;
  opaque: boolean;
}

/** How many SELECTs deep CTEs and derived tables are read (hostile text nests them thousands deep). */
const MAX_NESTING = 8;

/** The index of the `)` closing the `(` at `open`, or -1 (strings and comments are blanked). */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The relations a FROM clause reads, `ctes` being the WITH clause's (and the enclosing statements'). */
function fromScope(clause: string, ctes: ReadonlyMap<string, SelectList | null>, depth: number): Scope {
  const scope: Scope = { tables: new Map(), relations: new Map(), opaque: false };
  const refs = splitTopLevel(clause, /,|\b(?:(?:natural\s+)?(?:left|right|full|inner|cross)\s+(?:outer\s+)?)?join\b/giy);
  const ref = new RegExp(String.raw`^\s*(${IDENT}(?:\s*\.\s*${IDENT}){0,2})(?:\s+(?:as\s+)?(${IDENT}))?`, 'i');
  const aliasAfter = new RegExp(String.raw`^\s*(?:as\s+)?(${IDENT})`, 'i');
  const aliasOf = (text: string | undefined) => (text && !/^(on|using|where|join|left|right|inner|full|cross|natural|lateral)$/i.test(text) ? unquote(text) : undefined);
  for (const piece of refs) {
    const open = /^\s*\(/.exec(piece);
    if (open) {
      // A derived table: what its SELECT returns, under its alias.
      const close = closingParen(piece, open[0].length - 1);
      const after = close < 0 ? null : aliasAfter.exec(piece.slice(close + 1));
      const alias = aliasOf(after?.[1]);
      if (alias === undefined) {
        scope.opaque = true;
        continue;
      }
      const list = depth < MAX_NESTING ? selectList(piece.slice(open[0].length, close), ctes, depth + 1) : null;
      // `AS t(uid, contact)`: a column list after the alias renames what the SELECT returns.
      const columnList = /^\s*(\([^()]*\))/.exec(piece.slice(close + 1 + after![0].length))?.[1];
      scope.relations.set(alias, renamed(list, columnList));
      continue;
    }
    const match = ref.exec(piece.replace(/\bon\b[\s\S]*$/i, '').replace(/\busing\b[\s\S]*$/i, ''));
    if (!match || /^\s*lateral\b/i.test(piece) || /^\s*[\w$.]+\s*\(/.test(piece)) {
      scope.opaque = true;
      continue;
    }
    const name = match[1]!.split(/\s*\.\s*/).map(unquote).join('.');
    const alias = aliasOf(match[2]);
    if (ctes.has(name)) {
      scope.relations.set(alias ?? name, ctes.get(name)!);
      continue;
    }
    scope.tables.set(alias ?? name.slice(name.lastIndexOf('.') + 1), name);
    scope.tables.set(name, name);
  }
  return scope;
}

type Origin = Array<{ asset: string; column: string }>;

/** The one relation of a scope, when it reads one: a column without a qualifier is its. */
function onlySource(scope: Scope): { table: string } | { relation: SelectList | null } | undefined {
  const tables = new Set(scope.tables.values());
  if (scope.opaque || tables.size + scope.relations.size !== 1) return undefined;
  return tables.size === 1 ? { table: [...tables][0]! } : { relation: [...scope.relations.values()][0]! };
}

/**
 * The table columns a column of the scope comes from (`u.email`, or `email` of its one relation): of a CTE or a
 * derived table, what its list says (empty: no table's data, `count(*) AS n`); undefined when unknown.
 */
function resolveColumn(scope: Scope, qualifier: string | undefined, column: string): Origin | undefined {
  if (qualifier === undefined) {
    const row = wholeRow(scope, column);
    if (row) return row;
  }
  let source: { table: string } | { relation: SelectList | null } | undefined;
  if (qualifier === undefined) source = onlySource(scope);
  else if (scope.tables.has(qualifier)) source = { table: scope.tables.get(qualifier)! };
  else if (scope.relations.has(qualifier)) source = { relation: scope.relations.get(qualifier)! };
  if (!source) return undefined;
  if ('table' in source) return [{ asset: tableAssetId(source.table), column }];
  const list = source.relation;
  if (!list) return undefined;
  const found = list.columns.find((c) => c.name === column);
  if (found) return found.from ?? [];
  return list.star && list.starOf?.length === 1 ? [{ asset: list.starOf[0]!, column }] : undefined;
}

/**
 * A source's alias used as a value (`row_to_json(u)`): the whole row of that source, `*` for all of a table's
 * columns. Not a table's own name, which is as often one of its columns (`SELECT status FROM status`).
 */
function wholeRow(scope: Scope, name: string): Origin | undefined {
  const table = scope.tables.get(name);
  if (table !== undefined && table.slice(table.lastIndexOf('.') + 1) !== name) return [{ asset: tableAssetId(table), column: '*' }];
  // A CTE or derived table known, with no column of that name and no star over what is unknown: all it returns.
  const relation = scope.relations.get(name);
  if (!relation || relation.columns.some((c) => c.name === name) || (relation.star && !relation.starOf)) return undefined;
  return [...relation.columns.flatMap((c) => c.from ?? []), ...(relation.starOf ?? []).map((asset) => ({ asset, column: '*' }))];
}

/**
 * A relation's list under the column list written after its name (`contacts (uid, contact)`, `AS t(uid, contact)`):
 * its columns renamed by position; unknown when the counts differ or a star hides how many there are.
 */
function renamed(list: SelectList | null, columnList: string | undefined): SelectList | null {
  if (!list || columnList === undefined) return list;
  const names = splitTopLevel(columnList.slice(1, -1), /,/y).map((part) => unquote(part.trim()));
  return !list.star && list.columns.length === names.length ? { ...list, columns: list.columns.map((c, i) => ({ ...c, name: names[i]! })) } : null;
}

/**
 * The CTEs of a leading WITH clause (`WITH recent AS (SELECT ...), ...`), each with the list it returns (a column list
 * after its name renames the columns), added to those of the enclosing statements.
 */
function withRelations(text: string, outer: ReadonlyMap<string, SelectList | null>, depth: number): Map<string, SelectList | null> {
  const ctes = new Map(outer);
  const start = /^\s*with\s+(recursive\s+)?/iy.exec(text);
  if (!start) return ctes;
  const recursive = start[1] !== undefined;
  const head = new RegExp(String.raw`(${IDENT})\s*(\([^()]*\))?\s*as\s*(?:(?:not\s+)?materialized\s*)?\(`, 'iy');
  let at = start[0].length;
  for (;;) {
    head.lastIndex = at;
    const match = head.exec(text);
    if (!match) break;
    const open = at + match[0].length - 1;
    const close = closingParen(text, open);
    if (close < 0) break;
    const name = unquote(match[1]!);
    const bodyText = text.slice(open + 1, close);
    // A recursive CTE is unknown inside its own body: one of a WITH RECURSIVE, or one whose body is a UNION (T-SQL
    // and others need no keyword). Another one's body reads what the name meant before it: the table of that name
    // (`WITH users AS (SELECT id, email FROM users WHERE active)`), or an enclosing statement's CTE.
    if (recursive || /\bunion\b/i.test(bodyText)) ctes.set(name, null);
    const list = depth < MAX_NESTING ? selectList(bodyText, ctes, depth + 1) : null;
    ctes.set(name, renamed(list, match[2]));
    const comma = /\s*,\s*/y;
    comma.lastIndex = close + 1;
    if (!comma.exec(text)) break;
    at = comma.lastIndex;
  }
  return ctes;
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
function referencedColumns(expression: string, scope: Scope): Origin {
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
    for (const origin of resolveColumn(scope, parts.length === 2 ? unquote(parts[0]!) : undefined, column) ?? []) {
      out.set(`${origin.asset}.${origin.column}`, origin);
    }
  });
  return [...out.values()];
}

/** A name for a result column without an alias that holds no column: a function's name, as PostgreSQL gives it. */
function unnamed(expression: string): string {
  const call = /^([A-Za-z_][\w$]*)\s*\(/.exec(expression);
  return call ? call[1]!.toLowerCase() : '?column?';
}

export function selectColumns(sql: string): SelectList | null {
  return selectList(blank(sql), new Map(), 0);
}

/** The list of a SELECT's text (strings and comments blanked), CTEs of enclosing statements in `outer`. */
function selectList(text: string, outer: ReadonlyMap<string, SelectList | null>, depth: number): SelectList | null {
  const ctes = withRelations(text, outer, depth);
  const select = keywordAt(text, /select\b/iy, 0);
  if (select < 0) return null;
  // `... UNION [ALL] SELECT ...` (and INTERSECT): each column holds what it holds in any branch. EXCEPT keeps the
  // first branch's rows only.
  const branches = splitTopLevel(text.slice(select), /\b(?:union|intersect)(?:\s+(?:all|distinct))?\b/iy);
  if (branches.length === 1) return oneSelect(text, select, ctes, depth);
  const lists = branches.map((branch) => {
    // A branch in brackets is not read: unknown.
    const start = keywordAt(branch, /select\b/iy, 0);
    return start < 0 ? null : oneSelect(branch, start, ctes, depth);
  });
  return mergedBranches(lists);
}

/** The columns of a set operation's branches, position by position (null when one is unknown or they differ). */
function mergedBranches(lists: ReadonlyArray<SelectList | null>): SelectList | null {
  const first = lists[0];
  if (!first || lists.some((list) => !list || list.star || list.columns.length !== first.columns.length)) return null;
  const columns = first.columns.map((column, position) => {
    const from = new Map<string, { asset: string; column: string }>();
    for (const list of lists) for (const origin of list!.columns[position]!.from ?? []) from.set(`${origin.asset}.${origin.column}`, origin);
    return from.size > 0 ? { name: column.name, from: [...from.values()] } : { name: column.name };
  });
  return { columns, star: false, starOf: null };
}

/** One SELECT of `text`, its keyword at `select`, with the CTEs in scope. */
function oneSelect(text: string, select: number, ctes: ReadonlyMap<string, SelectList | null>, depth: number): SelectList | null {
  const listStart = select + 'select'.length;
  const from = keywordAt(text, /from\b/iy, listStart);
  const listText = text.slice(listStart, from < 0 ? text.length : from).replace(/^\s*(distinct|all)\b/i, '').replace(/^\s*top\s+\d+/i, '');
  let scope: Scope = { tables: new Map(), relations: new Map(), opaque: false };
  if (from >= 0) {
    const end = [/where\b/iy, /group\s+by\b/iy, /order\s+by\b/iy, /having\b/iy, /limit\b/iy, /union\b/iy, /intersect\b/iy, /except\b/iy, /minus\b/iy, /window\b/iy, /;/y]
      .map((k) => keywordAt(text, k, from + 4)).filter((i) => i >= 0);
    scope = fromScope(text.slice(from + 4, end.length > 0 ? Math.min(...end) : text.length), ctes, depth);
  }
  return listColumns(listText, scope);
}

/** The columns of a list of result columns (a SELECT's, a RETURNING clause's) over the relations of `scope`. */
function listColumns(listText: string, scope: Scope): SelectList | null {
  const columns: SelectColumn[] = [];
  let star = false;
  let starOf: Set<string> | null = new Set();
  // A star's columns: all of each table's, and what each CTE or derived table returns.
  const expand = (tables: readonly string[], relations: ReadonlyArray<SelectList | null>) => {
    for (const table of tables) {
      star = true;
      starOf?.add(tableAssetId(table));
    }
    for (const relation of relations) {
      if (!relation) {
        star = true;
        starOf = null;
        continue;
      }
      columns.push(...relation.columns);
      if (relation.star) {
        star = true;
        if (relation.starOf && starOf) for (const table of relation.starOf) starOf.add(table);
        else starOf = null;
      }
    }
  };
  const simple = new RegExp(String.raw`^(?:(${IDENT}(?:\s*\.\s*${IDENT})?)\s*\.\s*)?(${IDENT})$`);
  for (const raw of splitTopLevel(listText, /,/y)) {
    const item = raw.trim();
    if (item === '') return null;
    if (/(^|\.)\s*\*$/.test(item)) {
      const qualifier = item.replace(/\s*\.\s*\*$/, '');
      if (qualifier === '*') {
        const tables = [...new Set(scope.tables.values())];
        if (scope.opaque || tables.length + scope.relations.size === 0) {
          star = true;
          starOf = null;
        } else expand(tables, [...scope.relations.values()]);
        continue;
      }
      const name = qualifier.split(/\s*\.\s*/).map(unquote).join('.');
      const table = scope.tables.get(name);
      if (table !== undefined) expand([table], []);
      else if (scope.relations.has(name)) expand([], [scope.relations.get(name)!]);
      else {
        star = true;
        starOf = null;
      }
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
      const origin = resolveColumn(scope, qualifier, unquote(reference[2]!));
      if (origin && origin.length > 0) column.from = origin;
    } else {
      const read = referencedColumns(expression, scope);
      if (read.length > 0) column.from = read;
    }
    columns.push(column);
  }
  return { columns, star, starOf: star && starOf ? [...starOf].sort() : null };
}

/**
 * The columns a statement returns, when it is a SELECT whose list is known or a write with a RETURNING clause: the
 * columns it lists and, with a star, the tables it returns every column of (`whole`).
 */
export function resultColumns(statement: { operation: string; text: string; outputs?: readonly string[] }): { columns?: SelectColumn[]; whole?: string[] } {
  const list = statement.operation === 'select' ? selectColumns(statement.text) : returningColumns(statement.text, statement.outputs ?? []);
  if (!list || (list.star && !list.starOf)) return {};
  return {
    ...(list.columns.length > 0 ? { columns: list.columns } : {}),
    ...(list.starOf ? { whole: list.starOf } : {}),
  };
}

/**
 * The rows an INSERT, UPDATE or DELETE gives back with a RETURNING clause (`RETURNING id, email`, `RETURNING *`):
 * columns of the one table it writes. Null without the clause.
 */
function returningColumns(sql: string, outputs: readonly string[]): SelectList | null {
  const tables = outputs.filter((id) => id.startsWith('table:'));
  if (tables.length !== 1) return null;
  const text = blank(sql);
  const at = keywordAt(text, /returning\b/iy, 0);
  if (at < 0) return null;
  const semicolon = keywordAt(text, /;/y, at);
  const listText = text.slice(at + 'returning'.length, semicolon < 0 ? text.length : semicolon).replace(/\binto\b[\s\S]*$/i, '');
  const name = tables[0]!.slice('table:'.length);
  const scope: Scope = { tables: new Map([[name, name], [name.slice(name.lastIndexOf('.') + 1), name]]), relations: new Map(), opaque: false };
  return listColumns(listText, scope);
}
