/**
 * PHP (and normalised Hack) expressions -> IR values. `$user->email` is `{ref:"user",path:["email"]}`,
 * `$row['ssn']` a path too; calls, `new`, `echo`/`print` become steps; `.` and interpolation build
 * concatenations. Recursion is bounded: past MAX_DEPTH an expression is approximated by the variables it mentions.
 */
import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { Entry, Part, Value } from '../../facts/schema.js';
import { extendPath, literalText, singlePath, unionValues } from '../../facts/values.js';
import { applyCall, assetRef, noteAssignment, storeSink, valueKey } from '../code/calls.js';
import type { CodeUnit } from '../code/context.js';
import type { TableModel } from '../models.js';
import { callbackColumns, CLOSURES } from './schema-callbacks.js';
import { calledBack } from '../modelled-steps.js';
import { mentionedNames } from '../code/walk.js';
import { describe, scopeClass, typeOfExpression, variableName } from './callees.js';
import { CONSTRUCTOR, dotted, QUALIFIED_CLASS } from './names.js';
import type { PhpScope } from './scope.js';
import { STRING_NODES, stringValue } from './strings.js';

export const MAX_DEPTH = 100;

const NO_DATA = new Set([
  'boolean', 'null', 'comment', 'update_expression', 'cast_type', 'primitive_type', 'named_type', 'optional_type',
  'shell_command_expression', 'anonymous_class', 'static_modifier', 'visibility_modifier',
]);

const LOGICAL = new Set(['==', '!=', '===', '!==', '<', '>', '<=', '>=', '<>', '<=>', '&&', '||', 'and', 'or', 'xor', 'instanceof']);

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

export function named(node: Node | null | undefined): Node[] {
  if (!node) return [];
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}


/** Arguments: positional, named (PHP 8), spread (`...$args`). */
interface ArgumentValues {
  positional: Value[];
  keywords: Array<{ name: string; value: Value }>;
  spread: Value;
  /** Positional arguments written `Foo::class`: the class's local name. */
  classes: Map<number, string>;
  /** What the closures run with a collection's elements return. */
  results: Value[];
}

function argumentValues(scope: PhpScope, args: Node | null, depth: number, elements?: Elements): ArgumentValues {
  const positional: Value[] = [];
  const classes = new Map<number, string>();
  const keywords: Array<{ name: string; value: Value }> = [];
  const results: Value[] = [];
  let spread: Value = [];
  const written = named(args).map((arg) => {
    const nameNode = arg.childForFieldName('name');
    const inner = named(arg).filter((c) => c !== nameNode && c.type !== 'reference_modifier');
    return { nameNode, expression: inner[inner.length - 1] };
  });
  // Closures run with a collection's elements are walked after the other arguments (the collection among them), as
  // the call runs them: their first steps bind the element.
  const later = (expression: Node | undefined) => elements !== undefined && expression !== undefined && CLOSURES.has(expression.type);
  const values = new Map<number, Value>();
  const evaluateAt = (i: number) => values.set(i, evaluate(scope, written[i]!.expression!, depth + 1));
  written.forEach(({ expression }, i) => {
    if (expression && expression.type !== 'variadic_unpacking' && !later(expression)) evaluateAt(i);
  });
  if (elements) {
    const collection = elements.from === 'receiver' ? elements.receiver : values.get(elements.from) ?? [];
    written.forEach(({ expression }, i) => {
      if (!later(expression)) return;
      scope.callbackElement = { value: extendPath(collection, '*'), at: elements.at };
      evaluateAt(i);
      scope.callbackElement = undefined;
      results.push(values.get(i)!);
    });
  }
  written.forEach(({ nameNode, expression }, i) => {
    if (!expression) return;
    if (expression.type === 'variadic_unpacking') {
      const spreadValue = expression.namedChildren[0] ? evaluate(scope, expression.namedChildren[0], depth + 1) : [];
      spread = unionValues([spread, extendPath(spreadValue, '*')]);
      return;
    }
    const value = values.get(i)!;
    if (nameNode) keywords.push({ name: nameNode.text, value });
    else {
      const local = classConstant(scope, expression);
      if (local !== undefined) classes.set(positional.length, local);
      positional.push(value);
    }
  });
  return { positional, keywords, spread, classes, results };
}


