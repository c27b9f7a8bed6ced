/**
 * A plain JavaScript copy of a tree-sitter syntax tree, built in one cursor walk right after parsing. Every read
 * of a web-tree-sitter node (its type, text, children, a field) crosses into WebAssembly and allocates a new node
 * object; extractors read each node many times, so that crossing cost more than the parse itself.
 *
 * The copy is flat: one integer array holds every node in pre-order (type, field, offsets, parent, end of its
 * subtree), so copying allocates nothing per node. Node objects with the same read API as web-tree-sitter's
 * (types, named and anonymous children, field names, offsets, rows and columns, text sliced from the source)
 * are made on first access, once per node, so the walk creates objects only for the nodes it reads and a node
 * read twice is the same object.
 */
import type { Node, Point, Tree } from 'web-tree-sitter';

/** Cursor moves and reads over the current node, the only calls the copy needs. */
export interface CursorWalk {
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  typeId(): number;
  fieldId(): number;
  isNamed(): boolean;
  startIndex(): number;
  endIndex(): number;
  delete(): void;
}

/** Integers per node in `FlatTree.data`, and their positions. */
const STRIDE = 5;
const KIND = 0; // type id | field id << 16
const START = 1;
const END = 2;
const PARENT = 3; // -1 for the root
const AFTER = 4; // index of the first node after this node's subtree

/** Subtrees of at most this many nodes are searched for a field instead of indexed. */
const SMALL_SUBTREE = 48;

/** Tree-sitter's type id of ERROR nodes. */
const ERROR_ID = 0xffff;

/** Per grammar: type and field names by id, field ids by name and, learned on first sight, named-ness. */
interface Grammar {
  types: string[];
  fields: (string | null)[];
  fieldIds: Map<string, number>;
  /** 0: not seen yet, 1: named, 2: anonymous. Named-ness is a property of the (visible) type id. */
  named: Uint8Array;
}

const grammars = new WeakMap<Tree['language'], Grammar>();

function grammarOf(language: Tree['language']): Grammar {
  let grammar = grammars.get(language);
  if (!grammar) {
    const fieldIds = new Map<string, number>();
    language.fields.forEach((name, id) => {
      if (name !== null && !fieldIds.has(name)) fieldIds.set(name, id);
    });
    grammar = { types: language.types, fields: language.fields, fieldIds, named: new Uint8Array(65536) };
    grammars.set(language, grammar);
  }
  return grammar;
}

/** One copied tree: the node table, the source, and the node objects made so far. */
class FlatTree {
  private readonly nodes: Array<SyntaxNode | undefined>;
  private lineStarts: number[] | undefined;

  constructor(
    /** The parsed tree, alive while the copy is used (it is freed with it). */
    private readonly tree: Tree,
    readonly grammar: Grammar,
    readonly text: string,
    readonly data: Int32Array,
    readonly count: number,
  ) {
    this.nodes = new Array<SyntaxNode | undefined>(count);
  }

  node(index: number): SyntaxNode {
    return (this.nodes[index] ??= new SyntaxNode(this, index));
  }

  /** `childForFieldName` asked of web-tree-sitter's node for `index`, answered with this tree's node. */
  fieldFromTree(index: number, name: string): SyntaxNode | null {
    const path: number[] = [];
    for (let node = index; this.data[node * STRIDE + PARENT]! >= 0; node = this.data[node * STRIDE + PARENT]!) {
      let position = 0;
      for (let sibling = this.data[node * STRIDE + PARENT]! + 1; sibling < node; sibling = this.data[sibling * STRIDE + AFTER]!) position++;
      path.push(position);
    }
    let theirs: Node | null = this.tree.rootNode;
    for (let i = path.length - 1; i >= 0 && theirs; i--) theirs = theirs.child(path[i]!);
    const found = theirs?.childForFieldName(name);
    if (!found) return null;
    const after = this.data[index * STRIDE + AFTER]!;
    for (let node = index + 1; node < after; node++) {
      const at = node * STRIDE;
      if (this.data[at + START] === found.startIndex && this.data[at + END] === found.endIndex && (this.data[at + KIND]! & 0xffff) === found.typeId) return this.node(node);
    }
    return null;
  }

  /** Row and column (UTF-16 code units) of an offset; tree-sitter counts rows by '\n' alone, and so does this. */
  point(index: number): Point {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= index) low = mid;
      else high = mid - 1;
    }
    return { row: low, column: index - starts[low]! };
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

