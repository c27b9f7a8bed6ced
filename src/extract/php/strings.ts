/**
 * PHP strings -> IR values: single-quoted literals, double-quoted strings and heredocs with interpolated
 * variables (`"id={$row['id']}"` is a concatenation of its text and values, in order), nowdocs. The first literal
 * piece carries its position, for SQL positions.
 */
import type { Node } from 'web-tree-sitter';
import type { Part, Value } from '../../facts/schema.js';
import { literal } from '../code/templates.js';

const DOUBLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$', '"': '"', '0': '\0' };

function unescapeDouble(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/gs, (whole, code: string) => {
    if (code.startsWith('u{')) return String.fromCodePoint(parseInt(code.slice(2, -1), 16));
    if (code.length > 1 && code[0] === 'x') return String.fromCharCode(parseInt(code.slice(1), 16));
    if (/^[0-7]+$/.test(code) && code !== '0') return String.fromCharCode(parseInt(code, 8));
    return DOUBLE_ESCAPES[code] ?? whole;
  });
}

/** A single-quoted string's text: only `\'` and `\\` are escapes. */
function singleQuoted(node: Node): Part | null {
  const whole = node.text;
  const quote = whole.indexOf("'");
  if (quote < 0 || !whole.endsWith("'")) return null;
  const text = whole.slice(quote + 1, -1).replace(/\\(['\\])/g, '$1');
  return literal(text, node.startPosition.row, node.startPosition.column + quote + 1);
}

/**
 * A double-quoted string, heredoc or nowdoc: its literal pieces and interpolated expressions, in order;
 * `evaluate` gives the value of an interpolated expression.
 */
function interpolated(node: Node, evaluate: (node: Node) => Value): Value {
  const container = node.type === 'heredoc' || node.type === 'nowdoc'
    ? node.childForFieldName('value') ?? node.namedChildren.find((c) => c?.type === 'heredoc_body' || c?.type === 'nowdoc_body') ?? null
    : node;
  if (!container) return [literal('', node.startPosition.row, node.startPosition.column)];
  const raw = node.type === 'nowdoc';
  const pieces: Value[] = [];
  let text = '';
  let start: { row: number; column: number } | undefined;
  const flush = () => {
    if (text === '' && pieces.length > 0) return;
    pieces.push([start && pieces.length === 0 ? literal(text, start.row, start.column) : { lit: text }]);
    text = '';
  };
  for (const child of container.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content' || child.type === 'escape_sequence' || child.type === 'nowdoc_string') {
      start ??= { row: child.startPosition.row, column: child.startPosition.column };
      text += child.type === 'escape_sequence' && !raw ? unescapeDouble(child.text) : child.text;
      continue;
    }
    if (child.type === 'heredoc_start' || child.type === 'heredoc_end') continue;
    if (text !== '' || pieces.length === 0) flush();
    pieces.push(evaluate(child));
  }
  if (text !== '' || pieces.length === 0) flush();
  if (!start) {
    // No literal text at all: the position of the string itself.
    const first = pieces[0];
    if (first && first.length === 1 && 'lit' in first[0]! && first[0].lit === '') pieces[0] = [literal('', node.startPosition.row, node.startPosition.column + 1)];
  }
  const parts = pieces.filter((p) => p.length > 0);
  if (parts.length === 1) return parts[0]!;
  return [{ concat: parts }];
}

/** The value of a string node of any kind. */
export function stringValue(node: Node, evaluate: (node: Node) => Value): Value {
  if (node.type === 'string') {
    const part = singleQuoted(node);
    return part ? [part] : [];
  }
  return interpolated(node, evaluate);
}

export const STRING_NODES = new Set(['string', 'encapsed_string', 'heredoc', 'nowdoc']);
