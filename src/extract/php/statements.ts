/**
 * PHP statements of a body -> ordered steps, with an explicit stack so deep nesting cannot overflow the call
 * stack; branches and loops make assignments weak. `echo`, `exit` and `throw` are sinks through the models.
 */
import type { Node } from 'web-tree-sitter';
import { extendPath } from '../../facts/values.js';
import { isFieldChild } from '../tree-sitter.js';
import { walkBlocks, type Block } from '../code/walk.js';
import { bind, construct, evaluate, named, setBodyWalker } from './expressions.js';
import type { PhpScope } from './scope.js';

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

/** Declarations met inside bodies (functions, classes): handled by the file walker. */
export type Declare = (node: Node) => void;

export function walkBody(scope: PhpScope, body: Node, declare?: Declare): void {
  const nodes = body.type === 'compound_statement' || body.type === 'program' ? named(body) : [body];
  walkBlocks(scope.u, nodes, (node, blocks) => statement(scope, node, blocks, declare));
}

setBodyWalker((scope, body) => walkBody(scope, body));

function statement(scope: PhpScope, node: Node, blocks: Block[], declare: Declare | undefined): void {
  const block = (n: Node | null | undefined, weak: boolean) => {
    if (n) blocks.push({ nodes: n.type === 'compound_statement' || n.type === 'colon_block' ? named(n) : [n], weak });
  };
  switch (node.type) {
    case 'expression_statement':
      for (const child of named(node)) evaluate(scope, child);
      return;
    case 'echo_statement': {
      const values = named(node).flatMap((child) => (child.type === 'sequence_expression' ? named(child) : [child])).map((c) => evaluate(scope, c));
      construct(scope, 'echo', values, node);
      return;
    }
    case 'exit_statement':
      construct(scope, 'exit', named(node).map((c) => evaluate(scope, c)), node);
      return;
    case 'return_statement': {
      const inner = named(node)[0];
      scope.closures.returned(scope.u, inner ? evaluate(scope, inner) : [], lineOf(node));
      return;
    }
    case 'if_statement':
    case 'else_if_clause':
      evaluate(scope, node.childForFieldName('condition') ?? node);
      block(node.childForFieldName('body'), true);
      if (node.type === 'if_statement') for (const alternative of node.childrenForFieldName('alternative')) block(alternative, true);
      return;
    case 'else_clause':
      block(node.childForFieldName('body') ?? named(node)[0], true);
      return;
    case 'while_statement':
    case 'switch_statement':
      evaluate(scope, node.childForFieldName('condition') ?? node);
      block(node.childForFieldName('body'), true);
      return;
    case 'do_statement':
      block(node.childForFieldName('body'), true);
      if (node.childForFieldName('condition')) evaluate(scope, node.childForFieldName('condition')!);
      return;
    case 'switch_block':
      for (const child of named(node)) block(child, true);
      return;
    case 'case_statement':
    case 'default_statement':
      for (const child of named(node)) {
        if (isFieldChild(node, 'value', child)) evaluate(scope, child);
        else block(child, true);
      }
      return;
    case 'for_statement': {
      for (const field of ['initialize', 'condition', 'update', 'increment']) for (const child of node.childrenForFieldName(field)) if (child) evaluate(scope, child);
      block(node.childForFieldName('body'), true);
      return;
    }
    case 'foreach_statement': {
      const children = named(node);
      const body = node.childForFieldName('body');
      const iterable = children[0];
      const target = children[1] && children[1] !== body ? children[1] : undefined;
      const source = iterable ? evaluate(scope, iterable) : [];
      if (target) {
        const line = lineOf(node);
        if (target.type === 'pair') {
          const [key, value] = named(target);
          if (key) bind(scope, key, [], line, 0);
          if (value) bind(scope, value.type === 'by_ref' ? value.namedChildren[0] ?? value : value, extendPath(source, '*'), line, 0);
        } else bind(scope, target.type === 'by_ref' ? target.namedChildren[0] ?? target : target, extendPath(source, '*'), line, 0);
      }
      block(body, true);
      return;
    }
    case 'try_statement':
      block(node.childForFieldName('body'), false);
      for (const child of named(node)) {
        if (child.type === 'catch_clause') block(child.childForFieldName('body'), true);
        else if (child.type === 'finally_clause') block(child.childForFieldName('body') ?? named(child)[0], false);
      }
      return;
    case 'compound_statement':
    case 'colon_block':
    case 'ERROR':
    case 'declare_statement':
      blocks.push({ nodes: named(node), weak: false });
      return;
    case 'function_static_declaration':
      for (const variable of named(node)) {
        const name = variable.childForFieldName('name');
        const value = variable.childForFieldName('value');
        if (name) bind(scope, name, value ? evaluate(scope, value) : [], lineOf(variable), 0);
      }
      return;
    case 'function_definition':
    case 'class_declaration':
    case 'interface_declaration':
    case 'trait_declaration':
    case 'enum_declaration':
    case 'namespace_definition':
    case 'namespace_use_declaration':
    case 'const_declaration':
      declare?.(node);
      return;
    case 'global_declaration':
    case 'unset_statement':
    case 'break_statement':
    case 'continue_statement':
    case 'goto_statement':
    case 'named_label_statement':
    case 'inline_html':
    case 'text_interpolation':
    case 'php_tag':
    case 'comment':
    case 'empty_statement':
      return;
    default:
      evaluate(scope, node);
  }
}
