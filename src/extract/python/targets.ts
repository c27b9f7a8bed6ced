/**
 * Assignment targets: names, attribute and subscript paths, and unpacking (`a, (b, *c) = v` reads positions of
 * `v`). Stores into objects a model names as sinks (`cookie["user"] = ...`, `session["email"] = ...`) also
 * become sink steps.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { Value } from '../../facts/schema.js';
import { extendPath } from '../../facts/values.js';
import type { UnitBuilder } from './context.js';
import { calleeNames, describeCallee } from './callees.js';
import { evaluate } from './expressions.js';

const UNPACKING = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'expression_list', 'tuple', 'list']);

/** `self.items[0].name` -> root `self`, path ['items', '0', 'name']; null when the root is not a name. */
export function targetPath(node: Node): { name: string; path: string[]; root: Node } | null {
  const path: string[] = [];
  let current: Node | null = node;
  for (let guard = 0; current && guard < 64; guard++) {
    if (current.type === 'identifier') return { name: current.text, path: path.reverse(), root: current };
    if (current.type === 'attribute') {
      path.push(current.childForFieldName('attribute')?.text ?? '*');
      current = current.childForFieldName('object');
      continue;
    }
    if (current.type === 'subscript') {
      const children: Array<Node | null> = current.namedChildren;
      const key = children.length === 2 ? children[1] : null;
      const text = key?.type === 'string' ? key.text.replace(/^[A-Za-z]*(['"])(.*)\1$/s, '$2') : key?.type === 'integer' ? key.text : '*';
      path.push(text);
      current = children[0] ?? null;
      continue;
    }
    if (current.type === 'parenthesized_expression') {
      current = current.namedChildren[0] ?? null;
      continue;
    }
    return null;
  }
  return null;
}

/** The names a target binds directly (`a, (b, *c)` -> a, b, c); not the roots of attribute or subscript stores. */
export function boundNames(target: Node): string[] {
  const names: string[] = [];
  const pending: Node[] = [target];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'identifier') names.push(node.text);
    else if (UNPACKING.has(node.type) || node.type === 'parenthesized_expression' || node.type === 'list_splat_pattern' || node.type === 'list_splat') {
      for (const child of node.namedChildren) if (child) pending.push(child);
    }
  }
  return names;
}

/** Assigns `value` to the target expression, emitting assign (and store-sink) steps. */
export function bindTarget(b: UnitBuilder, target: Node, value: Value, line: number, depth: number): void {
  const type = target.type;
  if (UNPACKING.has(type)) {
    let position = 0;
    for (const child of target.namedChildren) {
      if (!child || child.type === 'comment') continue;
      if (child.type === 'list_splat_pattern' || child.type === 'list_splat') {
        const inner = child.namedChildren[0];
        if (inner) bindTarget(b, inner, extendPath(value, '*'), line, depth + 1);
      } else bindTarget(b, child, extendPath(value, String(position)), line, depth + 1);
      position++;
    }
    return;
  }
  if (type === 'parenthesized_expression') {
    const inner = target.namedChildren[0];
    if (inner) bindTarget(b, inner, value, line, depth + 1);
    return;
  }
  if (type === 'identifier') {
    const name = b.local(target.text);
    b.steps.push(b.weak > 0 ? { op: 'assign', line, target: { name }, value, weak: true } : { op: 'assign', line, target: { name }, value });
    return;
  }
  if (type === 'attribute' || type === 'subscript') {
    // Keys computed at run time are evaluated for their calls; the store goes to `*`.
    if (type === 'subscript') for (const key of target.namedChildren.slice(1)) if (key && key.type !== 'string' && key.type !== 'integer') evaluate(b, key, depth + 1);
    const path = targetPath(target);
    if (!path) {
      evaluate(b, target, depth + 1);
      return;
    }
    b.steps.push({ op: 'assign', line, target: path.path.length > 0 ? { name: path.name, path: path.path } : { name: path.name }, value, weak: true });
    const store = b.storeSink(path.name, path.path[0]);
    if (store) {
      const callee = type === 'subscript' ? `${store.type}[]` : `${store.type}.${path.path[path.path.length - 1]}`;
      b.steps.push({ op: 'sink', line, kind: store.kind, callee, value });
    }
    return;
  }
  // Other targets (starred, ERROR nodes): evaluate for their calls.
  evaluate(b, target, depth + 1);
}

/**
 * What each pass of `for <target> in <right>` takes: an element of `right`. A call the models list as `indexed`
 * (`enumerate(xs)`, `df.iterrows()`) gives (position, element of xs) pairs, so `for i, row in enumerate(rows)` binds `i` to no data
 * and `row` to a row; read as an element of its argument, the position would stand for the row's first column.
 */
export function loopElement(b: UnitBuilder, right: Node, depth: number): Value {
  const fn = right.type === 'call' ? right.childForFieldName('function') : null;
  const model = fn ? b.file.models.indexed.find(calleeNames(describeCallee(b, fn)), undefined) : undefined;
  if (!model) return extendPath(evaluate(b, right, depth), '*');
  const args = (right.childForFieldName('arguments')?.namedChildren ?? []).filter((arg): arg is Node => arg !== null && arg.type !== 'comment');
  const receiver = model.from === 'receiver' && fn!.type === 'attribute' ? fn!.childForFieldName('object') : null;
  const of = receiver ? evaluate(b, receiver, depth + 1) : undefined;
  const values = args.map((arg) => evaluate(b, arg.type === 'keyword_argument' ? arg.childForFieldName('value') ?? arg : arg, depth + 1));
  const iterable = of ?? (args[model.arg] && args[model.arg]!.type !== 'keyword_argument' ? values[model.arg]! : []);
  return [{ items: [{ value: [] }, { value: extendPath(iterable, '*') }] }];
}
