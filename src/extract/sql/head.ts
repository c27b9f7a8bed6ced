/**
 * Statement heads read from tokens, without a grammar: what a statement is (operation), which tables it
 * writes, and where its query is. The query part is then parsed on its own (with everything else blanked out
 * so offsets stay exact), which covers the forms the parser rejects: `WITH ... INSERT`, `INSERT OVERWRITE ...
 * PARTITION`, CTAS and views with dialect options, SELECT INTO, Hive multi-insert.
 */
import { isWord, matchingParen, readTableName, type Token } from './tokens.js';

export interface Range {
  start: number;
  end: number;
  /** The range is the inside of a single-quoted string: its quotes are doubled (`'SELECT ''x''::text'`). */
  quoted?: boolean;
}

/** A table name as written: parts with their quoting. */
export interface NameParts {
  parts: { value: string; quoted: boolean }[];
}

export interface Head {
  operation: string;
  /** Tables written. */
  targets: NameParts[];
  /** Tables read by the head itself (LIKE / CLONE sources, RENAME origins). */
  reads: NameParts[];
  /** Non-table assets (`file:...`, `stage:...`). */
  assetsIn: string[];
  assetsOut: string[];
  targetColumns?: string[];
  /** Columns declared by CREATE TABLE (...). */
  declared?: string[];
  /** The query whose result is written (or selected); plus a WITH prefix to keep in front of it. */
  query?: Range;
  prefix?: Range;
  /** VALUES rows as SQL expression lists (the text inside each row's parentheses; MySQL `SET a = x` too). */
  values?: string[];
  temporary?: boolean;
  /** For `USE x`: the schema that unqualified names fall into afterwards. */
  useSchema?: string;
  /** Statements inside a routine body. */
  body?: Range;
  /** Hive multi-insert: one synthetic query text per target. */
  branches?: { target: NameParts; columns?: string[]; text: string }[];
  /** A range of the query to blank out before parsing (the INTO clause of SELECT INTO). */
  blank?: Range;
  /** Table lineage only (Oracle INSERT ALL: which row goes where is decided per row). */
  tablesOnly?: boolean;
  /** A statement the head reader does not know (left to the parser). */
  unknown?: boolean;
  /** UPDATE / DELETE / MERGE: handled by their own readers. */
  dml?: 'update' | 'delete' | 'merge';
}

const QUERY_START = new Set(['select', 'with', 'values', 'from', 'table', 'sel']);
const NO_LINEAGE = new Set([
  'explain', 'show', 'describe', 'desc', 'grant', 'revoke', 'analyze', 'analyse', 'vacuum', 'refresh', 'msck',
  'optimize', 'commit', 'rollback', 'begin', 'start', 'end', 'call', 'exec', 'execute', 'print', 'raise',
  'return', 'comment', 'declare', 'set', 'reset', 'unset', 'lock', 'unlock', 'checkpoint', 'dbcc', 'go',
  'if', 'while', 'open', 'close', 'fetch', 'deallocate', 'prepare', 'kill', 'list', 'get', 'put', 'remove',
  'uncache', 'clear', 'add', 'export', 'import', 'savepoint', 'release', 'discard', 'listen', 'notify',
  'reindex', 'cluster', 'alter_session', 'pragma', 'attach', 'detach', 'backup', 'restore', 'undrop',
]);

export function nameFromTokens(parts: readonly Token[]): NameParts {
  const out: NameParts['parts'] = [];
  for (const token of parts) {
    if (token.kind === 'quoted' && token.text.startsWith('`') && token.value.includes('.')) {
      for (const piece of token.value.split('.')) out.push({ value: piece, quoted: true });
    } else {
      // [brackets] only delimit (T-SQL names are case-insensitive); "double quotes" and `backticks` keep case.
      const quoted = token.kind === 'quoted' && !token.text.startsWith('[');
      out.push({ value: token.kind === 'quoted' ? token.value : token.text, quoted });
    }
  }
  return { parts: out };
}

function empty(operation: string): Head {
  return { operation, targets: [], reads: [], assetsIn: [], assetsOut: [] };
}