export class SyntaxNode {
  private childList: SyntaxNode[] | undefined;
  private namedList: SyntaxNode[] | undefined;
  private fieldTable: Map<number, number> | undefined;

  constructor(
    private readonly tree: FlatTree,
    private readonly index: number,
  ) {}

  get type(): string {
    return this.tree.grammar.types[this.tree.data[this.index * STRIDE + KIND]! & 0xffff] || 'ERROR';
  }

  get isNamed(): boolean {
    return this.tree.grammar.named[this.tree.data[this.index * STRIDE + KIND]! & 0xffff] === 1;
  }

  /** The field this node fills in its parent (`name`, `body`), or null. */
  get fieldName(): string | null {
    return this.tree.grammar.fields[this.tree.data[this.index * STRIDE + KIND]! >>> 16] ?? null;
  }

  get startIndex(): number {
    return this.tree.data[this.index * STRIDE + START]!;
  }

  get endIndex(): number {
    return this.tree.data[this.index * STRIDE + END]!;
  }

  get text(): string {
    const at = this.index * STRIDE;
    return this.tree.text.slice(this.tree.data[at + START], this.tree.data[at + END]);
  }

  get startPosition(): Point {
    return this.tree.point(this.startIndex);
  }

  get endPosition(): Point {
    return this.tree.point(this.endIndex);
  }

  get parent(): SyntaxNode | null {
    const parent = this.tree.data[this.index * STRIDE + PARENT]!;
    return parent < 0 ? null : this.tree.node(parent);
  }

  /** All children, named and anonymous, in order. The list is cached: never mutate it. */
  get children(): SyntaxNode[] {
    if (this.childList) return this.childList;
    const { data } = this.tree;
    const list: SyntaxNode[] = [];
    const after = data[this.index * STRIDE + AFTER]!;
    for (let child = this.index + 1; child < after; child = data[child * STRIDE + AFTER]!) list.push(this.tree.node(child));
    return (this.childList = list);
  }

  get childCount(): number {
    return this.children.length;
  }

  /** Named children (comments included, as in tree-sitter). The list is cached: never mutate it. */
  get namedChildren(): SyntaxNode[] {
    if (this.namedList) return this.namedList;
    const { data, grammar } = this.tree;
    const list: SyntaxNode[] = [];
    const after = data[this.index * STRIDE + AFTER]!;
    for (let child = this.index + 1; child < after; child = data[child * STRIDE + AFTER]!) {
      if (grammar.named[data[child * STRIDE + KIND]! & 0xffff] === 1) list.push(this.tree.node(child));
    }
    return (this.namedList = list);
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  /**
   * The first child filling the field. Tree-sitter answers from the node's own production, and an ERROR node has
   * none: it has no field children even where the cursor names fields of the fragments inside it.
   */
  childForFieldName(name: string): SyntaxNode | null {
    const field = this.tree.grammar.fieldIds.get(name);
    if (field === undefined || (this.tree.data[this.index * STRIDE + KIND]! & 0xffff) === ERROR_ID) return null;
    // Small subtrees are searched directly; large ones (a module, a class body) get a table on first use.
    const found = this.tree.data[this.index * STRIDE + AFTER]! - this.index <= SMALL_SUBTREE
      ? this.searchField(field)
      : (this.fieldTable ??= this.buildFieldTable()).get(field);
    if (found === undefined) return null;
    // Tree-sitter also answers with a grandchild when the child's rule passes the field up (a hidden rule shown
    // under an alias, like Python's match block). That needs the grammar's field tables: ask the tree itself.
    return found >= 0 ? this.tree.node(found) : this.tree.fieldFromTree(this.index, name);
  }

  /** The first child filling the field, -1 when only grandchildren fill it, else undefined. */
  private searchField(field: number): number | undefined {
    const { data } = this.tree;
    const after = data[this.index * STRIDE + AFTER]!;
    let inGrandchild = false;
    for (let child = this.index + 1; child < after; child = data[child * STRIDE + AFTER]!) {
      if (data[child * STRIDE + KIND]! >>> 16 === field) return child;
      const end = data[child * STRIDE + AFTER]!;
      for (let grandchild = child + 1; grandchild < end && !inGrandchild; grandchild = data[grandchild * STRIDE + AFTER]!) {
        inGrandchild = data[grandchild * STRIDE + KIND]! >>> 16 === field;
      }
    }
    return inGrandchild ? -1 : undefined;
  }

  /**
   * Field id -> the first child filling it, or -1 when only grandchildren fill it (as `searchField`), built on
   * the first question, so asking a node with thousands of children for its fields again and again stays cheap.
   */
  private buildFieldTable(): Map<number, number> {
    const { data } = this.tree;
    const table = new Map<number, number>();
    const after = data[this.index * STRIDE + AFTER]!;
    for (let child = this.index + 1; child < after; child = data[child * STRIDE + AFTER]!) {
      const field = data[child * STRIDE + KIND]! >>> 16;
      if (field !== 0 && !table.has(field)) table.set(field, child);
    }
    for (let child = this.index + 1; child < after; child = data[child * STRIDE + AFTER]!) {
      const end = data[child * STRIDE + AFTER]!;
      for (let grandchild = child + 1; grandchild < end; grandchild = data[grandchild * STRIDE + AFTER]!) {
        const field = data[grandchild * STRIDE + KIND]! >>> 16;
        if (field !== 0 && !table.has(field)) table.set(field, -1);
      }
    }
    return table;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const field = this.tree.grammar.fieldIds.get(name);
    const list: SyntaxNode[] = [];
    if (field === undefined) return list;
    const { data } = this.tree;
    const after = data[this.index * STRIDE + AFTER]!;
    for (let child = this.index + 1; child < after; child = data[child * STRIDE + AFTER]!) {
      if (data[child * STRIDE + KIND]! >>> 16 === field) list.push(this.tree.node(child));
    }
    return list;
  }

  /**
   * Nodes of the given types in this subtree (this node included), in pre-order, as tree-sitter's
   * `descendantsOfType` gives them (which leaves out empty nodes at the very start of the file).
   */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const { data, grammar } = this.tree;
    const out: SyntaxNode[] = [];
    const after = data[this.index * STRIDE + AFTER]!;
    for (let node = this.index; node < after; node++) {
      const at = node * STRIDE;
      if (data[at + END]! > 0 && wanted.includes(grammar.types[data[at + KIND]! & 0xffff] || 'ERROR')) out.push(this.tree.node(node));
    }
    return out;
  }
}

