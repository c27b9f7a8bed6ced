/**
 * Abstract values: what the simulator knows of a value. Labels (where its data comes from, each with the trail
 * that brought it here), known fields (attributes, keys, columns), possible constant strings, the assets it is a
 * handle on, the functions it may be, and the classes it may be an instance of. Values are immutable; every
 * operation is bounded (labels, fields, constants, path depth) so the simulation always terminates.
 */
import { MARK } from './labels.js';

/**
 * How data got somewhere, newest step first: a step (with the trail before it), or a callee's trail appended to its
 * caller's in one node (`newer` steps, then `older`), flattened only when a flow is reported.
 */
export type Trail = TrailStep | TrailJoin;

export interface TrailStep {
  file: string;
  line: number;
  note: string;
  prev: Trail | null;
  length: number;
}

export interface TrailJoin {
  newer: Trail;
  older: Trail | null;
  length: number;
}

export interface Callable {
  unit: number;
  /** The receiver bound to the first parameter (a method reached through an instance). */
  self?: AValue;
}

export const LIMITS = {
  labels: 32,
  fields: 64,
  consts: 8,
  depth: 4,
  /**
   * Values (a value and its fields, at every level) larger than this lose their deepest levels (see `bounded`).
   * Width and depth alone allow 64^4 fields; values of symbolic-math code passed through chains of calls reached
   * tens of thousands, each join and call copying them, and one 3.6M-line tree simulated for ten minutes.
   */
  nodes: 256,
  trail: 24,
};

export class AValue {
  constructor(
    readonly labels: ReadonlyMap<number, Trail | null>,
    readonly fields: ReadonlyMap<string, AValue> | null = null,
    /** Fields are complete: a key not in `fields` holds nothing. */
    readonly closed = false,
    readonly consts: readonly string[] | null = null,
    readonly handles: readonly string[] | null = null,
    readonly callables: readonly Callable[] | null = null,
    readonly instances: readonly number[] | null = null,
    /** A module of the program (an imported module used as a value). */
    readonly module: number | null = null,
  ) {
    let nodes = 1;
    fields?.forEach((field) => {
      nodes += field.nodes;
    });
    this.nodes = nodes;
  }

  /** This value and its fields at every level: the size `bounded` keeps under LIMITS.nodes. */
  readonly nodes: number;

  get empty(): boolean {
    return this.labels.size === 0 && !this.fields && !this.consts && !this.handles && !this.callables && !this.instances && this.module === null;
  }
}

const NO_LABELS: ReadonlyMap<number, Trail | null> = new Map();
export const EMPTY = new AValue(NO_LABELS);

export function extendTrail(trail: Trail | null, file: string, line: number, note: string): Trail {
  if (trail && 'file' in trail && trail.line === line && trail.file === file) return trail;
  if (trail && trail.length >= LIMITS.trail) return trail;
  return { file, line, note, prev: trail, length: (trail?.length ?? 0) + 1 };
}

export function trailSteps(trail: Trail | null): Array<{ file: string; line: number; note: string }> {
  const steps: Array<{ file: string; line: number; note: string }> = [];
  const pending: Array<Trail | null> = [trail];
  while (pending.length > 0 && steps.length < LIMITS.trail * 4) {
    let t: Trail | null = pending.pop()!;
    while (t) {
      if ('newer' in t) {
        pending.push(t.older);
        t = t.newer;
        continue;
      }
      const last = steps[steps.length - 1];
      if (!last || last.line !== t.line || last.file !== t.file) steps.push({ file: t.file, line: t.line, note: t.note });
      t = t.prev;
    }
  }
  return steps.reverse();
}

/** Appends the trail `tail` (a callee's, from one of its parameters) after `head`, in constant time. */
export function concatTrail(head: Trail | null, tail: Trail | null): Trail | null {
  if (!tail) return head;
  if (!head) return tail;
  if (head.length + tail.length > LIMITS.trail * 2) return head;
  return { newer: tail, older: head, length: head.length + tail.length };
}

/**
 * A copy of a map. `new Map(map)` goes through the iterator protocol (an entry array per key); copying maps of labels
 * and fields is most of what a simulation allocates.
 */
export function copyMap<K, V>(map: ReadonlyMap<K, V> | null | undefined): Map<K, V> {
  const copy = new Map<K, V>();
  map?.forEach((value, key) => copy.set(key, value));
  return copy;
}

