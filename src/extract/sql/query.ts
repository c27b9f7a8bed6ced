/**
 * Parsing of a query (SELECT, set operation, VALUES) with position-keeping rewrites for what the parser does
 * not know: Hive LATERAL VIEW (blanked, its columns kept as generated columns), DISTRIBUTE/SORT/CLUSTER BY,
 * T-SQL table hints, and a few dialect keywords. Rewrites only replace characters with spaces, so offsets and
 * lines never move.
 */
import type { ParserDialect } from './dialects.js';
import { isNode, type Node } from './lineage/ast.js';
import type { BudgetHit } from './guard.js';
import { fallbackDialects, parseWith } from './parser.js';
import { skipWith } from './head.js';
import { matchingParen, tokenize, type Token, type TokenizeOptions } from './tokens.js';

export interface LateralView {
  alias: string;
  columns: string[];
  /** The generator call's arguments, as SQL text. */
  args: string;
}

export type QueryParse =
  | { ok: true; ast: Node; lateral: LateralView[]; dialect: ParserDialect }
  | { ok: false; message: string; budget?: BudgetHit };

export function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, ' ') + text.slice(end);
}

/** Blanks everything outside `keep` ranges (newlines stay). */
export function keepOnly(text: string, keep: readonly { start: number; end: number }[]): string {
  let out = '';
  let at = 0;
  for (const range of [...keep].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, range.start).replace(/[^\n]/g, ' ') + text.slice(range.start, range.end);
    at = range.end;
  }
  return out + text.slice(at).replace(/[^\n]/g, ' ');
}

const word = (t: Token | undefined, ...values: string[]) => t !== undefined && t.kind === 'word' && values.includes(t.value);