/** Index after a `WITH name AS (...) [, ...]` prefix starting at `i` (or `i` when there is none). */
export function skipWith(tokens: readonly Token[], i: number): number {
  if (!isWord(tokens[i], 'with')) return i;
  let j = i + 1;
  if (isWord(tokens[j], 'recursive')) j++;
  for (;;) {
    const name = readTableName(tokens, j);
    if (!name) return i;
    j = name.next;
    if (tokens[j]?.value === '(') j = matchingParen(tokens, j) + 1;
    if (!isWord(tokens[j], 'as')) return i;
    j++;
    if (isWord(tokens[j], 'not')) j++;
    if (isWord(tokens[j], 'materialized')) j++;
    if (tokens[j]?.value !== '(') return i;
    j = matchingParen(tokens, j) + 1;
    if (tokens[j]?.value === ',') { j++; continue; }
    return j;
  }
}

/** Column names of a parenthesised list at `open` (`(a, b)`); null when it holds more than names. */
function nameList(tokens: readonly Token[], open: number): string[] | null {
  const close = matchingParen(tokens, open);
  const names: string[] = [];
  let expectName = true;
  for (let k = open + 1; k < close; k++) {
    const token = tokens[k]!;
    if (expectName && (token.kind === 'word' || token.kind === 'quoted')) {
      names.push(token.kind === 'quoted' ? token.value : token.value);
      expectName = false;
    } else if (!expectName && token.value === ',') {
      expectName = true;
    } else if (!expectName && token.value === '.' && (tokens[k + 1]?.kind === 'word' || tokens[k + 1]?.kind === 'quoted')) {
      // `t.col` in a column list: keep the last part.
      const next = tokens[++k]!;
      names[names.length - 1] = next.value;
    } else {
      return null;
    }
  }
  return names;
}

const CONSTRAINT_WORDS = new Set(['primary', 'constraint', 'unique', 'foreign', 'key', 'index', 'check', 'like', 'period', 'exclude', 'fulltext', 'spatial', 'shard']);

/** Column names of `CREATE TABLE t (a int, b text, PRIMARY KEY (a))`. */
function declaredColumns(tokens: readonly Token[], open: number): string[] {
  const close = matchingParen(tokens, open);
  const depth = tokens[open]!.depth + 1;
  const names: string[] = [];
  let itemStart = true;
  for (let k = open + 1; k < close; k++) {
    const token = tokens[k]!;
    if (token.depth === depth && token.value === ',') { itemStart = true; continue; }
    if (!itemStart) continue;
    itemStart = false;
    if (token.kind === 'quoted') names.push(token.value);
    else if (token.kind === 'word' && !CONSTRAINT_WORDS.has(token.value)) names.push(token.value);
  }
  return names;
}

/** End offset of a query that is followed by a tail the parser does not need (ON CONFLICT, RETURNING, ...). */
function queryEnd(tokens: readonly Token[], from: number, textEnd: number, depth: number): number {
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.depth !== depth || t.kind !== 'word') continue;
    const next = tokens[k + 1];
    if ((t.value === 'on' && (isWord(next, 'conflict') || isWord(next, 'duplicate')))
      || t.value === 'returning'
      || (t.value === 'with' && (isWord(next, 'data') || isWord(next, 'no') || isWord(next, 'check') || isWord(next, 'local') || isWord(next, 'cascaded')))
      || (t.value === 'option' && next?.value === '(')) {
      return t.start;
    }
  }
  return textEnd;
}

function isQueryStart(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  if (!t) return false;
  if (t.kind === 'word' && QUERY_START.has(t.value)) return t.value !== 'table' || tokens[k + 1]?.kind !== 'punct';
  if (t.value === '(') return isQueryStart(tokens, k + 1);
  return false;
}

/** Oracle `INSERT ALL|FIRST INTO a ... INTO b ... SELECT ...`: every INTO target, the final query. */
function readInsertAll(tokens: readonly Token[], i: number, text: string): Head {
  const head = empty('insert');
  let query = -1;
  for (let k = i + 2; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.depth !== 0 || t.kind !== 'word') continue;
    if (t.value === 'into') {
      const name = readTableName(tokens, k + 1);
      if (name) head.targets.push(nameFromTokens(name.parts));
    } else if (t.value === 'select' || t.value === 'with') {
      query = k;
      break;
    }
  }
  if (query >= 0) head.query = { start: tokens[query]!.start, end: text.length };
  head.tablesOnly = true;
  return head;
}

