/**
 * Node reads are memoised on the node objects (src/extract/node-memo.ts): what they return must be what the tree
 * says, read independently through a tree cursor (which the memo does not touch).
 */
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { withTree } from '../src/extract/tree-sitter.js';

const SOURCE = `import os

class Exporter(Base):
    def export(self, rows, path=None):
        with open(path or os.environ["OUT"], "w") as out:
            for row in rows:
                out.write(f"{row.email};{row.name}\\n")
        return len(rows)
`;

describe('memoised tree-sitter node reads', () => {
  it('give the type, end, text, parent and field children the tree cursor reads', async () => {
    const checked = await withTree('python', SOURCE, (tree) => {
      const cursor = tree.walk();
      const nodes: Array<{ node: Node; type: string; end: number; text: string; parentId: number | undefined; field: string | null }> = [];
      const parents: number[] = [];
      for (let more = true; more;) {
        const node = cursor.currentNode;
        nodes.push({ node, type: cursor.nodeType, end: cursor.endIndex, text: cursor.nodeText, parentId: parents[parents.length - 1], field: cursor.currentFieldName });
        if (cursor.gotoFirstChild()) {
          parents.push(node.id);
          continue;
        }
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) {
            more = false;
            break;
          }
          parents.pop();
        }
      }
      for (const entry of nodes) {
        // Twice: the first read fills the memo, the second reads it.
        for (let i = 0; i < 2; i++) {
          expect(entry.node.type).toBe(entry.type);
          expect(entry.node.endIndex).toBe(entry.end);
          expect(entry.node.text).toBe(entry.text);
          expect(entry.node.parent?.id).toBe(entry.parentId);
        }
      }
      // Field children: the same object every time, the child the field names.
      for (const entry of nodes) {
        if (!entry.field || entry.parentId === undefined) continue;
        const parent = nodes.find((n) => n.node.id === entry.parentId)!.node;
        const first = parent.childForFieldName(entry.field);
        expect(first).toBe(parent.childForFieldName(entry.field));
        expect(parent.childrenForFieldName(entry.field).map((c) => c.id)).toContain(entry.node.id);
        expect(first?.id).toBe(parent.childrenForFieldName(entry.field)[0]?.id);
      }
      expect(parent(nodes, 'identifier', 'export')?.type).toBe('function_definition');
      expect(tree.rootNode.childForFieldName('no_such_field')).toBeNull();
      return nodes.length;
    });
    expect(checked).toBeGreaterThan(50);
  });
});

function parent(nodes: Array<{ node: Node; text: string; type: string }>, type: string, text: string): Node | null | undefined {
  return nodes.find((n) => n.type === type && n.text === text)?.node.parent;
}
