/**
 * C++ statements of a function body -> ordered steps. Blocks are walked with an explicit stack, so deeply nested
 * code cannot overflow the call stack; branches and loops make assignments weak (they add to what a name held).
 */
import type { Node } from 'web-tree-sitter';
import type { Value } from '../../facts/schema.js';
import { isFieldChild } from '../tree-sitter.js';
import { extendPath, unionValues } from '../../facts/values.js';
import { noteAssignment } from '../code/calls.js';
import { walkBlocks, type Block } from '../code/walk.js';
import { calleePart, typeName, typeOfExpression, writtenName } from './callees.js';
import { construct, evaluate, setBodyWalker } from './expressions.js';
import type { CppScope } from './scope.js';

const PRIMITIVE = /^(void|bool|char|wchar_t|char8_t|char16_t|char32_t|short|int|long|float|double|signed|unsigned|size_t|ssize_t|u?int\d+_t|auto|decltype)\b/;

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

function named(node: Node | null | undefined): Node[] {
  if (!node) return [];
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

/** The declared name inside a declarator (`*p`, `&r`, `a[3]`, `(*fp)(int)`), and whether it is a pointer. */
export function declaratorName(node: Node | null): { name: string; pointer: boolean; array: boolean; fn: boolean } | undefined {
  let current = node;
  let pointer = false;
  let array = false;
  let fn = false;
  for (let guard = 0; current && guard < 32; guard++) {
    switch (current.type) {
      case 'identifier':
      case 'field_identifier':
        return { name: current.text, pointer, array, fn };
      case 'pointer_declarator':
      case 'reference_declarator':
        pointer ||= current.type === 'pointer_declarator';
        current = current.childForFieldName('declarator') ?? current.namedChildren[current.namedChildren.length - 1] ?? null;
        continue;
      case 'array_declarator':
        array = true;
        current = current.childForFieldName('declarator');
        continue;
      case 'function_declarator':
        fn = true;
        current = current.childForFieldName('declarator');
        continue;
      case 'parenthesized_declarator':
      case 'init_declarator':
      case 'attributed_declarator':
        current = current.childForFieldName('declarator') ?? current.namedChildren[0] ?? null;
        continue;
      default:
        return undefined;
    }
  }
  return undefined;
}

/**
 * `Type name(a, b);` inside a function, which the grammar reads as a function declaration when the arguments are
 * plain names (the "most vexing parse"): the names, when every parameter is only a non-primitive type name.
 */
function vexingArguments(scope: CppScope, declarator: Node): Value[] | undefined {
  if (scope.u.isModule || declarator.type !== 'function_declarator') return undefined;
  const params = named(declarator.childForFieldName('parameters'));
  if (params.length === 0) return undefined;
  const values: Value[] = [];
  for (const param of params) {
    const type = param.childForFieldName('type');
    if (param.type !== 'parameter_declaration' || param.childForFieldName('declarator') || !type || named(param).length !== 1) return undefined;
    if ((type.type !== 'type_identifier' && type.type !== 'qualified_identifier') || PRIMITIVE.test(type.text)) return undefined;
    if (type.type === 'type_identifier') values.push(scope.isMember(type.text) ? [{ ref: 'this', path: [type.text] }] : [{ ref: type.text }]);
    else {
      const part = calleePart(scope, type, undefined);
      values.push(part ? [part] : []);
    }
  }
  return values;
}

/** `T name = v;`, `T name(args);`, `T name{...};`, `T name;`: assignments (and constructions) of the locals. */
export function declaration(scope: CppScope, node: Node, depth = 0): void {
  const typeNode = node.childForFieldName('type');
  const declared = typeName(typeNode);
  const primitive = !declared || PRIMITIVE.test(declared);
  for (const declarator of node.childrenForFieldName('declarator')) {
    if (!declarator) continue;
    const init = declarator.type === 'init_declarator' ? declarator : null;
    const target = declaratorName(init ? init.childForFieldName('declarator') : declarator);
    if (!target) continue;
    const line = lineOf(declarator);
    if (target.fn) {
      const args = vexingArguments(scope, declarator);
      if (!args || primitive) continue;
      const value = construct(scope, typeNode, null, line, line, depth, args);
      scope.locals.add(target.name);
      scope.u.assign(target.name, undefined, value, line);
      scope.u.remember(target.name, declared, value);
      continue;
    }
    const valueNode = init?.childForFieldName('value') ?? null;
    let value: Value;
    let type = primitive ? declared : declared;
    if (!valueNode) {
      // `Order order;` default-constructs a class; `char buf[64];`, `int n;` hold nothing yet.
      const segments = declared?.split('.') ?? [];
      const last = segments[segments.length - 1] ?? '';
      value = !primitive && !target.pointer && !target.array && segments[0] !== 'std' && /^[A-Z]/.test(last)
        ? construct(scope, typeNode, null, line, line, depth) : [];
    } else if (valueNode.type === 'argument_list' || (valueNode.type === 'initializer_list' && !primitive && !target.array && !target.pointer)) {
      value = primitive ? unionValues(named(valueNode).map((a) => evaluate(scope, a, depth + 1))) : construct(scope, typeNode, valueNode, line, declarator.endPosition.row + 1, depth);
    } else {
      value = evaluate(scope, valueNode, depth + 1);
      if (!declared || declared === 'auto') type = typeOfExpression(scope, valueNode);
    }
    scope.locals.add(target.name);
    scope.u.assign(target.name, undefined, value, line);
    scope.u.remember(target.name, type && type !== 'auto' ? type : undefined, value);
    noteAssignment(scope.u, target.name, value);
  }
}

/** Walks the statements of a body (a compound statement or one statement), in source order. */
export function walkBody(scope: CppScope, body: Node): void {
  walkBlocks(scope.u, body.type === 'compound_statement' ? named(body) : [body], (node, blocks) => statement(scope, node, blocks));
}

setBodyWalker(walkBody);

/** The condition of `if`/`while`/`switch`: a declaration (`if (auto x = f())`) or an expression. */
function condition(scope: CppScope, node: Node | null): void {
  if (!node) return;
  if (node.type !== 'condition_clause') {
    evaluate(scope, node);
    return;
  }
  for (const child of named(node)) {
    if (child.type === 'declaration' || child.type === 'init_statement') declaration(scope, child);
    else evaluate(scope, child);
  }
}

function statement(scope: CppScope, node: Node, blocks: Block[]): void {
  const block = (n: Node | null, weak: boolean) => {
    if (n) blocks.push({ nodes: n.type === 'compound_statement' ? named(n) : [n], weak });
  };
  switch (node.type) {
    case 'expression_statement':
      for (const child of named(node)) evaluate(scope, child);
      return;
    case 'declaration':
      declaration(scope, node);
      return;
    case 'return_statement':
    case 'co_return_statement': {
      const inner = named(node)[0];
      scope.closures.returned(scope.u, inner ? evaluate(scope, inner) : [], lineOf(node));
      return;
    }
    case 'throw_statement': {
      const inner = named(node)[0];
      if (!inner) return;
      const value = evaluate(scope, inner);
      const line = lineOf(node);
      const endLine = node.endPosition.row + 1;
      const callee = inner.type === 'call_expression' ? writtenName(inner.childForFieldName('function') ?? inner) : 'throw';
      if (value.length > 0) scope.u.steps.push({ op: 'sink', line, ...(endLine > line ? { endLine } : {}), kind: 'exception', callee: callee.replace(/^\?\./, ''), value });
      return;
    }
    case 'if_statement':
      condition(scope, node.childForFieldName('condition'));
      block(node.childForFieldName('consequence'), true);
      block(node.childForFieldName('alternative'), true);
      return;
    case 'else_clause':
      for (const child of named(node)) block(child, true);
      return;
    case 'while_statement':
    case 'switch_statement':
      condition(scope, node.childForFieldName('condition'));
      block(node.childForFieldName('body'), true);
      return;
    case 'do_statement':
      block(node.childForFieldName('body'), true);
      condition(scope, node.childForFieldName('condition'));
      return;
    case 'for_statement': {
      const init = node.childForFieldName('initializer');
      if (init?.type === 'declaration') declaration(scope, init);
      else if (init) evaluate(scope, init);
      condition(scope, node.childForFieldName('condition'));
      const update = node.childForFieldName('update');
      if (update) evaluate(scope, update);
      block(node.childForFieldName('body'), true);
      return;
    }
    case 'for_range_loop': {
      const right = node.childForFieldName('right');
      const source = right ? evaluate(scope, right) : [];
      const target = declaratorName(node.childForFieldName('declarator'));
      if (target) {
        scope.locals.add(target.name);
        scope.u.assign(target.name, undefined, extendPath(source, '*'), lineOf(node));
      }
      block(node.childForFieldName('body'), true);
      return;
    }
    case 'case_statement':
    case 'labeled_statement':
      for (const child of named(node)) {
        if (child.type === 'statement_identifier') continue;
        if (node.type === 'case_statement' && isFieldChild(node, 'value', child)) continue;
        block(child, true);
      }
      return;
    case 'try_statement':
      block(node.childForFieldName('body'), false);
      for (const child of named(node)) if (child.type === 'catch_clause') block(child.childForFieldName('body'), true);
      return;
    case 'compound_statement':
    case 'ERROR':
    case 'preproc_if':
    case 'preproc_ifdef':
    case 'preproc_else':
    case 'preproc_elif':
    case 'preproc_elifdef':
    case 'seh_try_statement':
      blocks.push({ nodes: named(node).filter((c) => !isFieldChild(node, 'condition', c) && c.type !== 'identifier'), weak: node.type !== 'compound_statement' && node.type !== 'ERROR' });
      return;
    case 'break_statement':
    case 'continue_statement':
    case 'goto_statement':
    case 'comment':
    case 'preproc_call':
    case 'preproc_def':
    case 'preproc_function_def':
    case 'preproc_include':
    case 'using_declaration':
    case 'alias_declaration':
    case 'type_definition':
    case 'static_assert_declaration':
    case 'namespace_alias_definition':
      return;
    default:
      evaluate(scope, node);
  }
}
