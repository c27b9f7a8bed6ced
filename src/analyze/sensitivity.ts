/**
 * Category propagation over the lineage graph (docs/policies.md#propagation). Every column starts with the
 * categories the manifest declares for it, or else those the name classifier finds; an asset also has the
 * categories its manifest entry gives it as a whole. Then, until nothing changes:
 * - a job with column lineage carries the categories of each DIRECT input column into its output column, except
 *   inputs marked `masking` (hashed, counted: the value is hidden); INDIRECT inputs (joins, filters) carry none;
 * - a job without column lineage carries every category of each input asset into each output asset (table level);
 * - categories an input holds only at table level always flow on at table level.
 * Jobs that move no data (DROP, TRUNCATE, DELETE, ALTER, CREATE TABLE) carry nothing. Declarations add, never remove:
 * downstream is at least as sensitive as upstream.
 */
import { classifyName } from '../classify/names.js';
import type { Job, LineageGraph } from '../graph/model.js';
import type { AnnotationIndex } from './annotations.js';
import type { AssetSensitivity } from './types.js';

/** Operations whose outputs receive no data from their inputs. */
const NO_DATA_MOVED = new Set([
  'create_table', 'drop', 'truncate', 'delete', 'alter', 'rename', 'comment', 'grant', 'revoke', 'create_index', 'drop_index',
]);

/** Whether a job puts data into its outputs (from its inputs or from the code that runs it). */
export const writesData = (job: Job) => !NO_DATA_MOVED.has(job.operation);
/** Whether a job carries data from its inputs into its outputs. */
export const movesData = (job: Job) => writesData(job) && job.inputs.length > 0 && job.outputs.length > 0;

/** Jobs ordered so that a job comes after the jobs writing its inputs (Kahn's algorithm); cycles keep their order. */
export function upstreamFirst(jobs: readonly Job[]): Job[] {
  const writers = new Map<string, number[]>();
  jobs.forEach((job, index) => job.outputs.forEach((id) => {
    const list = writers.get(id);
    if (list) list.push(index);
    else writers.set(id, [index]);
  }));
  const waitingFor = jobs.map((job, index) => new Set(job.inputs.flatMap((id) => writers.get(id) ?? []).filter((w) => w !== index)));
  const readers = jobs.map(() => [] as number[]);
  waitingFor.forEach((set, index) => set.forEach((writer) => readers[writer]!.push(index)));
  const ready = waitingFor.flatMap((set, index) => (set.size === 0 ? [index] : []));
  const order: number[] = [];
  const placed = new Set<number>();
  for (let head = 0; head < ready.length; head++) {
    const next = ready[head]!;
    order.push(next);
    placed.add(next);
    for (const reader of readers[next]!) {
      const set = waitingFor[reader]!;
      set.delete(next);
      if (set.size === 0 && !placed.has(reader)) ready.push(reader);
    }
  }
  jobs.forEach((_, index) => { if (!placed.has(index)) order.push(index); });
  return order.map((index) => jobs[index]!);
}

interface Draft {
  table: Set<string>;
  columns: Map<string, Set<string>>;
}

function addAll(target: Set<string>, values: Iterable<string>): boolean {
  const before = target.size;
  for (const value of values) target.add(value);
  return target.size !== before;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

function total(draft: Draft): Set<string> {
  const all = new Set(draft.table);
  for (const set of draft.columns.values()) addAll(all, set);
  return all;
}

export function computeSensitivity(graph: LineageGraph, annotations: AnnotationIndex): Map<string, AssetSensitivity> {
  const drafts = new Map<string, Draft>();
  const classifiedByAsset = new Map<string, Record<string, string[]>>();
  for (const asset of graph.assets) {
    const annotation = annotations.entryFor(asset.id);
    const columns = new Map<string, Set<string>>();
    const classified: Record<string, string[]> = {};
    const names = sorted([...asset.columns, ...Object.keys(annotation?.fields ?? {})]);
    for (const column of names) {
      const found = classifyName(`${asset.name}.${column}`).matches.map((m) => m.category);
      if (found.length > 0) classified[column] = sorted(found);
      const declared = annotation && Object.hasOwn(annotation.fields, column) ? annotation.fields[column] : undefined;
      columns.set(column, new Set(declared ?? found));
    }
    classifiedByAsset.set(asset.id, classified);
    drafts.set(asset.id, { table: new Set(annotation?.categories ?? []), columns });
  }
  const own = new Map([...drafts].map(([id, draft]) => [id, sorted(total(draft))]));

  const draftOf = (id: string): Draft => {
    let draft = drafts.get(id);
    if (!draft) drafts.set(id, (draft = { table: new Set(), columns: new Map() }));
    return draft;
  };
  const columnSet = (draft: Draft, column: string): Set<string> => {
    let set = draft.columns.get(column);
    if (!set) draft.columns.set(column, (set = new Set()));
    return set;
  };

  const moving = upstreamFirst(graph.jobs.filter(movesData));
  // Sets only grow and are bounded, so this ends; each round is one pass over the jobs. Upstream-first order makes
  // one round enough for acyclic lineage (plus one to see nothing changed).
  for (let round = 0, changed = true; changed && round <= moving.length + 1; round++) {
    changed = false;
    for (const job of moving) {
      if (job.columnLineage.length > 0) {
        for (const lineage of job.columnLineage) {
          const out = draftOf(lineage.output.asset);
          const target = lineage.output.column === '*' ? out.table : columnSet(out, lineage.output.column);
          for (const input of lineage.inputs) {
            if (input.type !== 'DIRECT' || input.masking) continue;
            const from = draftOf(input.asset);
            const carried = input.column === '*' ? total(from) : (from.columns.get(input.column) ?? new Set<string>());
            if (addAll(target, carried)) changed = true;
          }
        }
        for (const input of job.inputs) {
          const tableOnly = draftOf(input).table;
          for (const output of job.outputs) if (addAll(draftOf(output).table, tableOnly)) changed = true;
        }
      } else {
        for (const input of job.inputs) {
          const carried = total(draftOf(input));
          for (const output of job.outputs) if (output !== input && addAll(draftOf(output).table, carried)) changed = true;
        }
      }
    }
  }

  const result = new Map<string, AssetSensitivity>();
  for (const [id, draft] of [...drafts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const columns: Record<string, string[]> = {};
    for (const column of sorted(draft.columns.keys())) {
      const categories = sorted(draft.columns.get(column)!);
      if (categories.length > 0) columns[column] = categories;
    }
    result.set(id, {
      categories: sorted(total(draft)),
      columns,
      table: sorted(draft.table),
      own: own.get(id) ?? [],
      classified: classifiedByAsset.get(id) ?? {},
      annotation: annotations.entryFor(id),
    });
  }
  return result;
}
