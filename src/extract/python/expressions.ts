/**
 * Python expressions -> IR values. Calls become steps of the unit (see calls.ts) and evaluate to their slots;
 * names, attributes and constant subscripts become paths; string building becomes concatenations. Recursion is
 * bounded: past MAX_DEPTH an expression is over-approximated by the names it mentions (an iterative walk).
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { Entry, Value } from '../../facts/schema.js';
import { extendPath, joined, unionValues } from '../../facts/values.js';
import { handleCall } from './calls.js';
import { frameworkClassAttribute } from './framework-classes.js';
import { serialiserStep } from '../modelled-steps.js';
import { operatorMethod, typeOfExpression } from './callees.js';
import type { UnitBuilder } from './context.js';
import { bindTarget, boundNames, loopElement } from './targets.js';
import { child, kind, textOf } from './nodes.js';
import { templateOf, type Template } from './strings.js';
import { pathEdited } from '../path-edits.js';
import { unwrapText } from './wrappers.js';

export const MAX_DEPTH = 120;

const NO_DATA = new Set(['true', 'false', 'none', 'ellipsis', 'comparison_operator', 'not_operator', 'comment', 'type', 'keyword_separator', 'positional_separator']);

/** Names mentioned anywhere below the node, without recursion (the over-approximation of deep expressions). */
function mentionedNames(b: UnitBuilder, node: Node): Value {
  const out: Value = [];
  const seen = new Set<string>();
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const type = current.type;
    if (type === 'identifier') {
      const name = current.text;
      if (!seen.has(name)) {
        seen.add(name);
        out.push({ ref: b.local(name) });
      }
      continue;
    }
    if (type === 'string' || type === 'integer' || type === 'float') continue;
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return out;
}

/** The text of a constant subscript key, `*` for other keys. */
function keySegment(node: Node): string | null {
  switch (node.type) {
    case 'string': {
      const template = templateOf(node);
      if (template && template.pieces.length === 1 && 'text' in template.pieces[0]!) return template.pieces[0].text;
      return template && template.pieces.length === 0 ? '' : null;
    }
    case 'integer':
      return node.text;
    case 'unary_operator':
      return '*';
    case 'slice':
      return '*';
    default:
      return null;
  }
}

/** The value of a string template: literal text and interpolated values, in order. */
/** The value of a template's expression piece: the expression, or the key of it the piece names. */
export function pieceValue(b: UnitBuilder, piece: { expr: Node; key?: string }, depth: number): Value {
  // A wrapped text in a hole (`.format(sql.Identifier(table))`) is the text it wraps.
  const value = evaluate(b, unwrapText(b, piece.expr), depth);
  return piece.key !== undefined ? extendPath(value, piece.key) : value;
}

export function templateValue(b: UnitBuilder, template: Template, depth: number): Value {
  const parts: Value[] = [];
  for (const piece of template.pieces) {
    if ('text' in piece) parts.push([{ lit: piece.text }]);
    else parts.push(pieceValue(b, piece, depth + 1));
  }
  if (parts.length === 1) return parts[0]!;
  return [{ concat: parts }];
}

function collection(b: UnitBuilder, node: Node, depth: number): Value {
  const items: Entry[] = [];
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'pair') {
      const key = child.childForFieldName('key');
      const value = child.childForFieldName('value');
      const keyText = key ? keySegment(key) : null;
      const data = value ? evaluate(b, value, depth + 1) : [];
      if (keyText !== null && keyText !== '*') items.push({ key: keyText, value: data });
      else items.push({ value: unionValues([key ? evaluate(b, key, depth + 1) : [], data]) });
    } else if (child.type === 'dictionary_splat' || child.type === 'list_splat') {
      const inner = child.namedChildren[0];
      if (inner) items.push({ value: extendPath(evaluate(b, inner, depth + 1), '*') });
    } else {
      items.push({ value: evaluate(b, child, depth + 1) });
    }
  }
  return [{ items }];
}

/**
 * `[f(x) for x in xs if p(x)]`: a collection whose element is the body's value. The loop variables are the
 * comprehension's own (Python 3): each iterable is read before its clause's variables exist, the first one in the
 * enclosing scope.
 */
