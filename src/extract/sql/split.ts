/**
 * Splits SQL text into statements. Semicolons inside strings, quoted identifiers, comments, dollar-quoted
 * bodies and BEGIN ... END bodies of procedures do not split; `DELIMITER` (MySQL client) changes the separator;
 * a line holding only `GO` (the T-SQL batch separator) always splits; client commands (psql's backslash
 * commands, sqlite3's dot commands) are skipped, and so are the data lines after `COPY ... FROM STDIN;` (psql and
 * pg_dump), up to the line `\.`.
 * Offsets are kept so every statement knows its line and column in the original text.
 */

export interface SqlChunk {
  /** The statement text, without the trailing separator. */
  text: string;
  /** Offset of the first character of the statement (after leading white space and comments). */
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
}

export interface SplitOptions {
  /** Backslash escapes inside single-quoted strings (MySQL, BigQuery, Hive, Spark). */
  backslashEscapes?: boolean;
  /** `[bracketed identifiers]` (T-SQL). */
  brackets?: boolean;
  /** `#` starts a line comment (MySQL). */
  hashComments?: boolean;
  /**
   * Oracle SQL*Plus scripts: its own commands (`SET SERVEROUTPUT ON`, `SPOOL`, `PROMPT`, `@script`) end at the line
   * end without a semicolon, a line holding only `/` ends a statement or a PL/SQL block, and anonymous blocks
   * (`BEGIN ... END;`, `DECLARE ... END;`) are kept whole.
   */
  sqlplus?: boolean;
}

const ROUTINE_HEAD = /^\s*create\s+(?:or\s+replace\s+|or\s+alter\s+)?(?:definer\s*=\s*\S+\s+)?(?:temp(?:orary)?\s+)?(?:procedure|function|trigger|event|proc)\b/i;
const BLOCK_OPENERS = new Set(['begin', 'case']);
/**
 * PL/SQL units in SQL*Plus scripts, which run to the line `/` whatever semicolons they hold: anonymous blocks
 * (elsewhere `BEGIN` starts a transaction), packages and type bodies besides the routines of ROUTINE_HEAD.
 */
const PLSQL_BLOCK = /^\s*(?:begin|declare|create\s+(?:or\s+replace\s+)?(?:(?:non)?editionable\s+)?(?:package|type\s+body)\b)/i;
/**
 * SQL*Plus's own commands where a statement would start; each ends at its line end. `SET` only with SQL*Plus's
 * options (`SET TRANSACTION ...;` is SQL).
 */
const SQLPLUS_COMMAND = new RegExp('^(?:@|(?:' + [
  'set\\s+(?:serveroutput|serverout|define|echo|feedback|feed|linesize|lines|pagesize|pages|verify|ver|termout|term|timing|heading|head|trimspool|trims|trimout|sqlblanklines|scan|autocommit|autotrace|long|numwidth|colsep|tab|wrap|escape|concat|arraysize|newpage|underline|markup|sqlprompt|exitcommit|appinfo|null|numformat|time|sqlterminator)',
  'spool', 'prompt', 'pro', 'rem', 'remark', 'exit', 'quit', 'whenever', 'define', 'def', 'undefine', 'column', 'col',
  'ttitle', 'btitle', 'break', 'compute', 'start', 'connect', 'conn', 'disconnect', 'disc', 'show', 'desc', 'describe',
  'variable', 'var', 'print', 'accept', 'pause', 'host', 'clear', 'timing', 'exec', 'execute', 'password', 'store',
].join('|') + ')\\b)', 'i');
/** A line holding only `/`: SQL*Plus runs what came before it. */
const SLASH_LINE = /^\/[ \t]*(?:\n|$)/;
const NON_BLOCK_END_FOLLOWERS = new Set(['if', 'loop', 'while', 'repeat', 'for']);

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$]/.test(ch);
}

/** Line starts of a text, for offset -> line/column. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function positionAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** Skips white space and comments from `i`; returns the first offset of real content. */
function skipTrivia(text: string, i: number, options: SplitOptions): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('--', i) || (options.hashComments && text[i] === '#')) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      i = skipBlockComment(text, i);
    } else {
      return i;
    }
  }
}

