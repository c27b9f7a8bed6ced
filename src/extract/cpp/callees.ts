/**
 * C++ names: dotted names of types and callees (`std::ofstream` -> `std.ofstream`, `db->exec` -> `db.exec`),
 * candidate callee names for the models (the receiver's type first, then as written, then inside namespaces
 * brought in with `using`), the types of expressions, and callees as IR values (`{ref:"this",path:["save"]}`).
 */
import type { Node } from 'web-tree-sitter';
import type { Part } from '../../facts/schema.js';
import { normalizeName } from '../../classify/names.js';
import { modelledType } from '../code/calls.js';
import type { JoinModel } from '../models.js';
import type { CppScope } from './scope.js';

const MAX_CHAIN = 48;

/** Dotted name of a type node, without qualifiers, pointers or template arguments; undefined for `auto`. */
export function typeName(node: Node | null): string | undefined {
  let current = node;
  for (let guard = 0; current && guard < MAX_CHAIN; guard++) {
    switch (current.type) {
      case 'type_identifier':
      case 'primitive_type':
      case 'identifier':
      case 'namespace_identifier':
        return current.text;
      case 'sized_type_specifier':
        return current.text.replace(/\s+/g, ' ');
      case 'qualified_identifier': {
        const scope = current.childForFieldName('scope');
        const name = typeName(current.childForFieldName('name'));
        const prefix = scope ? typeName(scope) : undefined;
        return name === undefined ? undefined : prefix ? `${prefix}.${name}` : name;
      }
      case 'nested_namespace_specifier':
        // `namespace fs = std::filesystem;`: the namespaces in order.
        return current.namedChildren.map((child) => child?.text ?? '?').join('.');
      case 'template_type':
      case 'template_function':
        current = current.childForFieldName('name');
        continue;
      case 'struct_specifier':
      case 'class_specifier':
      case 'union_specifier':
      case 'enum_specifier':
        current = current.childForFieldName('name');
        continue;
      case 'dependent_type':
      case 'type_descriptor':
        current = current.childForFieldName('type') ?? current.namedChildren[0] ?? null;
        continue;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** The written dotted name of an expression (`std.cout`, `this.db_`, `get_logger.info`), `?` where unknown. */
export function writtenName(node: Node): string {
  const parts: string[] = [];
  let current: Node | null = node;
  for (let guard = 0; current && guard < MAX_CHAIN; guard++) {
    switch (current.type) {
      case 'identifier':
      case 'field_identifier':
      case 'namespace_identifier':
      case 'type_identifier':
      case 'this':
        parts.push(current.text);
        return parts.reverse().join('.');
      case 'qualified_identifier': {
        const name = current.childForFieldName('name');
        const scope = current.childForFieldName('scope');
        if (name) parts.push(writtenName(name));
        if (!scope) return parts.reverse().join('.');
        current = scope;
        continue;
      }
      case 'field_expression':
        parts.push(current.childForFieldName('field')?.text ?? '?');
        current = current.childForFieldName('argument');
        continue;
      case 'call_expression':
        current = current.childForFieldName('function');
        continue;
      case 'template_function':
      case 'template_method':
      case 'template_type':
        current = current.childForFieldName('name');
        continue;
      case 'parenthesized_expression':
      case 'pointer_expression':
        current = current.namedChildren[0] ?? null;
        continue;
      default:
        parts.push('?');
        return parts.reverse().join('.');
    }
  }
  parts.push('?');
  return parts.reverse().join('.');
}

/** The last name of an expression (`self_log` of `this->log_`, `get_logger` of `get_logger()`), in snake_case. */
export function lastName(node: Node): string | undefined {
  const written = writtenName(node);
  const last = written.slice(written.lastIndexOf('.') + 1);
  return last === '?' ? undefined : normalizeName(last);
}

/** Names resolved through `using` aliases and namespaces: the written one first, then inside each namespace. */
export function candidates(scope: CppScope, written: string): string[] {
  const file = scope.file;
  const dot = written.indexOf('.');
  const head = dot < 0 ? written : written.slice(0, dot);
  const alias = scope.locals.has(head) ? undefined : file.code.aliases.get(head);
  const resolved = alias ? alias + written.slice(head.length) : written;
  const out = [resolved];
  if (!alias && !scope.locals.has(head) && head !== 'this') for (const ns of file.usingNamespaces) out.push(`${ns}.${resolved}`);
  return out;
}

/** The type of an expression's value, when the extractor can tell. */
export function typeOfExpression(scope: CppScope, node: Node, depth = 0): string | undefined {
  if (depth > MAX_CHAIN) return undefined;
  switch (node.type) {
    case 'identifier': {
      const name = node.text;
      if (scope.locals.has(name)) return scope.u.typeOf(name);
      if (scope.isMember(name) && scope.cls) return scope.file.code.types.get(`${scope.cls.name}.${name}`);
      return scope.u.typeOf(name) ?? scope.file.code.aliases.get(name);
    }
    case 'qualified_identifier':
      return candidates(scope, writtenName(node))[0];
    case 'field_expression': {
      const argument = node.childForFieldName('argument');
      const field = node.childForFieldName('field')?.text;
      if (!argument || !field) return undefined;
      if (argument.type === 'this' && scope.cls) return scope.file.code.types.get(`${scope.cls.name}.${field}`);
      const base = typeOfExpression(scope, argument, depth + 1);
      if (!base) return undefined;
      return scope.file.code.types.get(`${base}.${field}`) ?? scope.file.code.types.get(`${base.slice(base.lastIndexOf('.') + 1)}.${field}`);
    }
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      return fn ? callResultType(scope, fn, depth + 1) : undefined;
    }
    case 'binary_expression': {
      // `out << a << b` is the stream; `dir / "x"` what the types models say the operator returns.
      const operator = node.childForFieldName('operator')?.type;
      const left = node.childForFieldName('left');
      const type = left && (operator === '<<' || operator === '/') ? typeOfExpression(scope, left, depth + 1) : undefined;
      if (!type || operator === '<<') return type;
      return scope.u.file.models.types.find([`${type}.operator${operator}`], undefined)?.returns;
    }
    case 'parenthesized_expression':
    case 'pointer_expression':
    case 'reference_expression': {
      const inner = node.namedChildren[0] ?? node.childForFieldName('argument');
      return inner ? typeOfExpression(scope, inner, depth + 1) : undefined;
    }
    case 'new_expression':
      return typeName(node.childForFieldName('type'));
    default:
      return undefined;
  }
}

export interface Callee {
  names: string[];
  /** `names[0]` is named after the receiver's known type. */
  typed?: boolean;
  /** The object of a method call. */
  receiver?: Node;
  receiverName?: string;
}

/** Candidate names of a callee expression, most specific first. */
export function describeCallee(scope: CppScope, fn: Node, depth = 0): Callee {
  if (fn.type === 'field_expression') {
    const object = fn.childForFieldName('argument');
    const method = fn.childForFieldName('field')?.text ?? '?';
    const names: string[] = [];
    const type = object ? typeOfExpression(scope, object, depth + 1) : undefined;
    if (type) for (const name of candidates(scope, type)) names.push(`${name}.${method}`);
    for (const name of candidates(scope, writtenName(fn))) if (!names.includes(name)) names.push(name);
    const receiverName = object ? lastName(object) : undefined;
    return { names, ...(type ? { typed: true } : {}), ...(object ? { receiver: object } : {}), ...(receiverName ? { receiverName } : {}) };
  }
  // A function object called where it is made (`std::hash<std::string>{}(x)`): the call is named after its type.
  const made = fn.type === 'compound_literal_expression' ? typeName(fn.childForFieldName('type')) : undefined;
  if (made) return { names: candidates(scope, made) };
  const written = writtenName(fn);
  if (fn.type === 'identifier' && scope.isMember(fn.text) && scope.cls) {
    return { names: [`${scope.cls.name}.${fn.text}`, written], receiverName: 'this' };
  }
  return { names: candidates(scope, written) };
}

/** What a call returns: the modelled type, else the class it constructs. */
export function callResultType(scope: CppScope, fn: Node, depth = 0): string | undefined {
  const callee = describeCallee(scope, fn, depth);
  const modelled = modelledType(scope.u, callee.names, callee.receiverName);
  if (modelled) return modelled;
  const name = callee.names[0]!;
  const last = name.slice(name.lastIndexOf('.') + 1);
  return fn.type !== 'field_expression' && (scope.file.classes.has(last) || /^[A-Z]/.test(last)) && !name.includes('?') ? name : undefined;
}

/** Leading namespace segments of a qualified name: lower-case names and the namespaces the file mentions. */
function isNamespace(scope: CppScope, segment: string): boolean {
  return /^[a-z_]/.test(segment) || scope.file.usingNamespaces.includes(segment);
}

/**
 * `Store::Save(txn, email)` in a method of a class whose base `Store` is: the base's method, run with this object.
 * The method's name, when the call is one.
 */
export function baseMethodCall(scope: CppScope, fn: Node): string | undefined {
  if (fn.type !== 'qualified_identifier' || !scope.cls || scope.u.params[0]?.name !== 'this') return undefined;
  const segments = writtenName(fn).split('.');
  if (segments.length < 2 || segments.includes('?')) return undefined;
  const base = segments.slice(0, -1).join('.');
  const named = scope.cls.bases.some((written) => written === base || written.endsWith(`.${base}`));
  return named ? segments[segments.length - 1] : undefined;
}

/** The callee as a value: `f`, `this.save`, `OrderDao.create`, `obj.method`; namespaces dropped. */
export function calleePart(scope: CppScope, fn: Node, receiver: Part | undefined): Part | undefined {
  if (fn.type === 'identifier') {
    const name = fn.text;
    return scope.isMember(name) ? { ref: 'this', path: [name] } : { ref: name };
  }
  if (fn.type === 'qualified_identifier' || fn.type === 'template_function') {
    const segments = writtenName(fn).split('.');
    if (segments.includes('?')) return undefined;
    let start = 0;
    while (start < segments.length - 1 && isNamespace(scope, segments[start]!)) start++;
    const [head, ...path] = segments.slice(start);
    return path.length > 0 ? { ref: head!, path } : { ref: head! };
  }
  if (fn.type === 'field_expression' && receiver && ('ref' in receiver || 'slot' in receiver)) {
    const method = fn.childForFieldName('field')?.text;
    if (!method) return undefined;
    return { ...receiver, path: [...(receiver.path ?? []), method] };
  }
  return undefined;
}

/** The joins model of a binary operator on its left operand's type (`std.filesystem.path.operator/`). */
export function operatorJoin(scope: CppScope, node: Node): JoinModel | undefined {
  const operator = node.childForFieldName('operator')?.type;
  const left = node.childForFieldName('left');
  const type = operator && left ? typeOfExpression(scope, left) : undefined;
  return type ? scope.u.file.models.joins.find([`${type}.operator${operator}`], undefined) : undefined;
}
