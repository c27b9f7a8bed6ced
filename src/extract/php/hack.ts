/**
 * Hack -> text the PHP grammar can parse, without moving anything: every rewrite keeps the length and the line
 * breaks, so line and column positions of the result are those of the Hack source. Outside strings and comments:
 * `<?hh` and `async`, `await`, `inout`, `concurrent` are blanked; `vec[`, `dict[`, `keyset[` lose their keyword
 * (PHP arrays remain); generic arguments (`Awaitable<vec<int>>`, `function f<T>(...)`) are blanked; `<<Attr>>`
 * becomes `#[Attr]`; `==>` lambdas become assignments (`$x = body`), which keep their body's calls and values;
 * `use type`/`use namespace` become `use`; `shape(...)`/`tuple(...)` types after `:` or before a parameter are
 * blanked, and in expressions become `array(...)` (the same length); type aliases (`type T = ...;`) are blanked,
 * `const string NAME` loses its type, and `$x is T` becomes `$x == T`.
 */

const KEYWORDS = new Set(['async', 'await', 'inout', 'concurrent']);
const COLLECTIONS = new Set(['vec', 'dict', 'keyset', 'darray', 'varray']);
const GENERIC_NAMES = new Set(['vec', 'dict', 'keyset', 'darray', 'varray', 'classname', 'typename', 'vec_or_dict', 'dynamic', 'mixed']);

function blank(chars: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
}

function isIdentStart(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z_\\]/.test(ch);
}

function isIdent(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_\\]/.test(ch);
}