/** MySQL `INSERT INTO t SET a = x, b = y`: the columns and one row of values. */
function readInsertSet(tokens: readonly Token[], j: number, text: string, head: Head): void {
  const columns: string[] = [];
  const values: string[] = [];
  let k = j + 1;
  while (k < tokens.length) {
    const column = tokens[k];
    if (!column || (column.kind !== 'word' && column.kind !== 'quoted') || tokens[k + 1]?.value !== '=') break;
    let end = k + 2;
    while (end < tokens.length && !(tokens[end]!.depth === 0 && (tokens[end]!.value === ',' || isWord(tokens[end], 'on')))) end++;
    columns.push(column.value);
    values.push(text.slice(tokens[k + 2]?.start ?? text.length, tokens[end - 1]?.end ?? text.length));
    if (tokens[end]?.value !== ',') break;
    k = end + 1;
  }
  head.targetColumns = columns;
  head.values = [values.join(', ')];
}

function readInsert(tokens: readonly Token[], i: number, text: string, prefix: Range | undefined): Head {
  if (isWord(tokens[i + 1], 'all', 'first') && tokens.filter((t) => t.depth === 0 && isWord(t, 'into')).length > 1) return readInsertAll(tokens, i, text);
  const head = empty('insert');
  let j = i + 1;
  while (isWord(tokens[j], 'low_priority', 'delayed', 'high_priority', 'ignore', 'all', 'or')) {
    j++;
    if (isWord(tokens[j], 'replace', 'ignore', 'abort', 'fail', 'rollback')) j++;
  }
  if (isWord(tokens[j], 'overwrite')) j++;
  if (isWord(tokens[j], 'into')) j++;
  if (isWord(tokens[j], 'local')) j++;
  if (isWord(tokens[j], 'directory')) {
    const path = tokens[j + 1];
    if (path?.kind === 'string') head.assetsOut.push(`file:${path.value}`);
    j += 2;
    while (j < tokens.length && !isQueryStart(tokens, j)) j++;
    head.operation = 'insert_directory';
    head.query = { start: tokens[j]?.start ?? text.length, end: queryEnd(tokens, j, text.length, 0) };
    head.prefix = prefix;
    return head;
  }
  if (isWord(tokens[j], 'table')) j++;
  const name = readTableName(tokens, j);
  if (!name) return head;
  head.targets.push(nameFromTokens(name.parts));
  j = name.next;
  for (;;) {
    const t = tokens[j];
    if (!t) break;
    if (isWord(t, 'partition') && tokens[j + 1]?.value === '(') { j = matchingParen(tokens, j + 1) + 1; continue; }
    if (isWord(t, 'if') && isWord(tokens[j + 1], 'not')) { j += 3; continue; }
    if (isWord(t, 'as') && (tokens[j + 1]?.kind === 'word' || tokens[j + 1]?.kind === 'quoted') && !isQueryStart(tokens, j + 1)) { j += 2; continue; }
    if (isWord(t, 'by') && isWord(tokens[j + 1], 'name')) { j += 2; continue; }
    if (isWord(t, 'overwrite')) { j++; continue; }
    if (t.value === '(' && !isQueryStart(tokens, j + 1)) {
      const names = nameList(tokens, j);
      if (names) head.targetColumns = names;
      j = matchingParen(tokens, j) + 1;
      continue;
    }
    if (isWord(t, 'output')) {
      // T-SQL OUTPUT clause before the source.
      while (j < tokens.length && !isQueryStart(tokens, j) && !isWord(tokens[j], 'values')) j++;
      continue;
    }
    if (isWord(t, 'replace') && isWord(tokens[j + 1], 'where')) {
      while (j < tokens.length && !isQueryStart(tokens, j)) j++;
      continue;
    }
    break;
  }
  const t = tokens[j];
  if (isWord(t, 'set') && !head.targetColumns) {
    readInsertSet(tokens, j, text, head);
    return head;
  }
  if (isWord(t, 'values', 'value') && tokens[j + 1]?.value === '(') {
    head.values = [];
    for (let row = j + 1; tokens[row]?.value === '(';) {
      const close = matchingParen(tokens, row);
      head.values.push(text.slice(tokens[row]!.end, tokens[close]!.start));
      row = tokens[close + 1]?.value === ',' ? close + 2 : close + 1;
    }
    // Sources named in other rows' subqueries are still found by the caller's table scan.
    head.query = { start: t!.start, end: queryEnd(tokens, j, text.length, 0) };
    return head;
  }
  if (isQueryStart(tokens, j)) {
    head.query = { start: t!.start, end: queryEnd(tokens, j, text.length, 0) };
    head.prefix = prefix;
  }
  return head;
}

