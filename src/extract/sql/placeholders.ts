/**
 * Bind-parameter placeholders of client libraries (`%s`, `%(name)s`, `?`) are not SQL any grammar accepts;
 * SQL taken from code has them rewritten to named parameters (`:p`) outside quotes and comments. Lines are
 * kept; `%(name)s` keeps its length; a bare `VALUES %s` (psycopg2's execute_values) becomes `VALUES (:p)`.
 */

export function normalizePlaceholders(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
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
