/**
 * C++ expressions -> IR values. Calls (and stream insertions, constructions) become steps of the unit and
 * evaluate to their slots; names, members and constant subscripts become paths; string building (`+` on strings,
 * adjacent literals) becomes concatenation. Recursion is bounded: past MAX_DEPTH an expression is approximated by
 * the names it mentions (an iterative walk), with a `deep-expression` gap.
 */
import type { Node } from 'web-tree-sitter';
import type { Entry, Part, Value } from '../../facts/schema.js';
import { extendPath, joined, singlePath, unionValues } from '../../facts/values.js';
import { normalizeName } from '../../classify/names.js';
import { applyCall, noteAssignment, storeSink, valueKey, type CallSite } from '../code/calls.js';
import { mentionedNames } from '../code/walk.js';
import { baseMethodCall, calleePart, candidates, describeCallee, operatorJoin, typeName, typeOfExpression, writtenName } from './callees.js';
import { charText, stringPart } from './literals.js';
import type { CppScope } from './scope.js';

export const MAX_DEPTH = 100;

const NO_DATA = new Set([
  'true', 'false', 'null', 'nullptr', 'comment', 'sizeof_expression', 'alignof_expression', 'type_descriptor',
  'update_expression', 'primitive_type', 'type_identifier', 'template_argument_list', 'requires_expression',
  'fold_expression', 'offsetof_expression', 'co_await_expression', 'noexcept',
]);

const COMPARISON = new Set(['==', '!=', '<', '>', '<=', '>=', '&&', '||', '<=>', 'and', 'or']);

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

