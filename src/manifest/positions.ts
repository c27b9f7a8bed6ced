/**
 * From a path into the manifest's data (`['assets', 0, 'fields', 'email']`) to where it is written in the file,
 * using the `yaml` package's nodes and a LineCounter. Works for JSON manifests too (JSON is parsed as YAML).
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type DataPath = ReadonlyArray<PropertyKey>;

export interface Position {
  line: number;
  column: number;
  /** Offset in the text, for ordering. */
  offset: number;
}

/**
 * `assets[0].fields.email.categories[1]`; keys that are not plain words are quoted: `fields["first name"]`. With
 * `continued`, the path goes on from an earlier part (a leading key gets its `.`).
 */
export function formatPath(path: DataPath, continued = false): string {
  if (path.length === 0) return continued ? '' : '(top level)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      out += /^[A-Za-z_][\w-]*$/.test(key) ? `${out === '' && !continued ? '' : '.'}${key}` : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

interface Located {
  /** The deepest node found on the path. */
  node: Node | null;
  /** The key node of the last map entry found, when the path ends at a map entry. */
  key: Node | null;
  /** How many segments of the path were found. */
  depth: number;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

export function locate(doc: Document, path: DataPath): Located {
  let node = (doc.contents ?? null) as Node | null;
  let key: Node | null = null;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (!pair) break;
      key = pair.key as Node;
      node = (pair.value ?? pair.key) as Node;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      key = null;
      node = node.items[segment] as Node;
    } else break;
    depth++;
  }
  return { node, key, depth };
}

/** The key node of `name` in the map at `path`, if there is one. */
export function keyNode(doc: Document, path: DataPath, name: string): Node | null {
  const { node, depth } = locate(doc, path);
  if (depth < path.length || !isMap(node)) return null;
  const pair = node.items.find((item) => isPair(item) && keyText(item.key) === name);
  return pair ? (pair.key as Node) : null;
}

export function positionOf(node: Node | null, counter: LineCounter): Position {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = counter.linePos(offset);
  return { line, column: col, offset };
}

/** Where the value at `path` is written; for a missing key, where its parent is. */
export function positionAt(doc: Document, counter: LineCounter, path: DataPath): Position {
  const found = locate(doc, path);
  // A value that is missing or null (`key:` with nothing after it) is shown at its key.
  const nodeHasText = found.node?.range && found.node.range[1] > found.node.range[0];
  const node = found.depth === path.length && found.key && !nodeHasText ? found.key : found.node;
  return positionOf(node, counter);
}

const contains = (node: unknown, offset: number) => {
  const range = (node as Node | null)?.range;
  return range !== undefined && range !== null && offset >= range[0] && offset <= range[2];
};

/** The path of the deepest map entry or list item written around `offset` (for YAML syntax errors). */
export function pathAtOffset(doc: Document, offset: number): PropertyKey[] {
  const path: PropertyKey[] = [];
  let node = (doc.contents ?? null) as Node | null;
  for (let depth = 0; node && depth < 64; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && (contains(item.key, offset) || contains(item.value, offset)));
      const key = pair ? keyText(pair.key) : undefined;
      if (!pair || key === undefined) break;
      path.push(key);
      node = contains(pair.value, offset) ? (pair.value as Node) : null;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index < 0) break;
      path.push(index);
      node = node.items[index] as Node;
    } else break;
  }
  return path;
}
