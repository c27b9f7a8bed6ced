/**
 * Cheap access to tree-sitter nodes. Every property read of a web-tree-sitter node crosses into WebAssembly; the
 * walk reads a node's type and text several times and fetches children by position (the node object caches its
 * child list), so these helpers remember what was read on the node object itself.
 */
import type { Node } from 'web-tree-sitter';

interface Memo {
  __type?: string;
  __text?: string;
}

/** The node's type, read once per node object. */
export function kind(node: Node): string {
  const memo = node as Node & Memo;
  return (memo.__type ??= node.type);
}

/** The node's source text, read once per node object. */
export function textOf(node: Node): string {
  const memo = node as Node & Memo;
  return (memo.__text ??= node.text);
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