function named(node: Node | null | undefined): Node[] {
  if (!node) return [];
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

/** The value of an identifier: a local, a member of the class (`this->x`), or a global. */
function identifierValue(scope: CppScope, name: string): Value {
  return scope.isMember(name) ? [{ ref: 'this', path: [name] }] : [{ ref: name }];
}

/** `a + b + c`, `a << b << c`: the operands of a left-associated chain of one operator. */
function chain(node: Node, operator: string): Node[] {
  const operands: Node[] = [];
  let current: Node = node;
  for (let guard = 0; guard < 4096; guard++) {
    const right = current.childForFieldName('right');
    if (right) operands.push(right);
    const left = current.childForFieldName('left');
    if (!left) break;
    if (left.type === 'binary_expression' && left.childForFieldName('operator')?.type === operator) {
      current = left;
      continue;
    }
    operands.push(left);
    break;
  }
  return operands.reverse();
}

function isStringNode(node: Node): boolean {
  return node.type === 'string_literal' || node.type === 'concatenated_string' || node.type === 'raw_string_literal';
}

function concat(values: Value[]): Value {
  const parts = values.filter((v) => v.length > 0);
  if (parts.length === 0) return [];
  if (parts.length === 1) return parts[0]!;
  return [{ concat: parts }];
}

/** `a + "x" + b`: a concatenation when any operand is text, else the union of the operands. */
function plus(scope: CppScope, node: Node, depth: number): Value {
  const operands = chain(node, '+');
  const values = operands.map((o) => evaluate(scope, o, depth + 1));
  const textual = operands.some((o, i) => isStringNode(o) || stringTyped(scope, o) || values[i]!.some((p) => 'concat' in p));
  return textual ? concat(values) : unionValues(values);
}

function stringTyped(scope: CppScope, node: Node): boolean {
  const type = typeOfExpression(scope, node);
  return type !== undefined && /(^|\.)(string|basic_string|string_view|QString|wstring)$/.test(type);
}

/** Candidate names of inserting into a stream: `std.cout.operator<<`, `LOG.operator<<`, `std.ofstream.operator<<`. */
function streamNames(scope: CppScope, stream: Node): { names: string[]; typed?: boolean; receiverName?: string } {
  const names: string[] = [];
  let receiverName: string | undefined;
  if (stream.type === 'call_expression') {
    // A logging macro: `LOG(INFO) << ...`, `VLOG(1) << ...`.
    const fn = stream.childForFieldName('function');
    if (fn) for (const name of describeCallee(scope, fn).names) names.push(`${name}.operator<<`);
    return { names };
  }
  const type = typeOfExpression(scope, stream);
  if (type) for (const name of candidates(scope, type)) names.push(`${name}.operator<<`);
  for (const name of candidates(scope, writtenName(stream))) if (!names.includes(`${name}.operator<<`)) names.push(`${name}.operator<<`);
  const written = writtenName(stream);
  const last = written.slice(written.lastIndexOf('.') + 1);
  if (last !== '?') receiverName = normalizeName(last);
  return { names, ...(type ? { typed: true } : {}), ...(receiverName ? { receiverName } : {}) };
}

function hasStreamModel(scope: CppScope, names: string[], receiverName: string | undefined): boolean {
  const models = scope.u.file.models;
  return models.sinks.find(names, receiverName) !== undefined || models.writes.find(names, receiverName) !== undefined
    || models.propagate.find(names, receiverName) !== undefined || models.sql.find(names, receiverName) !== undefined;
}

/** `stream << a << b`: inserting into a modelled stream is a call of `<stream>.operator<<`; else a shift. */
function shift(scope: CppScope, node: Node, depth: number): Value {
  const operands = chain(node, '<<');
  const stream = operands[0]!;
  const { names, typed, receiverName } = streamNames(scope, stream);
  if (!hasStreamModel(scope, names, receiverName)) return unionValues(operands.map((o) => evaluate(scope, o, depth + 1)));
  // The macro call of a logging stream is not evaluated as a call: its arguments are a severity and conditions.
  const receiver = stream.type === 'call_expression' ? [] : evaluate(scope, stream, depth + 1);
  if (stream.type === 'call_expression') for (const arg of named(stream.childForFieldName('arguments'))) evaluate(scope, arg, depth + 1);
  const values = operands.slice(1).map((o) => evaluate(scope, o, depth + 1));
  const site: CallSite = {
    names, receiver, args: [concat(values)], keywords: [], line: lineOf(node), endLine: node.endPosition.row + 1,
    ...(receiverName ? { receiverName } : {}), ...(typed ? { typed } : {}),
  };
  applyCall(scope.u, site);
  return receiver;
}

/** Arguments of a call, each evaluated once. */
function argumentValues(scope: CppScope, args: Node | null, depth: number): Value[] {
  return named(args).map((arg) => evaluate(scope, arg, depth + 1));
}

/** `f(x)`, `obj.m(x)`, `ns::f(x)`, `Class::m(x)`: a call described for the models. */
export function call(scope: CppScope, node: Node, depth: number): Value {
  const fn = node.childForFieldName('function');
  if (!fn) return [];
  // Casts written as calls: `static_cast<T>(x)` and friends keep the value.
  if (fn.type === 'template_function' && /^(static|dynamic|reinterpret|const)_cast$/.test(fn.childForFieldName('name')?.text ?? '')) {
    return unionValues(argumentValues(scope, node.childForFieldName('arguments'), depth));
  }
  const callee = describeCallee(scope, fn);
  // `Store::Save(...)` in a derived class's method: the base's method with this object.
  const viaBase = baseMethodCall(scope, fn);
  const receiver = viaBase !== undefined ? [{ ref: 'this' }] : callee.receiver ? evaluate(scope, callee.receiver, depth + 1) : [];
  const args = argumentValues(scope, node.childForFieldName('arguments'), depth);
  const receiverPart = singlePath(receiver) ? receiver[0] : undefined;
  const fnPart = viaBase !== undefined ? { ref: 'this', path: [viaBase] } : calleePart(scope, fn, receiverPart);
  return applyCall(scope.u, {
    names: callee.names, receiver, args, keywords: [], line: lineOf(node), endLine: node.endPosition.row + 1,
    ...(callee.receiverName ? { receiverName: callee.receiverName } : {}), ...(fnPart ? { fn: fnPart } : {}),
    ...(callee.typed ? { typed: true } : {}), ...(viaBase !== undefined ? { viaBase: true } : {}),
  });
}

/** `Type(args)`, `Type{args}`, `new Type(args)`, `Type name(args)`: a construction, a call of the type. */
export function construct(scope: CppScope, typeNode: Node | null, args: Node | null, line: number, endLine: number, depth: number, given?: Value[]): Value {
  const type = typeName(typeNode);
  if (!type) return unionValues(given ?? argumentValues(scope, args, depth));
  const values = given ?? (args?.type === 'initializer_list' || args?.type === 'argument_list' ? argumentValues(scope, args, depth) : args ? [evaluate(scope, args, depth + 1)] : []);
  const names = candidates(scope, type);
  const segments = type.split('.');
  let start = 0;
  while (start < segments.length - 1 && /^[a-z_]/.test(segments[start]!)) start++;
  const [head, ...path] = segments.slice(start);
  const fn: Part = path.length > 0 ? { ref: head!, path } : { ref: head! };
  return applyCall(scope.u, { names, receiver: [], args: values, keywords: [], line, endLine, fn });
}

function initializerList(scope: CppScope, node: Node, depth: number): Value {
  const items: Entry[] = [];
  for (const child of named(node)) {
    if (child.type === 'initializer_pair') {
      const designator = child.childForFieldName('designator')?.text ?? child.namedChildren[0]?.text ?? '';
      const value = child.childForFieldName('value') ?? child.namedChildren[child.namedChildren.length - 1];
      const key = designator.replace(/^[.[]|\]$/g, '');
      items.push(key ? { key, value: value ? evaluate(scope, value, depth + 1) : [] } : { value: value ? evaluate(scope, value, depth + 1) : [] });
    } else items.push({ value: evaluate(scope, child, depth + 1) });
  }
  return [{ items }];
}

/** `a[i]`: a literal index reads that element, another index any element (`index` part). */
function subscript(scope: CppScope, node: Node, depth: number): Value {
  const base = node.childForFieldName('argument');
  const indices = node.childForFieldName('indices') ?? node.childForFieldName('index');
  const value = base ? evaluate(scope, base, depth + 1) : [];
  const key = indices ? named(indices).filter((c) => c.type !== 'comment')[0] ?? indices : null;
  if (!key) return extendPath(value, '*');
  if (key.type === 'number_literal') return extendPath(value, key.text);
  if (isStringNode(key)) {
    const part = stringPart(key);
    return part && 'lit' in part ? extendPath(value, part.lit) : extendPath(value, '*');
  }
  const keyValue = evaluate(scope, key, depth + 1);
  return keyValue.length === 0 ? extendPath(value, '*') : [{ index: value, key: keyValue }];
}

/** `x = v`, `x += v`, `obj.f = v`, `*p = v`, `a[i] = v`. */
export function assignment(scope: CppScope, node: Node, depth: number): Value {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return [];
  const operator = node.childForFieldName('operator')?.type ?? '=';
  let value = evaluate(scope, right, depth + 1);
  const line = lineOf(node);
  if (operator !== '=') {
    const previous = evaluate(scope, left, depth + 1);
    value = operator === '+=' && (isStringNode(right) || stringTyped(scope, left) || previous.some((p) => 'concat' in p || 'lit' in p))
      ? concat([previous, value]) : unionValues([previous, value]);
  }
  bind(scope, left, value, line, depth, operator === '=' ? typeOfExpression(scope, right) : undefined);
  return value;
}

/** Binds a value to an assignment target. */
export function bind(scope: CppScope, target: Node, value: Value, line: number, depth: number, type?: string): void {
  let current: Node = target;
  while ((current.type === 'pointer_expression' || current.type === 'parenthesized_expression') && current.namedChildren[0]) current = current.namedChildren[0];
  if (current.type === 'identifier' && !scope.isMember(current.text)) {
    const name = current.text;
    scope.u.assign(name, undefined, value, line);
    scope.u.remember(name, type ?? scope.u.typeOf(name), value);
    noteAssignment(scope.u, name, value);
    return;
  }
  // Members, elements: a store through a path of the root's value.
  const path = evaluate(scope, current, depth + 1);
  const single = singlePath(path);
  if (single?.name !== undefined && single.path.length > 0) {
    scope.u.assign(single.name, single.path, value, line);
    const key = valueKey(path);
    if (key) noteAssignment(scope.u, key, value);
    if (type && single.name === 'this' && single.path.length === 1 && scope.cls) scope.file.code.types.set(`${scope.cls.name}.${single.path[0]}`, type);
    storeSink(scope.u, single.name, single.path, value, line);
    return;
  }
  if (single?.name !== undefined) {
    scope.u.assign(single.name, undefined, value, line);
    return;
  }
  if (path.length === 1 && 'index' in path[0]!) {
    const base = singlePath(path[0].index);
    if (base?.name !== undefined) scope.u.assign(base.name, [...base.path, '*'], value, line);
  }
}

/** The value of a lambda: what its body returns; its body's calls are steps of the enclosing unit. */
function lambda(scope: CppScope, node: Node, walkBody: (scope: CppScope, body: Node) => void): Value {
  const body = node.childForFieldName('body');
  if (!body) return [];
  const declarator = node.childForFieldName('declarator');
  const params = declarator?.childForFieldName('parameters');
  for (const param of named(params)) {
    const name = param.descendantsOfType('identifier')[0]?.text;
    if (name) scope.locals.add(name);
  }
  return scope.closures.value(() => walkBody(scope, body));
}

let bodyWalker: (scope: CppScope, body: Node) => void = () => {};

/** The statement walker, for lambda bodies (set by the statement module to avoid an import cycle). */
export function setBodyWalker(walker: (scope: CppScope, body: Node) => void): void {
  bodyWalker = walker;
}

/** The value of an expression; calls inside it become steps of the unit. */
export function evaluate(scope: CppScope, node: Node, depth = 0): Value {
  if (depth > MAX_DEPTH) {
    scope.u.deepExpression(lineOf(node));
    return mentionedNames(node, (n) => (n.type === 'identifier' ? n.text : undefined), (n) => n.type === 'field_identifier' || n.type.endsWith('literal'));
  }
  switch (node.type) {
    case 'identifier':
      return identifierValue(scope, node.text);
    case 'this':
      return [{ ref: 'this' }];
    case 'field_identifier':
      return [{ ref: 'this', path: [node.text] }];
    case 'qualified_identifier':
    case 'template_function': {
      const part = calleePart(scope, node, undefined);
      return part ? [part] : [];
    }
    case 'field_expression': {
      const argument = node.childForFieldName('argument');
      const field = node.childForFieldName('field');
      if (!argument || !field) return [];
      return extendPath(evaluate(scope, argument, depth + 1), field.text);
    }
    case 'subscript_expression':
      return subscript(scope, node, depth);
    case 'call_expression':
      return call(scope, node, depth);
    case 'new_expression':
      return construct(scope, node.childForFieldName('type'), node.childForFieldName('arguments'), lineOf(node), node.endPosition.row + 1, depth);
    case 'compound_literal_expression':
      return construct(scope, node.childForFieldName('type'), node.childForFieldName('value'), lineOf(node), node.endPosition.row + 1, depth);
    case 'string_literal':
    case 'concatenated_string':
    case 'raw_string_literal': {
      const part = stringPart(node);
      return part ? [part] : [];
    }
    case 'char_literal':
      return [{ lit: charText(node) }];
    case 'number_literal':
      return [{ lit: node.text }];
    case 'user_defined_literal': {
      const inner = node.namedChildren[0];
      return inner ? evaluate(scope, inner, depth + 1) : [];
    }
    case 'initializer_list':
      return initializerList(scope, node, depth);
    case 'assignment_expression':
      return assignment(scope, node, depth);
    case 'binary_expression': {
      const operator = node.childForFieldName('operator')?.type ?? '';
      if (operator === '<<') return shift(scope, node, depth);
      if (operator === '+') return plus(scope, node, depth);
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const values = [left ? evaluate(scope, left, depth + 1) : [], right ? evaluate(scope, right, depth + 1) : []];
      // An operator a joins model names (`dir / "users.csv"` on a `std.filesystem.path`): the joined text.
      const join = operator === '/' ? operatorJoin(scope, node) : undefined;
      if (join) return joined(values, join.separator);
      return COMPARISON.has(operator) ? [] : unionValues(values);
    }
    case 'unary_expression': {
      const argument = node.childForFieldName('argument');
      const value = argument ? evaluate(scope, argument, depth + 1) : [];
      return node.childForFieldName('operator')?.type === '!' ? [] : value;
    }
    case 'conditional_expression': {
      const condition = node.childForFieldName('condition');
      if (condition) evaluate(scope, condition, depth + 1);
      const a = node.childForFieldName('consequence');
      const b = node.childForFieldName('alternative');
      return unionValues([a ? evaluate(scope, a, depth + 1) : [], b ? evaluate(scope, b, depth + 1) : []]);
    }
    case 'cast_expression': {
      const value = node.childForFieldName('value');
      return value ? evaluate(scope, value, depth + 1) : [];
    }
    case 'pointer_expression':
    case 'parenthesized_expression':
    case 'reference_expression': {
      const inner = node.childForFieldName('argument') ?? node.namedChildren[0];
      return inner ? evaluate(scope, inner, depth + 1) : [];
    }
    case 'comma_expression': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left) evaluate(scope, left, depth + 1);
      return right ? evaluate(scope, right, depth + 1) : [];
    }
    case 'lambda_expression':
      return lambda(scope, node, bodyWalker);
    case 'delete_expression': {
      for (const child of named(node)) evaluate(scope, child, depth + 1);
      return [];
    }
    default: {
      if (NO_DATA.has(node.type)) return [];
      // Anything else (ERROR nodes, macros the grammar misread, ...): depends on all its children.
      const values: Value[] = [];
      for (const child of named(node)) values.push(evaluate(scope, child, depth + 1));
      return unionValues(values);
    }
  }
}

export type { Part };