/** End (exclusive) of a string, comment or heredoc starting at `i`, or -1 when none starts there. */
function skipLiteral(text: string, i: number): number {
  const ch = text[i];
  if (ch === '/' && text[i + 1] === '/') {
    const end = text.indexOf('\n', i);
    return end < 0 ? text.length : end;
  }
  if (ch === '#' && text[i + 1] !== '[') {
    const end = text.indexOf('\n', i);
    return end < 0 ? text.length : end;
  }
  if (ch === '/' && text[i + 1] === '*') {
    const end = text.indexOf('*/', i + 2);
    return end < 0 ? text.length : end + 2;
  }
  if (ch === '"' || ch === "'" || ch === '`') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === ch) return j + 1;
    }
    return text.length;
  }
  if (ch === '<' && text.startsWith('<<<', i)) {
    const match = /^<<<[ \t]*(['"]?)([A-Za-z_]\w*)\1\r?\n/.exec(text.slice(i, i + 200));
    if (!match) return -1;
    const end = new RegExp(`\\n[ \\t]*${match[2]}\\b`, 'g');
    end.lastIndex = i + match[0].length - 1;
    const found = end.exec(text);
    return found ? found.index + found[0].length : text.length;
  }
  return -1;
}

/** Indexes of the characters from `from` on that are outside string literals (-1 when a literal does not end). */
function* codeIndexes(text: string, from: number, limit = text.length): Generator<number> {
  for (let j = from; j < text.length && j < limit; j++) {
    const ch = text[j];
    if (ch === '"' || ch === "'") {
      const end = skipLiteral(text, j);
      if (end < 0) {
        yield -1;
        return;
      }
      j = end - 1;
      continue;
    }
    yield j;
  }
}

/** Index of the `>` closing a generic list opened at `open` (a `<`), or -1 when it is not a type list. */
function genericEnd(text: string, open: number): number {
  let depth = 0;
  let parens = 0;
  for (const j of codeIndexes(text, open, open + 2000)) {
    if (j < 0) return -1;
    const ch = text[j]!;
    if (ch === '(') parens++;
    else if (ch === ')') {
      if (--parens < 0) return -1;
    } else if (ch === '<' && parens === 0) depth++;
    else if (ch === '>' && parens === 0 && text[j - 1] !== '=' && text[j - 1] !== '-') {
      if (--depth === 0) return j;
    } else if (ch === ';' || ch === '{' || ch === '}' || ch === '$' || (ch === '=' && parens === 0 && text[j + 1] !== '>')) return -1;
  }
  return -1;
}

/** Index after the `)` matching the `(` at `open`, or -1. */
function parenEnd(text: string, open: number): number {
  let depth = 0;
  for (const j of codeIndexes(text, open)) {
    if (j < 0) return -1;
    const ch = text[j]!;
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return j + 1;
    else if (ch === ';' || ch === '{') return -1;
  }
  return -1;
}

function previousSignificant(text: string, i: number): string | undefined {
  for (let j = i - 1; j >= 0; j--) if (!/\s/.test(text[j]!)) return text[j];
  return undefined;
}

function nextSignificant(text: string, i: number): { ch: string | undefined; at: number } {
  for (let j = i; j < text.length; j++) if (!/\s/.test(text[j]!)) return { ch: text[j], at: j };
  return { ch: undefined, at: text.length };
}

export function normalizeHack(text: string): string {
  // UTF-16 units, like the indexes below and tree-sitter's positions.
  const out = text.split('');
  const header = /^(\uFEFF)?<\?hh\b/.exec(text);
  if (header) blank(out, header[0].length - 4, header[0].length);
  for (let i = header ? header[0].length : 0; i < text.length; i++) {
    const ch = text[i]!;
    const skipped = skipLiteral(text, i);
    if (skipped >= 0) {
      i = skipped - 1;
      continue;
    }
    if (ch === '<' && text[i + 1] === '<' && text[i + 2] !== '<' && text[i + 2] !== '=') {
      // `<<__Memoize, Attr(1)>>` at the start of a declaration -> `#[__Memoize, Attr(1)]`.
      const close = text.indexOf('>>', i + 2);
      const before = previousSignificant(text, i);
      if (close > 0 && close - i < 400 && /^[A-Za-z_\\]/.test(text[i + 2] ?? '') && (before === undefined || before === ';' || before === '}' || before === '{' || before === ')' || before === ',' || before === '(' || before === ']' || before === '>')) {
        out[i] = '#';
        out[i + 1] = '[';
        out[close] = ']';
        out[close + 1] = ' ';
        i = close + 1;
        continue;
      }
    }
    if (ch === '=' && text[i + 1] === '=' && text[i + 2] === '>') {
      out[i + 1] = ' ';
      out[i + 2] = ' ';
      i += 2;
      continue;
    }
    if (!isIdentStart(ch) || isIdent(text[i - 1]) || text[i - 1] === '$' || text[i - 1] === '>' && text[i - 2] === '-') continue;
    let end = i;
    while (end < text.length && isIdent(text[end])) end++;
    const word = text.slice(i, end);
    if (KEYWORDS.has(word)) {
      const next = nextSignificant(text, end).ch;
      if (next !== '(' || word === 'await' || word === 'async') blank(out, i, end);
      i = end - 1;
      continue;
    }
    if (COLLECTIONS.has(word) && text[end] === '[') {
      blank(out, i, end);
      i = end - 1;
      continue;
    }
    if ((word === 'type' || word === 'newtype') && /^\s+[A-Z_a-z]\w*(\s*<[^>]*>)?\s*(as\s+[^=;]+)?=/.test(text.slice(end, end + 200)) && /(^|[;{}]\s*)$/.test(text.slice(Math.max(0, i - 40), i))) {
      // `type Profile = shape(...);`: a type alias, nothing to run.
      const close = text.indexOf(';', end);
      if (close > 0) {
        blank(out, i, close + 1);
        i = close;
        continue;
      }
    }
    if (word === 'is' && /^\s/.test(text[end] ?? '') && /[\w)\]]\s+$/.test(text.slice(Math.max(0, i - 2), i))) {
      // `$x is null` -> `$x == null`: a test, no data.
      out[i] = '=';
      out[i + 1] = '=';
      i = end - 1;
      continue;
    }
    if (word === 'const') {
      // `const string NAME = ...`: the type goes, the constant stays.
      const typed = /^(\s+)([\\\w?]+(?:<[^>]*>)?)\s+[A-Za-z_]\w*\s*=/.exec(text.slice(end, end + 200));
      if (typed) blank(out, end + typed[1]!.length, end + typed[1]!.length + typed[2]!.length);
      i = end - 1;
      continue;
    }
    if (word === 'use') {
      const next = /^\s+(type|namespace)\b/.exec(text.slice(end, end + 20));
      if (next) blank(out, end + next[0].length - next[1]!.length, end + next[0].length);
      i = end - 1;
      continue;
    }
    if ((word === 'shape' || word === 'tuple') && text[end] === '(') {
      const close = parenEnd(text, end);
      const before = previousSignificant(text, i);
      const after = nextSignificant(text, close < 0 ? end : close).ch;
      if (close > 0 && (before === ':' || after === '$' || (before === '?' && previousSignificant(text, i - 1) === ':'))) blank(out, i, close);
      else for (let k = 0; k < 5; k++) out[i + k] = 'array'[k]!;
      i = end - 1;
      continue;
    }
    if (text[end] === '<' && text[end + 1] !== '<' && text[end + 1] !== '=' && (GENERIC_NAMES.has(word) || /^\\?[A-Z]/.test(word) || /\bfunction\s*$/.test(text.slice(Math.max(0, i - 20), i)))) {
      const close = genericEnd(text, end);
      if (close > 0) {
        blank(out, end, close + 1);
        i = close;
        continue;
      }
    }
    i = end - 1;
  }
  return out.join('');
}
