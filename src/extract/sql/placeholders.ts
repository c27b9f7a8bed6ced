/**
 * Bind-parameter placeholders of client libraries (`%s`, `%(name)s`, `?`) are not SQL any grammar accepts;
 * SQL taken from code has them rewritten to named parameters (`:p`) outside quotes and comments. Lines are
 * kept; `%(name)s` keeps its length; a bare `VALUES %s` (psycopg2's execute_values) becomes `VALUES (:p)`.
 */
import { PLACEHOLDER_PREFIX, type SqlStep, type Value } from '../../facts/schema.js';
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
      // psycopg2's execute_values expands `VALUES %s` into row tuples.
      out += /\bvalues\s*$/i.test(out) ? rowOfParameters(out) : ':p';
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

/** `(:p, :p, ...)` with as many parameters as the INSERT's column list names (one when there is none). */
function rowOfParameters(before: string): string {
  const columns = /\(([^()]*)\)\s*values\s*$/i.exec(before)?.[1];
  const count = columns ? columns.split(',').length : 1;
  return `(${Array.from({ length: count }, () => ':p').join(', ')})`;
}

/**
 * SQL text built in code, with a placeholder token (`__lineage_p0__`, ...) where each interpolated value goes,
 * and what each token stands for: the simulator fills them in from the values that reach them.
 */
export function withPlaceholderTokens<Hole>(
  pieces: ReadonlyArray<{ text: string } | Hole>,
  valueOf: (hole: Hole) => Value,
): { text: string; params: NonNullable<SqlStep['params']> } {
  let text = '';
  const params: NonNullable<SqlStep['params']> = [];
  for (const piece of pieces) {
    if (typeof piece === 'object' && piece !== null && 'text' in piece) {
      text += piece.text;
      continue;
    }
    const token = `${PLACEHOLDER_PREFIX}${params.length}__`;
    params.push({ token, value: valueOf(piece as Hole) });
    text += token;
  }
  return { text, params };
}
