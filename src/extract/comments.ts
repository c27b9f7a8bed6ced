/**
 * A small language-agnostic comment scanner: the comment syntax of each language is data
 * (grammars/comments.yaml). It skips string literals so `"# not a comment"` is not taken for one, and reports
 * every comment with the line it starts on. Single pass, no recursion.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../facts/schema.js';

const Delimiter = z.string().min(1);
const CommentSyntax = z.strictObject({
  line: z.array(Delimiter),
  block: z.array(z.tuple([Delimiter, Delimiter])),
  strings: z.array(Delimiter),
  /** Escape character inside strings (none for SQL, which doubles quotes). */
  escape: z.string().length(1).optional(),
});
export type CommentSyntax = z.infer<typeof CommentSyntax>;

const CommentsFile = z.strictObject({
  version: z.literal(1),
  languages: z.partialRecord(z.enum(LANGUAGES), CommentSyntax),
});

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../grammars/comments.yaml');
let loaded: Partial<Record<Language, CommentSyntax>> | undefined;

export function commentSyntax(language: Language): CommentSyntax | undefined {
  if (!loaded) {
    const parsed = CommentsFile.safeParse(parseYaml(readFileSync(FILE, 'utf8')));
    if (!parsed.success) throw new Error(`invalid comment syntax in ${FILE}: ${z.prettifyError(parsed.error)}`);
    loaded = parsed.data.languages;
  }
  return loaded[language];
}

export interface Comment {
  /** 1-based line where the comment starts. */
  line: number;
  /** The comment's text without its delimiters. */
  text: string;
}

type Token = { kind: 'line' | 'string'; open: string } | { kind: 'block'; open: string; close: string };

/** The token starting at `i`, preferring the longest delimiter (`"""` over `"`). */
function tokenAt(text: string, i: number, tokens: readonly Token[]): Token | undefined {
  for (const token of tokens) if (text.startsWith(token.open, i)) return token;
  return undefined;
}

function sortedTokens(syntax: CommentSyntax): Token[] {
  const tokens: Token[] = [
    ...syntax.line.map((open) => ({ kind: 'line' as const, open })),
    ...syntax.block.map(([open, close]) => ({ kind: 'block' as const, open, close })),
    ...syntax.strings.map((open) => ({ kind: 'string' as const, open })),
  ];
  return tokens.sort((a, b) => b.open.length - a.open.length);
}

export function scanComments(text: string, syntax: CommentSyntax): Comment[] {
  const tokens = sortedTokens(syntax);
  const starts = new Set(tokens.map((t) => t.open[0]));
  const comments: Comment[] = [];
  let line = 1;
  let i = 0;
  const advanceTo = (end: number) => {
    for (let k = i; k < end; k++) if (text.charCodeAt(k) === 10) line++;
    i = end;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      i++;
      continue;
    }
    const token = starts.has(ch) ? tokenAt(text, i, tokens) : undefined;
    if (!token) {
      i++;
      continue;
    }
    const bodyStart = i + token.open.length;
    if (token.kind === 'line') {
      let end = text.indexOf('\n', bodyStart);
      if (end === -1) end = text.length;
      comments.push({ line, text: text.slice(bodyStart, end) });
      i = end;
    } else if (token.kind === 'block') {
      let end = text.indexOf(token.close, bodyStart);
      if (end === -1) end = text.length;
      comments.push({ line, text: text.slice(bodyStart, end) });
      advanceTo(Math.min(text.length, end + token.close.length));
    } else {
      let k = bodyStart;
      const single = token.open.length === 1;
      let closed = false;
      while (k < text.length) {
        if (text.startsWith(token.open, k)) {
          closed = true;
          break;
        }
        if (syntax.escape !== undefined && text[k] === syntax.escape) k++;
        else if (single && text[k] === '\n') break; // an unterminated one-line string ends at the line end
        k++;
      }
      advanceTo(Math.min(text.length, closed ? k + token.open.length : k));
    }
  }
  return comments;
}
