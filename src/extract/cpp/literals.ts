/**
 * C and C++ string literals -> text: prefixes (`u8`, `L`, `R`), escapes, raw strings, and adjacent literals
 * (`"a" "b"`) joined with the line breaks between them, so SQL positions map back to the file.
 */
import type { Node } from 'web-tree-sitter';
import type { Part } from '../../facts/schema.js';
import { lineBreaks, literal } from '../code/templates.js';

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '?': '?' };

function unescape(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|u[0-9a-fA-F]{4}|.)/gs, (whole, code: string) => {
    if (code.length > 1 && code[0] === 'x') return String.fromCharCode(parseInt(code.slice(1), 16));
    if (code.length > 1 && code[0] === 'u') return String.fromCharCode(parseInt(code.slice(1), 16));
    if (/^[0-7]+$/.test(code) && code !== '0') return String.fromCharCode(parseInt(code, 8));
    return ESCAPES[code] ?? (code === '\n' ? '' : whole);
  });
}

/** Text and content position of one `string_literal` / `raw_string_literal` node, or null. */
function literalContent(node: Node): { text: string; row: number; column: number } | null {
  const whole = node.text;
  if (node.type === 'raw_string_literal') {
    const match = /^[A-Za-z0-9]*R"([^(]*)\(([\s\S]*)\)\1"$/.exec(whole);
    if (!match) return null;
    const open = whole.indexOf('(');
    const before = whole.slice(0, open + 1);
    const lines = before.split('\n');
    return {
      text: match[2]!,
      row: node.startPosition.row + lines.length - 1,
      column: lines.length > 1 ? lines[lines.length - 1]!.length : node.startPosition.column + before.length,
    };
  }
  const quote = whole.indexOf('"');
  if (quote < 0 || !whole.endsWith('"') || whole.length < quote + 2) return null;
  return { text: unescape(whole.slice(quote + 1, -1)), row: node.startPosition.row, column: node.startPosition.column + quote + 1 };
}

/** A string literal (or adjacent literals) as one literal part with its position; null when not one. */
export function stringPart(node: Node): Part | null {
  if (node.type === 'string_literal' || node.type === 'raw_string_literal') {
    const content = literalContent(node);
    return content ? literal(content.text, content.row, content.column) : null;
  }
  if (node.type !== 'concatenated_string') return null;
  let text = '';
  let first: { row: number; column: number } | undefined;
  let row = -1;
  for (const child of node.namedChildren) {
    if (!child || (child.type !== 'string_literal' && child.type !== 'raw_string_literal')) continue;
    const content = literalContent(child);
    if (!content) continue;
    if (!first) {
      first = { row: content.row, column: content.column };
      row = content.row;
    } else text += lineBreaks(text, content.text, content.row - row);
    text += content.text;
    row = content.row + (content.text.split('\n').length - 1);
  }
  return first ? literal(text, first.row, first.column) : null;
}

/** A character literal's text (`'a'`). */
export function charText(node: Node): string {
  const whole = node.text;
  const quote = whole.indexOf("'");
  return unescape(whole.slice(quote + 1, -1));
}
