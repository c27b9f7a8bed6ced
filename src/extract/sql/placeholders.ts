/**
 * Bind-parameter placeholders of client libraries (`%s`, `%(name)s`, `?`) are not SQL any grammar accepts;
 * SQL taken from code has them rewritten to named parameters (`:p`) outside quotes and comments. Lines are
 * kept; `%(name)s` keeps its length; a bare `VALUES %s` (psycopg2's execute_values) becomes `VALUES (:p)`.
 */
import { PLACEHOLDER_PREFIX, type SqlStep, type Value } from '../../facts/schema.js';
import { spaceStart } from '../../util/text-scan.js';
import { skipQuoted } from './split.js';

export function normalizePlaceholders(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = skipQuoted(text, i, ch, true);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i);
      const end = nl === -1 ? text.length : nl;
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '%' && text[i + 1] === 's') {
      // psycopg2's execute_values expands `VALUES %s` into row tuples. (Read in the input, not in the text built
      // so far: looking at that one for each placeholder took quadratic time on statements full of them.)
      out += afterValues(text, i) ? rowOfParameters(text.slice(Math.max(0, i - MAX_COLUMN_LIST), i)) : ':p';
      i += 2;
      continue;
    }
    if (ch === '%' && text[i + 1] === '(') {
      const named = /^%\((\w+)\)s/.exec(text.slice(i, i + 80));
      if (named) {
        out += `:${named[1]}`.padEnd(named[0].length, ' ');
        i += named[0].length;
        continue;
      }
    }
    if (ch === '%' && text[i + 1] === '%') {
      out += '%';
      i += 2;
      continue;
    }
    if (ch === '?' && !/[?|&]/.test(text[i + 1] ?? '')) {
      out += ':p';
      i += 1;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** How far back a column list is looked for before `VALUES %s`. */
const MAX_COLUMN_LIST = 10_000;

/** Whether the word right before `at` (white space aside) is `VALUES`. */
function afterValues(text: string, at: number): boolean {
  const end = spaceStart(text, at);
  if (end < 6 || text.slice(end - 6, end).toLowerCase() !== 'values') return false;
  return end === 6 || !/\w/.test(text[end - 7]!);
}

/** `(:p, :p, ...)` with as many parameters as the INSERT's column list names (one when there is none). */
function rowOfParameters(before: string): string {
  const columns = /\(([^()]*)\)\s*values\s*$/i.exec(before)?.[1];
  const count = columns ? columns.split(',').length : 1;
  return `(${Array.from({ length: count }, () => ':p').join(', ')})`;
}

/**
 * SQL text built in code, with a placeholder token (`__lineage_p0__`, ...) where each interpolated value goes,
 * and what each token stands for: the simulator fills them in from the values that reach them. Values written as
 * the same expression share a token (`f"INSERT INTO mart.{t} SELECT * FROM app.{t}"`), as they hold the same text.
 */
export function withPlaceholderTokens<Hole>(
  pieces: ReadonlyArray<{ text: string } | Hole>,
  valueOf: (hole: Hole) => Value,
): { text: string; params: NonNullable<SqlStep['params']> } {
  let text = '';
  const params: NonNullable<SqlStep['params']> = [];
  const tokens = new Map<string, string>();
  for (const piece of pieces) {
    if (typeof piece === 'object' && piece !== null && 'text' in piece) {
      text += piece.text;
      continue;
    }
    const value = valueOf(piece as Hole);
    const key = JSON.stringify(value);
    let token = tokens.get(key);
    if (token === undefined) {
      token = `${PLACEHOLDER_PREFIX}${params.length}__`;
      tokens.set(key, token);
      params.push({ token, value });
    }
    text += token;
  }
  return { text, params };
}
