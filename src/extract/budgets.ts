/**
 * Budgets applied at the extraction boundary, whatever the extractor: the per-unit step cap, and the facts of a
 * file whose extraction stopped at a budget.
 */
import { budgetGap, type BudgetExceeded } from '../budget/index.js';
import type { FileFacts, Language } from '../facts/schema.js';
import type { SourceText } from '../discover/read.js';

/** Keeps the first `limit` steps of each unit (in source order) and records a gap for every cut unit. */
export function capStepsPerUnit(facts: FileFacts, limit: number): FileFacts {
  if (!facts.units.some((unit) => unit.steps.length > limit)) return facts;
  const gaps = [...facts.gaps];
  const units = facts.units.map((unit) => {
    if (unit.steps.length <= limit) return unit;
    gaps.push(budgetGap('steps-per-unit', limit, facts.file, unit.line, unit.steps.length,
      `only the first ${limit.toLocaleString('en-US')} steps of ${unit.name} are kept`));
    return { ...unit, steps: unit.steps.slice(0, limit) };
  });
  return { ...facts, units, gaps };
}

/** A file not analysed because a budget was hit: no units, the budget gap, and what is known of its parse. */
export function budgetExceededFacts(file: string, language: Language, source: SourceText, error: BudgetExceeded): FileFacts {
  return {
    file, language, hash: source.hash, bytes: source.bytes, lines: source.lines,
    parse: error.partial ?? { errorBytes: 0, quality: 1 },
    units: [],
    gaps: [...source.gaps, budgetGap(error.budget, error.limit, file, 0, error.actual, 'the file was not analysed')],
  };
}
