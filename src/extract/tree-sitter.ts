/**
 * Tree-sitter, run as WebAssembly (web-tree-sitter with the grammars' own .wasm files): one runtime init and
 * one Language per grammar per thread. Callers must `tree.delete()` when done; trees are not garbage collected.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

export type GrammarName = 'python' | 'cpp' | 'php' | 'php_only';

const WASM_FILES: Record<GrammarName, string> = {
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  cpp: 'tree-sitter-cpp/tree-sitter-cpp.wasm',
  php: 'tree-sitter-php/tree-sitter-php.wasm',
  php_only: 'tree-sitter-php/tree-sitter-php_only.wasm',
};

let runtime: Promise<void> | undefined;
const languages = new Map<GrammarName, Promise<Language>>();
const parsers = new Map<GrammarName, Promise<Parser>>();

export function loadLanguage(grammar: GrammarName): Promise<Language> {
  runtime ??= Parser.init();
  let language = languages.get(grammar);
  if (!language) {
    language = runtime.then(() => Language.load(require.resolve(WASM_FILES[grammar])));
    languages.set(grammar, language);
  }
  return language;
}

/** A parser for the grammar, reused across files of this thread. */
export function parserFor(grammar: GrammarName): Promise<Parser> {
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = loadLanguage(grammar).then((language) => new Parser().setLanguage(language));
    parsers.set(grammar, parser);
  }
  return parser;
}

/** Parses, hands the tree to `use`, and always frees it. */
export async function withTree<T>(grammar: GrammarName, text: string, use: (tree: Tree) => T): Promise<T> {
  const parser = await parserFor(grammar);
  const tree = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${grammar}`);
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}

/** Characters under ERROR nodes (and one per MISSING node) and the share of the file that parsed cleanly. */
export function parseHealth(root: Node, length: number): { errorBytes: number; quality: number } {
  let errorBytes = 0;
  if (root.hasError) {
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.isError) {
        errorBytes += node.endIndex - node.startIndex;
        continue;
      }
      if (node.isMissing) {
        errorBytes += 1;
        continue;
      }
      if (node.hasError) for (const child of node.children) if (child) stack.push(child);
    }
  }
  errorBytes = Math.min(errorBytes, length);
  return { errorBytes, quality: Math.round((1 - errorBytes / Math.max(1, length)) * 10000) / 10000 };
}

/** Pre-order traversal without recursion, so deeply nested code cannot overflow the stack. */
export function* descendants(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
}
