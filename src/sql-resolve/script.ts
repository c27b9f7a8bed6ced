/**
 * Multi-statement scripts: what a script (a unit with several SQL jobs: a .sql file, a Python function) reads
 * from outside, writes for others, and uses only internally, with column lineage composed through the
 * internal tables. Intermediate tables are the temporary ones (CREATE TEMP TABLE, `#tmp`, SELECT INTO #tmp,
 * CACHE TABLE) and the tables a script creates and later drops.
 *   CREATE TEMP TABLE t AS SELECT email FROM raw.users;  INSERT INTO mart.x SELECT email FROM t;
 *   -> reads raw.users, writes mart.x, intermediate t, mart.x.email <- raw.users.email (IDENTITY)
 */
import type { ColumnInput, ColumnLineage } from '../facts/schema.js';
import { compareStrings, naturalCompare } from '../graph/ids.js';
import type { Job } from '../graph/model.js';

export interface ScriptSummary {
  file: string;
  unit: string;
  jobs: string[];
  inputs: string[];
  outputs: string[];
  intermediate: string[];
  columnLineage: ColumnLineage[];
}

const RANK: Record<string, number> = { IDENTITY: 0, TRANSFORMATION: 1, AGGREGATION: 2 };

/** An input seen through an intermediate column: `outer` uses the intermediate column that `inner` fed. */
function compose(outer: ColumnInput, inner: ColumnInput): ColumnInput {
  if (inner.type === 'INDIRECT') return inner;
  if (outer.type === 'INDIRECT') return { asset: inner.asset, column: inner.column, type: 'INDIRECT', subtype: outer.subtype };
  const subtype = RANK[outer.subtype]! > RANK[inner.subtype]! ? outer.subtype : inner.subtype;
  const masking = outer.masking || inner.masking;
  return { asset: inner.asset, column: inner.column, type: 'DIRECT', subtype, ...(masking ? { masking: true } : {}) };
}

const inputKey = (i: ColumnInput) => `${i.asset}\u0000${i.column}\u0000${i.type}\u0000${i.subtype}`;

function dedupe(inputs: readonly ColumnInput[]): ColumnInput[] {
  const map = new Map<string, ColumnInput>();
  for (const input of inputs) {
    const seen = map.get(inputKey(input));
    if (!seen || (input.masking && !seen.masking)) map.set(inputKey(input), input);
  }
  return [...map.values()].sort((a, b) => compareStrings(inputKey(a), inputKey(b)));
}

function summarise(file: string, unit: string, jobs: readonly Job[]): ScriptSummary {
  const created = new Set<string>();
  const intermediate = new Set<string>();
  for (const job of jobs) {
    for (const asset of job.kind === 'sql' ? job.temporary ?? [] : []) intermediate.add(asset);
    if (job.operation.startsWith('create') || job.operation === 'select_into') job.outputs.forEach((o) => created.add(o));
    if (job.operation === 'drop') for (const o of job.outputs) if (created.has(o)) intermediate.add(o);
  }

  const written = new Set<string>();
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  // Column derivations of intermediate tables, already composed down to script inputs.
  const derived = new Map<string, ColumnInput[]>();
  const finals = new Map<string, ColumnInput[]>();
  const through = (input: ColumnInput): ColumnInput[] => {
    if (!intermediate.has(input.asset)) return [input];
    const exact = derived.get(`${input.asset}\u0000${input.column}`);
    const star = derived.get(`${input.asset}\u0000*`);
    const inner = exact ?? star?.map((i) => (i.column === '*' ? { ...i, column: input.column } : i)) ?? [];
    return inner.map((i) => compose(input, i));
  };

  for (const job of jobs) {
    for (const input of job.inputs) if (!intermediate.has(input) && !written.has(input)) inputs.add(input);
    for (const output of job.outputs) {
      written.add(output);
      if (!intermediate.has(output)) outputs.add(output);
    }
    for (const entry of job.columnLineage) {
      const composed = entry.inputs.flatMap(through);
      const key = `${entry.output.asset}\u0000${entry.output.column}`;
      const target = intermediate.has(entry.output.asset) ? derived : finals;
      target.set(key, dedupe([...(target.get(key) ?? []), ...composed]));
    }
  }

  const columnLineage = [...finals.entries()]
    .map(([key, list]) => {
      const [asset, column] = key.split('\u0000') as [string, string];
      return { output: { asset, column }, inputs: list };
    })
    .sort((a, b) => compareStrings(a.output.asset, b.output.asset) || compareStrings(a.output.column, b.output.column));
  return {
    file,
    unit,
    jobs: jobs.map((j) => j.id),
    inputs: [...inputs].sort(compareStrings),
    outputs: [...outputs].sort(compareStrings),
    intermediate: [...intermediate].sort(compareStrings),
    columnLineage,
  };
}

/** One summary per unit holding two or more SQL jobs. */
export function buildScriptSummaries(jobs: readonly Job[]): ScriptSummary[] {
  const groups = new Map<string, Job[]>();
  for (const job of jobs) {
    const key = `${job.file}\u0000${job.unit}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(job);
  }
  const summaries: ScriptSummary[] = [];
  for (const [key, list] of groups) {
    if (list.length < 2) continue;
    const [file, unit] = key.split('\u0000') as [string, string];
    summaries.push(summarise(file, unit, [...list].sort((a, b) => naturalCompare(a.id, b.id))));
  }
  return summaries.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.unit, b.unit));
}