function comprehension(b: UnitBuilder, node: Node, depth: number): Value {
  const children = node.namedChildren;
  const scope = b.comprehensionScope();
  let body: Node | null = null;
  for (const child of children) {
    if (!child) continue;
    if (child.type === 'for_in_clause') {
      const left = child.childForFieldName('left');
      const right = child.childForFieldName('right');
      const element = right ? loopElement(b, right, depth + 1) : [];
      if (left) {
        for (const name of boundNames(left)) scope.bind(name);
        bindTarget(b, left, element, child.startPosition.row + 1, depth + 1);
      }
    } else if (child.type === 'if_clause') {
      const condition = child.namedChildren[0];
      if (condition) evaluate(b, condition, depth + 1);
    } else if (body === null) body = child;
  }
  let value: Value = [];
  if (body?.type === 'pair') {
    const key = body.childForFieldName('key');
    const entry = body.childForFieldName('value');
    value = [{ items: [{ value: unionValues([key ? evaluate(b, key, depth + 1) : [], entry ? evaluate(b, entry, depth + 1) : []]) }] }];
  } else if (body) value = [{ items: [{ value: evaluate(b, body, depth + 1) }] }];
  scope.close();
  return value;
}

function binary(b: UnitBuilder, node: Node, depth: number): Value {
  const operator = node.childForFieldName('operator')?.type;
  // An operator a joins model names (`base / "x.csv"` on a `pathlib.Path`): the joined text.
  const method = operatorMethod(b, node, depth);
  const join = method ? b.file.models.classify([method], undefined).join : undefined;
  if (join) {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    return joined([left ? evaluate(b, left, depth + 1) : [], right ? evaluate(b, right, depth + 1) : []], join.separator);
  }
  if (operator === '%' || operator === '+') {
    const template = templateOf(node, b.templateScope);
    if (template && template.pieces.some((p) => 'text' in p)) return templateValue(b, template, depth);
  }
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  return unionValues([left ? evaluate(b, left, depth + 1) : [], right ? evaluate(b, right, depth + 1) : []]);
}

function subscript(b: UnitBuilder, node: Node, depth: number): Value {
  const children = node.namedChildren;
  const base = children[0];
  if (!base) return [];
  let value = evaluate(b, base, depth + 1);
  const keys = children.slice(1).filter((c): c is Node => c !== null && c.type !== 'comment');
  if (keys.length !== 1) return extendPath(value, '*');
  const segment = keySegment(keys[0]!);
  if (segment !== null) return extendPath(value, segment);
  const key = evaluate(b, keys[0]!, depth + 1);
  value = [{ index: value, key }];
  return value;
}

