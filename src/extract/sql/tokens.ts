/**
 * A small SQL tokenizer for reading statement heads (INSERT targets, CREATE ... AS, MERGE clauses) without a
 * grammar. It knows strings, quoted identifiers, comments and parentheses depth; everything else is a word or
 * a punctuation character. Offsets index the original text, so callers can cut and blank exact ranges.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct' | 'variable';

export interface Token {
  kind: TokenKind;
  /** The raw text of the token (quotes included). */
  text: string;
  /** Lower-cased text for words; the unquoted name for quoted identifiers. */
  value: string;
  start: number;
  end: number;
  /** Parenthesis depth before the token (a `(` has the depth outside it). */
  depth: number;
}

import { skipQuoted } from './split.js';

const WORD_START = /[A-Za-z_\u00C0-\uFFFF]/;
const WORD_CHAR = /[A-Za-z0-9_$\u00C0-\uFFFF]/;

export interface TokenizeOptions {
  brackets?: boolean;
  backslashEscapes?: boolean;
}

export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value?: string) => {
    const raw = text.slice(start, end);
    tokens.push({ kind, text: raw, value: value ?? (kind === 'word' ? raw.toLowerCase() : raw), start, end, depth });
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    if (text.startsWith('--', i) || text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
      continue;
    }
    if (ch === "'") {
      const end = skipQuoted(text, i, "'", options.backslashEscapes ?? false);
      push('string', i, end, text.slice(i + 1, end - 1));
      i = end;
      continue;
    }
    if (ch === '"' || ch === '`' || (ch === '[' && options.brackets)) {
      const close = ch === '[' ? ']' : ch;
      const end = skipQuoted(text, i, close, false);
      push('quoted', i, end, text.slice(i + 1, end - 1));
      i = end;
      continue;
    }
    if (ch === '$' && /^\$([A-Za-z_]\w*)?\$/.test(text.slice(i, i + 64))) {
      const tag = /^\$([A-Za-z_]\w*)?\$/.exec(text.slice(i, i + 64))![0];
      const close = text.indexOf(tag, i + tag.length);
      const end = close === -1 ? text.length : close + tag.length;
      push('string', i, end, text.slice(i + tag.length, close === -1 ? text.length : close));
      i = end;
      continue;
    }
    if (WORD_START.test(ch) || (ch === '#' && WORD_START.test(text[i + 1] ?? '')) || (ch === '#' && text[i + 1] === '#')) {
      let j = i + 1;
      while (j < text.length && (WORD_CHAR.test(text[j]!) || text[j] === '#')) j++;
      push('word', i, j);
      i = j;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE]/.test(text[j]!)) j++;
      push('number', i, j);
      i = j;
      continue;
    }
    if ((ch === '@' || ch === ':' || ch === '$') && /[A-Za-z_0-9@~%]/.test(text[i + 1] ?? '')) {
      // Variables and stages: @var, @@global, :param, $1, @~ (user stage), @%table (table stage).
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_@.~%$]/.test(text[j]!)) j++;
      // A Snowflake stage path continues with /segments.
      if (ch === '@') while (j < text.length && /[A-Za-z0-9_@.~%$/=\-]/.test(text[j]!)) j++;
      push('variable', i, j);
      i = j;
      continue;
    }
    if (ch === '(') { push('punct', i, i + 1); depth++; i++; continue; }
    if (ch === ')') { depth = Math.max(0, depth - 1); push('punct', i, i + 1); i++; continue; }
    push('punct', i, i + 1);
    i++;
  }
  return tokens;
}

/** Index of the token closing the parenthesis opened at `open` (or the last token). */
export function matchingParen(tokens: readonly Token[], open: number): number {
  const depth = tokens[open]!.depth;
  for (let i = open + 1; i < tokens.length; i++) {
    if (tokens[i]!.value === ')' && tokens[i]!.depth === depth) return i;
  }
  return tokens.length - 1;
}

export const isWord = (token: Token | undefined, ...words: string[]): boolean =>
  token !== undefined && token.kind === 'word' && (words.length === 0 || words.includes(token.value));

/** A dotted name starting at `i`: its parts (quotes kept) and the index after it. */
export function readDottedName(tokens: readonly Token[], i: number): { parts: Token[]; next: number } | null {
  const first = tokens[i];
  if (!first || (first.kind !== 'word' && first.kind !== 'quoted' && first.kind !== 'variable')) return null;
  const parts = [first];
  let j = i + 1;
  while (tokens[j]?.value === '.' && tokens[j]!.start === tokens[j - 1]!.end) {
    const next = tokens[j + 1];
    if (!next || (next.kind !== 'word' && next.kind !== 'quoted')) break;
    parts.push(next);
    j += 2;
  }
  // `db..table` (T-SQL default schema)
  while (tokens[j]?.value === '.' && tokens[j + 1]?.value === '.' && (tokens[j + 2]?.kind === 'word' || tokens[j + 2]?.kind === 'quoted')) {
    parts.push(tokens[j + 2]!);
    j += 3;
  }
  return { parts, next: j };
}

/**
 * A table name at `i`: a dotted name, or Snowflake's `IDENTIFIER('db.table')` (the string's parts). Names built
 * from variables (`IDENTIFIER(:t)`) are not table names.
 */
export function readTableName(tokens: readonly Token[], i: number): { parts: Token[]; next: number } | null {
  const t = tokens[i];
  if (isWord(t, 'identifier') && tokens[i + 1]?.value === '(') {
    const close = matchingParen(tokens, i + 1);
    const inner = tokens[i + 2];
    if (close === i + 3 && inner?.kind === 'string') {
      const parts = inner.value.split('.').map((value, n): Token => ({ ...inner, kind: 'word', text: value, value: value.toLowerCase(), start: inner.start + n, end: inner.start + n + 1 }));
      return { parts, next: close + 1 };
    }
    return null;
  }
  return readDottedName(tokens, i);
}
