/**
 * Calls that only wrap a text (`text("...")` of SQLAlchemy, `sql.SQL("...")` and `sql.Identifier(name)` of
 * psycopg): the `sqlWrappers` models. Their text is the wrapped argument's, wherever a text is built or read.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import { argNode, argumentNodes } from './arguments.js';
import { calleeNames, describeCallee } from './callees.js';
import type { UnitBuilder } from './context.js';

/** The argument a wrapping call wraps, or null when the call is no wrapper. */
export function wrappedText(b: UnitBuilder, call: Node): Node | null {
  if (call.type !== 'call') return null;
  const fn = call.childForFieldName('function');
  if (!fn) return null;
  const wrapper = b.file.models.sqlWrappers.find(calleeNames(describeCallee(b, fn)), undefined);
  if (!wrapper) return null;
  const args = argumentNodes(call.childForFieldName('arguments'));
  if (wrapper.alone && args.positional.length + args.keywords.size + args.spreads.length !== 1) return null;
  return argNode(args, { arg: wrapper.arg }) ?? null;
}

/** Follows wrappers (`text(sql.SQL("..."))`) to the node holding the text. */
export function unwrapText(b: UnitBuilder, node: Node): Node {
  let current = node;
  for (let guard = 0; guard < 8; guard++) {
    const inner = wrappedText(b, current);
    if (!inner) break;
    current = inner;
  }
  return current;
}