/** The collection whose elements a call runs its closures with: the receiver, or the argument at a position. */
type Elements = { from: 'receiver'; receiver: Value; at: number } | { from: number; at: number };

/** A class named in full as text (`'App\Entity\Customer'`): no table, module or file is named so. */
const CLASS_TEXT = new RegExp(`^${QUALIFIED_CLASS.source}$`);

/**
 * `Foo::class`, or a class's full name as text (`'App\Entity\Customer'`): the local name of the class (already
 * imported by its evaluation, or imported now).
 */
function classConstant(scope: PhpScope, node: Node): string | undefined {
  if (node.type === 'string') {
    const text = literalText(stringValue(node, () => []));
    return text !== undefined && CLASS_TEXT.test(text) ? scope.file.names.fullClassRef(text, lineOf(node)) : undefined;
  }
  if (node.type !== 'class_constant_access_expression') return undefined;
  const [target, name] = named(node);
  return target && name?.text === 'class' ? scopeClass(scope, target)?.local : undefined;
}

/** Calls of every form: functions, methods, static methods. */
function call(scope: PhpScope, node: Node, depth: number): Value {
  const callee = describe(scope, node, depth);
  if (!callee) return [];
  let receiver: Value = [];
  let fn: Part | undefined;
  let viaBase = false;
  if (callee.receiverNode) {
    receiver = evaluate(scope, callee.receiverNode, depth + 1);
    const single = singlePath(receiver);
    if (single && callee.method) fn = single.name !== undefined ? { ref: single.name, path: [...single.path, callee.method] } : { slot: single.slot!, path: [...single.path, callee.method] };
  } else if (callee.cls && callee.method && node.childForFieldName('scope')?.text === 'parent' && scope.u.params[0]?.name === 'this') {
    // `parent::save($row)` in a method: the base's method, run with this object.
    receiver = [{ ref: 'this' }];
    fn = { ref: 'this', path: [callee.method.toLowerCase() === '__construct' ? CONSTRUCTOR : callee.method] };
    viaBase = true;
  } else if (callee.cls && callee.method) {
    // A static call: the class is the receiver (`User::create([...])` writes the table the class maps).
    receiver = [{ ref: callee.cls.local }];
    fn = { ref: callee.cls.local, path: [callee.method] };
  } else if (node.type === 'function_call_expression') {
    const function_ = node.childForFieldName('function');
    if (function_?.type === 'name') fn = { ref: function_.text };
    else if (function_ && function_.type !== 'qualified_name') {
      // `$callback($x)`, `(fn() => ...)()`: the callee is a value.
      const value = evaluate(scope, function_, depth + 1);
      const single = singlePath(value);
      if (single) fn = single.name !== undefined ? { ref: single.name, ...(single.path.length > 0 ? { path: single.path } : {}) } : { slot: single.slot!, ...(single.path.length > 0 ? { path: single.path } : {}) };
    }
  }
  const callback = scope.u.file.models.callbacks.find(callee.names, callee.receiverName);
  const savedTypes = scope.callbackTypes;
  if (callback && callback.params.length > 0) scope.callbackTypes = callback.params;
  const of = callback?.elements?.of;
  const elements: Elements | undefined = !of ? undefined : of === 'receiver' ? { from: 'receiver', receiver, at: callback!.elements!.at }
    : typeof of === 'object' && of.arg !== undefined ? { from: of.arg, at: callback!.elements!.at } : undefined;
  const args = argumentValues(scope, node.childForFieldName('arguments'), depth, elements);
  scope.callbackTypes = savedTypes;
  const table = scope.u.file.models.tables.find(callee.names, callee.receiverName);
  if (table) return declareTable(scope.u, node, table, args, callee.names[0]!);
  const result = applyCall(scope.u, {
    names: callee.names, receiver, args: args.positional, keywords: args.keywords, spread: args.spread,
    line: lineOf(node), endLine: node.endPosition.row + 1,
    ...(callee.receiverName ? { receiverName: callee.receiverName } : {}), ...(fn ? { fn } : {}),
    ...(callee.typed ? { typed: true } : {}), ...(viaBase ? { viaBase: true } : {}),
    ...(args.classes.size > 0 ? { classOf: (position: number) => args.classes.get(position) } : {}),
  });
  // `$users->map(fn ($u) => $u->email)`: what the closures return, not all the call was given.
  if (!callback?.returns || !elements || args.results.length === 0) return result;
  return calledBack(callback.returns, args.results, elements.from === 'receiver' ? receiver : args.positional[elements.from] ?? []);
}