function skipBlockComment(text: string, i: number): number {
  // Nested block comments (PostgreSQL) are honoured.
  let depth = 0;
  while (i < text.length) {
    if (text.startsWith('/*', i)) { depth++; i += 2; continue; }
    if (text.startsWith('*/', i)) { depth--; i += 2; if (depth === 0) return i; continue; }
    i++;
  }
  return text.length;
}

/** Index after a quoted run opened at `i` (doubled closers escape; backslashes too when asked). */
export function skipQuoted(text: string, i: number, close: string, backslash: boolean): number {
  i++;
  while (i < text.length) {
    const ch = text[i]!;
    if (backslash && ch === '\\') { i += 2; continue; }
    if (ch === close) {
      if (text[i + 1] === close) { i += 2; continue; }
      return i + 1;
    }
    i++;
  }
  return text.length;
}

const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

/** `COPY t [(columns)] FROM STDIN [options]`: psql reads the lines after it as the table's rows. */
const COPY_FROM_STDIN = /^copy\s[^;]*?\bfrom\s+stdin\b/i;
/** psql's `\copy t FROM 'file'`, `\copy (SELECT ...) TO 'file'`: COPY, with the file on the client's side. */
const CLIENT_COPY = /^\\copy\s/i;
/** `copy <table or (query)> from|to <unquoted file name>`, as psql's `\copy` allows (groups: before, name). */
const CLIENT_COPY_FILE = /^(copy\s+(?:\([\s\S]*\)|[^\s(]+(?:\s*\([^)]*\))?)\s+(?:from|to)\s+)(?!(?:stdin|stdout|pstdin|pstdout|program)\b)([^\s'";]+)/i;

/** A `\copy` command's text (backslash removed) with an unquoted file name quoted. */
function quotedClientFile(command: string): string {
  return command.replace(CLIENT_COPY_FILE, (_, before: string, name: string) => `${before}'${name}'`);
}

/** psql's own `\copy t FROM stdin` (or `pstdin`), a client command: its rows follow it the same way. */
const CLIENT_COPY_FROM_STDIN = /^\\copy\s[^\n]*?\bfrom\s+p?stdin\b/i;

/**
 * Where SQL resumes after the rows of a `COPY ... FROM STDIN` whose separator ends at `end`: past the line `\.`
 * (psql's end of data), or the end of the text. The rows start on the next line; a dump holds millions of them,
 * and each read as a statement cost milliseconds and made a job.
 */
function afterCopyData(text: string, end: number): number {
  const lineEnd = text.indexOf('\n', end);
  if (lineEnd === -1) return text.length;
  const marker = /\n\\\.[ \t]*(?:\n|$)/g;
  marker.lastIndex = lineEnd;
  const found = marker.exec(text);
  return found ? found.index + found[0].length : text.length;
}

export function splitStatements(text: string, options: SplitOptions = {}): SqlChunk[] {
  const starts = lineStarts(text);
  const chunks: SqlChunk[] = [];
  let delimiter = ';';
  let i = skipTrivia(text, 0, options);
  let stmtStart = i;
  let blockDepth = 0;
  let routine = false;
  /** A PL/SQL unit of a SQL*Plus script: only the line `/` ends it. */
  let plsqlBlock = false;

  const emit = (end: number) => {
    let trimmedEnd = end;
    while (trimmedEnd > stmtStart && /\s/.test(text[trimmedEnd - 1]!)) trimmedEnd--;
    if (trimmedEnd > stmtStart) {
      const from = positionAt(starts, stmtStart);
      const to = positionAt(starts, trimmedEnd - 1);
      chunks.push({ text: text.slice(stmtStart, trimmedEnd), start: stmtStart, end: trimmedEnd, line: from.line, column: from.column, endLine: to.line });
    }
  };

  while (i < text.length) {
    if (i === stmtStart) {
      // DELIMITER is a client directive, not SQL: it ends at the line end and changes the separator.
      const directive = /^delimiter[ \t]+(\S+)[^\n]*/i.exec(text.slice(i, i + 200));
      if (directive) {
        delimiter = directive[1]!;
        i = skipTrivia(text, i + directive[0].length, options);
        stmtStart = i;
        continue;
      }
      // A client's own command (psql `\set`, `\connect`, `\echo ... \quit`; sqlite3 `.mode csv`) is no SQL: it ends
      // at the line end. No statement of any dialect starts with a backslash or a dot.
      if (text[i] === '\\' || (text[i] === '.' && /^\.[A-Za-z]/.test(text.slice(i, i + 2)))) {
        const nl = text.indexOf('\n', i);
        const lineEnd = nl === -1 ? text.length : nl;
        const command = text.slice(i, Math.min(lineEnd, i + 4096));
        const copyData = CLIENT_COPY_FROM_STDIN.test(command);
        // psql's `\copy` is COPY run by the client, to the line end: the statement without its backslash, its
        // file name quoted as COPY's is (psql takes `from users.csv` unquoted).
        if (CLIENT_COPY.test(command)) {
          let end = lineEnd;
          while (end > i + 1 && /[\s;]/.test(text[end - 1]!)) end--;
          const from = positionAt(starts, i + 1);
          const to = positionAt(starts, end - 1);
          chunks.push({ text: quotedClientFile(text.slice(i + 1, end)), start: i + 1, end, line: from.line, column: from.column, endLine: to.line });
        }
        i = skipTrivia(text, copyData ? afterCopyData(text, i) : nl === -1 ? text.length : nl + 1, options);
        stmtStart = i;
        continue;
      }
      if (options.sqlplus && (SLASH_LINE.test(text.slice(i, i + 80)) || SQLPLUS_COMMAND.test(text.slice(i, i + 300)))) {
        const nl = text.indexOf('\n', i);
        i = skipTrivia(text, nl === -1 ? text.length : nl + 1, options);
        stmtStart = i;
        continue;
      }
      routine = ROUTINE_HEAD.test(text.slice(i, i + 300));
      plsqlBlock = options.sqlplus === true && (routine || PLSQL_BLOCK.test(text.slice(i, i + 300)));
      blockDepth = 0;
    }
    const ch = text[i]!;
    if (options.sqlplus && ch === '/' && text[i - 1] === '\n' && SLASH_LINE.test(text.slice(i, i + 80))) {
      emit(i);
      const nl = text.indexOf('\n', i);
      i = skipTrivia(text, nl === -1 ? text.length : nl + 1, options);
      stmtStart = i;
      continue;
    }
    if ((ch === 'g' || ch === 'G') && (i === 0 || text[i - 1] === '\n')) {
      // T-SQL batch separator: a line holding only GO [count] ends the statement, even inside BEGIN ... END.
      const go = /^go[ \t]*\d*[ \t]*(?:--[^\n]*)?(?=\r?\n|$)/i.exec(text.slice(i, i + 80));
      if (go) {
        emit(i);
        i = skipTrivia(text, i + go[0].length, options);
        stmtStart = i;
        continue;
      }
    }
    if (ch === "'") { i = skipQuoted(text, i, "'", options.backslashEscapes ?? false); continue; }
    if (ch === '"') { i = skipQuoted(text, i, '"', false); continue; }
    if (ch === '`') { i = skipQuoted(text, i, '`', false); continue; }
    if (ch === '[' && options.brackets) { i = skipQuoted(text, i, ']', false); continue; }
    if (text.startsWith('--', i) || (options.hashComments && ch === '#')) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
      continue;
    }
    if (text.startsWith('/*', i)) { i = skipBlockComment(text, i); continue; }
    if (ch === '$' && !isIdentChar(text[i - 1])) {
      const tag = DOLLAR_TAG.exec(text.slice(i, i + 64));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? text.length : close + tag[0].length;
        continue;
      }
    }
    if (routine && /[A-Za-z]/.test(ch) && !isIdentChar(text[i - 1])) {
      let j = i;
      while (isIdentChar(text[j])) j++;
      const word = text.slice(i, j).toLowerCase();
      if (BLOCK_OPENERS.has(word)) blockDepth++;
      else if (word === 'end') {
        const next = /^\s*([A-Za-z]+)/.exec(text.slice(j, j + 20));
        if (!next || !NON_BLOCK_END_FOLLOWERS.has(next[1]!.toLowerCase())) blockDepth = Math.max(0, blockDepth - 1);
      }
      i = j;
      continue;
    }
    if (text.startsWith(delimiter, i) && blockDepth === 0 && !plsqlBlock) {
      emit(i);
      const copyData = COPY_FROM_STDIN.test(text.slice(stmtStart, Math.min(i, stmtStart + 4096)));
      i = skipTrivia(text, copyData ? afterCopyData(text, i + delimiter.length) : i + delimiter.length, options);
      stmtStart = i;
      continue;
    }
    i++;
  }
  emit(text.length);
  return chunks;
}
