/**
 * node-sql-parser behind one function. Single-dialect builds are loaded lazily (19 ms each instead of 140 ms
 * for the full bundle); when the chosen dialect cannot parse a statement, the other grammars are tried.
 */
import { createRequire } from 'node:module';
import { activeBudgets } from '../../budget/index.js';
import { FALLBACK_PARSERS, type ParserDialect } from './dialects.js';
import { checkStatementText, freezeTree, treeDepthHit, type BudgetHit } from './guard.js';

const require = createRequire(import.meta.url);

interface NspParser {
  parse(sql: string, options?: { database?: string; trimQuery?: boolean }): { ast?: unknown } | undefined;
}

/** Thrown from inside a grammar when it has taken its budget of steps. */
class StepsExceeded extends Error {}

/**
 * The statement as the grammar reads it, counting what it reads. The grammars (generated parsers) read their
 * input through these four methods, so the count is a deterministic measure of their work: one that backtracks
 * without end is stopped at its budget instead of running for hours. (Each method reads the primitive string it
 * keeps: calling String.prototype on the wrapper object made parsing half as slow again.)
 */
class CountedText extends String {
  private steps = 0;

  constructor(private readonly text: string, private readonly limit: number) {
    super(text);
  }

  private step(): void {
    if (++this.steps > this.limit) throw new StepsExceeded();
  }

  override charAt(index: number): string {
    this.step();
    return this.text.charAt(index);
  }

  override charCodeAt(index: number): number {
    this.step();
    return this.text.charCodeAt(index);
  }

  override substr(from: number, length?: number): string {
    this.step();
    return this.text.substr(from, length);
  }

  override substring(start: number, end?: number): string {
    this.step();
    return this.text.substring(start, end);
  }
}

/** Steps allowed for a statement of `length` characters. */
function parseStepLimit(length: number, perCharacter: number): number {
  return perCharacter * Math.max(length, 100);
}

const parsers = new Map<ParserDialect, NspParser>();

function parserFor(dialect: ParserDialect): NspParser {
  let parser = parsers.get(dialect);
  if (!parser) {
    const module = require(`node-sql-parser/build/${dialect}`) as { Parser: new () => NspParser };
    parser = new module.Parser();
    parsers.set(dialect, parser);
  }
  return parser;
}

export type SqlAst = Record<string, unknown>;

export type ParseOutcome =
  | { ok: true; ast: SqlAst[]; dialect: ParserDialect }
  | { ok: false; message: string; budget?: BudgetHit };

function astifyWith(dialect: ParserDialect, text: string, stepLimit: number): SqlAst[] {
  // No `includeLocations`: it doubles the parse time (select items are cut from the text instead, see query.ts).
  // Trimmed here, as the parser would (it cannot trim a counted text itself).
  const result = parserFor(dialect).parse(new CountedText(text.trim(), stepLimit) as unknown as string, { database: dialect, trimQuery: false })?.ast;
  const list = Array.isArray(result) ? result : [result];
  return list.filter((node): node is SqlAst => typeof node === 'object' && node !== null);
}

/**
 * One grammar's verdict on one text, as remembered: the (frozen) trees and their depth, or the error message (and
 * whether the grammar ran out of steps).
 */
type Remembered = { ast: SqlAst[]; depth: number } | { error: string; outOfSteps?: true };

/**
 * Recent verdicts by grammar and text. Repositories repeat statements (the same query in several functions,
 * generated code, copies), and a statement no grammar parses costs every grammar a full failed parse. A parse is a
 * pure function of grammar and text, so remembering it cannot change a result; the trees are frozen so no walker
 * can change what another statement later reads. Bounded by the length of the texts remembered; the least
 * recently used go first.
 */
const remembered = new Map<string, Remembered>();
const REMEMBERED_CHARS = 512 * 1024;
let rememberedChars = 0;

function remember(key: string, verdict: Remembered): void {
  remembered.set(key, verdict);
  rememberedChars += key.length;
  for (const [oldest] of remembered) {
    if (rememberedChars <= REMEMBERED_CHARS) break;
    remembered.delete(oldest);
    rememberedChars -= oldest.length;
  }
}

function verdictOf(dialect: ParserDialect, text: string, stepLimit: number): Remembered {
  const key = `${dialect}\u0000${stepLimit}\u0000${text}`;
  const known = remembered.get(key);
  if (known) {
    // Least recently used first out: a hit moves the verdict to the end of the insertion order.
    remembered.delete(key);
    remembered.set(key, known);
    return known;
  }
  let verdict: Remembered;
  try {
    const ast = astifyWith(dialect, text, stepLimit);
    verdict = { ast, depth: freezeTree(ast) };
  } catch (error) {
    verdict = error instanceof StepsExceeded
      ? { error: 'over the sql-parse-steps budget', outOfSteps: true }
      : { error: error instanceof Error ? error.message : String(error) };
  }
  if (key.length <= REMEMBERED_CHARS / 8) remember(key, verdict);
  return verdict;
}

/** The grammars tried after `dialect`, in order. */
export function fallbackDialects(dialect: ParserDialect): ParserDialect[] {
  return FALLBACK_PARSERS.filter((d) => d !== dialect);
}

/** Parses one statement; the message of the chosen dialect's failure is kept for the gap. */
export function parseStatement(text: string, dialect: ParserDialect): ParseOutcome {
  return parseWith(text, [dialect, ...fallbackDialects(dialect)]);
}

/**
 * Tries the grammars in order; the first failure's message is kept. Text and trees over a budget are refused
 * before any grammar (or walker) can recurse on them.
 */
export function parseWith(text: string, dialects: readonly ParserDialect[]): ParseOutcome {
  const budgets = activeBudgets();
  const tooBig = checkStatementText(text, budgets);
  if (tooBig) return { ok: false, message: `over the ${tooBig.budget} budget`, budget: tooBig };
  let firstMessage = '';
  let outOfSteps = false;
  const perCharacter = budgets['sql-parse-steps'];
  const stepLimit = parseStepLimit(text.trim().length, perCharacter);
  for (const candidate of dialects) {
    const verdict = verdictOf(candidate, text, stepLimit);
    if ('error' in verdict) {
      // A grammar out of steps does not stop the others; when none parses, the budget is what is reported.
      if (verdict.outOfSteps) outOfSteps = true;
      else if (firstMessage === '') firstMessage = verdict.error;
    } else if (verdict.ast.length > 0) {
      const tooDeep = treeDepthHit(verdict.depth, budgets);
      if (tooDeep) return { ok: false, message: `over the ${tooDeep.budget} budget`, budget: tooDeep };
      return { ok: true, ast: verdict.ast, dialect: candidate };
    }
  }
  if (outOfSteps) {
    return { ok: false, message: 'over the sql-parse-steps budget', budget: { budget: 'sql-parse-steps', limit: perCharacter, actual: perCharacter + 1 } };
  }
  return { ok: false, message: firstMessage || 'no statement recognised' };
}
