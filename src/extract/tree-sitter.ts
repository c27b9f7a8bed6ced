/**
 * Tree-sitter, run as WebAssembly (web-tree-sitter with the grammars' own .wasm files): one runtime init and
 * one Language per grammar per thread. Callers must `tree.delete()` when done; trees are not garbage collected.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import { activeBudgets, BudgetExceeded } from '../budget/index.js';
import { copyTree, publicCursorWalk, type CursorWalk, type SyntaxNode } from './syntax-tree.js';

const require = createRequire(import.meta.url);

export type GrammarName = 'python' | 'cpp' | 'php' | 'php_only';

const WASM_FILES: Record<GrammarName, string> = {
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  cpp: 'tree-sitter-cpp/tree-sitter-cpp.wasm',
  php: 'tree-sitter-php/tree-sitter-php.wasm',
  php_only: 'tree-sitter-php/tree-sitter-php_only.wasm',
};

let runtime: Promise<void> | undefined;
/** The runtime's module object (Parser.init fills in the one it is given): its exports reach the cursor directly. */
const binding: Partial<Record<string, (tree: number, ...rest: number[]) => number>> = {};
const languages = new Map<GrammarName, Promise<Language>>();
const parsers = new Map<GrammarName, Promise<Parser>>();

export function loadLanguage(grammar: GrammarName): Promise<Language> {
  runtime ??= Parser.init(binding);
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

/**
 * Parses, hands the tree to `use`, and always frees it. A tree with more nodes than the `ast-nodes` budget is
 * not handed over: `BudgetExceeded` (with the file's parse health) is thrown instead, so no extractor walks an
 * unbounded tree. The node count is kept by tree-sitter itself, so the check costs nothing.
 */
export async function withTree<T>(grammar: GrammarName, text: string, use: (tree: Tree) => T): Promise<T> {
  const parser = await parserFor(grammar);
  const tree = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${grammar}`);
  try {
    const limit = activeBudgets()['ast-nodes'];
    const nodes = tree.rootNode.descendantCount;
    if (nodes > limit) throw new BudgetExceeded('ast-nodes', limit, nodes, parseHealth(tree.rootNode, text.length));
    return use(tree);
  } finally {
    tree.delete();
  }
}

/**
 * Parses, hands a plain JavaScript copy of the tree (src/extract/syntax-tree.ts) and the tree itself to `use`,
 * and always frees the tree. Budget as in `withTree`. The copy reads the tree for a rare field question, so no
 * node of it may be kept past `use`.
 */
export async function withSyntaxTree<T>(grammar: GrammarName, text: string, use: (root: SyntaxNode, tree: Tree) => T): Promise<T> {
  return withTree(grammar, text, (tree) => {
    // Counted before the cursor exists: any other read of the tree would overwrite the cursor's state.
    const count = tree.rootNode.descendantCount;
    return use(copyTree(cursorWalk(tree), tree, text, count), tree);
  });
}

const RAW_CURSOR = [
  'tree_root_node', 'tree_cursor_new', 'tree_cursor_delete', 'tree_cursor_goto_first_child', 'tree_cursor_goto_next_sibling',
  'tree_cursor_goto_parent', 'tree_cursor_current_node_type_id', 'tree_cursor_current_field_id',
  'tree_cursor_current_node_is_named', 'tree_cursor_start_index', 'tree_cursor_end_index',
] as const;

/**
 * A cursor over the whole tree. The runtime's own cursor functions (web-tree-sitter keeps the cursor in a shared
 * transfer buffer between calls) are called directly when present: one WebAssembly call per read, against about
 * ten buffer reads and writes per call through the public TreeCursor. Nothing else may use the runtime while
 * the walk runs, which `copyTree` guarantees by being synchronous. Without them (another runtime version, or the
 * runtime initialised elsewhere first), the public TreeCursor.
 */
function cursorWalk(tree: Tree): CursorWalk {
  const fn = (name: (typeof RAW_CURSOR)[number]) => binding[`_ts_${name}_wasm`];
  if (!RAW_CURSOR.every((name) => typeof fn(name) === 'function')) return publicCursorWalk(tree);
  const address = (tree as unknown as Record<number, number>)[0]!;
  const [root, create, remove, firstChild, nextSibling, parent, typeId, fieldId, isNamed, startIndex, endIndex] = RAW_CURSOR.map((name) => fn(name)!);
  root!(address);
  create!(address);
  return {
    gotoFirstChild: () => firstChild!(address) === 1,
    gotoNextSibling: () => nextSibling!(address) === 1,
    gotoParent: () => parent!(address) === 1,
    typeId: () => typeId!(address),
    fieldId: () => fieldId!(address),
    isNamed: () => isNamed!(address) === 1,
    startIndex: () => startIndex!(address),
    endIndex: () => endIndex!(address),
    delete: () => void remove!(address),
  };
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

/**
 * Named nodes in pre-order (the root included), without recursion, so deeply nested code cannot overflow the
 * stack. With `types`, only nodes of those types: the walk then runs inside WebAssembly and creates no object
 * for the other nodes, about three times faster than filtering the full walk.
 */
export function* descendants(root: Node, types?: readonly string[]): Generator<Node> {
  if (types) {
    for (const node of root.descendantsOfType([...types])) if (node) yield node;
    return;
  }
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

/**
 * Whether `child` is the node in `parent`'s field `field`. web-tree-sitter builds a new object for every node it
 * hands out, so two reads of one node are never `===`.
 */
export function isFieldChild(parent: Node, field: string, child: Node): boolean {
  const inField = parent.childForFieldName(field);
  return inField !== null && inField.equals(child);
}
