/**
 * Calls that only wrap a text (`text("...")` of SQLAlchemy, `sql.SQL("...")` and `sql.Identifier(name)` of
 * psycopg): the `sqlWrappers` models. Their text is the wrapped argument's, wherever a text is built or read; a
 * wrapper with a `separator` joins all its arguments' texts (`sql.Identifier("crm", "users")`).
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import { argNode, argumentNodes } from './arguments.js';
import { calleeNames, describeCallee } from './callees.js';
import type { UnitBuilder } from './context.js';

/** The arguments a wrapping call wraps and what joins them, or null when the call is no wrapper. */
export function wrappedParts(b: UnitBuilder, call: Node): { parts: Node[]; separator: string } | null {
  if (call.type !== 'call') return null;
  const fn = call.childForFieldName('function');
  if (!fn) return null;
  const wrapper = b.file.models.sqlWrappers.find(calleeNames(describeCallee(b, fn)), undefined);
  if (!wrapper) return null;
  const args = argumentNodes(call.childForFieldName('arguments'));
  if (wrapper.separator !== undefined) {
    const joinable = args.positional.length > 0 && args.keywords.size === 0 && args.spreads.length === 0;
    return joinable ? { parts: args.positional, separator: wrapper.separator } : null;
  }
  const inner = argNode(args, { arg: wrapper.arg });
  return inner ? { parts: [inner], separator: '' } : null;
}

/** Follows wrappers of one argument (`text(sql.SQL("..."))`) to the node holding the text. */
export function unwrapText(b: UnitBuilder, node: Node): Node {
  let current = node;
  for (let guard = 0; guard < 8; guard++) {
    const inner = wrappedParts(b, current);
    if (!inner || inner.parts.length !== 1) break;
    current = inner.parts[0]!;
  }
  return current;
}