function mergeLabels(a: ReadonlyMap<number, Trail | null>, b: ReadonlyMap<number, Trail | null>): ReadonlyMap<number, Trail | null> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  // Full: nothing of b gets in (values of numeric code are full at almost every join).
  if (a.size >= LIMITS.labels) return a;
  // forEach, not for-of: no entry array per label (this is the hottest loop of a simulation).
  let out: Map<number, Trail | null> | null = null;
  let full = a.size >= LIMITS.labels;
  b.forEach((trail, id) => {
    if (full || a.has(id)) return;
    out ??= copyMap(a);
    out.set(id, trail);
    full = out.size >= LIMITS.labels;
  });
  return out ?? a;
}

function mergeLists<T>(a: readonly T[] | null, b: readonly T[] | null, limit: number, key: (item: T) => string | number): readonly T[] | null {
  if (!b || b.length === 0 || a === b) return a;
  if (!a || a.length === 0) return b;
  if (a.length >= limit) return a;
  if (a.length <= SMALL_LIST && b.length <= SMALL_LIST) return mergeSmall(a, b, limit, key);
  const seen = new Set(a.map(key));
  let out: T[] | null = null;
  for (const item of b) {
    if (seen.has(key(item))) continue;
    if ((out?.length ?? a.length) >= limit) break;
    out ??= [...a];
    out.push(item);
    seen.add(key(item));
  }
  return out ?? a;
}

/** Lists this short are merged by scanning (a Set per join cost more than the scans; joins are the hottest path). */
const SMALL_LIST = 8;

function mergeSmall<T>(a: readonly T[], b: readonly T[], limit: number, key: (item: T) => string | number): readonly T[] {
  let out: T[] | null = null;
  for (const item of b) {
    const k = key(item);
    const list = out ?? a;
    let found = false;
    for (let i = 0; i < list.length; i++) {
      if (key(list[i]!) === k) {
        found = true;
        break;
      }
    }
    if (found) continue;
    if (list.length >= limit) break;
    out ??= [...a];
    out.push(item);
  }
  return out ?? a;
}

const same = <T>(x: T) => x as unknown as string;
const callableKey = (c: Callable) => c.unit;

/**
 * The value, or when it has more than LIMITS.nodes fields in all, the value with its deepest levels joined into
 * the ones above (as `truncate`): the least depth lost that brings it under the bound. Data is kept, only where
 * in the structure it sat is lost.
 */
export function bounded(value: AValue): AValue {
  if (value.nodes <= LIMITS.nodes) return value;
  let cut = value;
  for (let depth = LIMITS.depth - 1; depth >= 0; depth--) {
    cut = truncate(value, depth);
    if (cut.nodes <= LIMITS.nodes) break;
  }
  return cut;
}

export function join(a: AValue, b: AValue, depth = 0): AValue {
  if (a === b || b.empty) return a;
  if (a.empty) return b;
  let fields: ReadonlyMap<string, AValue> | null = a.fields;
  if (b.fields) {
    if (!a.fields) fields = b.fields;
    else if (depth < LIMITS.depth) {
      const merged = copyMap(a.fields);
      for (const [key, value] of b.fields) {
        const existing = merged.get(key);
        if (existing) merged.set(key, join(existing, value, depth + 1));
        else if (merged.size < LIMITS.fields) merged.set(key, value);
      }
      fields = merged;
    }
  }
  const joined = new AValue(
    mergeLabels(a.labels, b.labels),
    fields,
    a.closed && b.closed,
    mergeLists(a.consts, b.consts, LIMITS.consts, same),
    mergeLists(a.handles, b.handles, LIMITS.consts, same),
    mergeLists(a.callables, b.callables, LIMITS.consts, callableKey),
    mergeLists(a.instances, b.instances, LIMITS.consts, same),
    a.module ?? b.module,
  );
  return depth === 0 ? bounded(joined) : joined;
}

export function joinAll(values: readonly AValue[]): AValue {
  let out = EMPTY;
  for (const value of values) out = join(out, value);
  return out;
}

/**
 * A value as the receiver a method is bound to: without the functions it may also be, whose receivers would
 * otherwise nest in it, one level per method read (`a.f().g().h()`), and be copied along at every call.
 */
export function asReceiver(value: AValue): AValue {
  return value.callables ? new AValue(value.labels, value.fields, value.closed, value.consts, value.handles, null, value.instances, value.module) : value;
}

/** Only the data of a value (labels and fields), as when it is converted or combined. */
export function dataOf(value: AValue): AValue {
  if (!value.consts && !value.handles && !value.callables && !value.instances && value.module === null) return value;
  return new AValue(value.labels, value.fields, value.closed);
}

/**
 * Rows of a query result or of an asset read with known columns: a closed collection whose one field is its
 * element (`*`), a record of columns. Each row is told apart from the set, so `rows[0][1]` is the second column.
 */
export function rowSet(row: AValue): AValue {
  return new AValue(new Map(), new Map([['*', row]]), true);
}

