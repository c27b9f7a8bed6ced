import { describe, expect, it } from 'vitest';
import { descendants, withTree } from '../src/extract/tree-sitter.js';

const SOURCE = `import sqlite3


def load(cur):
    cur.execute(build(name("users")))
`;

describe('tree-sitter helpers', () => {
  it('walks named nodes in pre-order, and filters by type inside WebAssembly with the same order', async () => {
    await withTree('python', SOURCE, (tree) => {
      const all = [...descendants(tree.rootNode)];
      expect(all[0]!.type).toBe('module');
      const calls = all.filter((node) => node.type === 'call').map((node) => node.text);
      expect(calls).toEqual(['cur.execute(build(name("users")))', 'build(name("users"))', 'name("users")']);
      expect([...descendants(tree.rootNode, ['call'])].map((node) => node.text)).toEqual(calls);
      const mixed = (nodes: Iterable<{ type: string; text: string }>) => [...nodes].map((node) => `${node.type}:${node.text}`);
      expect(mixed(descendants(tree.rootNode, ['function_definition', 'string_content']))).toEqual(
        mixed(all.filter((node) => node.type === 'function_definition' || node.type === 'string_content')),
      );
    });
  });

  it('walks a tree 5,000 levels deep without recursion', async () => {
    const deep = `x = ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const lists = await withTree('python', deep, (tree) => [...descendants(tree.rootNode)].filter((node) => node.type === 'list').length);
    expect(lists).toBe(5000);
  });
});
