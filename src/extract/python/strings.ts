/**
 * Python string literals as text: prefixes, triple quotes, implicit concatenation and escapes. Interpolated
 * f-strings are not constant and yield `null` here.
 */
import type { Node } from 'web-tree-sitter';

export interface StringValue {
  text: string;
  /** 0-based row and column where the content starts (after the opening quote). */
  row: number;
  column: number;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

function unescape(text: string): string {
  return text.replace(/\\(.)/gs, (whole, ch: string) => ESCAPES[ch] ?? (ch === '\n' ? '' : whole));
}

function literal(node: Node): StringValue | null {
  const start = node.children.find((c) => c?.type === 'string_start');
  const end = node.children.find((c) => c?.type === 'string_end');
  if (!start || !end) return null;
  if (node.children.some((c) => c?.type === 'interpolation')) return null;
  const prefix = start.text.replace(/['"]+$/, '').toLowerCase();
  const raw = node.text.slice(start.endIndex - node.startIndex, end.startIndex - node.startIndex);
  return { text: prefix.includes('r') ? raw : unescape(raw), row: start.endPosition.row, column: start.endPosition.column };
}

/** The constant text of a string expression, or null when any part is computed. */
export function constantString(node: Node): StringValue | null {
  switch (node.type) {
    case 'string':
      return literal(node);
    case 'concatenated_string': {
      const parts = node.namedChildren.map((child) => (child ? constantString(child) : null));
      if (parts.length === 0 || parts.some((p) => p === null)) return null;
      // Implicit concatenation joins the pieces as Python does; a piece on a later line starts on a new line
      // of the text too, so statement positions map back to the file.
      let text = '';
      const first = parts[0]!;
      let row = first.row;
      for (const part of parts as StringValue[]) {
        text += '\n'.repeat(Math.max(0, part.row - row)) + part.text;
        row = Math.max(row, part.row) + (part.text.split('\n').length - 1);
      }
      return { text, row: first.row, column: first.column };
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren[0];
      return inner ? constantString(inner) : null;
    }
    default:
      return null;
  }
}

/** Whether the expression builds a string at run time (f-string, `+`, `%`, `.format`, `.join`). */
export function isBuiltString(node: Node): boolean {
  if (node.type === 'string' || node.type === 'concatenated_string') return true;
  if (node.type === 'binary_operator') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    return (left !== null && isBuiltString(left)) || (right !== null && isBuiltString(right));
  }
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    if (fn?.type === 'attribute') {
      const name = fn.childForFieldName('attribute')?.text;
      const object = fn.childForFieldName('object');
      return (name === 'format' || name === 'join') && object !== null && isBuiltString(object);
    }
  }
  return false;
}