/**
 * A call declaring a table (`Schema::create('customers', function (Blueprint $table) {...})`): the table with the
 * columns its callback declares. The callback's own steps were walked with the arguments.
 */
function declareTable(u: CodeUnit, node: Node, model: TableModel, args: ArgumentValues, callee: string): Value {
  const select = (ref: { arg?: number; kwarg?: string }) =>
    (ref.kwarg !== undefined ? args.keywords.find((k) => k.name === ref.kwarg)?.value : undefined) ?? (ref.arg !== undefined ? args.positional[ref.arg] : undefined);
  const name = select(model.name);
  if (!name || name.length === 0) return [];
  const asset = assetRef(model.asset, name, model.schema ? select(model.schema) : undefined, u);
  const argumentNodes = named(node.childForFieldName('arguments')).filter((a) => !a.childForFieldName('name'));
  const callbackArgument = model.callback?.arg !== undefined ? argumentNodes[model.callback.arg] : undefined;
  const callback = callbackArgument ? named(callbackArgument)[named(callbackArgument).length - 1] : undefined;
  const columns = callback ? callbackColumns(callback, model).sort() : [];
  const slot = u.slot();
  u.steps.push({
    op: 'open', line: lineOf(node), slot, callee, asset,
    declares: { columns, ...(model.members.length > 0 ? { members: model.members } : {}) },
  });
  return [{ slot }];
}

/** `new Foo(args)`: a call of the class. */
function creation(scope: PhpScope, node: Node, depth: number): Value {
  const clsNode = node.namedChildren.find((c) => c?.type === 'name' || c?.type === 'qualified_name');
  const argsNode = node.namedChildren.find((c) => c?.type === 'arguments') ?? null;
  const args = argumentValues(scope, argsNode, depth);
  const anonymous = node.namedChildren.find((c) => c?.type === 'anonymous_class');
  if (anonymous && scope.file.anonymousClass) {
    // `new class extends Migration {...}`: an object of the class declared here, whose methods are units.
    const local = scope.file.anonymousClass(anonymous);
    const anonymousArgs = argumentValues(scope, anonymous.namedChildren.find((c) => c?.type === 'arguments') ?? null, depth);
    return applyCall(scope.u, {
      names: [local], receiver: [], args: anonymousArgs.positional, keywords: anonymousArgs.keywords, spread: anonymousArgs.spread,
      line: lineOf(node), endLine: node.endPosition.row + 1, fn: { ref: local },
    });
  }
  if (!clsNode) return unionValues(args.positional);
  const full = scope.file.names.resolveClass(clsNode.text);
  const local = scope.file.names.classRef(clsNode.text, lineOf(node));
  return applyCall(scope.u, {
    names: [full], receiver: [], args: args.positional, keywords: args.keywords, spread: args.spread,
    line: lineOf(node), endLine: node.endPosition.row + 1, fn: { ref: local },
  });
}

/** Calls of language constructs the models name: `echo`, `print`, `exit`, `throw`. */
export function construct(scope: PhpScope, name: string, values: Value[], node: Node): Value {
  return applyCall(scope.u, { names: [name], receiver: [], args: values, keywords: [], line: lineOf(node), endLine: node.endPosition.row + 1 });
}

function arrayValue(scope: PhpScope, node: Node, depth: number): Value {
  const items: Entry[] = [];
  for (const element of named(node)) {
    if (element.type !== 'array_element_initializer') continue;
    const children = named(element);
    if (children.length === 1 && children[0]!.type === 'variadic_unpacking') {
      const inner = children[0]!.namedChildren[0];
      items.push({ value: inner ? extendPath(evaluate(scope, inner, depth + 1), '*') : [] });
      continue;
    }
    if (children.length >= 2) {
      const keyNode = children[0]!;
      const value = evaluate(scope, children[children.length - 1]!, depth + 1);
      const keyValue = evaluate(scope, keyNode, depth + 1);
      const key = literalText(keyValue);
      items.push(key !== undefined ? { key, value } : { value: unionValues([keyValue, value]) });
      continue;
    }
    if (children[0]) items.push({ value: evaluate(scope, children[0], depth + 1) });
  }
  return [{ items }];
}