/** The value of an expression; calls inside it become steps of `b`. */
export function evaluate(b: UnitBuilder, node: Node, depth = 0): Value {
  // Brackets add no meaning: unwrapped in a loop, so thousands of them neither recurse nor count as depth.
  while (kind(node) === 'parenthesized_expression' && node.namedChildCount === 1) node = node.namedChildren[0]!;
  if (depth > MAX_DEPTH) {
    b.deepExpression(node);
    return mentionedNames(b, node);
  }
  const type = kind(node);
  switch (type) {
    case 'identifier': {
      const name = textOf(node);
      // The module's own path, relative to the scanned folder (`Path(__file__).parent / "data.csv"`).
      if (name === '__file__') return [{ lit: b.file.file }];
      return [{ ref: b.local(name) }];
    }
    case 'attribute': {
      const object = child(node, 0);
      const attribute = child(node, -1);
      if (!object || !attribute || object === attribute) return [];
      const name = textOf(attribute);
      // `user.__dict__`: the object serialised, as `vars(user)` is.
      const serialiser = b.file.models.serialiserAttributes.get(name);
      if (serialiser) {
        const slot = b.slot();
        b.steps.push(serialiserStep(serialiser, evaluate(b, object, depth + 1), () => [], serialiser.call, node.startPosition.row + 1, slot));
        return [{ slot }];
      }
      // `out.parent`: a path edited.
      if (b.file.models.pathAttributeNames.has(name)) {
        const type = typeOfExpression(b, object, depth + 1);
        const model = type ? b.file.models.pathAttributes.find([`${type}.${name}`], undefined) : undefined;
        if (model) return pathEdited(model, evaluate(b, object, depth + 1), undefined);
      }
      // `request.user`: an object of a framework's class (the signed-in user).
      const framework = b.file.models.frameworkAttributeNames.has(name) ? frameworkClassAttribute(b, textOf(node), node.startPosition.row + 1) : undefined;
      return framework ?? extendPath(evaluate(b, object, depth + 1), name);
    }
    case 'subscript':
      return subscript(b, node, depth);
    case 'call': {
      // "...".format(...) and sep.join(...) on a literal build a string: keep its pieces in order.
      const fn = child(node, 0);
      if (fn && kind(fn) === 'attribute') {
        const method = textOf(child(fn, -1)!);
        if (method === 'format' || method === 'join') {
          const template = templateOf(node, b.templateScope);
          if (template) return templateValue(b, template, depth);
        }
      }
      return handleCall(b, node, depth);
    }
    case 'string':
    case 'concatenated_string': {
      const template = templateOf(node);
      return template ? templateValue(b, template, depth) : [];
    }
    case 'integer':
    case 'float':
      return [{ lit: node.text }];
    case 'list':
    case 'tuple':
    case 'set':
    case 'dictionary':
    case 'expression_list':
    case 'pattern_list':
      return collection(b, node, depth);
    case 'list_comprehension':
    case 'set_comprehension':
    case 'dictionary_comprehension':
    case 'generator_expression':
      return comprehension(b, node, depth);
    case 'binary_operator':
      return binary(b, node, depth);
    case 'boolean_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      return unionValues([left ? evaluate(b, left, depth + 1) : [], right ? evaluate(b, right, depth + 1) : []]);
    }
    case 'conditional_expression': {
      const [body, condition, orelse] = node.namedChildren;
      if (condition) evaluate(b, condition, depth + 1);
      return unionValues([body ? evaluate(b, body, depth + 1) : [], orelse ? evaluate(b, orelse, depth + 1) : []]);
    }
    case 'named_expression': {
      const name = node.childForFieldName('name');
      const value = node.childForFieldName('value');
      const data = value ? evaluate(b, value, depth + 1) : [];
      if (name) bindTarget(b, name, data, node.startPosition.row + 1, depth + 1);
      return data;
    }
    case 'lambda': {
      // The body's value stands for what the function returns when called (map, sorted keys, callbacks).
      const element = b.lambdaElement;
      b.lambdaElement = undefined;
      // Run with a collection's elements (`map(lambda r: r["email"], rows)`): the parameter holds one.
      const param = element ? node.childForFieldName('parameters')?.namedChildren.filter((p) => p !== null && kind(p) !== 'comment')[element.at] : undefined;
      if (element && param && kind(param) === 'identifier') bindTarget(b, param, element.value, node.startPosition.row + 1, depth + 1);
      const body = node.childForFieldName('body');
      return body ? evaluate(b, body, depth + 1) : [];
    }
    case 'comparison_operator':
    case 'not_operator':
      for (const child of node.namedChildren) if (child) evaluate(b, child, depth + 1);
      return [];
    case 'yield': {
      const inner = node.namedChildren[0];
      const data = inner ? evaluate(b, inner, depth + 1) : [];
      // A generator hands what it yields to its caller, like a return.
      b.steps.push({ op: 'return', line: node.startPosition.row + 1, value: inner?.type === 'identifier' || data.length > 0 ? data : [] });
      return [];
    }
    case 'keyword_argument': {
      const value = node.childForFieldName('value');
      return value ? evaluate(b, value, depth + 1) : [];
    }
    case 'list_splat':
    case 'dictionary_splat': {
      const inner = node.namedChildren[0];
      return inner ? extendPath(evaluate(b, inner, depth + 1), '*') : [];
    }
    default: {
      if (NO_DATA.has(type)) return [];
      // Anything else (await, parenthesised, unary, ERROR nodes...): depends on all its children.
      const values: Value[] = [];
      for (const child of node.namedChildren) if (child) values.push(evaluate(b, child, depth + 1));
      return unionValues(values);
    }
  }
}
