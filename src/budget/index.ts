/**
 * Deterministic work budgets. Instead of wall-clock timeouts (whose results change with machine load), every
 * potentially unbounded piece of work counts something that depends only on the input — syntax tree nodes,
 * steps, nesting depth — and stops at a fixed limit. Each hit becomes a `budget-exceeded` gap naming the budget,
 * so a user can see what was cut and raise it with `--budget <name>=<n>`.
 *
 * Budgets are part of the extraction settings (they change facts), so they are in the cache key and must be
 * equal across the shards of one scan.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Gap } from '../facts/schema.js';

interface BudgetSpec {
  default: number;
  /** What is counted, for messages: "<what>: 1,234,567 exceeds the budget of 1,000,000". */
  counts: string;
}

/**
 * The registry. A stage that needs a new budget adds an entry here (and a row in docs/scaling.md); the CLI,
 * the cache key and the gap wording follow from it.
 */
export const BUDGETS = {
  /** Syntax tree nodes of one file (tree-sitter), checked right after parsing. */
  'ast-nodes': { default: 1_000_000, counts: 'syntax tree nodes in the file' },
  /** Steps kept per unit of code (a function, a SQL script); the rest are dropped. */
  'steps-per-unit': { default: 50_000, counts: 'steps in one unit' },
  /** Characters of one SQL statement handed to a grammar; longer ones go to the tolerant fallback. */
  'sql-statement-chars': { default: 100_000, counts: 'characters in the SQL statement' },
  /** Bracket and CASE nesting of one SQL statement before parsing (the SQL grammars recurse on it). */
  'sql-nesting': { default: 200, counts: 'nesting depth of brackets and CASE in the SQL statement' },
  /**
   * Steps one SQL grammar may take on a statement, per character of it (at least 100 characters are counted): the
   * grammars backtrack, and a few junk tokens (`SELECT SELECT SELECT ...`, unclosed brackets) made one take hours.
   * Real statements take under 150 per character.
   */
  'sql-parse-steps': { default: 1_000, counts: 'grammar steps per character of the SQL statement' },
  /** Depth of a parsed SQL syntax tree, so walkers over it can recurse safely. */
  'sql-ast-depth': { default: 1_000, counts: 'depth of the SQL syntax tree' },
  /**
   * Runs of one unit of code in the flow simulation (it runs again when something it uses changes); a unit
   * that has not settled by then is followed no further (a `simulation-bound` gap).
   */
  'simulation-runs': { default: 4, counts: 'runs of one unit in the flow simulation' },
  /**
   * Copies of inherited methods in the flow simulation, each run with a subclass's objects as receiver (a base's
   * `run()` reading the subclass's `table`); past it, the rest run with their own class's objects only.
   */
  'inherited-copies': { default: 20_000, counts: 'copies of inherited methods run with a subclass\'s objects' },
} as const satisfies Record<string, BudgetSpec>;

export type BudgetName = keyof typeof BUDGETS;
export type Budgets = Record<BudgetName, number>;

export const BUDGET_NAMES = Object.keys(BUDGETS).sort() as BudgetName[];

export function isBudgetName(name: string): name is BudgetName {
  return Object.prototype.hasOwnProperty.call(BUDGETS, name);
}

export function defaultBudgets(): Budgets {
  const budgets = {} as Budgets;
  for (const name of BUDGET_NAMES) budgets[name] = BUDGETS[name].default;
  return budgets;
}

/** Defaults with the given overrides; keys always in the same order (the result is hashed into cache keys). */
export function resolveBudgets(overrides: Partial<Budgets> = {}): Budgets {
  const budgets = {} as Budgets;
  for (const name of BUDGET_NAMES) budgets[name] = overrides[name] ?? BUDGETS[name].default;
  return budgets;
}

const formatCount = (n: number) => n.toLocaleString('en-US');

/** The gap recorded when a budget is hit. */
export function budgetGap(budget: BudgetName, limit: number, file: string, line: number, actual?: number, consequence?: string): Gap {
  const amount = actual === undefined ? `more than ${formatCount(limit)}` : `${formatCount(actual)}, more than ${formatCount(limit)}`;
  return {
    kind: 'budget-exceeded',
    file,
    line,
    detail: `${BUDGETS[budget].counts}: ${amount} (budget ${budget}; raise it with --budget ${budget}=<n>)` +
      (consequence ? `; ${consequence}` : ''),
    severity: 'warning',
  };
}

/** Thrown where work must stop for the whole file; the extraction boundary turns it into a gap. */
export class BudgetExceeded extends Error {
  constructor(
    readonly budget: BudgetName,
    readonly limit: number,
    readonly actual: number | undefined,
    /** Facts that are still known when the budget was hit (e.g. parse health). */
    readonly partial: { errorBytes: number; quality: number } | undefined = undefined,
  ) {
    super(`${BUDGETS[budget].counts} exceed the budget ${budget}=${limit}`);
  }
}

/**
 * Counts work against one budget. `spend()` returns false once the budget is used up, so a loop can stop and
 * record one gap.
 */
export class Meter {
  private used = 0;

  constructor(readonly budget: BudgetName, readonly limit: number) {}

  spend(amount = 1): boolean {
    this.used += amount;
    return this.used <= this.limit;
  }

  get exceeded(): boolean {
    return this.used > this.limit;
  }

  get spent(): number {
    return this.used;
  }
}

/**
 * The budgets of the file being extracted, without threading them through every extractor signature:
 * `withBudgets` scopes them to an async call tree (concurrent extractions in one thread do not mix).
 */
const scope = new AsyncLocalStorage<Budgets>();
const DEFAULTS = defaultBudgets();

export function withBudgets<T>(budgets: Budgets, run: () => T): T {
  return scope.run(budgets, run);
}

/** The budgets in effect here (the defaults outside any `withBudgets`). */
export function activeBudgets(): Budgets {
  return scope.getStore() ?? DEFAULTS;
}
