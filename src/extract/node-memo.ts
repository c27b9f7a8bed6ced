/**
 * Memoised reads of tree-sitter nodes. Every read of a web-tree-sitter node's type, end, text or parent crosses
 * into WebAssembly, and `childForFieldName` returns a new node object on every call (so what that object caches,
 * its child lists, starts empty each time). A parsed tree never changes, so each of these is read once per node
 * object and kept on it; extractors read the same fields of the same nodes many times.
 */
import { Node } from 'web-tree-sitter';

interface Memo {
  __type?: string;
  __endIndex?: number;
  __text?: string;
  __parent?: Node | null;
  __fields?: Map<string, Node | null>;
}

let installed = false;

/** Installs the memoised reads on the Node class (once per thread). */
export function memoizeNodeReads(): void {
  if (installed) return;
  installed = true;
  const proto = Node.prototype as Node & Memo;
  const getter = (name: string): (this: Node) => unknown => Object.getOwnPropertyDescriptor(proto, name)!.get! as (this: Node) => unknown;
  const type = getter('type');
  const endIndex = getter('endIndex');
  const text = getter('text');
  const parent = getter('parent');
  const childForFieldName = proto.childForFieldName;
  Object.defineProperty(proto, 'type', {
    configurable: true,
    get(this: Node & Memo) {
      return (this.__type ??= type.call(this) as string);
    },
  });
  Object.defineProperty(proto, 'endIndex', {
    configurable: true,
    get(this: Node & Memo) {
      return (this.__endIndex ??= endIndex.call(this) as number);
    },
  });
  Object.defineProperty(proto, 'text', {
    configurable: true,
    get(this: Node & Memo) {
      return (this.__text ??= text.call(this) as string);
    },
  });
  Object.defineProperty(proto, 'parent', {
    configurable: true,
    get(this: Node & Memo) {
      if (this.__parent === undefined) this.__parent = parent.call(this) as Node | null;
      return this.__parent;
    },
  });
  proto.childForFieldName = function memoizedChildForFieldName(this: Node & Memo, fieldName: string): Node | null {
    const fields = (this.__fields ??= new Map());
    let found = fields.get(fieldName);
    if (found === undefined) {
      found = childForFieldName.call(this, fieldName);
      fields.set(fieldName, found);
    }
    return found;
  };
}
