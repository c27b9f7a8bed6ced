/** Child access shared by the Python walk: positions and lists that leave comments out. */
import type { SyntaxNode as Node } from '../syntax-tree.js';

/** The node's type. */
export function kind(node: Node): string {
  return node.type;
}

/** The node's source text. */
export function textOf(node: Node): string {
  return node.text;
}

/** The named child at a position (the first, or negative from the end), skipping comments. */
export function child(node: Node, index: number): Node | null {
  const children = node.namedChildren;
  if (index >= 0) {
    for (let i = 0, seen = 0; i < children.length; i++) {
      const c = children[i];
      if (!c || kind(c) === 'comment') continue;
      if (seen++ === index) return c;
    }
    return null;
  }
  for (let i = children.length - 1, seen = -1; i >= 0; i--) {
    const c = children[i];
    if (!c || kind(c) === 'comment') continue;
    if (seen-- === index) return c;
  }
  return null;
}

/** Named children without comments. */
export function namedOf(node: Node | null): Node[] {
  if (!node) return [];
  const out: Node[] = [];
  for (const c of node.namedChildren) if (c && kind(c) !== 'comment') out.push(c);
  return out;
}
