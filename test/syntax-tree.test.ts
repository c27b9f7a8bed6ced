/**
 * The plain JavaScript copy of a syntax tree (src/extract/syntax-tree.ts) against web-tree-sitter's own nodes:
 * for every node of real fixture files and of hostile text (syntax errors, surrogate pairs, CRLF, tabs, an
 * empty file), the same type, named-ness, offsets, rows and columns, text, children, named children, parent,
 * and the same answer for every field name of the grammar.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import type { SyntaxNode } from '../src/extract/syntax-tree.js';
import { withSyntaxTree, type GrammarName } from '../src/extract/tree-sitter.js';

/** A short, comparable description of a node of either kind. */
function describeNode(node: Node | SyntaxNode | null | undefined): string {
  if (!node) return 'null';
  const { startPosition: s, endPosition: e } = node;
  return `${node.type}${node.isNamed ? '' : '(anon)'} ${node.startIndex}-${node.endIndex} ${s.row}:${s.column}-${e.row}:${e.column}`;
}

/** Every difference between the copy and the tree, walking both in step; empty when they agree. */
async function differences(grammar: GrammarName, text: string): Promise<string[]> {
  return withSyntaxTree(grammar, text, (root, tree) => {
    const fields = tree.language.fields.filter((f): f is string => f !== null);
    const out: string[] = [];
    const pairs: Array<[Node, SyntaxNode]> = [[tree.rootNode, root]];
    let visited = 0;
    while (pairs.length > 0 && out.length < 20) {
      const [theirs, ours] = pairs.pop()!;
      visited++;
      const where = describeNode(theirs);
      const same = (what: string, a: unknown, b: unknown) => {
        if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${where}: ${what} ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
      };
      same('node', where, describeNode(ours));
      same('text', theirs.text, ours.text);
      same('parent', describeNode(theirs.parent), describeNode(ours.parent));
      same('children', theirs.children.map(describeNode), ours.children.map(describeNode));
      same('named children', theirs.namedChildren.map(describeNode), ours.namedChildren.map(describeNode));
      same('counts', [theirs.childCount, theirs.namedChildCount], [ours.childCount, ours.namedChildCount]);
      for (const field of fields) {
        same(`field ${field}`, describeNode(theirs.childForFieldName(field)), describeNode(ours.childForFieldName(field)));
        same(`fields ${field}`, theirs.childrenForFieldName(field).map(describeNode), ours.childrenForFieldName(field).map(describeNode));
      }
      theirs.children.forEach((child, i) => {
        if (child && ours.children[i]) pairs.push([child, ours.children[i]!]);
      });
    }
    if (visited !== tree.rootNode.descendantCount && out.length === 0) out.push(`visited ${visited} of ${tree.rootNode.descendantCount} nodes`);
    same2(out, 'identifiers', tree.rootNode.descendantsOfType(['identifier', 'ERROR']).map(describeNode), root.descendantsOfType(['identifier', 'ERROR']).map(describeNode));
    return out;
  });
}

function same2(out: string[], what: string, a: string[], b: string[]): void {
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${what}: ${a.length} != ${b.length}`);
}

const FIXTURES: Array<[GrammarName, string]> = [
  ['python', 'fixtures/**/*.py'],
  ['cpp', 'fixtures/**/*.{c,cc,cpp,h,hpp}'],
  ['php', 'fixtures/**/*.php'],
  ['php_only', 'fixtures/**/*.{hack,hh}'],
];

describe('the syntax tree copy', () => {
  for (const [grammar, pattern] of FIXTURES) {
    it(`answers like web-tree-sitter on every ${grammar} fixture`, async () => {
      const files = fg.sync(pattern).sort();
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        expect(await differences(grammar, readFileSync(file, 'utf8')), path.basename(file)).toEqual([]);
      }
    });
  }

  it('answers like web-tree-sitter on broken, non-ASCII and oddly spaced text', async () => {
    const python = [
      '',
      'def f(:\n  return ((\n',
      'x = "😀 naïve"; y = f"{x!r:>{w}} 😀 {z}"\r\nif x:\r\n\tpass\r\n',
      'class A(B, metaclass=M):\n    @d\n    def m(self, *a, k=1, **kw) -> int: ...\n    lambda: (yield)\n',
      '\n\n   \n# only a comment\n',
      // The match block passes its `alternative` fields up: tree-sitter answers match_statement's with a grandchild.
      'match command:\n    case [x, *rest] if x:\n        go(x)\n    case _:\n        pass\n',
    ];
    for (const text of python) expect(await differences('python', text), JSON.stringify(text)).toEqual([]);
    expect(await differences('cpp', 'int main() { if (x { y = "😀"; } template<class T> struct S : T {};\n#if A\nint z;\n#endif\n')).toEqual([]);
    expect(await differences('php', '<html><?php $a = "😀 {$b->c}"; function f( { ?>text<?= $x ?>')).toEqual([]);
  });
});