const CREATE_MODIFIERS = new Set([
  'or', 'replace', 'alter', 'temp', 'temporary', 'global', 'local', 'volatile', 'transient', 'external', 'multiset',
  'unlogged', 'secure', 'recursive', 'materialized', 'force', 'noforce', 'dynamic', 'iceberg', 'hybrid', 'streaming',
  'live', 'private', 'public', 'definer', 'algorithm', 'sql', 'security', 'invoker', 'constant', 'snapshot', 'editionable',
]);

function readCreate(tokens: readonly Token[], i: number, text: string): Head {
  let j = i + 1;
  let temporary = false;
  let materialized = false;
  while (tokens[j] && (CREATE_MODIFIERS.has(tokens[j]!.value) || tokens[j]!.value === '=') && tokens[j]!.kind !== 'quoted') {
    const v = tokens[j]!.value;
    if (v === 'temp' || v === 'temporary' || v === 'volatile') temporary = true;
    if (v === 'materialized') materialized = true;
    if ((v === 'definer' || v === 'algorithm' || v === 'security') && tokens[j + 1]?.value === '=') j += 2;
    j++;
  }
  const kind = tokens[j]?.value ?? '';
  if (kind === 'procedure' || kind === 'function' || kind === 'proc' || kind === 'trigger' || kind === 'macro') {
    return { ...empty(`create_${kind === 'proc' ? 'procedure' : kind}`), body: routineBody(tokens, j, text) };
  }
  if (kind === 'package' && isWord(tokens[j + 1], 'body')) return { ...empty('create_package_body'), body: packageBody(tokens, j, text) };
  if (kind !== 'table' && kind !== 'view') return empty(kind ? `create_${kind}` : 'create');
  j++;
  if (isWord(tokens[j], 'if') && isWord(tokens[j + 1], 'not')) j += 3;
  const name = readTableName(tokens, j);
  if (!name) return empty(`create_${kind}`);
  const target = nameFromTokens(name.parts);
  if (name.parts[0]!.text.startsWith('#')) temporary = true;
  const head = empty(kind === 'view' ? (materialized ? 'create_materialized_view' : 'create_view') : 'create_table');
  head.targets.push(target);
  if (temporary) head.temporary = true;
  j = name.next;
  for (; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.depth !== 0) continue;
    if (t.value === '(' && j === name.next) {
      if (isWord(tokens[j + 1], 'like')) {
        const like = readTableName(tokens, j + 2);
        if (like) head.reads.push(nameFromTokens(like.parts));
        head.operation = 'create_table_like';
        return head;
      }
      if (isQueryStart(tokens, j + 1)) {
        head.query = { start: t.start, end: queryEnd(tokens, j, text.length, 0) };
        head.operation = kind === 'view' ? head.operation : 'create_table_as';
        return head;
      }
      const names = nameList(tokens, j);
      if (names) head.targetColumns = names;
      else if (kind === 'table') head.declared = declaredColumns(tokens, j);
      j = matchingParen(tokens, j);
      continue;
    }
    if (isWord(t, 'like', 'clone', 'copy') && kind === 'table' && !isWord(tokens[j - 1], 'as') && !isWord(tokens[j + 1], 'grants')) {
      const source = readTableName(tokens, j + 1);
      if (source) {
        head.reads.push(nameFromTokens(source.parts));
        head.operation = t.value === 'like' ? 'create_table_like' : 'create_table_clone';
        return head;
      }
    }
    if ((isWord(t, 'as') && isQueryStart(tokens, j + 1)) || (kind === 'table' && isWord(t, 'select'))) {
      const start = isWord(t, 'as') ? j + 1 : j;
      head.query = { start: tokens[start]!.start, end: queryEnd(tokens, start, text.length, 0) };
      if (kind === 'table') head.operation = 'create_table_as';
      return head;
    }
  }
  return head;
}

