/**
 * PHP names of callees and types: written dotted names (`this.logger.info`), the class a scope names (`self`,
 * `parent`, an imported class), the types of expressions (typed properties, `new`, the models' result types,
 * container lookups) and the candidate names of a call for the models, most specific first.
 */
import type { Node } from 'web-tree-sitter';
import { normalizeName } from '../../classify/names.js';
import { modelledType } from '../code/calls.js';
import { dotted } from './names.js';
import type { PhpScope } from './scope.js';

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

function named(node: Node | null | undefined): Node[] {
  if (!node) return [];
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

/** A variable's name without its `$`. */
export function variableName(node: Node): string {
  return node.text.replace(/^\$+/, '');
}

/** The written dotted name of an expression for callee names (`this.logger`, `request`, `get.info`). */
export function writtenName(node: Node): string {
  const parts: string[] = [];
  let current: Node | null = node;
  for (let guard = 0; current && guard < 48; guard++) {
    switch (current.type) {
      case 'variable_name':
        parts.push(variableName(current));
        return parts.reverse().join('.');
      case 'name':
      case 'qualified_name':
        parts.push(dotted(current.text));
        return parts.reverse().join('.');
      case 'member_access_expression':
      case 'nullsafe_member_access_expression':
      case 'member_call_expression':
      case 'nullsafe_member_call_expression':
        parts.push(current.childForFieldName('name')?.text.replace(/^\$/, '') ?? '?');
        current = current.childForFieldName('object');
        continue;
      case 'function_call_expression':
        current = current.childForFieldName('function');
        continue;
      case 'scoped_call_expression':
        parts.push(current.childForFieldName('name')?.text ?? '?');
        current = current.childForFieldName('scope');
        continue;
      case 'parenthesized_expression':
        current = current.namedChildren[0] ?? null;
        continue;
      default:
        parts.push('?');
        return parts.reverse().join('.');
    }
  }
  return '?';
}

export function lastName(node: Node): string | undefined {
  const written = writtenName(node);
  const last = written.slice(written.lastIndexOf('.') + 1);
  return last === '?' ? undefined : normalizeName(last);
}

/** The class a scope expression (`Foo`, `self`, `static`, `parent`) names: its full name and local name. */
export function scopeClass(scope: PhpScope, node: Node): { full: string; local: string } | undefined {
  const text = node.text;
  if (node.type === 'relative_scope' || text === 'self' || text === 'static' || text === 'parent') {
    if (!scope.cls) return undefined;
    if (text === 'parent') {
      if (!scope.cls.base || !scope.cls.baseWritten) return undefined;
      return { full: scope.cls.base, local: scope.file.names.classRef(scope.cls.baseWritten, lineOf(node)) };
    }
    return { full: scope.cls.full, local: scope.cls.name };
  }
  if (node.type !== 'name' && node.type !== 'qualified_name') return undefined;
  return { full: scope.file.names.resolveClass(text), local: scope.file.names.classRef(text, lineOf(node)) };
}

/** The type of an expression's value, when the extractor can tell. */
export function typeOfExpression(scope: PhpScope, node: Node, depth = 0): string | undefined {
  if (depth > 32) return undefined;
  switch (node.type) {
    case 'variable_name':
      return scope.u.typeOf(variableName(node));
    case 'member_access_expression':
    case 'nullsafe_member_access_expression': {
      const object = node.childForFieldName('object');
      const name = node.childForFieldName('name')?.text;
      if (!object || !name) return undefined;
      if (object.type === 'variable_name' && variableName(object) === 'this' && scope.cls) return scope.file.code.types.get(`${scope.cls.name}.${name}`);
      const base = typeOfExpression(scope, object, depth + 1);
      // A property of a typed object: its declared type, else named after it (`Stripe.StripeClient.customers`).
      return base ? scope.file.code.types.get(`${base}.${name}`) ?? `${base}.${name}` : undefined;
    }
    case 'object_creation_expression': {
      const cls = node.namedChildren.find((c) => c?.type === 'name' || c?.type === 'qualified_name');
      return cls ? scope.file.names.resolveClass(cls.text) : undefined;
    }
    case 'member_call_expression':
    case 'nullsafe_member_call_expression':
    case 'scoped_call_expression':
    case 'function_call_expression': {
      const callee = describe(scope, node, depth + 1);
      return callee ? modelledType(scope.u, callee.names, callee.receiverName, (i) => classArgument(scope, node, i)) : undefined;
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren[0];
      return inner ? typeOfExpression(scope, inner, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** The class an argument names with `Foo::class` (for containers: `$container->get(Foo::class)`). */
function classArgument(scope: PhpScope, call: Node, position: number): string | undefined {
  const args = named(call.childForFieldName('arguments')).filter((a) => !a.childForFieldName('name'));
  const arg = args[position];
  const expression = arg ? named(arg)[named(arg).length - 1] : undefined;
  if (expression?.type !== 'class_constant_access_expression') return undefined;
  const [target, name] = named(expression);
  if (!target || name?.text !== 'class') return undefined;
  return scopeClass(scope, target)?.full;
}

export interface Callee {
  names: string[];
  typed?: boolean;
  receiverName?: string;
  receiverNode?: Node;
  /** The class of a static call or `new`: full and local names. */
  cls?: { full: string; local: string };
  method?: string;
}

/** Candidate names of the callee of a call node, most specific first. */
export function describe(scope: PhpScope, node: Node, depth = 0): Callee | undefined {
  switch (node.type) {
    case 'function_call_expression': {
      const fn = node.childForFieldName('function');
      if (!fn) return undefined;
      if (fn.type === 'name' || fn.type === 'qualified_name') {
        const resolved = scope.file.names.resolveFunction(fn.text);
        return { names: resolved === fn.text ? [resolved] : [resolved, dotted(fn.text)] };
      }
      return { names: [writtenName(fn)] };
    }
    case 'member_call_expression':
    case 'nullsafe_member_call_expression': {
      const object = node.childForFieldName('object');
      const method = node.childForFieldName('name')?.text ?? '?';
      if (!object) return undefined;
      const names: string[] = [];
      const type = typeOfExpression(scope, object, depth + 1);
      if (type) names.push(`${type}.${method}`);
      const written = `${writtenName(object)}.${method}`;
      if (!names.includes(written)) names.push(written);
      const receiverName = lastName(object);
      return { names, ...(type ? { typed: true } : {}), ...(receiverName ? { receiverName } : {}), receiverNode: object, method };
    }
    case 'scoped_call_expression': {
      const target = node.childForFieldName('scope');
      const method = node.childForFieldName('name')?.text ?? '?';
      if (!target) return undefined;
      const cls = scopeClass(scope, target);
      if (!cls) return { names: [`${writtenName(target)}.${method}`], method };
      const names = [`${cls.full}.${method}`];
      // A class neither imported nor declared here may be a global alias (`\DB::table`, `Log::info`).
      const written = `${dotted(target.text)}.${method}`;
      const known = scope.file.names.classes.has(target.text.split('\\', 1)[0]!) || scope.file.names.declared.has(target.text);
      if (!names.includes(written) && target.type !== 'relative_scope' && !known) names.push(written);
      return { names, receiverName: normalizeName(cls.full.slice(cls.full.lastIndexOf('.') + 1)), cls, method };
    }
    default:
      return undefined;
  }
}