function subscript(scope: PhpScope, node: Node, depth: number): Value {
  const children = named(node);
  const base = children[0];
  if (!base) return [];
  const value = evaluate(scope, base, depth + 1);
  const key = children[1];
  if (!key) return extendPath(value, '*');
  const keyValue = evaluate(scope, key, depth + 1);
  const text = literalText(keyValue);
  // `$rows[0]` is a row of a result set, `$row[1]` a column of a row: positions are kept (the simulator tells them apart).
  if (text !== undefined) return extendPath(value, text);
  return keyValue.length === 0 ? extendPath(value, '*') : [{ index: value, key: keyValue }];
}

/** `a . b . c`: the concatenation of the operands, in order. */
function concatenation(scope: PhpScope, node: Node, depth: number): Value {
  const operands: Node[] = [];
  let current: Node = node;
  for (let guard = 0; guard < 4096; guard++) {
    const right = current.childForFieldName('right');
    if (right) operands.push(right);
    const left = current.childForFieldName('left');
    if (!left) break;
    if (left.type === 'binary_expression' && left.childForFieldName('operator')?.type === '.') {
      current = left;
      continue;
    }
    operands.push(left);
    break;
  }
  const values = operands.reverse().map((o) => evaluate(scope, o, depth + 1)).filter((v) => v.length > 0);
  if (values.length === 0) return [];
  return values.length === 1 ? values[0]! : [{ concat: values }];
}

/** `$x = v`, `$o->p = v`, `$a['k'] = v`, `[$a, $b] = v`, `list('k' => $a) = v`. */
export function bind(scope: PhpScope, target: Node, value: Value, line: number, depth: number, type?: string): void {
  if (target.type === 'variable_name') {
    const name = variableName(target);
    scope.u.assign(name, undefined, value, line);
    scope.u.remember(name, type, value);
    noteAssignment(scope.u, name, value);
    return;
  }
  if (target.type === 'list_literal' || target.type === 'array_creation_expression') {
    let position = 0;
    for (const element of named(target)) {
      const children = element.type === 'array_element_initializer' ? named(element) : [element];
      if (children.length === 2) {
        const key = literalText(evaluate(scope, children[0]!, depth + 1));
        bind(scope, children[1]!, extendPath(value, key ?? '*'), line, depth + 1);
      } else if (children[0]) bind(scope, children[0], extendPath(value, String(position)), line, depth + 1);
      position++;
    }
    return;
  }
  const path = target.type === 'subscript_expression' && named(target).length === 1
    ? extendPath(evaluate(scope, named(target)[0]!, depth + 1), '*')
    : evaluate(scope, target, depth + 1);
  const single = singlePath(path);
  if (single?.name !== undefined && single.path.length > 0) {
    scope.u.assign(single.name, single.path, value, line);
    const key = valueKey(path);
    if (key) noteAssignment(scope.u, key, value);
    if (type && single.name === 'this' && single.path.length === 1 && scope.cls) scope.file.code.types.set(`${scope.cls.name}.${single.path[0]}`, type);
    storeSink(scope.u, single.name, single.path, value, line);
  } else if (single?.slot !== undefined) {
    // A store into what a call returned (`\DDTrace\active_span()->meta['k'] = $v`).
    const producer = scope.u.steps.find((step) => 'slot' in step && step.slot === single.slot && 'callee' in step);
    if (producer && 'callee' in producer && producer.callee) storeSink(scope.u, producer.callee, single.path, value, line);
  } else if (path.length === 1 && 'index' in path[0]!) {
    const base = singlePath(path[0].index);
    if (base?.name !== undefined) {
      scope.u.assign(base.name, [...base.path, '*'], value, line);
      storeSink(scope.u, base.name, [...base.path, '*'], value, line);
    }
  }
}