/** Rewrites that keep positions; returns the new text and the lateral views it removed. */
export function rewriteQuery(text: string): { text: string; lateral: LateralView[] } {
  // PL/pgSQL PERFORM runs a query and drops its rows: the same query as a SELECT (same length).
  text = text.replace(/^(\s*)perform\b/i, '$1select ');
  // Oracle / Teradata MINUS: same length as UNION, and for lineage the same (both sides feed the result).
  text = text.replace(/\bminus(?=\s+(?:all\s+)?(?:select|sel|\())/gi, 'union');
  // SQL-standard SUBSTRING(x FROM a FOR b) -> SUBSTRING(x ,    a ,   b) (same length).
  text = text.replace(/\b(substring\s*\([^()]*?)\bfrom\b([^()]*?)(?:\bfor\b([^()]*?))?\)/gi, (_m, head: string, from: string, len: string | undefined) =>
    `${head},   ${from}${len !== undefined ? `,  ${len}` : ''})`);
  // Spark / Databricks `INTERVAL 7 DAYS`: the singular unit parses everywhere.
  text = text.replace(/(\binterval\s+'?\d+'?\s+(?:year|month|week|day|hour|minute|second))s\b/gi, '$1 ');
  if (!/lateral\s+view|distribute\s+by|sort\s+by|cluster\s+by|with\s*\(\s*nolock|tablesample/i.test(text)) return { text, lateral: [] };
  const tokens = tokenize(text);
  const cuts: { start: number; end: number }[] = [];
  const lateral: LateralView[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (word(t, 'lateral') && word(tokens[i + 1], 'view')) {
      let j = i + 2;
      if (word(tokens[j], 'outer')) j++;
      // generator name (possibly dotted) and its arguments
      while (tokens[j] && tokens[j]!.value !== '(') j++;
      const open = j;
      const close = matchingParen(tokens, open);
      const args = text.slice(tokens[open]!.end, tokens[close]!.start);
      j = close + 1;
      const alias = tokens[j]?.kind === 'word' && !word(tokens[j], 'as') ? tokens[j++]!.value : '';
      const columns: string[] = [];
      if (word(tokens[j], 'as')) {
        j++;
        while (tokens[j] && (tokens[j]!.kind === 'word' || tokens[j]!.kind === 'quoted')) {
          columns.push(tokens[j]!.value);
          j++;
          if (tokens[j]?.value === ',' && (tokens[j + 1]?.kind === 'word' || tokens[j + 1]?.kind === 'quoted') && !word(tokens[j + 1], 'lateral')) j++;
          else break;
        }
      }
      lateral.push({ alias: alias || columns[0] || 'lateral', columns: columns.length > 0 ? columns : [alias], args });
      cuts.push({ start: t.start, end: tokens[j - 1]!.end });
      i = j - 1;
      continue;
    }
    if ((word(t, 'distribute', 'sort', 'cluster') && word(tokens[i + 1], 'by')) && t.depth === tokens[i + 1]!.depth) {
      let j = i + 2;
      while (tokens[j] && !(tokens[j]!.depth < t.depth || (tokens[j]!.depth === t.depth && (word(tokens[j], 'limit', 'union', 'insert') || tokens[j]!.value === ')')))) j++;
      cuts.push({ start: t.start, end: tokens[j - 1]!.end });
      i = j - 1;
      continue;
    }
    if (word(t, 'with') && tokens[i + 1]?.value === '(' && word(tokens[i + 2], 'nolock', 'readuncommitted', 'rowlock', 'holdlock', 'updlock', 'tablock', 'index')) {
      const close = matchingParen(tokens, i + 1);
      cuts.push({ start: t.start, end: tokens[close]!.end });
      i = close;
      continue;
    }
    if (word(t, 'tablesample') && tokens[i + 1]) {
      let j = i + 1;
      if (tokens[j]!.kind === 'word') j++;
      if (tokens[j]?.value === '(') j = matchingParen(tokens, j) + 1;
      if (word(tokens[j], 'repeatable') && tokens[j + 1]?.value === '(') j = matchingParen(tokens, j + 1) + 1;
      cuts.push({ start: t.start, end: tokens[j - 1]!.end });
      i = j - 1;
    }
  }
  let out = text;
  for (const cut of cuts) out = blank(out, cut.start, cut.end);
  return { text: out, lateral };
}

const LIST_END = new Set(['from', 'into', 'where', 'group', 'having', 'order', 'limit', 'union', 'intersect', 'except', 'minus', 'window', 'qualify', 'lateral']);

/** The items of the outermost select list, as written (whitespace collapsed), or undefined. */
export function selectItems(text: string, options: TokenizeOptions = {}): string[] | undefined {
  const tokens = tokenize(text, options);
  let k = skipWith(tokens, 0);
  while (tokens[k]?.value === '(') k++;
  const depth = tokens[k]?.depth ?? 0;
  if (!tokens[k] || !['select', 'sel'].includes(tokens[k]!.value)) return undefined;
  k++;
  while (word(tokens[k], 'distinct', 'all')) k++;
  if (word(tokens[k], 'top')) k += tokens[k + 1]?.value === '(' ? 0 : 2;
  if (word(tokens[k], 'top') && tokens[k + 1]?.value === '(') k = matchingParen(tokens, k + 1) + 1;
  const items: string[] = [];
  let start = k;
  for (; k <= tokens.length; k++) {
    const t = tokens[k];
    const end = !t || t.depth < depth || (t.depth === depth && t.kind === 'word' && LIST_END.has(t.value));
    if (end || (t!.depth === depth && t!.value === ',')) {
      if (k > start) items.push(text.slice(tokens[start]!.start, tokens[k - 1]!.end).replace(/\s+/g, ' '));
      if (end) break;
      start = k + 1;
    }
  }
  return items;
}

function firstQuery(ast: readonly Node[]): Node | null {
  const node = ast[0];
  if (!node) return null;
  if (node.type === 'select' || node.type === 'values') return node;
  if (isNode(node.ast)) return node.ast;
  return null;
}

/** Index after the clause starting at `from`: up to the next clause keyword at its depth, or the `)` closing it. */
function clauseEnd(tokens: readonly Token[], from: number, stops: readonly string[]): number {
  const depth = tokens[from]!.depth;
  let j = from + 1;
  // A `)` closing an enclosing parenthesis has a smaller depth than the clause.
  while (tokens[j] && tokens[j]!.depth >= depth && !(tokens[j]!.depth === depth && tokens[j]!.kind === 'word' && stops.includes(tokens[j]!.value))) j++;
  return j;
}

/** `::` before a type: the tokenizer reads `:` and a `:name` variable right after it. */
function isCast(colon: Token, next: Token | undefined): boolean {
  return colon.value === ':' && next !== undefined && next.kind === 'variable' && next.text.startsWith(':') && next.start === colon.end;
}

/** Words that continue a type name after its first word (`double precision`, `timestamp with time zone`). */
const TYPE_WORDS = new Set(['precision', 'varying', 'with', 'without', 'time', 'zone']);

/** The token after a cast's type: its words, `(precision)` and `[]` suffixes. */
function castEnd(tokens: readonly Token[], from: number): number {
  let j = from;
  while (tokens[j]?.kind === 'word' && TYPE_WORDS.has(tokens[j]!.value)) j++;
  if (tokens[j]?.value === '(') j = matchingParen(tokens, j) + 1;
  while (tokens[j]?.value === '[' && tokens[j + 1]?.value === ']') j += 2;
  return j;
}

/** Words after which a value starts (a psql variable there stands for a value). */
const BEFORE_VALUE = new Set(['select', 'where', 'and', 'or', 'not', 'like', 'ilike', 'in', 'is', 'between', 'when', 'then', 'else', 'values', 'set', 'limit', 'offset', 'on', 'by', 'return', 'having']);

/**
 * psql's `:'name'`, a variable interpolated as a quoted literal (`WHERE created_at > :'since'`): without its colon
 * it is a string, which is what psql sends. Only where a value starts, so `obj:'key'` paths are left alone.
 */
function isPsqlLiteral(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i]!;
  const next = tokens[i + 1];
  if (t.value !== ':' || !next || next.kind !== 'string' || next.start !== t.end) return false;
  const before = tokens[i - 1];
  if (!before) return true;
  if (before.kind === 'word') return BEFORE_VALUE.has(before.value);
  return before.kind === 'punct' && before.value !== ')' && before.value !== ']' && before.value !== ':';
}

const AFTER_QUALIFY = ['order', 'limit', 'union', 'intersect', 'except', 'window'];
const AFTER_CONNECT = ['order', 'group', 'union', 'intersect', 'except', 'start', 'connect'];

/**
 * Last-resort rewrites, tried only when no grammar parsed the query: clauses that shape rows but name no new
 * columns are blanked (QUALIFY, WITHIN GROUP, index hints, CONNECT BY, time travel, WITH ORDINALITY), and
 * ANTI/SEMI joins become plain joins; `::type` casts are blanked (the grammar knows no extension types such as
 * `::citext` nor schema-qualified ones such as `::pg_catalog.text`). Tables and column sources stay exact; some
 * indirect inputs are lost.
 */
export function lossyRewrite(text: string): string {
  const tokens = tokenize(text);
  let out = text;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let end = -1;
    if (word(t, 'qualify')) end = clauseEnd(tokens, i, AFTER_QUALIFY);
    else if (word(t, 'connect') && word(tokens[i + 1], 'by')) end = clauseEnd(tokens, i + 1, AFTER_CONNECT);
    else if (word(t, 'start') && word(tokens[i + 1], 'with')) end = clauseEnd(tokens, i + 1, AFTER_CONNECT);
    else if (word(t, 'within') && word(tokens[i + 1], 'group') && tokens[i + 2]?.value === '(') end = matchingParen(tokens, i + 2) + 1;
    else if (word(t, 'force', 'use', 'ignore') && word(tokens[i + 1], 'index', 'key') && tokens[i + 2]?.value === '(') end = matchingParen(tokens, i + 2) + 1;
    else if (word(t, 'with') && word(tokens[i + 1], 'ordinality')) end = i + 2;
    else if (word(t, 'version', 'timestamp') && word(tokens[i + 1], 'as') && word(tokens[i + 2], 'of')) end = i + 4;
    else if (word(t, 'anti', 'semi') && word(tokens[i + 1], 'join')) end = i + 1;
    else if (word(t, 'sample') && tokens[i + 1]?.value === '(') end = matchingParen(tokens, i + 1) + 1;
    else if (isCast(t, tokens[i + 1])) end = castEnd(tokens, i + 2);
    else if (isPsqlLiteral(tokens, i)) end = i + 1;
    if (end > i) {
      out = blank(out, t.start, tokens[Math.min(end, tokens.length) - 1]!.end);
      i = end - 1;
    }
  }
  return out;
}

