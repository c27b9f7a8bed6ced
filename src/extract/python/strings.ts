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
  // Parentheses are unwrapped in a loop: thousands of them must not recurse.
  while (node.type === 'parenthesized_expression') {
    const inner = node.namedChildren[0];
    if (!inner) return null;
    node = inner;
  }
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
    default:
      return null;
  }
}

/** Whether the expression builds a string at run time (f-string, `+`, `%`, `.format`, `.join`). */
export function isBuiltString(node: Node): boolean {
  // An explicit stack: an operator chain thousands of terms long must not recurse.
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'string' || current.type === 'concatenated_string') return true;
    if (current.type === 'binary_operator') {
      const left = current.childForFieldName('left');
      const right = current.childForFieldName('right');
      if (right) stack.push(right);
      if (left) stack.push(left);
    } else if (current.type === 'call') {
      const fn = current.childForFieldName('function');
      if (fn?.type === 'attribute') {
        const name = fn.childForFieldName('attribute')?.text;
        const object = fn.childForFieldName('object');
        if ((name === 'format' || name === 'join') && object !== null) stack.push(object);
      }
    }
  }
  return false;
}