/** A value made by `rowSet` (or joined from such values): closed, with only an element that is a record. */
export function isRowSet(value: AValue): boolean {
  const fields = value.fields;
  if (!fields || !value.closed || fields.size !== 1) return false;
  const row = fields.get('*');
  return row !== undefined && row.fields !== null && row.fields.size > 0;
}

/** The record of one row when the value is a result set, else the value itself. */
export function oneRow(value: AValue): AValue {
  return isRowSet(value) ? value.fields!.get('*')! : value;
}

/** The labels of values with fields, their fields' included, once per value (values never change). */
const labelsOfValue = new WeakMap<AValue, ReadonlyMap<number, Trail | null>>();

/**
 * All labels of a value, its fields' included: shared, never to be changed (a value without fields gives its own
 * map). Summaries of numeric code are completed at every call with arguments full of labels at every level, and
 * flattening the same value again was a tenth of their simulation.
 */
export function allLabels(value: AValue): ReadonlyMap<number, Trail | null> {
  if (!value.fields) return value.labels;
  let labels = labelsOfValue.get(value);
  if (!labels) labelsOfValue.set(value, (labels = collectLabels(value, new Map())));
  return labels;
}

/** Adds every label of a value, its fields' included, to `into` (a label already there keeps its trail). */
export function collectLabels(value: AValue, into: Map<number, Trail | null>, depth = 0): Map<number, Trail | null> {
  value.labels.forEach((trail, id) => {
    if (!into.has(id)) into.set(id, trail);
  });
  if (value.fields && depth < LIMITS.depth) for (const field of value.fields.values()) collectLabels(field, into, depth + 1);
  return into;
}

/** The value flattened to its labels (for data that is combined, converted or sent). */
export function flatten(value: AValue): AValue {
  if (!value.fields) return value.labels.size === 0 ? EMPTY : new AValue(value.labels);
  return new AValue(allLabels(value));
}

/** The value without field structure: its fields' labels join its own; what it refers to is kept. */
export function shallow(value: AValue): AValue {
  if (!value.fields) return value;
  return new AValue(allLabels(value), null, false, value.consts, value.handles, value.callables, value.instances, value.module);
}

export function withLabels(labels: ReadonlyMap<number, Trail | null>): AValue {
  return labels.size === 0 ? EMPTY : new AValue(labels);
}

export function withConsts(consts: readonly string[]): AValue {
  return new AValue(NO_LABELS, null, false, consts.slice(0, LIMITS.consts));
}

export function withFields(fields: Map<string, AValue>, closed: boolean, labels: ReadonlyMap<number, Trail | null> = NO_LABELS): AValue {
  return new AValue(labels, fields, closed);
}

/** Values cut by `truncate`, per value and depth: one argument is cut alike for every field that names it. */
const truncated = new WeakMap<AValue, Array<AValue | undefined>>();

/** The value with fields nested at most `depth` levels; deeper data joins the last level's labels. */
export function truncate(value: AValue, depth: number): AValue {
  if (!value.fields) return value;
  const level = Math.max(0, depth);
  let cuts = truncated.get(value);
  const known = cuts?.[level];
  if (known) return known;
  const cut = cutFields(value, level);
  if (!cuts) truncated.set(value, (cuts = []));
  cuts[level] = cut;
  return cut;
}

function cutFields(value: AValue, depth: number): AValue {
  if (!value.fields) return value;
  if (depth <= 0) return new AValue(allLabels(value), null, false, value.consts, value.handles, value.callables, value.instances, value.module);
  let changed = false;
  const fields = new Map<string, AValue>();
  for (const [key, field] of value.fields) {
    const cut = truncate(field, depth - 1);
    if (cut !== field) changed = true;
    fields.set(key, cut);
  }
  return changed ? new AValue(value.labels, fields, value.closed, value.consts, value.handles, value.callables, value.instances, value.module) : value;
}

/**
 * Every label's trail extended by one step (an assignment, a call boundary) — for the labels whose trail can end in
 * a flow (`traced`): trails of other data are never shown, so they are not kept up.
 */
export function stepTrails(value: AValue, file: string, line: number, note: string, traced: (id: number) => boolean, depth = 0): AValue {
  if (value.labels.size === 0 && !value.fields) return value;
  let labels: Map<number, Trail | null> | null = null;
  for (const [id, trail] of value.labels) {
    if (!traced(id)) continue;
    labels ??= copyMap(value.labels);
    labels.set(id, extendTrail(trail, file, line, note));
  }
  let fields: Map<string, AValue> | null = null;
  if (value.fields && depth < LIMITS.depth) {
    for (const [key, field] of value.fields) {
      const stepped = stepTrails(field, file, line, note, traced, depth + 1);
      if (stepped === field) continue;
      fields ??= copyMap(value.fields);
      fields.set(key, stepped);
    }
  }
  if (!labels && !fields) return value;
  return new AValue(labels ?? value.labels, fields ?? value.fields, value.closed, value.consts, value.handles, value.callables, value.instances, value.module);
}