/** Routine languages whose bodies are SQL; any other (`LANGUAGE c`, `internal`, `python`, `js`) has no SQL body. */
const SQL_BODY_LANGUAGES = new Set(['sql', 'plpgsql', 'plsql', 'tsql', 'transact_sql', 'spl', 'sqlscript']);

/** The language a routine declares (`LANGUAGE plpgsql`, `LANGUAGE 'c'`), lower-cased, if any. */
function routineLanguage(tokens: readonly Token[], from: number): string | undefined {
  for (let k = from; k < tokens.length - 1; k++) {
    const t = tokens[k]!;
    if (t.depth !== 0 || !isWord(t, 'language')) continue;
    const next = tokens[k + 1]!;
    if (next.kind === 'word') return next.value;
    if (next.kind === 'string' && !next.text.startsWith('$')) return next.text.slice(1, -1).toLowerCase();
  }
  return undefined;
}

/**
 * The body of CREATE PROCEDURE / FUNCTION: a dollar-quoted or quoted string, or the text after AS / BEGIN. A
 * routine in another language has none: `AS 'MODULE_PATHNAME', 'dblink_open' LANGUAGE C` names a C symbol.
 */
function routineBody(tokens: readonly Token[], from: number, text: string): Range | undefined {
  const language = routineLanguage(tokens, from);
  if (language !== undefined && !SQL_BODY_LANGUAGES.has(language)) return undefined;
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'string' && t.depth === 0 && (t.text.startsWith('$') || isWord(tokens[k - 1], 'as'))) return literalBody(t);
    if (isWord(t, 'begin') && t.depth === 0) {
      let end = text.length;
      const last = tokens[tokens.length - 1];
      if (isWord(last, 'end')) end = last!.start;
      else if (isWord(tokens[tokens.length - 2], 'end')) end = tokens[tokens.length - 2]!.start;
      const next = tokens[k + 1];
      if (isWord(next, 'atomic', 'transaction', 'tran')) return { start: next!.end, end };
      return { start: t.end, end };
    }
    if (isWord(t, 'as') && t.depth === 0 && tokens[k + 1]?.kind === 'word' && !isWord(tokens[k + 1], 'begin', 'language', 'external')) {
      return { start: t.end, end: text.length };
    }
  }
  return undefined;
}

/** The literal after EXECUTE / EXEC that holds the SQL it runs (see readHead), if it is one literal. */
function dynamicSqlBody(tokens: readonly Token[], k: number): Range | undefined {
  if (isWord(tokens[k], 'immediate')) return literalBody(tokens[k + 1]);
  if (tokens[k]?.value === '(' && tokens[k + 2]?.value === ')') return literalBody(tokens[k + 1]);
  if (isWord(tokens[k], 'sp_executesql') || (isWord(tokens[k + 2], 'sp_executesql') && tokens[k + 1]?.value === '.')) {
    const at = isWord(tokens[k], 'sp_executesql') ? k + 1 : k + 3;
    // `N'...'`: the national-string prefix is a word of its own.
    return literalBody(isWord(tokens[at], 'n') && tokens[at]!.end === tokens[at + 1]?.start ? tokens[at + 1] : tokens[at]);
  }
  return undefined;
}

/**
 * The SQL inside a string literal: a dollar-quoted one (`$$ ... $$`, `$body$ ... $body$`) or a quoted one, whose
 * doubled quotes are read as one later (`quoted`).
 */
function literalBody(token: Token | undefined): Range | undefined {
  if (!token || token.kind !== 'string') return undefined;
  const tag = /^\$[^$]*\$/.exec(token.text);
  if (tag) return { start: token.start + tag[0].length, end: token.end - tag[0].length };
  return { start: token.start + 1, end: token.end - 1, quoted: true };
}

/**
 * A PL/SQL package body (`CREATE PACKAGE BODY p AS <subprograms> END p;`): the text after AS or IS, to its last
 * END. Its procedures' headers and declarations are read as declarations (HeadOptions.plsql), their statements
 * one by one.
 */
function packageBody(tokens: readonly Token[], from: number, text: string): Range | undefined {
  for (let k = from; k < tokens.length; k++) {
    if (!isWord(tokens[k], 'as', 'is') || tokens[k]!.depth !== 0) continue;
    let end = tokens.length - 1;
    while (end > k && !isWord(tokens[end], 'end')) end--;
    return { start: tokens[k]!.end, end: end > k ? tokens[end]!.start : text.length };
  }
  return undefined;
}

