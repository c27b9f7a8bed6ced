/**
 * Callee names and types: `pd.read_sql` is `pandas.read_sql` (import aliases), `logger.info` is
 * `logging.Logger.info` when `logger = logging.getLogger(...)` (result types from the models), and
 * `client.chat.completions.create` is `openai.OpenAI.chat.completions.create` when `client = OpenAI()`.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import { normalizeName } from '../../classify/names.js';
import type { UnitBuilder } from './context.js';
import { child, kind, textOf } from './nodes.js';

export interface Callee {
  /** As written, the first name resolved through imports (`cur.execute`, `pandas.read_sql`). */
  written: string;
  /** With the receiver's type substituted, when known and different (`logging.Logger.info`). */
  typed?: string;
  /** The object of a method call. */
  receiver?: Node;
  /** The receiver's last name in snake_case (`my_logger`, `get_logger`), for receiver conditions. */
  receiverName?: string;
  /** The first name is an import or a definition of the file, so `written` names something real. */
  known: boolean;
}

const MAX_CHAIN = 64;

const snakeNames = new Map<string, string>();
function snake(name: string): string {
  let out = snakeNames.get(name);
  if (out === undefined) {
    out = normalizeName(name);
    if (snakeNames.size > 50_000) snakeNames.clear();
    snakeNames.set(name, out);
  }
  return out;
}

/** The written dotted name of an expression and whether its first name is known (import, definition). */
function written(b: UnitBuilder, node: Node): { name: string; known: boolean } {
  const parts: string[] = [];
  let current: Node | null = node;
  for (let guard = 0; current && guard < MAX_CHAIN; guard++) {
    const type = kind(current);
    if (type === 'identifier') {
      const name = textOf(current);
      const alias = b.types.has(name) ? undefined : b.file.aliases.get(name);
      parts.push(alias ?? name);
      parts.reverse();
      return { name: parts.join('.'), known: alias !== undefined || b.file.definitions.has(name) };
    }
    if (type === 'attribute') {
      const attribute = child(current, -1);
      parts.push(attribute ? textOf(attribute) : '?');
      current = child(current, 0);
      continue;
    }
    if (type === 'call' || type === 'parenthesized_expression' || type === 'await') {
      current = child(current, 0);
      continue;
    }
    break;
  }
  parts.push('?');
  parts.reverse();
  return { name: parts.join('.'), known: false };
}

/** The type of an expression's value, when the extractor can tell. */
export function typeOfExpression(b: UnitBuilder, node: Node, depth = 0): string | undefined {
  if (depth > MAX_CHAIN) return undefined;
  switch (kind(node)) {
    case 'identifier': {
      const name = textOf(node);
      const local = b.typeOf(name);
      if (local) return local;
      if (b.types.has(name)) return undefined;
      return b.file.aliases.get(name) ?? (b.file.definitions.has(name) ? name : undefined);
    }
    case 'attribute': {
      const object = child(node, 0);
      const base = object ? typeOfExpression(b, object, depth + 1) : undefined;
      const attribute = child(node, -1);
      if (!base) return undefined;
      const name = `${base}.${attribute ? textOf(attribute) : '?'}`;
      // An attribute the types models give a type (`pathlib.Path.parent` is a `pathlib.Path`).
      return b.file.models.types.find([name], undefined)?.returns ?? name;
    }
    case 'call': {
      const fn = child(node, 0);
      return fn ? resultType(b, describeCallee(b, fn, depth + 1)) : undefined;
    }
    case 'parenthesized_expression':
    case 'await': {
      const inner = child(node, 0);
      return inner ? typeOfExpression(b, inner, depth + 1) : undefined;
    }
    case 'binary_operator': {
      // `base / "x.csv"` is `base.__truediv__("x.csv")`: what the types models say that method returns.
      const method = operatorMethod(b, node, depth);
      const model = method ? b.file.models.types.find([method], undefined) : undefined;
      return model?.returns;
    }
    default:
      return undefined;
  }
}

/** Python's method names of binary operators, for those whose meaning depends on the left operand's type. */
const OPERATOR_METHODS: Readonly<Record<string, string>> = { '/': '__truediv__', '+': '__add__', '%': '__mod__', '*': '__mul__' };

/** The method a binary operator calls on its left operand when that operand's type is known (`pathlib.Path.__truediv__`). */
export function operatorMethod(b: UnitBuilder, node: Node, depth = 0): string | undefined {
  const operator = node.childForFieldName('operator')?.type;
  const method = operator ? OPERATOR_METHODS[operator] : undefined;
  const left = node.childForFieldName('left');
  const type = method && left ? typeOfExpression(b, left, depth + 1) : undefined;
  return type ? `${type}.${method}` : undefined;
}

/** What a call returns: the modelled type, else the callee's own name when its origin is known. */
export function resultType(b: UnitBuilder, callee: Callee): string | undefined {
  const names = calleeNames(callee);
  const model = b.file.models.types.find(names, callee.receiverName);
  if (model) return model.returns;
  if (callee.typed) return callee.typed;
  // A dotted name of something not imported (`http.cookies.BaseCookie()`) still names its origin.
  return !callee.written.includes('?') && (callee.known || callee.written.includes('.')) ? callee.written : undefined;
}

export function calleeNames(callee: Callee): string[] {
  return callee.typed && callee.typed !== callee.written ? [callee.typed, callee.written] : [callee.written];
}

function lastName(node: Node): string | undefined {
  let current: Node | null = node;
  for (let guard = 0; current && guard < MAX_CHAIN; guard++) {
    const type = kind(current);
    if (type === 'identifier') return textOf(current);
    if (type === 'attribute') {
      const attribute = child(current, -1);
      return attribute ? textOf(attribute) : undefined;
    }
    if (type === 'call' || type === 'parenthesized_expression' || type === 'await') {
      current = child(current, 0);
      continue;
    }
    return undefined;
  }
  return undefined;
}

export function describeCallee(b: UnitBuilder, fn: Node, depth = 0): Callee {
  const name = written(b, fn);
  if (kind(fn) !== 'attribute') return { written: name.name, known: name.known };
  const object = child(fn, 0);
  const attribute = child(fn, -1);
  const method = attribute ? textOf(attribute) : '?';
  const callee: Callee = { written: name.name, known: name.known };
  if (object) {
    callee.receiver = object;
    const receiverName = lastName(object);
    if (receiverName) callee.receiverName = snake(receiverName);
    const type = typeOfExpression(b, object, depth + 1);
    if (type && `${type}.${method}` !== name.name) callee.typed = `${type}.${method}`;
  }
  return callee;
}