function assignment(scope: PhpScope, node: Node, depth: number): Value {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return [];
  let value = evaluate(scope, right, depth + 1);
  if (node.type === 'augmented_assignment_expression') {
    const operator = node.childForFieldName('operator')?.type ?? node.children.find((c) => c && !c.isNamed && c.type.endsWith('='))?.type;
    const previous = evaluate(scope, left, depth + 1);
    const added = value;
    value = operator === '.=' ? [{ concat: [previous, added].filter((v) => v.length > 0) }] : unionValues([previous, added]);
    if (operator === '.=' && left.type === 'variable_name') {
      // `$sql .= " WHERE ..."`: the text the name held grows.
      const name = variableName(left);
      const held = scope.u.valueOf(name);
      bind(scope, left, value, lineOf(node), depth);
      if (held) scope.u.remember(name, scope.u.typeOf(name), [{ concat: [held, added] }]);
      return value;
    }
  }
  bind(scope, left, value, lineOf(node), depth, node.type === 'assignment_expression' ? typeOfExpression(scope, right) : undefined);
  return value;
}

/** Closures and arrow functions: what their body returns; the body's calls are steps of the enclosing unit. */
function closure(scope: PhpScope, node: Node, depth: number): Value {
  const params = node.childForFieldName('parameters');
  const given = scope.callbackTypes;
  const element = scope.callbackElement;
  scope.callbackTypes = undefined;
  scope.callbackElement = undefined;
  named(params).forEach((param, i) => {
    const name = param.childForFieldName('name');
    const type = param.childForFieldName('type');
    const written = type ? type.text.replace(/^\?/, '') : undefined;
    if (!name) return;
    if (written && /^[\\A-Z]/.test(written)) scope.u.types.set(variableName(name), scope.file.names.resolveClass(written));
    else if (given?.[i]) scope.u.types.set(variableName(name), given[i]!);
    // Run with a collection's elements: the parameter holds one.
    if (element && i === element.at) bind(scope, name, element.value, lineOf(param), depth);
  });
  const body = node.childForFieldName('body');
  if (!body) return [];
  if (node.type === 'arrow_function') return evaluate(scope, body, depth + 1);
  return scope.closures.value(() => bodyWalker(scope, body));
}

let bodyWalker: (scope: PhpScope, body: Node) => void = () => {};

/** The statement walker, for closure bodies (set by the statement module to avoid an import cycle). */
export function setBodyWalker(walker: (scope: PhpScope, body: Node) => void): void {
  bodyWalker = walker;
}