/** `FROM src INSERT OVERWRITE TABLE a SELECT ... INSERT INTO b SELECT ...` (Hive / Spark multi-insert). */
function readMultiInsert(tokens: readonly Token[], i: number, text: string): Head | null {
  const inserts: number[] = [];
  for (let k = i + 1; k < tokens.length; k++) if (tokens[k]!.depth === 0 && isWord(tokens[k], 'insert')) inserts.push(k);
  if (inserts.length === 0) return null;
  const fromClause = text.slice(tokens[i]!.end, tokens[inserts[0]!]!.start);
  const head = empty('insert');
  head.branches = [];
  inserts.forEach((at, n) => {
    const end = n + 1 < inserts.length ? tokens[inserts[n + 1]!]!.start : text.length;
    const sub = readInsert(tokens, at, text, undefined);
    if (sub.targets.length === 0 || !sub.query) return;
    const segment = text.slice(sub.query.start, Math.min(end, sub.query.end));
    const clause = /\b(where|group\s+by|having|order\s+by|limit|cluster\s+by|distribute\s+by|sort\s+by)\b/i.exec(segment);
    const select = clause ? segment.slice(0, clause.index) : segment;
    const rest = clause ? segment.slice(clause.index) : '';
    head.targets.push(sub.targets[0]!);
    head.branches!.push({ target: sub.targets[0]!, columns: sub.targetColumns, text: `${select} FROM ${fromClause} ${rest}` });
  });
  return head;
}

export interface HeadOptions {
  /** PL/SQL: `SELECT ... INTO a, b FROM` fills variables, never a new table (DialectInfo.plsql). */
  plsql?: boolean;
}

/** A PL/SQL anonymous block (`[DECLARE ...] BEGIN ... END`): its statements are a body, read one by one. */
export function anonymousBlock(tokens: readonly Token[], text: string): Head | null {
  if (!isWord(tokens[0], 'declare', 'begin')) return null;
  const body = routineBody(tokens, 0, text);
  return body ? { ...empty('block'), body } : null;
}

/** Reads the head of one statement. */
export function readHead(tokens: readonly Token[], text: string, options: HeadOptions = {}): Head {
  const first = tokens[0];
  if (!first) return empty('empty');
  const afterWith = skipWith(tokens, 0);
  const prefix = afterWith > 0 ? { start: first.start, end: tokens[afterWith]?.start ?? text.length } : undefined;
  const keyword = tokens[afterWith];
  const word = keyword?.kind === 'word' ? keyword.value : keyword?.value ?? '';
  switch (word) {
    case 'select': case 'sel': case 'values': case '(': case 'table': case 'perform': {
      const head = empty('select');
      head.query = { start: first.start, end: queryEnd(tokens, afterWith, text.length, 0) };
      readSelectInto(tokens, afterWith, head, options.plsql === true);
      return head;
    }
    case 'from':
      return readMultiInsert(tokens, afterWith, text) ?? { ...empty('select'), query: { start: first.start, end: text.length } };
    case 'insert':
    case 'replace':
    case 'upsert':
      return readInsert(tokens, afterWith, text, prefix);
    case 'create':
      return readCreate(tokens, afterWith, text);
    case 'cache': {
      // Spark: CACHE [LAZY] TABLE t [OPTIONS (...)] AS SELECT ...
      const head = readCreate(tokens, afterWith, text);
      return head.targets.length > 0 ? { ...head, temporary: true } : empty('cache');
    }
    case 'update': case 'delete': case 'merge':
      return { ...empty(word), dml: word, prefix };
    case 'do':
      // PostgreSQL's anonymous block: `DO [LANGUAGE plpgsql] $$ ... $$`, read as a routine's body.
      return { ...empty('do'), body: routineBody(tokens, afterWith, text) };
    case 'execute': case 'exec': {
      // Dynamic SQL written as one literal is SQL, read as a body: `EXECUTE IMMEDIATE $$ ... $$` / `'...'`
      // (Snowflake scripting, BigQuery, PL/SQL, PL/pgSQL), T-SQL's `EXEC('...')` and `EXEC sp_executesql N'...'`.
      // `EXECUTE proc` runs a procedure: no lineage here.
      const body = dynamicSqlBody(tokens, afterWith + 1);
      return body ? { ...empty('execute_immediate'), body } : empty(word);
    }
    default:
      if (word === 'use') return readUse(tokens, afterWith);
      if (NO_LINEAGE.has(word)) return empty(word);
      // A procedural declaration or assignment (`old_path text := current_setting('search_path')`, `n := n + 1`):
      // `:=` at the top level is no statement of any SQL dialect.
      if (tokens.some((t, k) => t.depth === 0 && t.value === ':' && tokens[k + 1]?.value === '=' && tokens[k + 1]!.start === t.end)) return empty('assign');
      // PL/SQL: a statement that is a procedure's name and its arguments (`dbms_output.put_line(...)`, `purge;`),
      // and declarations: a subprogram's header in a package body (`PROCEDURE p (...) IS`), a cursor, a type, a
      // variable (`v_email accounts.email%TYPE`: a name, then its type).
      if (options.plsql && isProcedureCall(tokens, afterWith)) return empty('call');
      if (options.plsql && (PLSQL_DECLARATIONS.has(word) || tokens[afterWith + 1]?.kind === 'word')) return empty('declare');
      return { ...empty(word || 'unknown'), unknown: true };
  }
}

