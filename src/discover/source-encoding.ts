/**
 * The character encoding a source file declares for itself. Python reads a file in the encoding named by a PEP 263
 * comment on its first or second line (`# -*- coding: koi8-r -*-`), so its string literals — SQL, table names,
 * messages — only read as the program sees them when decoded the same way. Other languages have no such
 * declaration in practice (PHP's `declare(encoding=...)` needs an interpreter setting) and are read as UTF-8.
 */
import type { Language } from '../facts/schema.js';

/** The PEP 263 pattern, as Python's tokenizer applies it to each of the first two lines. */
const DECLARATION = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
/** A line with nothing but a comment or white space: only then may the declaration stand on the second line. */
const COMMENT_OR_BLANK = /^[ \t\f]*(?:#.*)?\r?$/;

export interface DeclaredEncoding {
  /** The name as written in the file. */
  name: string;
  /** 1-based line of the declaration. */
  line: number;
}

/** The first line ends at `\n`; the declaration is ASCII, so the bytes are read as Latin-1 to find it. */
function firstLines(buffer: Uint8Array): [string, string] {
  const head = Buffer.from(buffer.buffer, buffer.byteOffset, Math.min(buffer.length, 1024)).toString('latin1');
  const first = head.indexOf('\n');
  if (first === -1) return [head, ''];
  const second = head.indexOf('\n', first + 1);
  return [head.slice(0, first), head.slice(first + 1, second === -1 ? undefined : second)];
}

/** The encoding a file of this language declares, or undefined when it declares none. */
export function declaredEncoding(buffer: Uint8Array, language: Language | undefined): DeclaredEncoding | undefined {
  if (language !== 'python') return undefined;
  // A UTF-8 byte order mark decides the encoding whatever a comment says (Python then insists on utf-8).
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return undefined;
  const [first, second] = firstLines(buffer);
  const onFirst = DECLARATION.exec(first);
  if (onFirst) return { name: onFirst[1]!, line: 1 };
  if (!COMMENT_OR_BLANK.test(first)) return undefined;
  const onSecond = DECLARATION.exec(second);
  return onSecond ? { name: onSecond[1]!, line: 2 } : undefined;
}

export type SourceDecoder =
  | { kind: 'utf-8' }
  /** ISO-8859-1 proper: every byte is the code point of its value (WHATWG's `latin1` label means windows-1252). */
  | { kind: 'latin-1' }
  | { kind: 'whatwg'; label: string }
  | { kind: 'unknown' };

/**
 * How to decode text Python would read in the encoding `name`. Python compares names case-insensitively with
 * `-`, `_` and spaces alike; its Latin-1 and UTF-8 spellings are mapped here, the rest go by the WHATWG labels
 * the runtime's TextDecoder knows. Encodings that are not ASCII-compatible (UTF-16, UTF-32) cannot carry a
 * declaration that Python reads, so they count as unknown, as do labels TextDecoder maps to `replacement`.
 */
export function decoderFor(name: string): SourceDecoder {
  const normal = name.toLowerCase().replace(/[_ ]/g, '-');
  if (/^(utf-?8|ascii|us-ascii|646)(-.*)?$/.test(normal)) return { kind: 'utf-8' };
  if (/^(latin-?1|iso-?8859-1|iso-latin-1|l1|cp819|8859)(-.*)?$/.test(normal)) return { kind: 'latin-1' };
  for (const label of new Set([normal, normal.replace(/-/g, '_'), normal.replace(/^cp-?/, 'windows-')])) {
    try {
      const encoding = new TextDecoder(label).encoding;
      if (encoding === 'replacement' || encoding.startsWith('utf-16') || encoding === 'x-user-defined') continue;
      return { kind: 'whatwg', label: encoding };
    } catch {
      // Not a label this runtime knows; try the next spelling.
    }
  }
  return { kind: 'unknown' };
}
