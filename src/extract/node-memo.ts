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
  // A getter replaced by one that keeps its first answer on the node (`null` included: a root has no parent).
  const remember = (name: 'type' | 'endIndex' | 'text' | 'parent', slot: keyof Memo) => {
    const read = Object.getOwnPropertyDescriptor(proto, name)!.get!;
    Object.defineProperty(proto, name, {
      configurable: true,
      get(this: Node & Record<string, unknown>) {
        let value = this[slot];
        if (value === undefined) this[slot] = value = read.call(this);
        return value;
      },
    });
  };
  remember('type', '__type');
  remember('endIndex', '__endIndex');
  remember('text', '__text');
  remember('parent', '__parent');
  const childForFieldName = proto.childForFieldName;
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
