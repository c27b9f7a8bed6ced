/**
 * Walking helpers shared by the tree-sitter extractors: statement blocks with an explicit stack (so deep nesting
 * cannot overflow the call stack), closure bodies whose returns are the closure's value, and the over-approximation
 * of an expression too deep to follow.
 */
import type { Node } from 'web-tree-sitter';
import type { Value } from '../../facts/schema.js';
import { unionValues } from '../../facts/values.js';
import type { CodeUnit } from './context.js';

export interface Block {
  nodes: Node[];
  /** Statements that may not run (branches, loops): their assignments add to what names held. */
  weak: boolean;
}

/**
 * Walks statements in source order; `statement` handles one and pushes the blocks nested in it, which are walked
 * right after it, in the order pushed.
 */
export function walkBlocks(u: CodeUnit, nodes: Node[], statement: (node: Node, blocks: Block[]) => void): void {
  const stack: Array<Block & { index: number; started: boolean }> = [{ nodes, weak: false, index: 0, started: false }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (!frame.started) {
      frame.started = true;
      if (frame.weak) u.weak++;
    }
    if (frame.index >= frame.nodes.length) {
      stack.pop();
      if (frame.weak) u.weak--;
      continue;
    }
    const node = frame.nodes[frame.index++]!;
    const blocks: Block[] = [];
    statement(node, blocks);
    for (let k = blocks.length - 1; k >= 0; k--) stack.push({ ...blocks[k]!, index: 0, started: false });
  }
}

/** Closure bodies walked inside their enclosing unit: what they return is their value, not the unit's. */
export class Closures {
  private depth = 0;
  private returns: Value[] = [];

  /** Walks a closure body and gives the union of what it returns. */
  value(walk: () => void): Value {
    const saved = this.returns;
    this.returns = [];
    this.depth++;
    try {
      walk();
    } finally {
      this.depth--;
    }
    const returned = unionValues(this.returns);
    this.returns = saved;
    return returned;
  }

  /** A `return`: the closure's value inside a closure, else a return step of the unit. */
  returned(u: CodeUnit, value: Value, line: number): void {
    if (this.depth > 0) this.returns.push(value);
    else u.steps.push({ op: 'return', line, value });
  }
}

/** The names mentioned anywhere below a node, without recursion: the value of an expression too deep to follow. */
export function mentionedNames(node: Node, nameOf: (node: Node) => string | undefined, opaque: (node: Node) => boolean): Value {
  const out: Value = [];
  const seen = new Set<string>();
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const name = nameOf(current);
    if (name !== undefined) {
      if (!seen.has(name)) {
        seen.add(name);
        out.push({ ref: name });
      }
      continue;
    }
    if (opaque(current)) continue;
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return out;
}
