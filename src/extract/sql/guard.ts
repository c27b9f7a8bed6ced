/**
 * Deterministic limits around the SQL grammars. node-sql-parser recurses on bracket and CASE nesting, and the
 * walkers over its trees recurse on tree depth; a thread's stack size (which differs between the main thread and
 * workers, and with JIT state) must never decide whether a statement is analysed. So statements are measured
 * before parsing and trees after, against budgets, and anything over a budget goes to the tolerant fallback
 * with a `budget-exceeded` gap.
 */
import { budgetGap, type BudgetName, type Budgets } from '../../budget/index.js';
import type { Gap } from '../../facts/schema.js';
import { skipQuoted } from './split.js';

export interface BudgetHit {
  budget: BudgetName;
  limit: number;
  actual: number;
}

const OPEN = 40; // (
const CLOSE = 41; // )

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

/** Deepest nesting of brackets and CASE ... END, outside strings and comments. Linear, no recursion. */
export function sqlNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 39 || code === 34 || code === 96) { i = skipQuoted(text, i, text[i]!, true); continue; }
    if (code === 45 && text.charCodeAt(i + 1) === 45) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
      continue;
    }
    if (code === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
      continue;
    }
    if (code === OPEN) {
      if (++depth > max) max = depth;
    } else if (code === CLOSE) {
      depth = Math.max(0, depth - 1);
    } else if (isWordChar(code)) {
      let j = i + 1;
      while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
      const length = j - i;
      if (length === 4 && text.slice(i, j).toLowerCase() === 'case') {
        if (++depth > max) max = depth;
      } else if (length === 3 && text.slice(i, j).toLowerCase() === 'end') {
        depth = Math.max(0, depth - 1);
      }
      i = j;
      continue;
    }
    i++;
  }
  return max;
}

/** The first budget a statement's text exceeds, before any grammar sees it. */
export function checkStatementText(text: string, budgets: Budgets): BudgetHit | null {
  const chars = budgets['sql-statement-chars'];
  if (text.length > chars) return { budget: 'sql-statement-chars', limit: chars, actual: text.length };
  const nesting = budgets['sql-nesting'];
  const depth = sqlNestingDepth(text);
  if (depth > nesting) return { budget: 'sql-nesting', limit: nesting, actual: depth };
  return null;
}

/**
 * Freezes a parsed tree (plain objects and arrays) and every node in it, and returns its depth (the tree itself is 1
 * deep). Iterative: trees can be deeper than a stack allows.
 */
export function freezeTree(tree: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[tree, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    Object.freeze(node);
    const children = Array.isArray(node) ? node : Object.values(node as object);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return max;
}

/** Whether a parsed tree of this depth is over the `sql-ast-depth` budget (counted to the first level past it). */
export function treeDepthHit(depth: number, budgets: Budgets): BudgetHit | null {
  const limit = budgets['sql-ast-depth'];
  return depth > limit ? { budget: 'sql-ast-depth', limit, actual: limit + 1 } : null;
}

/** The gap for a statement that went to the fallback because of a budget. */
export function statementBudgetGap(hit: BudgetHit, file: string, line: number, tablesFound: boolean): Gap {
  // The tree depth check and the grammar's step count stop at the first step past the limit: no exact count.
  const actual = hit.budget === 'sql-ast-depth' || hit.budget === 'sql-parse-steps' ? undefined : hit.actual;
  return budgetGap(hit.budget, hit.limit, file, line, actual,
    tablesFound ? 'not parsed; tables found by the tolerant fallback' : 'not parsed; the tolerant fallback found no table');
}