/** Constant strings of a concatenation: every combination, bounded. */
export function concatConsts(parts: ReadonlyArray<readonly string[] | null>): string[] | null {
  let out: string[] = [''];
  for (const part of parts) {
    if (!part || part.length === 0) return null;
    const next: string[] = [];
    for (const prefix of out) for (const text of part) if (next.length < LIMITS.consts) next.push(prefix + text);
    out = next;
  }
  return out;
}

export const FILE_PREFIX = 'file:';

/** The paths of the files a value is a handle on (a path object), or null. */
export function filePaths(value: AValue): string[] | null {
  const paths = value.handles?.filter((id) => id.startsWith(FILE_PREFIX)).map((id) => id.slice(FILE_PREFIX.length));
  return paths && paths.length > 0 ? paths : null;
}

export function hasMarker(text: string): boolean {
  return text.includes(MARK);
}

/**
 * The value with only the fields `keep` keeps, positions renumbered over those (`df.drop(columns=[...])`); of a
 * result set, its rows'. `relabel` maps its own labels (a table read whole keeps only some columns).
 */
export function projected(value: AValue, keep: (field: string) => boolean, relabel: (id: number) => number): AValue {
  if (isRowSet(value)) return rowSet(projected(value.fields!.get('*')!, keep, relabel));
  const own = relabelled(new AValue(value.labels), relabel).labels;
  if (!value.fields) return new AValue(own);
  const fields = new Map<string, AValue>();
  const kept = [...value.fields].filter(([name]) => name !== '*' && !/^\d+$/.test(name) && keep(name));
  for (const [name, field] of kept) fields.set(name, field);
  kept.forEach(([, field], position) => fields.set(String(position), field));
  if (!value.closed && value.fields.has('*')) fields.set('*', value.fields.get('*')!);
  return new AValue(own, fields, value.closed);
}

/** The value with every label, at every level, replaced by `map`'s (the same object when none changes). */
export function relabelled(value: AValue, map: (id: number) => number, depth = 0): AValue {
  let labels: Map<number, Trail | null> | null = null;
  for (const [id, trail] of value.labels) {
    const next = map(id);
    if (next === id && !labels) continue;
    if (!labels) {
      labels = new Map();
      for (const [before, kept] of value.labels) {
        if (before === id) break;
        labels.set(before, kept);
      }
    }
    if (!labels.has(next)) labels.set(next, trail);
  }
  let fields: Map<string, AValue> | null = null;
  if (value.fields && depth < LIMITS.depth) {
    for (const [key, field] of value.fields) {
      const next = relabelled(field, map, depth + 1);
      if (next !== field) (fields ??= new Map(value.fields)).set(key, next);
    }
  }
  if (!labels && !fields) return value;
  return new AValue(labels ?? value.labels, fields ?? value.fields, value.closed, value.consts, value.handles, value.callables, value.instances, value.module);
}

/**
 * The value without what stands for a unit's own parameters (labels `symbolic` says are, texts and handles with a
 * parameter's marker): what another unit may see of it. The same object when it holds none.
 */
export function withoutSymbols(value: AValue, symbolic: (id: number) => boolean, depth = 0): AValue {
  let labels: Map<number, Trail | null> | null = null;
  for (const id of value.labels.keys()) {
    if (!symbolic(id)) continue;
    labels = new Map([...value.labels].filter(([other]) => !symbolic(other)));
    break;
  }
  const consts = value.consts?.some(hasMarker) ? value.consts.filter((text) => !hasMarker(text)) : value.consts;
  const handles = value.handles?.some(hasMarker) ? value.handles.filter((text) => !hasMarker(text)) : value.handles;
  let fields: Map<string, AValue> | null = null;
  if (value.fields && depth < LIMITS.depth) {
    for (const [key, field] of value.fields) {
      const kept = withoutSymbols(field, symbolic, depth + 1);
      if (kept !== field) (fields ??= new Map(value.fields)).set(key, kept);
    }
  }
  if (!labels && consts === value.consts && handles === value.handles && !fields) return value;
  return new AValue(labels ?? value.labels, fields ?? value.fields, value.closed, consts && consts.length > 0 ? consts : null,
    handles && handles.length > 0 ? handles : null, value.callables, value.instances, value.module);
}