/**
 * Copies the tree whose cursor `walk` stands on the root (`count` nodes: tree-sitter's descendant count) without
 * recursion, and deletes the cursor. `walk` must be used by nothing else until this returns.
 */
export function copyTree(walk: CursorWalk, tree: Tree, text: string, count: number): SyntaxNode {
  const grammar = grammarOf(tree.language);
  const named = grammar.named;
  const data = new Int32Array(count * STRIDE);
  let next = 0;
  const add = (parent: number): number => {
    const index = next++;
    if (index >= count) throw new Error(`the syntax tree has more nodes than the ${count} counted`);
    const at = index * STRIDE;
    const type = walk.typeId();
    if (named[type] === 0) named[type] = walk.isNamed() ? 1 : 2;
    data[at + KIND] = type | (walk.fieldId() << 16);
    data[at + START] = walk.startIndex();
    data[at + END] = walk.endIndex();
    data[at + PARENT] = parent;
    return index;
  };
  try {
    let current = add(-1);
    while (true) {
      if (walk.gotoFirstChild()) {
        current = add(current);
        continue;
      }
      // A leaf, or a node whose children are done: close it, then move to its next sibling or close its parent.
      data[current * STRIDE + AFTER] = next;
      while (!walk.gotoNextSibling()) {
        current = data[current * STRIDE + PARENT]!;
        if (current < 0 || !walk.gotoParent()) return new FlatTree(tree, grammar, text, data, next).node(0);
        data[current * STRIDE + AFTER] = next;
      }
      current = add(data[current * STRIDE + PARENT]!);
    }
  } finally {
    walk.delete();
  }
}

/** A cursor walk through web-tree-sitter's public TreeCursor (the portable path). */
export function publicCursorWalk(tree: Tree): CursorWalk {
  const cursor = tree.walk();
  return {
    gotoFirstChild: () => cursor.gotoFirstChild(),
    gotoNextSibling: () => cursor.gotoNextSibling(),
    gotoParent: () => cursor.gotoParent(),
    typeId: () => cursor.nodeTypeId,
    fieldId: () => cursor.currentFieldId,
    isNamed: () => cursor.nodeIsNamed,
    startIndex: () => cursor.startIndex,
    endIndex: () => cursor.endIndex,
    delete: () => cursor.delete(),
  };
}