/** The value of an expression; calls inside it become steps of the unit. */
export function evaluate(scope: PhpScope, node: Node, depth = 0): Value {
  if (depth > MAX_DEPTH) {
    scope.u.deepExpression(lineOf(node));
    return mentionedNames(node, (n) => (n.type === 'variable_name' ? variableName(n) : undefined), () => false);
  }
  switch (node.type) {
    case 'variable_name':
      return [{ ref: variableName(node) }];
    case 'name':
    case 'qualified_name':
      // The file's own path and folder, relative to the scanned folder (`__DIR__ . '/../storage/export.csv'`).
      if (node.text === '__FILE__') return [{ lit: scope.u.file.file }];
      if (node.text === '__DIR__') return [{ lit: path.posix.dirname(scope.u.file.file) }];
      // A constant (`PDO::FETCH_ASSOC` is handled below; `CURLOPT_URL`, `\STDERR`).
      return [{ ref: node.text.replace(/^\\/, '') }];
    case 'member_access_expression':
    case 'nullsafe_member_access_expression': {
      const object = node.childForFieldName('object');
      const name = node.childForFieldName('name');
      if (!object || !name) return [];
      const base = evaluate(scope, object, depth + 1);
      if (name.type === 'name') return extendPath(base, name.text);
      const key = evaluate(scope, name, depth + 1);
      return [{ index: base, key }];
    }
    case 'scoped_property_access_expression': {
      const target = node.childForFieldName('scope');
      const name = node.childForFieldName('name');
      const cls = target ? scopeClass(scope, target) : undefined;
      if (!cls || !name) return [];
      return [{ ref: cls.local, path: [variableName(name)] }];
    }
    case 'class_constant_access_expression': {
      const [target, name] = named(node);
      if (!target || !name) return [];
      const cls = scopeClass(scope, target);
      if (name.text === 'class') return cls ? [{ lit: cls.full.replace(/\./g, '\\') }] : [];
      return cls ? [{ ref: cls.local, path: [name.text] }] : [{ ref: target.text, path: [name.text] }];
    }
    case 'subscript_expression':
      return subscript(scope, node, depth);
    case 'function_call_expression':
    case 'member_call_expression':
    case 'nullsafe_member_call_expression':
    case 'scoped_call_expression':
      return call(scope, node, depth);
    case 'object_creation_expression':
      return creation(scope, node, depth);
    case 'print_intrinsic':
      return construct(scope, 'print', named(node).map((c) => evaluate(scope, c, depth + 1)), node);
    case 'string':
    case 'encapsed_string':
    case 'heredoc':
    case 'nowdoc':
      return stringValue(node, (child) => evaluate(scope, child, depth + 1));
    case 'integer':
    case 'float':
      return [{ lit: node.text }];
    case 'array_creation_expression':
      return arrayValue(scope, node, depth);
    case 'assignment_expression':
    case 'reference_assignment_expression':
    case 'augmented_assignment_expression':
      return assignment(scope, node, depth);
    case 'binary_expression': {
      const operator = node.childForFieldName('operator')?.type ?? '';
      if (operator === '.') return concatenation(scope, node, depth);
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const values = [left ? evaluate(scope, left, depth + 1) : [], right ? evaluate(scope, right, depth + 1) : []];
      return LOGICAL.has(operator) ? [] : unionValues(values);
    }
    case 'unary_op_expression': {
      const argument = node.childForFieldName('argument') ?? node.namedChildren[0];
      const value = argument ? evaluate(scope, argument, depth + 1) : [];
      return node.children[0]?.type === '!' ? [] : value;
    }
    case 'conditional_expression': {
      const condition = node.childForFieldName('condition');
      const body = node.childForFieldName('body');
      const alternative = node.childForFieldName('alternative');
      const tested = condition ? evaluate(scope, condition, depth + 1) : [];
      // `$a ?: $b` is `$a` when set.
      return unionValues([body ? evaluate(scope, body, depth + 1) : tested, alternative ? evaluate(scope, alternative, depth + 1) : []]);
    }
    case 'cast_expression': {
      const value = node.childForFieldName('value');
      const type = node.childForFieldName('type')?.text.toLowerCase();
      const data = value ? evaluate(scope, value, depth + 1) : [];
      return type === 'bool' || type === 'boolean' ? [] : data;
    }
    case 'match_expression': {
      const condition = node.childForFieldName('condition');
      if (condition) evaluate(scope, condition, depth + 1);
      const values: Value[] = [];
      for (const arm of named(node.childForFieldName('body'))) {
        const result = arm.childForFieldName('return_expression');
        if (result) values.push(evaluate(scope, result, depth + 1));
      }
      return unionValues(values);
    }
    case 'anonymous_function':
    case 'arrow_function':
    case 'anonymous_function_creation_expression':
      return closure(scope, node, depth);
    case 'throw_expression': {
      const inner = named(node)[0];
      if (!inner) return [];
      const value = inner.type === 'object_creation_expression'
        ? unionValues(argumentValues(scope, inner.namedChildren.find((c) => c?.type === 'arguments') ?? null, depth).positional)
        : evaluate(scope, inner, depth + 1);
      const callee = inner.type === 'object_creation_expression' ? dotted(inner.namedChildren.find((c) => c?.type === 'name' || c?.type === 'qualified_name')?.text ?? 'throw') : 'throw';
      const line = lineOf(node);
      const endLine = node.endPosition.row + 1;
      if (value.length > 0) scope.u.steps.push({ op: 'sink', line, ...(endLine > line ? { endLine } : {}), kind: 'exception', callee, value });
      return [];
    }
    case 'include_expression':
    case 'include_once_expression':
    case 'require_expression':
    case 'require_once_expression':
      for (const child of named(node)) evaluate(scope, child, depth + 1);
      return [];
    default: {
      if (NO_DATA.has(node.type)) return [];
      if (STRING_NODES.has(node.type)) return stringValue(node, (child) => evaluate(scope, child, depth + 1));
      // Anything else (parentheses, `@`, `clone`, ERROR nodes, ...): depends on all its children.
      const values: Value[] = [];
      for (const child of named(node)) values.push(evaluate(scope, child, depth + 1));
      return unionValues(values);
    }
  }
}
