/**
 * The resolution pass: after every file is extracted, column plans that needed schema knowledge (`*`,
 * unqualified columns of several tables, INSERT without a column list) are finalised with the catalog
 * gathered from the whole repository. Language-agnostic: it reads SQL steps wherever they come from.
 */
import { finalizePlan } from '../facts/column-plan.js';
import type { FileFacts, SqlStatement, Step } from '../facts/schema.js';
import type { Catalog } from './catalog.js';

export function resolveStatement(statement: SqlStatement, catalog: Catalog, file: string): SqlStatement {
  const plans = statement.columnPlans;
  if (!plans || plans.length === 0) return statement;
  const planned = new Set(plans.map((p) => p.target));
  const kept = statement.columnLineage.filter((entry) => !planned.has(entry.output.asset));
  const targets = catalog.targetsFor(file);
  const resolved = plans.flatMap((plan) => finalizePlan(plan, catalog.lookup, targets));
  const columnLineage = [...kept, ...resolved].sort((a, b) =>
    a.output.asset < b.output.asset ? -1 : a.output.asset > b.output.asset ? 1 : a.output.column < b.output.column ? -1 : a.output.column > b.output.column ? 1 : 0);
  return { ...statement, columnLineage };
}

export function resolveColumns(files: readonly FileFacts[], catalog: Catalog): FileFacts[] {
  if (catalog.size === 0) return [...files];
  return files.map((facts) => {
    if (!facts.units.some((u) => u.steps.some((s) => s.op === 'sql' && s.statement.columnPlans))) return facts;
    return {
      ...facts,
      units: facts.units.map((unit) => ({
        ...unit,
        steps: unit.steps.map((step): Step => (step.op === 'sql' ? { ...step, statement: resolveStatement(step.statement, catalog, facts.file) } : step)),
      })),
    };
  });
}