const PLSQL_DECLARATIONS = new Set(['procedure', 'function', 'cursor', 'type', 'subtype', 'pragma', 'exception']);

/** `name[.name...][(...)]` and nothing else. */
function isProcedureCall(tokens: readonly Token[], i: number): boolean {
  let k = i;
  if (tokens[k]?.kind !== 'word') return false;
  k++;
  while (tokens[k]?.value === '.' && tokens[k + 1]?.kind === 'word') k += 2;
  if (k === tokens.length) return true;
  return tokens[k]?.value === '(' && matchingParen(tokens, k) === tokens.length - 1;
}

function readUse(tokens: readonly Token[], i: number): Head {
  let j = i + 1;
  if (isWord(tokens[j], 'warehouse', 'role', 'secondary')) return empty('use');
  if (isWord(tokens[j], 'database', 'schema', 'catalog')) j++;
  const name = readTableName(tokens, j);
  const head = empty('use');
  if (name) head.useSchema = nameFromTokens(name.parts).parts.map((p) => (p.quoted ? p.value : p.value.toLowerCase())).join('.');
  return head;
}

/**
 * `SELECT ... INTO [TEMP] [TABLE] t FROM ...` (T-SQL, PostgreSQL), `INTO OUTFILE 'x'` (MySQL); with `intoVariables`
 * (PL/SQL) the names after INTO are variables, blanked out of the query.
 */
function readSelectInto(tokens: readonly Token[], from: number, head: Head, intoVariables: boolean): void {
  for (let k = from + 1; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.depth !== 0 || t.kind !== 'word') continue;
    if (t.value === 'from' || t.value === 'union') return;
    if (t.value !== 'into') continue;
    if (intoVariables) {
      let last = k;
      while (last + 1 < tokens.length && !(tokens[last + 1]!.depth === 0 && isWord(tokens[last + 1], 'from', 'union', 'where', 'bulk'))) last++;
      head.blank = { start: t.start, end: tokens[last]!.end };
      return;
    }
    let j = k + 1;
    while (isWord(tokens[j], 'temp', 'temporary', 'unlogged', 'table')) j++;
    if (isWord(tokens[j], 'outfile', 'dumpfile')) {
      if (tokens[j + 1]?.kind === 'string') head.assetsOut.push(`file:${tokens[j + 1]!.value}`);
      head.operation = 'select_into_file';
      head.blank = { start: t.start, end: tokens[j + 1]?.end ?? t.end };
      return;
    }
    const name = readTableName(tokens, j);
    if (!name || name.parts[0]!.kind === 'variable') {
      head.blank = { start: t.start, end: name ? tokens[name.next - 1]!.end : t.end };
      return;
    }
    head.targets.push(nameFromTokens(name.parts));
    head.operation = 'select_into';
    if (name.parts[0]!.text.startsWith('#') || isWord(tokens[k + 1], 'temp', 'temporary')) head.temporary = true;
    head.blank = { start: t.start, end: tokens[name.next - 1]!.end };
    return;
  }
}
