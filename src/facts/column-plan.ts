/**
 * ColumnPlan -> ColumnLineage, given what is known of table columns. Used by the SQL extractor (with the
 * columns a file itself declares) and by the resolution pass (with everything learnt from the repository):
 * - `*` of a table with known columns becomes one IDENTITY column per column (minus EXCEPT); unknown stays `*`;
 * - an input whose table is one of several candidates keeps the candidates that have the column; when none is
 *   known to have it, every unknown candidate is kept (an over-approximation, never a guess);
 * - INSERT column lists map by position; an INSERT without one maps by position onto the target's declared
 *   columns (`targets`: a narrower catalog, see the resolution pass) when the counts match, else by name.
 */
import type { ColumnInput, ColumnLineage, ColumnPlan, PlanInput, PlanSlot } from './schema.js';

/** Known columns of an asset id, or undefined. */
export type ColumnCatalog = (asset: string) => readonly string[] | undefined;

export const NO_CATALOG: ColumnCatalog = () => undefined;

function keepCandidate(input: PlanInput, catalog: ColumnCatalog): boolean {
  if (!input.candidates || input.candidates.length < 2) return true;
  const lower = input.column.toLowerCase();
  const has = (asset: string) => catalog(asset)?.some((c) => c.toLowerCase() === lower);
  const known = input.candidates.filter((asset) => has(asset));
  if (known.length > 0) return known.includes(input.asset);
  const unknown = input.candidates.filter((asset) => catalog(asset) === undefined);
  return unknown.length === 0 || unknown.includes(input.asset);
}

function plainInput(input: PlanInput): ColumnInput {
  const { candidates: _candidates, ...rest } = input;
  return rest.masking ? rest : { asset: rest.asset, column: rest.column, type: rest.type, subtype: rest.subtype };
}

/** Slots with `*` expanded where the catalog knows the columns. */
export function expandSlots(slots: readonly PlanSlot[], catalog: ColumnCatalog): PlanSlot[] {
  const out: PlanSlot[] = [];
  for (const slot of slots) {
    const columns = slot.starOf ? catalog(slot.starOf) : undefined;
    if (!slot.starOf || !columns) {
      out.push(slot);
      continue;
    }
    const except = new Set((slot.except ?? []).map((c) => c.toLowerCase()));
    for (const column of columns) {
      if (except.has(column.toLowerCase())) continue;
      out.push({ column, inputs: [{ asset: slot.starOf, column, type: 'DIRECT', subtype: 'IDENTITY' }, ...slot.inputs] });
    }
  }
  return out;
}

function inputKey(input: ColumnInput): string {
  return `${input.asset}\u0000${input.column}\u0000${input.type}\u0000${input.subtype}`;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function finalizePlan(plan: ColumnPlan, catalog: ColumnCatalog, targets: ColumnCatalog = catalog): ColumnLineage[] {
  const slots = expandSlots(plan.slots, catalog);
  const hasStar = slots.some((s) => s.starOf);
  let names = slots.map((s) => (s.starOf ? '*' : s.column));
  if (!hasStar && plan.targetColumns && plan.targetColumns.length === slots.length) {
    names = plan.targetColumns;
  } else if (!hasStar && plan.positional) {
    const known = targets(plan.target);
    if (known && known.length === slots.length) names = [...known];
  }
  const byColumn = new Map<string, Map<string, ColumnInput>>();
  slots.forEach((slot, i) => {
    const column = names[i]!;
    let inputs = byColumn.get(column);
    if (!inputs) byColumn.set(column, (inputs = new Map()));
    const starInput: PlanInput[] = slot.starOf ? [{ asset: slot.starOf, column: '*', type: 'DIRECT', subtype: 'IDENTITY' }] : [];
    for (const raw of [...starInput, ...slot.inputs]) {
      if (!keepCandidate(raw, catalog)) continue;
      const input = plainInput(raw);
      const key = inputKey(input);
      const seen = inputs.get(key);
      if (!seen || (input.masking && !seen.masking)) inputs.set(key, input);
    }
  });
  return [...byColumn.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([column, inputs]) => ({
      output: { asset: plan.target, column },
      inputs: [...inputs.values()].sort((a, b) => compare(inputKey(a), inputKey(b))),
    }));
}

/** Whether a plan's result can change with schema knowledge (so it must be kept for the resolution pass). */
export function planNeedsCatalog(plan: ColumnPlan): boolean {
  return plan.positional === true || plan.slots.some((s) => s.starOf || s.inputs.some((i) => (i.candidates?.length ?? 0) > 1));
}
