/**
 * Simulation results -> flows (sensitive data reaching sinks, with their path) and function jobs (units moving
 * data from the assets they read into the assets they write). Flow ids hash what identifies a flow for people
 * (source, sink callee and kind, categories, file and unit), never line numbers, so unrelated edits keep them.
 */
import { createHash } from 'node:crypto';
import type { ColumnLineage } from '../facts/schema.js';
import type { Flow } from '../report/json/schema.js';
import type { Engine } from './engine.js';
import type { Hit, WriteRecord } from './frame.js';
import { allLabels, oneRow, trailSteps, type AValue } from './values.js';
import type { LabelData } from './labels.js';
import { withTargets } from './summary.js';

export interface CodeJobDraft {
  file: string;
  unit: string;
  line: number;
  inputs: string[];
  outputs: string[];
  /** The inputs whose data each output receives (sorted pairs): a unit that copies a to b and c to d moves no a to d. */
  pairs: Array<[string, string]>;
  columnLineage: ColumnLineage[];
  /** A method the class `unit` names inherits, run with the class's objects: where the method is defined. */
  inherited?: { file: string; line: number; unit: string };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Hits worth a flow: one per source and sink. Where the same sink gets the same categories from an asset's
 * columns, the broader evidence is left out: a source known only by its name (the data is the column, read through
 * that name), and the asset read as a whole (its columns at the sink say which data it is).
 */
function reportedHits(engine: Engine): Hit[] {
  const seen = new Map<string, number>();
  const hits: Hit[] = [];
  const fromColumns = new Map<string, Set<string>>();
  const sinkKey = (hit: Hit) => `${hit.sink.file}\u0000${hit.sink.line}\u0000${hit.sink.kind}${hit.sink.inherited ? `\u0000${hit.sink.unit}` : ''}`;
  const add = (key: string, categories: readonly string[]) => {
    let set = fromColumns.get(key);
    if (!set) fromColumns.set(key, (set = new Set()));
    for (const category of categories) set.add(category);
  };
  for (const result of engine.results) {
    if (!result) continue;
    for (const [key, hit] of result.hits) {
      const first = seen.get(key);
      if (first !== undefined) {
        // The same flow seen where callers name the sink's target: every target named.
        const known = hits[first]!;
        hits[first] = { ...known, sink: withTargets(known.sink, hit.sink.targets) };
        continue;
      }
      seen.set(key, hits.length);
      hits.push(hit);
      const label = engine.labels.get(hit.label);
      // Only a column says which data a name stands for: a whole row beside it does not.
      if (label.asset === undefined || label.column === undefined) continue;
      add(sinkKey(hit), label.categories);
      add(`${sinkKey(hit)}\u0000${label.asset}`, label.categories);
    }
  }
  return hits.filter((hit) => {
    const label = engine.labels.get(hit.label);
    const covered = fromColumns.get(label.asset === undefined ? sinkKey(hit) : `${sinkKey(hit)}\u0000${label.asset}`);
    if (label.asset !== undefined && label.column !== undefined) return true;
    return !covered || !label.categories.every((c) => covered.has(c));
  });
}

export function collectFlows(engine: Engine): Flow[] {
  const drafts: Array<Flow & { key: string }> = [];
  {
    for (const hit of reportedHits(engine)) {
      const label = engine.labels.get(hit.label);
      const sink = hit.sink;
      const path = trailSteps(hit.trail);
      const source: Flow['source'] = {
        name: label.name ?? label.column ?? label.asset ?? '?',
        categories: label.original ?? label.categories,
        file: label.file ?? sink.file,
        line: label.line ?? 0,
      };
      if (label.asset !== undefined) source.asset = label.asset;
      if (label.column !== undefined) source.column = label.column;
      const targets = sink.targets.filter((t) => !t.includes('\u0000'));
      const kind = sink.kind;
      const flowSink: Flow['sink'] = { kind, callee: sink.callee, file: sink.file, line: sink.line };
      if (sink.endLine !== undefined && sink.endLine > sink.line) flowSink.endLine = sink.endLine;
      if (targets.length > 0) flowSink.target = targets.join(', ');
      const identity = [source.asset ?? '', source.column ?? '', source.name, sink.callee, kind, label.categories.join(','), sink.file, sink.unit].join('\u0000');
      const id = `f-${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;
      drafts.push({ key: `${sink.file}\u0000${String(sink.line).padStart(9, '0')}\u0000${id}\u0000${source.file}\u0000${String(source.line).padStart(9, '0')}`, id, source, sink: flowSink, categories: label.categories, path });
    }
  }
  drafts.sort((a, b) => compare(a.key, b.key));
  const counts = new Map<string, number>();
  return drafts.map(({ key: _key, ...flow }) => {
    const n = (counts.get(flow.id) ?? 0) + 1;
    counts.set(flow.id, n);
    return n === 1 ? flow : { ...flow, id: `${flow.id}-${n}` };
  });
}

/** The element of a list (every field a position, and the element has fields of its own), else the value itself. */
function elementOfList(value: AValue): AValue {
  const element = value.fields?.get('*');
  if (!element?.fields) return value;
  for (const key of value.fields!.keys()) if (key !== '*' && !/^\d+$/.test(key)) return value;
  return element;
}

/**
 * The columns a whole asset's data holds (`*` for all): all, or those its serialised form keeps, of the columns known.
 * None for data known by a member (`Customer.objects`) or hidden (a hash).
 */
function wholeColumns(label: LabelData, engine: Engine): Array<{ asset: string; column: string }> {
  // A member known by its name (`order.pk`) is not all of the asset; a projection's member (`df.select(...).write`) is.
  if ((label.name !== undefined && !label.kept) || label.masked || label.asset === undefined) return [];
  const asset = label.asset;
  const kept = label.kept;
  if (!kept) return [{ asset, column: '*' }];
  const known = engine.columnsOf(asset);
  // Columns not known: the names kept may be another table's of a join, so the asset as a whole.
  if (!known) return [{ asset, column: '*' }];
  return [...known].filter((c) => (!kept.visible || kept.visible.includes(c)) && !kept.hidden?.includes(c)).sort(compare).map((column) => ({ asset, column }));
}

/**
 * Asset columns a written value's fields come from: one output column per field (nested payloads flattened once);
 * and the output as a whole (`*`) for data of whole assets anywhere in it (a frame, a row of all columns) and columns
 * written beside any field (a text built of columns).
 */
function columnLineage(output: string, written: AValue, engine: Engine): ColumnLineage[] {
  // Rows written as a set, or as a list of records (`[{"email": ...}, ...]`), map their columns as one row does.
  const data = elementOfList(oneRow(written));
  const out: ColumnLineage[] = [];
  // `asKey`: a relation's key column (`customer_id`, written with `customer=<a customer>`) holds the related row's key.
  const add = (column: string, labels: Iterable<number>, asKey = false) => {
    const inputs = new Map<string, { asset: string; column: string; masking?: true }>();
    for (const id of labels) {
      const label = engine.labels.get(id);
      if (label.kind !== 'source' || label.asset === undefined || label.asset === output || label.asset.includes('\u0000')) continue;
      const key = asKey && label.column === undefined ? engine.keyOf(label.asset) : undefined;
      if (key !== undefined) inputs.set(`${label.asset}\u0000${key}`, { asset: label.asset, column: key });
      else if (label.column !== undefined) {
        // A column written hashed (`sha256(email)`) is lineage without its data, unless it is also written plain.
        const key = `${label.asset}\u0000${label.column}`;
        if (!label.masked) inputs.set(key, { asset: label.asset, column: label.column });
        else if (!inputs.has(key)) inputs.set(key, { asset: label.asset, column: label.column, masking: true });
      } else if (column === '*') for (const input of wholeColumns(label, engine)) inputs.set(`${input.asset}\u0000${input.column}`, input);
    }
    if (inputs.size === 0) return;
    out.push({
      output: { asset: output, column },
      inputs: [...inputs.values()].sort((a, b) => compare(a.asset, b.asset) || compare(a.column, b.column))
        .map(({ masking, ...i }) => ({ ...i, type: 'DIRECT' as const, subtype: 'IDENTITY' as const, ...(masking ? { masking } : {}) })),
    });
  };
  // Columns beside the fields only of tables whose columns are known: of others, a member read (`df.write`) is no
  // telling from a column.
  const beside = new Set([...written.labels.keys(), ...data.labels.keys()]);
  const whole = [...allLabels(written).keys()].filter((id) => {
    const label = engine.labels.get(id);
    if (label.column === undefined) return true;
    return beside.has(id) && label.asset !== undefined && engine.columnsOf(label.asset)?.has(label.column) === true;
  });
  // A row written by position (a CSV line: `writer.writerow([o.id, o.customer.full_name])`): the output as a whole
  // holds the columns at its positions.
  const positional: number[] = [];
  if (data.fields && [...data.fields.keys()].every((key) => key === '*' || /^\d+$/.test(key))) {
    for (const [key, value] of data.fields) if (key !== '*') positional.push(...allLabels(value).keys());
  }
  add('*', positional.length > 0 ? [...whole, ...positional] : whole);
  if (!data.fields) return out;
  for (const [key, value] of data.fields) {
    if (key === '*' || /^\d+$/.test(key)) continue;
    if (value.fields && [...value.fields.keys()].some((k) => k !== '*' && !/^\d+$/.test(k))) {
      for (const [inner, innerValue] of value.fields) if (inner !== '*' && !/^\d+$/.test(inner)) add(inner, allLabels(innerValue).keys());
    } else add(engine.storedColumn(output, key), allLabels(value).keys(), engine.storesKey(output, key));
  }
  return out;
}

function inputsOf(write: WriteRecord, engine: Engine): string[] {
  const inputs = new Set<string>();
  for (const id of allLabels(write.data).keys()) {
    const label = engine.labels.get(id);
    if (label.kind === 'source' && label.asset !== undefined && label.asset !== write.asset && !label.asset.includes('\u0000')) inputs.add(label.asset);
  }
  return [...inputs];
}

/** Data that comes from the unit's parameters: the callers that pass it own the write. */
function fromCallers(write: WriteRecord, engine: Engine): boolean {
  for (const id of allLabels(write.data).keys()) if (engine.isSymbolic(id)) return true;
  return false;
}

export function collectJobs(engine: Engine): CodeJobDraft[] {
  const jobs: CodeJobDraft[] = [];
  engine.results.forEach((result, index) => {
    if (!result || result.writes.length === 0) return;
    const entry = engine.program.units[index]!;
    // A unit the program calls leaves writes of its callers' data to them; an entry point (a view, a task) owns its own.
    const called = entry.unit.helper === true || engine.isCalled(index);
    const inputs = new Set<string>();
    const outputs = new Set<string>();
    const lineage = new Map<string, ColumnLineage>();
    const pairs = new Set<string>();
    for (const write of result.writes) {
      const from = inputsOf(write, engine);
      if (from.length === 0 && (!write.code || (called && fromCallers(write, engine)))) continue;
      outputs.add(write.asset);
      for (const input of from) {
        inputs.add(input);
        if (input !== write.asset) pairs.add(`${input}\u0000${write.asset}`);
      }
      for (const entryLineage of columnLineage(write.asset, write.data, engine)) {
        const key = `${entryLineage.output.asset}\u0000${entryLineage.output.column}`;
        const existing = lineage.get(key);
        if (!existing) lineage.set(key, entryLineage);
        else {
          const merged = new Map(existing.inputs.map((i) => [`${i.asset}\u0000${i.column}`, i]));
          for (const i of entryLineage.inputs) merged.set(`${i.asset}\u0000${i.column}`, i);
          existing.inputs = [...merged.entries()].sort(([a], [b]) => compare(a, b)).map(([, i]) => i);
        }
      }
    }
    if (outputs.size === 0) return;
    // Whole assets into whole outputs say no more than the job's inputs and outputs, unless other entries name
    // columns (then a job's outputs take their categories from its column lineage only).
    const wholeOnly = (l: ColumnLineage) => l.output.column === '*' && l.inputs.every((i) => i.column === '*');
    if ([...lineage.values()].every(wholeOnly)) lineage.clear();
    // A copy of an inherited method is the subclass's job: `CustomerExport.run`, at the class.
    const owner = entry.copyOf !== undefined ? engine.program.units[entry.classIndex!]! : undefined;
    jobs.push({
      file: owner ? owner.facts.file : entry.facts.file,
      unit: engine.program.resultName(index),
      line: owner ? owner.unit.line : entry.unit.line,
      ...(owner ? { inherited: { file: entry.facts.file, line: entry.unit.line, unit: entry.unit.name } } : {}),
      inputs: [...inputs].sort(compare),
      outputs: [...outputs].sort(compare),
      pairs: [...pairs].sort(compare).map((pair) => pair.split('\u0000') as [string, string]),
      columnLineage: [...lineage.values()].sort((a, b) => compare(a.output.asset, b.output.asset) || compare(a.output.column, b.output.column)),
    });
  });
  return jobs;
}