/** Parses query text (other parts of the statement already blanked). */
export function parseQuery(text: string, dialect: ParserDialect): QueryParse {
  const rewritten = rewriteQuery(text);
  // Cheapest first: the chosen grammar, then the same with the lossy rewrites, then the other grammars. (The
  // lossy text in the other grammars almost never helps and doubled the cost of hopeless statements.)
  const lossy = lossyRewrite(rewritten.text);
  const attempts: [string, ParserDialect[]][] = [[rewritten.text, [dialect]]];
  if (lossy !== rewritten.text) attempts.push([lossy, [dialect]]);
  attempts.push([rewritten.text, fallbackDialects(dialect)]);
  let parsed: ReturnType<typeof parseWith> | undefined;
  let firstFailure: string | undefined;
  for (const [candidate, dialects] of attempts) {
    parsed = parseWith(candidate, dialects);
    if (parsed.ok) break;
    // A budget hit does not depend on the grammar: no other attempt can succeed.
    if (parsed.budget) return { ok: false, message: parsed.message, budget: parsed.budget };
    firstFailure ??= parsed.message;
  }
  if (!parsed || !parsed.ok) return { ok: false, message: firstFailure ?? 'no statement recognised' };
  const ast = firstQuery(parsed.ast);
  if (!ast) return { ok: false, message: `not a query (${String(parsed.ast[0]?.type)})` };
  return { ok: true, ast, lateral: rewritten.lateral, dialect: parsed.dialect };
}
