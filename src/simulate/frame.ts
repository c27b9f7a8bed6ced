/**
 * One simulation of one unit: its steps in order over an environment of abstract values. Parameters are
 * symbolic (parameter labels and markers), so the run yields the unit's summary; sensitive data that reaches a
 * sink here (or through a callee's summary) yields flow hits, and data written to named assets yields the
 * unit's writes, for its job.
 */
import type { AssetRef, Part, PathEdit, EmbeddedStatement, QueryStep, Step, Value } from '../facts/schema.js';
import { EMBEDDED_STATEMENT_OP, PLACEHOLDER_PREFIX } from '../facts/schema.js';
import { shownName } from '../facts/values.js';
import { getterSubject } from './getters.js';
import { sinkKind } from './sink-kind.js';
import { baseName } from './unit-names.js';
import { spelledTexts } from './resolved-statements.js';
import { editedTexts } from './path-edits.js';
import { access, store, withoutField } from './access.js';
import type { Engine } from './engine.js';
import { invoke, type CallArgs } from './invoke.js';
import { MARK, serialisedForm } from './labels.js';
import type { Serialised } from '../classify/sensitivity.js';
import { assetId, displayTarget } from './naming.js';
import type { ProgramUnit } from './program.js';
import { spaceStart } from '../util/text-scan.js';
import type { CategoryTransform } from './transforms.js';
import type { QueriedClass } from './index.js';
import { hitKey, MAX_HOPS, summarySignature, withTargets, type Effect, type SinkRef, type Summary } from './summary.js';
import {
  asReceiver, AValue, allLabels, bounded, collectLabels, concatConsts, copyMap, dataOf, EMPTY, extendTrail, FILE_PREFIX, filePaths, flatten, hasMarker, join, joinAll, LIMITS, oneRow, projected, relabelled, rowSet, shallow, stepTrails, truncate,
  withConsts, type Trail,
} from './values.js';

export interface Hit {
  label: number;
  trail: Trail | null;
  sink: SinkRef;
}

export interface WriteRecord {
  asset: string;
  data: AValue;
  line: number;
  callee: string;
  /** Written by code (not only by a statement of this unit with bound values), or through a callee. */
  code: boolean;
}

export interface UnitResult {
  hits: Map<string, Hit>;
  writes: WriteRecord[];
}

/** Callee effects a single run of a unit completes before it stops completing them. */
export const WORK_BUDGET = 1000;

/** Effects kept per summary (the rest is dropped: a unit touching more is summarised incompletely). */
const MAX_EFFECTS = 24;

/** A constant written in the code (not data from somewhere, not a parameter). */
function isLiteral(value: AValue): boolean {
  return value.labels.size === 0 && !value.fields && value.consts !== null && !value.consts.some(hasMarker);
}

/** An upper-case name, the last of a path (`_TOKEN_DOCUMENT`, `settings.EMAIL_FIELD`): a constant by convention. */
const CONSTANT_NAME = /(?:^|[.])_*[A-Z][A-Z0-9_]*$/;

const isLabelChar = (c: string) => /[\w-]/.test(c);

/**
 * The name a text ends with, as in `name=`, `name: ` or `name="`: it names what follows (null when there is none).
 * Read backwards from the end, so a long literal costs only its last few characters (a regular expression for
 * this was tried at every position of the text and took quadratic time on long words).
 */
export function labelBefore(text: string): string | null {
  let at = text.length;
  if (at > 0 && (text[at - 1] === '"' || text[at - 1] === "'")) at--;
  at = spaceStart(text, at);
  if (at === 0 || (text[at - 1] !== '=' && text[at - 1] !== ':')) return null;
  at = spaceStart(text, at - 1);
  const end = at;
  while (at > 0 && isLabelChar(text[at - 1]!)) at--;
  // The name starts at its first letter (`_id=` names `id`, as `[A-Za-z][\w-]*` did).
  while (at < end && !/[A-Za-z]/.test(text[at]!)) at++;
  return at < end ? text.slice(at, end) : null;
}

export class Frame {
  readonly env = new Map<string, AValue>();
  readonly slots: AValue[] = [];
  ret: AValue = EMPTY;
  private readonly effectsByKey = new Map<string, Effect>();
  /** Keys of effects that came from callees, in the order they came. */
  private readonly inherited: string[] = [];
  /**
   * Work done by this run (callee effects completed). Past WORK_BUDGET the run keeps going but stops completing
   * callee effects (results still flow), and says so with a gap: a few huge units would otherwise cost as much as
   * all the rest of a large program.
   */
  work = 0;
  overBudget = false;
  /** Set while a callee's effects are completed into this frame, with the hops of the effect being completed. */
  inheriting = false;
  inheritedHops: number | undefined;
  readonly result: UnitResult = { hits: new Map(), writes: [] };
  readonly entry: ProgramUnit;
  private readonly locals: Set<string>;
  private stepIndex = 0;
  /** The line of the step under way. */
  private line = 0;
  /** The value a path was read from at its last segment (set by evalPart; the receiver of a method call). */
  private beforeLast: AValue = EMPTY;

  constructor(readonly engine: Engine, readonly unitIndex: number) {
    this.entry = engine.program.units[unitIndex]!;
    this.locals = engine.localsOf(unitIndex);
  }

  get file(): string {
    return this.entry.facts.file;
  }

  run(): { summary: Summary; result: UnitResult } {
    this.bindParams();
    const steps = this.entry.unit.steps;
    for (this.stepIndex = 0; this.stepIndex < steps.length; this.stepIndex++) this.step(steps[this.stepIndex]!);
    const effects = [...this.effectsByKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
    return { summary: { ret: this.ret, effects, signature: summarySignature(this.ret, effects) }, result: this.result };
  }

  /** Records an effect for the summary; the same effect twice (a loop, two calls) joins its data. */
  addEffect(effect: Effect): void {
    if (this.inheriting) {
      const hops = (this.inheritedHops ?? 0) + 1;
      if (hops > MAX_HOPS) return;
      if (hops > 1 || effect.hops) effect = { ...effect, hops };
    }
    const key = effect.type === 'sink' ? `s\u0001${effect.sink.file}:${effect.sink.line}:${effect.sink.kind}\u0001${effect.sink.targets.join(',')}`
      : effect.type === 'write' ? `w\u0001${effect.asset}\u0001${effect.line}\u0001${effect.callee}\u0001${effect.sink ? effect.sink.targets.join(',') : ''}`
        : effect.type === 'statement' ? `q\u0001${effect.unitKey}\u0001${effect.step}\u0001${effect.text}`
          : `m\u0001${effect.param}\u0001${effect.path.join('.')}`;
    const existing = this.effectsByKey.get(key);
    if (!existing) {
      if (this.effectsByKey.size >= MAX_EFFECTS) {
        // Full: the unit's own effects push out ones it inherited from callees (the latest first).
        const evict = this.inheriting ? undefined : this.inherited.pop();
        if (evict === undefined) return;
        this.effectsByKey.delete(evict);
      }
      this.effectsByKey.set(key, effect);
      if (this.inheriting) this.inherited.push(key);
      return;
    }
    const data = join(existing.data, effect.data);
    if (data !== existing.data) this.effectsByKey.set(key, { ...existing, data } as Effect);
  }

  /** The bound receiver's parameter (`self`, `$this`), for a method. */
  private get selfName(): string | undefined {
    return this.entry.bound ? this.entry.unit.params?.[0]?.name : undefined;
  }

  private bindParams(): void {
    const params = this.entry.unit.params ?? [];
    const labels = this.engine.labels;
    params.forEach((param, index) => {
      let value = new AValue(new Map([[labels.param(index, []), null]]), null, false, [`${MARK}${index}${MARK}`]);
      if (index === 0 && this.entry.bound && this.entry.classIndex !== undefined) {
        value = new AValue(value.labels, null, false, null, null, null, [this.entry.classIndex]);
      }
      if (param.default) value = join(value, this.evalValue(param.default));
      this.env.set(param.name, value);
    });
  }

  // ---- names -------------------------------------------------------------------------------------------

  lookup(name: string): AValue {
    const own = this.env.get(name);
    if (own) return own;
    if (this.locals.has(name) && this.entry.unit.kind !== 'module') return EMPTY;
    // Then the scopes around it, innermost first (closures): what each defines in its body, and for the
    // functions it is defined in, their names; the module's last.
    const program = this.engine.program;
    for (let at: number | undefined = this.unitIndex; at !== undefined; at = program.units[at]!.enclosing) {
      const nested = program.nestedDefinition(at, name);
      if (nested) return this.engine.definitionValue(nested);
      const enclosing = at === this.unitIndex ? undefined : this.engine.closureValue(at, name, this.unitIndex);
      if (enclosing) return enclosing;
    }
    return this.engine.globalName(this.entry.module, name, this.unitIndex);
  }

  /**
   * Adds a name source when `name` looks sensitive and the value does not already carry that sensitivity. A
   * constant (an upper-case name holding only text written in the code, `_TOKEN_DOCUMENT = "document"`) is
   * nobody's data, whatever it is called. A lower-case name is still named: `password = ""` is often only its
   * start value, and a later value from code outside the program leaves no trace in it.
   */
  private named(value: AValue, name: string, line: number): AValue {
    const categories = this.engine.nameCategories(name);
    if (categories.length === 0) return value;
    if (value.callables || value.module !== null || (isLiteral(value) && CONSTANT_NAME.test(name))) return value;
    for (const id of value.labels.keys()) {
      const label = this.engine.labels.get(id);
      // Data a sanitizer produced keeps the categories it left: the name holding it adds none.
      if (label.transforms !== undefined || (!label.masked && label.categories.some((c) => categories.includes(c)))) return value;
    }
    const id = this.engine.labels.source(undefined, undefined, name, this.file, line);
    const labels = copyMap(value.labels);
    labels.set(id, extendTrail(null, this.file, line, `read ${name}`));
    return new AValue(labels, value.fields, value.closed, value.consts, value.handles, value.callables, value.instances, value.module);
  }

  // ---- values ------------------------------------------------------------------------------------------

  evalValue(value: Value, line = this.entry.unit.line): AValue {
    if (value.length === 0) return EMPTY;
    if (value.length === 1) return this.evalPart(value[0]!, line, false);
    return joinAll(value.map((part) => this.evalPart(part, line, false)));
  }

  evalPart(part: Part, line: number, callee: boolean): AValue {
    if ('ref' in part) {
      let value = this.lookup(part.ref);
      let name = shownName(part.ref);
      if (!callee && !part.path) value = this.named(value, name, line);
      const path = part.path ?? [];
      path.forEach((segment, at) => {
        this.beforeLast = value;
        name = segment === '*' ? name : `${name}.${segment}`;
        value = access(this.engine, value, segment, name);
        // A callee's receiver is data too when it is plain data (`form["email"].strip()`): named as any read. Not the
        // object's own state (`self.password_hasher.rounds()`), whose objects the class fields may not know yet.
        if (segment !== '*' && (!callee || (at < path.length - 1 && part.ref !== this.selfName && plainData(value)))) value = this.named(value, name, line);
      });
      return value;
    }
    if ('slot' in part) {
      let value = this.slots[part.slot] ?? EMPTY;
      let name = '';
      for (const segment of part.path ?? []) {
        this.beforeLast = value;
        name = segment === '*' ? name : name ? `${name}.${segment}` : segment;
        value = access(this.engine, value, segment, name || undefined);
        if (!callee && segment !== '*' && name) value = this.named(value, name, line);
      }
      return value;
    }
    if ('lit' in part) return withConsts([part.lit]);
    if ('items' in part) return this.collection(part.items, line);
    if ('concat' in part) {
      const values = part.concat.map((v) => this.evalValue(v, line));
      // "ssn=" + x, f"email: {x}": the text right before a value names it.
      for (let i = 1; i < values.length; i++) {
        const before = values[i - 1]!.consts;
        const label = before && before.length === 1 ? labelBefore(before[0]!) : null;
        if (label && !isLiteral(values[i]!)) values[i] = this.named(values[i]!, label, line);
      }
      const consts = concatConsts(values.map(textOf));
      const data = joinAll(values.map(flatten));
      return new AValue(data.labels, null, false, consts);
    }
    if ('edit' in part) return this.editedPath(part.edit, this.evalValue(part.of, line), part.to ? this.evalValue(part.to, line) : undefined);
    // index: a subscript with a computed key.
    const base = this.evalValue(part.index, line);
    const key = this.evalValue(part.key, line);
    let value: AValue;
    if (key.consts && key.consts.every((c) => !hasMarker(c))) {
      value = joinAll(key.consts.map((c) => access(this.engine, base, c, c)));
    } else if (key.fields && key.closed && [...key.fields.values()].every((f) => f.consts)) {
      // frame[["a", "b"]]: the listed columns.
      const picked = new Map<string, AValue>();
      for (const field of key.fields.values()) for (const c of field.consts!) picked.set(c, access(this.engine, base, c, c));
      value = new AValue(new Map(), picked, true);
    } else value = access(this.engine, base, '*', undefined);
    for (const segment of part.path ?? []) {
      this.beforeLast = value;
      value = access(this.engine, value, segment, segment);
    }
    return value;
  }

  /**
   * A path edited (`out.with_suffix(".tmp")`): its texts edited, its data kept. A path object (one with file handles)
   * edited into a path is one still: later calls on it go on naming the file.
   */
  private editedPath(edit: PathEdit, base: AValue, to: AValue | undefined): AValue {
    const texts = textOf(base);
    const consts = texts && (!to || to.consts) ? editedTexts(texts, edit, to?.consts ?? undefined) : null;
    const data = joinAll([flatten(base), ...(to ? [flatten(to)] : [])]);
    const object = consts && filePaths(base) && PATH_RESULTS.has(edit);
    return new AValue(data.labels, null, false, consts, object ? consts.map((text) => `${FILE_PREFIX}${text}`) : null);
  }

  private collection(items: ReadonlyArray<{ key?: string; value: Value }>, line: number): AValue {
    const fields = new Map<string, AValue>();
    let position = 0;
    let any: AValue = EMPTY;
    let closed = true;
    for (const entry of items) {
      let value = this.evalValue(entry.value, line);
      if (entry.key !== undefined) {
        if (!isLiteral(value)) value = this.named(value, entry.key, line);
        fields.set(entry.key, join(fields.get(entry.key) ?? EMPTY, truncate(value, LIMITS.depth - 1)));
      } else {
        if (entry.value.some((p) => 'path' in p && p.path?.[p.path.length - 1] === '*')) closed = false;
        value = truncate(value, LIMITS.depth - 1);
        if (position < LIMITS.fields) fields.set(String(position), value);
        position++;
        any = join(any, value);
      }
    }
    if (position > 0) fields.set('*', any);
    return bounded(new AValue(new Map(), fields, closed));
  }

  // ---- steps -------------------------------------------------------------------------------------------

  private step(step: Step): void {
    this.line = step.line;
    switch (step.op) {
      case 'assign': {
        const name = step.target.name;
        const path = step.target.path;
        const note = `${[shownName(name), ...(path ?? [])].join('.')} = …`;
        const value = stepTrails(this.evalValue(step.value, step.line), this.file, step.line, note, this.engine.traced);
        if (!path || path.length === 0) {
          const previous = step.weak || step.data ? this.env.get(name) ?? (this.locals.has(name) ? EMPTY : this.lookup(name)) : EMPTY;
          if (step.data) {
            const handles = previous.handles && value.handles ? [...new Set([...previous.handles, ...value.handles])] : previous.handles ?? value.handles;
            this.env.set(name, new AValue(value.labels, value.fields, value.closed, value.consts, handles, previous.callables, previous.instances, previous.module));
          } else this.env.set(name, step.weak ? join(previous, value) : value);
          return;
        }
        const root = this.lookup(name);
        // `account.email = v` where `email` is a property with a setter: the setter runs, and sets what it sets.
        if (path.length === 1 && this.setProperty(root, path[0]!, value, step.line)) return;
        this.env.set(name, store(root, path, value));
        this.mutation(root, path, value);
        return;
      }
      case 'remove': {
        // Only a value this run holds in a local: what an object's field holds is others' too. A parameter given
        // whole is the caller's argument without the key, wherever the unit uses it after this.
        const held = this.env.get(step.target.name);
        const path = step.target.path;
        if (!held || !path || path.length === 0) return;
        let value = withoutField(held, path);
        if (path.length === 1) value = relabelled(value, (id) => this.engine.labels.paramWithout(id, path[0]!), LIMITS.depth);
        this.env.set(step.target.name, value);
        return;
      }
      case 'call':
        this.slots[step.slot] = this.call(step);
        return;
      case 'read': {
        if (step.orCall && this.programCode(step.orCall)) return;
        const ids = this.resolveAsset(step.asset, step.line);
        // Named by a mapped class (`session.get(User, 5)`): its objects, which show what the class's serialised form keeps.
        const serialised = !step.columns && step.asset.value ? this.serialisedOf(this.evalValue(step.asset.value, step.line)) : undefined;
        let value: AValue = EMPTY;
        for (const id of ids) {
          const columns = step.columns?.map((c) => ({ name: c.name, from: this.lookedUp(id, c.lookup ?? c.name, step.lookups) }));
          value = join(value, readAsset(this.engine, id, columns, this.file, step.line, step.callee, step.categories, serialised?.get(id)));
        }
        if (step.with) value = join(value, dataOf(this.evalValue(step.with, step.line)));
        if (step.members && value.labels.size > 0) value = heldAt(value, step.members);
        this.slots[step.slot] = value;
        return;
      }
      case 'open': {
        if (step.orCall && this.programCode(step.orCall)) return;
        const ids = this.resolveAsset(step.asset, step.line);
        if (step.declares) {
          this.slots[step.slot] = declaredAsset(this.engine, ids, step.declares.members ?? [], this.file, step.line);
          return;
        }
        let value = new AValue(new Map(), null, false, null, ids.length > 0 ? ids : null);
        if (step.read) for (const id of ids) value = join(value, readAsset(this.engine, id, undefined, this.file, step.line, step.callee));
        // A consumer: each element (a message) holds what was read; the handle too, for `consumer.poll()`.
        if (step.members && value.labels.size > 0) value = new AValue(value.labels, new Map([['*', heldAt(new AValue(value.labels), step.members)]]), false, null, value.handles);
        this.slots[step.slot] = value;
        return;
      }
      case 'write': {
        if (step.orCall && this.programCode(step.orCall)) return;
        const ids = this.resolveAsset(step.asset, step.line);
        let data = this.evalValue(step.value, step.line);
        if (step.columns) {
          const fields = copyMap(data.fields);
          for (const column of step.columns) fields.set(column.name, this.evalValue(column.value, step.line));
          data = new AValue(data.labels, fields, false);
        }
        for (const id of ids) {
          const sink = step.sink ? this.sinkRef(step.sink, step.callee, step.line, undefined, [id.slice(id.indexOf(':') + 1)], undefined) : undefined;
          this.write(id, data, step.line, step.callee, true, sink);
        }
        // A write to something this run cannot name (a file object another unit opened) still leaves through a sink.
        if (ids.length === 0 && step.sink) this.reach(data, this.sinkRef(step.sink, step.callee, step.line, undefined, [], undefined));
        return;
      }
      case 'sink': {
        if (step.orCall && this.programCode(step.orCall)) return;
        const sent = this.evalValue(step.value, step.line);
        const data = step.shownAs ? this.shownAs(sent, step.shownAs, step.line) : sent;
        const target = step.target ? this.evalValue(step.target, step.line) : undefined;
        // A handle names what it was opened on; texts beside it are data that went along (a message builder's payload).
        const texts = !target ? [] : target.handles ? target.handles.map((h) => h.slice(h.indexOf(':') + 1)) : step.handleTarget ? [] : [...(target.consts ?? [])];
        const sink = this.sinkRef(step.kind, step.callee, step.line, step.endLine, texts, step.asset);
        this.reach(data, sink);
        if (step.asset) {
          for (const text of texts) {
            const id = assetId(step.asset, text);
            if (id) this.write(id, data, step.line, step.callee, true, undefined);
          }
        }
        if (step.slot !== undefined) this.slots[step.slot] = EMPTY;
        return;
      }
      case 'return':
        this.ret = join(this.ret, stepTrails(this.evalValue(step.value, step.line), this.file, step.line, `returned by ${this.entry.unit.name}`, this.engine.traced));
        return;
      case 'query':
        this.slots[step.slot] = this.query(step.text, step.binds, step.line, step.callee, step.entities);
        return;
      default:
        if (step.op === EMBEDDED_STATEMENT_OP) this.slots[step.slot ?? -1] = this.statement(step.statement, step.params, step.binds, step.columns, step.line, step.callee ?? '', step.whole);
    }
  }

  private mutation(root: AValue, path: readonly string[], value: AValue): void {
    let flat: AValue | undefined;
    for (const id of root.labels.keys()) {
      const label = this.engine.labels.get(id);
      if (label.kind === 'param') this.addEffect({ type: 'mutate', param: label.param!, path: [...(label.path ?? []), ...path], data: flat ??= shallow(value) });
    }
    this.engine.storeThroughInstance(root, path, value, this.unitIndex);
  }

  // ---- assets ------------------------------------------------------------------------------------------

  /** What the serialised form of the mapped classes a value is keeps of their rows (`$hidden`, `__str__`), by asset. */
  private serialisedOf(value: AValue): Map<string, Serialised> | undefined {
    let out: Map<string, Serialised> | undefined;
    for (const callable of value.callables ?? []) {
      const binding = this.engine.program.units[callable.unit]?.unit.asset;
      const serialised = binding && serialisedForm(binding);
      if (serialised) (out ??= new Map()).set(`${binding!.kind}:${binding!.name}`, serialised);
    }
    return out;
  }

  resolveAsset(ref: AssetRef, line: number): string[] {
    if (ref.name !== undefined) {
      const id = assetId(ref.kind, ref.name);
      return id ? [id] : [];
    }
    const value = ref.value ? this.evalValue(ref.value, line) : EMPTY;
    const ids: string[] = [];
    for (const handle of value.handles ?? []) ids.push(handle);
    // A name, or a list of names (`features=["view:feature", ...]`).
    const texts = [...(value.consts ?? [])];
    if (!value.consts && value.fields) for (const [key, field] of value.fields) if (key !== '*') texts.push(...(field.consts ?? []));
    if (ids.length === 0) for (const text of texts) {
      const id = assetId(ref.kind, text);
      if (id) ids.push(id);
    }
    return [...new Set(ids)];
  }



  write(asset: string, data: AValue, line: number, callee: string, code: boolean, sink: SinkRef | undefined): void {
    if (sink) this.reach(data, sink);
    const symbolic = hasMarker(asset);
    const all = allLabels(data);
    let hasParam = false;
    for (const id of all.keys()) if (this.engine.isSymbolic(id)) hasParam = true;
    if (symbolic || hasParam) this.addEffect({ type: 'write', asset, data: truncate(data, 2), line, callee, code, ...(sink ? { sink } : {}) });
    if (!symbolic) this.result.writes.push({ asset, data, line, callee, code });
  }

  // ---- sinks -------------------------------------------------------------------------------------------

  sinkRef(kind: string, callee: string, line: number, endLine: number | undefined, targets: string[], asset: string | undefined): SinkRef {
    const shown = [...new Set(targets.map((t) => displayTarget(asset, t)))].sort();
    // A copy's sinks are its class's (`FlaggedCustomers.list`): each subclass an endpoint of its own.
    const ref: SinkRef = { file: this.file, unit: this.engine.program.resultName(this.unitIndex), line, kind: sinkKind(kind, shown), callee, targets: shown };
    if (endLine !== undefined) ref.endLine = endLine;
    if (asset !== undefined) ref.asset = asset;
    if (this.entry.copyOf !== undefined) ref.inherited = true;
    return ref;
  }

  /** Sensitive data reaching a sink: hits for concrete sources, an effect for what depends on parameters. */
  reach(data: AValue, sink: SinkRef): void {
    const labels = allLabels(data);
    // A sink whose target a caller names (`def save(path, rows)`): the data found here goes to callers too, so the
    // flow is reported with the target each caller gives.
    const open = sink.targets.some(hasMarker);
    let carried: Map<number, Trail | null> | null = null;
    for (const [id, trail] of labels) {
      if (this.engine.isSymbolic(id)) {
        carried ??= new Map();
        carried.set(id, trail);
        continue;
      }
      const label = this.engine.labels.get(id);
      if (label.kind !== 'source' || label.masked || label.categories.length === 0) continue;
      if (open) (carried ??= new Map()).set(id, trail);
      const key = hitKey(id, sink);
      const known = this.result.hits.get(key);
      if (known) {
        // Callers naming different targets (`save(rows, "/srv/a.csv")`, `save(rows, "/srv/b.csv")`): each is named.
        known.sink = withTargets(known.sink, sink.targets);
        continue;
      }
      // In a copy, the path says which class ran the inherited code.
      const runner = this.runnerStep(trail);
      this.result.hits.set(key, { label: id, trail: extendTrail(runner, sink.file, sink.line, `${sink.kind} sink ${sink.callee}`), sink });
    }
    if (carried || open) this.addEffect({ type: 'sink', sink, data: new AValue(carried ?? new Map()) });
  }

  /** The trail with a step at the class a copy of an inherited method runs for (the trail itself elsewhere). */
  private runnerStep(trail: Trail | null): Trail | null {
    if (this.entry.copyOf === undefined) return trail;
    const owner = this.engine.program.units[this.entry.classIndex!]!;
    return extendTrail(trail, owner.facts.file, owner.unit.line, `run with objects of ${owner.unit.name}`);
  }

  /** Hits and writes a callee's summary produced with this unit's arguments. */
  recordHit(id: number, trail: Trail | null, sink: SinkRef): void {
    const key = hitKey(id, sink);
    if (!this.result.hits.has(key)) this.result.hits.set(key, { label: id, trail, sink });
  }

  // ---- calls -------------------------------------------------------------------------------------------

  /**
   * Runs `call` when its callee is code of the program (a modelled step matched by its receiver's name only, on an
   * object of the program's own class), and says so; the modelled step is then not applied. A method of a class
   * that extends a library's (`class OrdersConsumer(KafkaConsumer)`) may call through to it: the call is made, and
   * the modelled step too.
   */
  private programCode(call: Extract<Step, { op: 'call' }>): boolean {
    const only = call.viaBase ? this.isProgramCallable(this.baseCallee(call.fn, call.line)) : this.isProgramCode(call.fn, call.line);
    if (only === false) return false;
    this.slots[call.slot] = this.call(call);
    return only === true;
  }

  /**
   * `super().save(...)`: the methods named so in the bases of the class this method is written in, bound to the
   * receiver (as a copy for the receiver's class where it has one). Leaves the receiver as the path's last value.
   */
  private baseCallee(fn: Part | undefined, line: number): AValue {
    if (!fn || !('ref' in fn) || fn.path?.length !== 1) return EMPTY;
    const self = this.evalPart({ ref: fn.ref }, line, true);
    this.beforeLast = self;
    const program = this.engine.program;
    const written = program.units[this.entry.copyOf ?? this.unitIndex]!.classIndex;
    if (written === undefined) return EMPTY;
    const callables = program.baseMethods(written, fn.path[0]!, self.instances ?? []).map((unit) => ({ unit, self }));
    return callables.length > 0 ? new AValue(new Map(), null, false, null, null, callables) : EMPTY;
  }

  /** Whether `fn` is code of the program only (true), code that may extend a library's (undefined), or not (false). */
  private isProgramCode(fn: Part | undefined, line: number): boolean | undefined {
    return this.isProgramCallable(fn ? this.evalPart(fn, line, true) : EMPTY);
  }

  private isProgramCallable(fnValue: AValue): boolean | undefined {
    const callables = fnValue.callables;
    if (callables === null || callables.length === 0) return false;
    const program = this.engine.program;
    const outside = callables.some((callable) => {
      const owner = program.units[callable.unit]!.classIndex;
      return owner !== undefined && program.extendsOutside(owner);
    });
    return outside ? undefined : true;
  }

  /**
   * Data sent as objects of a class (a response model): of a record class, only the fields it declares, read from
   * the data by name (from each element with `many`); of any other class, or one not known, the data as it is.
   */
  private shownAs(data: AValue, shownAs: NonNullable<Extract<Step, { op: 'sink' }>['shownAs']>, line: number): AValue {
    const program = this.engine.program;
    const classes = this.evalPart(shownAs.class, line, true).callables ?? [];
    if (classes.length === 0) return data;
    const source = shownAs.many ? access(this.engine, data, '*', undefined) : data;
    const sent = (field: string) => (!shownAs.visible || shownAs.visible.includes(field)) && !shownAs.hidden?.includes(field);
    let out = EMPTY;
    for (const { unit } of classes) {
      const fields = program.units[unit]!.unit.kind === 'class' && program.methodsOf(unit, '__init__').length === 0 ? program.recordFields(unit) : undefined;
      if (!fields) return data;
      const shown = new Map<string, AValue>();
      for (const field of fields) if (sent(field)) shown.set(field, access(this.engine, source, field, field));
      out = join(out, new AValue(new Map(), shown, true));
    }
    return out;
  }

  /** Runs the setters of the property `attribute` of the object's classes with `value`; false when it has none. */
  private setProperty(root: AValue, attribute: string, value: AValue, line: number): boolean {
    const program = this.engine.program;
    const setters = (root.instances ?? []).flatMap((instanceClass) =>
      program.flagged(program.methodsOf(program.memberClass(this.unitIndex, instanceClass, attribute), attribute), 'setter'));
    if (setters.length === 0) return false;
    const self = asReceiver(root);
    for (const unit of new Set(setters)) this.runProperty(unit, self, [value], line);
    return true;
  }

  /** `obj.name` where `name` is a property of the object's class: a call of its getter `unit` with `self`. */
  readAccessor(unit: number, self: AValue): AValue {
    return this.runProperty(unit, self, [], this.line || this.entry.unit.line);
  }

  /** A property's getter or setter run with the object (and the value set), as a call made at `line`. */
  private runProperty(unit: number, self: AValue, positional: AValue[], line: number): AValue {
    // A call of no step of this unit: its slot is never stored.
    const step: Extract<Step, { op: 'call' }> = { op: 'call', line, slot: 0, callee: baseName(this.engine.program.units[unit]!.unit.name), args: [] };
    return invoke(this, { unit, self }, { positional, keywords: [], spread: EMPTY, argValues: [] }, step, self);
  }

  private call(step: Extract<Step, { op: 'call' }>): AValue {
    const line = step.line;
    // A call a deferred-call model added, when the call it was read in is the program's own method.
    if (step.unless && this.isProgramCode(step.unless, line) === true) return EMPTY;
    const fnValue = step.viaBase ? this.baseCallee(step.fn, line) : step.fn ? this.evalPart(step.fn, line, true) : EMPTY;
    // `a.b.f(...)`: the receiver is `a.b`, the value the callee's path went through last (reads change nothing).
    const throughPath = step.fn && 'path' in step.fn && step.fn.path && step.fn.path.length > 0 ? this.beforeLast : undefined;
    const args: CallArgs = {
      positional: step.args.map((a) => this.evalValue(a, line)),
      keywords: (step.kwargs ?? []).map((k) => ({ name: k.name, value: this.evalValue(k.value, line) })),
      spread: step.spread ? this.evalValue(step.spread, line) : EMPTY,
      argValues: step.args,
    };
    let receiver = EMPTY;
    if (throughPath) receiver = this.holdsCallee(throughPath, step.fn!) ? dataOf(fnValue) : throughPath;
    else if (step.receiver) receiver = this.evalValue(step.receiver, line);
    const last = step.callee.slice(step.callee.lastIndexOf('.') + 1);
    // A method's name says what it returns (`customer.email()`, a generated accessor); a bare function's or a
    // class's only as a getter (`get_password()`): `zip(a, b)`, `handle(x)` or `TokenStore()` are no data.
    const method = throughPath !== undefined || step.receiver !== undefined;
    const getter = method ? this.getterName(last) : this.engine.prefixedGetterName(last);

    if (fnValue.callables && fnValue.callables.length > 0) {
      let result: AValue = EMPTY;
      for (const callable of fnValue.callables) result = join(result, invoke(this, callable, args, step, receiver));
      // `get_password()` defined in the program still returns a password, whatever its body says.
      return getter ? this.named(result, getter, line) : result;
    }
    // A call into code outside the program whose model says what it returns (`select(...).where(criteria)`).
    if (step.otherwise) return this.evalValue(step.otherwise, line);
    if (step.project) {
      // A frame's columns picked or dropped: its fields, or the columns of a table read whole.
      const only = step.project.only ?? this.listedNames(step.project.onlyNames, line);
      const except = step.project.except ?? this.listedNames(step.project.exceptNames, line);
      const input = dataOf(args.positional[0] ?? EMPTY);
      // Names the simulation cannot tell (a list built at run time): every column may stay.
      if (!only && !except) return input;
      const keep = (field: string) => (only ? only.includes(field) : !except!.includes(field));
      const kept = only ? { visible: only } : { hidden: except! };
      return projected(input, keep, (id) => this.engine.labels.wholeKeeping(id, kept));
    }
    // A call into code outside the program: the result depends on the receiver and the arguments.
    if (receiver.fields && !step.masks && !step.transform) {
      // `user.get_email()` reads the field; other methods keep the receiver's shape (`df.itertuples()`).
      const subject = getterSubject(last);
      if (subject && receiver.fields.has(subject)) return receiver.fields.get(subject)!;
    }
    if (method && !step.masks && !step.transform) {
      // `$customer->getEmail()` on a row of a table whose columns are known: that column (an entity's getter).
      const subject = getterSubject(last);
      const column = subject ? this.columnOfRows(receiver, subject) : undefined;
      if (column) return column;
    }
    // One argument and no receiver (`dict(row)`, `list(rows)`, `copy(x)`): the result keeps the argument's shape.
    if (!step.masks && !step.serialises && !step.transform && !step.source && args.positional.length === 1 && args.keywords.length === 0 && receiver.empty && args.positional[0]!.fields) {
      return dataOf(args.positional[0]!);
    }
    if (step.serialises) {
      // The inputs keep their shape (`vars(obj)["email"]` is that field); rows known by a member are all of their table.
      const visible = step.serialises.visible ?? this.listedNames(step.serialises.visibleNames, line);
      const hidden = step.serialises.hidden ?? this.listedNames(step.serialises.hiddenNames, line);
      const form = visible || hidden ? { ...(visible ? { visible } : {}), ...(hidden ? { hidden } : {}) } : undefined;
      const shown = joinAll([receiver, ...args.positional, ...args.keywords.map((k) => k.value), args.spread].map(dataOf));
      const relabel = (id: number) => this.engine.labels.whole(id, form);
      // An object's own attributes are shown in the same form: those listed, without those left out.
      if (form && shown.fields) return projected(shown, (field) => (!visible || visible.includes(field)) && !hidden?.includes(field), relabel);
      return relabelled(shown, relabel);
    }
    let inputs = new Map<number, Trail | null>(receiver.labels);
    for (const value of [...args.positional, ...args.keywords.map((k) => k.value), args.spread]) collectLabels(value, inputs);
    let handles: string[] | null = null;
    for (const value of [receiver, ...args.positional]) if (value.handles) handles = [...(handles ?? []), ...value.handles];
    if (step.masks) {
      const masked = new Map<number, Trail | null>();
      for (const [id, trail] of inputs) masked.set(this.engine.labels.masked(id), trail);
      return new AValue(masked);
    }
    if (step.transform) return this.transformed(inputs, step.transform, step.callee, line);
    let result = new AValue(inputs, receiver.fields, receiver.closed, null, handles ? [...new Set(handles)] : null);
    const source = step.source ?? getter;
    if (source) {
      const id = this.engine.labels.source(undefined, undefined, source, this.file, line, step.categories);
      if (this.engine.labels.get(id).categories.length > 0) {
        inputs = copyMap(inputs);
        inputs.set(id, extendTrail(null, this.file, line, `${step.callee}() returns ${source}`));
        result = new AValue(inputs, result.fields, result.closed, null, result.handles);
      }
    }
    return result;
  }

  /**
   * The table columns a column name read from `asset` stands for: itself, or with `separator`, the column at the end
   * of the relations it names (`customer__email`: the customers' `email`); itself when a relation is not known.
   */
  private lookedUp(asset: string, name: string, separator: string | undefined): Array<{ asset: string; column: string }> {
    // A relation named last is the related row's key: in this table's key column (`values("customer")`: the orders'
    // `customer_id`), else the related table's key (the other side of a one-to-one field: the profile's `id`).
    const stored = (from: string, column: string): Array<{ asset: string; column: string }> => {
      if (this.engine.storesKey(from, column)) return [{ asset: from, column: this.engine.storedColumn(from, column) }];
      const related = this.engine.relatedAssets(from, column) ?? [];
      const keyed = related.flatMap((target) => { const key = this.engine.keyOf(target); return key !== undefined ? [{ asset: target, column: key }] : []; });
      // A mapped class's attribute (`values("email")`) is the column it stands for (`db_column="email_address"`).
      return keyed.length > 0 ? keyed : [{ asset: from, column: this.engine.attributeName(from, column) ?? column }];
    };
    if (!separator || !name.includes(separator)) return stored(asset, name);
    const parts = name.split(separator);
    const column = parts.pop()!;
    let assets = [asset];
    for (const field of parts) {
      const next = [...new Set(assets.flatMap((from) => this.engine.relatedAssets(from, field) ?? []))];
      if (next.length === 0) return [{ asset, column: name }];
      assets = next;
    }
    return assets.flatMap((target) => stored(target, column));
  }

  /**
   * The column `column` of the table rows a value holds, when the tables declare it (a getter's subject), or the
   * rows of another table a relation of theirs gives (`$order->getCustomer()`).
   */
  private columnOfRows(value: AValue, column: string): AValue | undefined {
    let labels: Map<number, Trail | null> | undefined;
    for (const [id, trail] of value.labels) {
      const label = this.engine.labels.get(id);
      if (label.kind !== 'source' || label.asset === undefined || label.column !== undefined) continue;
      // `getPhone()` of an entity whose `$phone` is the column `phone_number`.
      const named = this.engine.attributeName(label.asset, column) ?? column;
      const related = this.engine.relatedRows(label.asset, named);
      if (related) {
        labels ??= new Map();
        for (const row of related) if (!labels.has(row)) labels.set(row, trail);
        continue;
      }
      if (!this.engine.columnsOf(label.asset)?.has(named)) continue;
      (labels ??= new Map()).set(this.engine.labels.withColumn(id, named, undefined), trail);
    }
    return labels ? new AValue(labels) : undefined;
  }

  /**
   * `self._refresh_using()`, `this->on_done_(x)`: the callee is a value the object holds (stored on it by the
   * methods of every class it may be an instance of, and a method of none: Program.holdsValue), not a method of the
   * object. The object is not passed to it, so a call outside the program depends on the value called and the
   * arguments, not on the object: a callback's result would otherwise carry everything the object holds.
   */
  private holdsCallee(holder: AValue, fn: Part): boolean {
    const segment = 'path' in fn ? fn.path?.[fn.path.length - 1] : undefined;
    if (segment === undefined || segment === '*' || !holder.instances || holder.instances.length === 0) return false;
    return holder.instances.every((classIndex) => this.engine.program.holdsValue(classIndex, segment));
  }

  /**
   * The names a list given by a name of the program holds (`PUBLIC_FIELDS = ["id", "plan"]`, a tuple, or one
   * string): undefined unless every element is one constant text, as the simulation knows it here.
   */
  private listedNames(names: Value | undefined, line: number): string[] | undefined {
    if (!names) return undefined;
    const value = this.evalValue(names, line);
    const single = (element: AValue) => (isLiteral(element) && element.consts!.length === 1 ? element.consts![0]! : undefined);
    if (!value.fields) {
      const text = single(value);
      return text === undefined ? undefined : [text];
    }
    if (!value.closed || value.labels.size > 0) return undefined;
    const listed: string[] = [];
    // A list longer than values keep is not known whole.
    if (value.fields.has(String(LIMITS.fields - 1))) return undefined;
    for (let position = 0; value.fields.has(String(position)); position++) {
      const text = single(value.fields.get(String(position))!);
      if (text === undefined) return undefined;
      listed.push(text);
    }
    // Anything besides the positions and their union (`*`) is no plain list.
    return listed.length > 0 && value.fields.size === listed.length + 1 ? listed : undefined;
  }

  /** The data of a sanitizer's inputs with their categories changed; its trail shows the sanitizer. */
  private transformed(inputs: ReadonlyMap<number, Trail | null>, transform: CategoryTransform, callee: string, line: number): AValue {
    const labels = this.engine.labels;
    const id = labels.transforms.id(transform);
    const out = new Map<number, Trail | null>();
    for (const [input, trail] of inputs) {
      const changed = labels.transformed(input, id);
      out.set(changed, this.engine.traced(changed) ? extendTrail(trail, this.file, line, `${callee}() changes its categories`) : trail);
    }
    return new AValue(out);
  }

  /** `get_password()`, `fetchEmail()`: a getter named after sensitive data returns it. */
  private getterName(name: string): string | undefined {
    return this.engine.getterName(name);
  }

  // ---- embedded statements ------------------------------------------------------------------------------

  private statement(
    statement: EmbeddedStatement, params: Array<{ token: string; value: Value }> | undefined, binds: Value | undefined,
    columns: Array<{ name: string; from?: Array<{ asset: string; column: string }> }> | undefined, line: number, callee: string,
    whole?: readonly string[], spelled = false,
  ): AValue {
    const values = new Map<string, AValue>();
    for (const param of params ?? []) values.set(param.token, this.evalValue(param.value, line));
    if (!spelled && params) {
      const known = this.spelled(statement, values);
      if (known) {
        let result: AValue = EMPTY;
        for (const s of known) result = join(result, this.statement(s.statement, params, binds, s.columns, line, callee, s.whole, true));
        return result;
      }
    }
    let dynamic = false;
    const resolveTable = (id: string): string[] => {
      if (!id.includes(PLACEHOLDER_PREFIX)) return [id];
      dynamic = true;
      let names = [id];
      for (const [token, value] of values) {
        if (!names.some((n) => n.includes(token))) continue;
        const texts = (value.consts ?? []).map((c) => c.toLowerCase());
        names = names.flatMap((n) => (n.includes(token) ? texts.map((t) => n.split(token).join(t)) : [n]));
      }
      return names.filter((n) => !n.includes(PLACEHOLDER_PREFIX)).map((n) => assetId('table', n.slice(n.indexOf(':') + 1))!).filter(Boolean);
    };
    const inputs = statement.inputs.flatMap(resolveTable);
    const outputs = statement.outputs.flatMap(resolveTable);
    const result = statementResult(this.engine, { ...statement, inputs }, columns?.map((c) => ({
      ...c, ...(c.from ? { from: c.from.flatMap((f) => resolveTable(f.asset).map((asset) => ({ asset, column: f.column }))) } : {}),
    })), this.file, line, callee, whole?.flatMap(resolveTable));
    if (outputs.length > 0) {
      // Values bound by column name (`{ items: [{ key: "email", ... }] }`) keep their columns for the job's column lineage.
      const bound = binds ? oneRow(this.evalValue(binds, line)) : EMPTY;
      const byColumn = bound.fields && [...bound.fields.keys()].some((k) => k !== '*' && !/^\d+$/.test(k));
      let data = joinAll([...[...values.values()].map(flatten), byColumn ? bound : flatten(bound)]);
      if (dynamic) for (const input of inputs) data = join(data, readAsset(this.engine, input, undefined, this.file, line, callee));
      for (const output of outputs) this.write(output, data, line, callee, dynamic, undefined);
    }
    return result;
  }

  /**
   * A statement whose table holes hold texts known here (a constant of another module, a loop's list): the texts
   * that run, analysed as such and recorded as the step's statements. Undefined when a hole holds no text, a text
   * does not analyse, or a caller completes a text (then a `statement` effect lets the call record it, and the
   * statement's data goes as written).
   */
  private spelled(statement: EmbeddedStatement, values: ReadonlyMap<string, AValue>): ReturnType<Engine['analyze']> | undefined {
    if (![...statement.inputs, ...statement.outputs].some((id) => id.includes(PLACEHOLDER_PREFIX))) return undefined;
    const texts = spelledTexts(statement, new Map([...values].map(([token, value]) => [token, value.consts])));
    if (texts.some(hasMarker)) {
      // Tables callers name: their calls record the statement; the data goes as for any table built at run time.
      for (const text of texts) {
        if (!hasMarker(text)) this.engine.recordSpelled(this.entry.key, this.stepIndex, text, this.file, statement.line);
        else this.addEffect({ type: 'statement', text, data: EMPTY, unitKey: this.entry.key, step: this.stepIndex, file: this.file, line: statement.line });
      }
      return undefined;
    }
    const analysed = texts.map((text) => this.engine.analyze(text, this.file, statement.line));
    if (texts.length === 0 || analysed.some((statements) => statements.length === 0)) return undefined;
    const all = analysed.flat();
    this.engine.recordStatements(this.entry.key, this.stepIndex, all.map((s) => s.statement));
    return all;
  }

  /**
   * The statement a query over mapped classes runs (`SELECT c FROM App\Entity\Customer c`): the classes its names stand
   * for, read through the values the step gives them, and the classes their relations point at; undefined when one
   * is not a mapped class of the program.
   */
  private entityStatement(query: string, entities: NonNullable<QueryStep['entities']>, line: number): string | undefined {
    const write = this.engine.options.entityQuery;
    if (!write) return undefined;
    const program = this.engine.program;
    const units = new Map<QueriedClass, number>();
    const mapped = (unit: number): QueriedClass | undefined => {
      const asset = program.units[unit]?.unit.asset;
      if (asset?.kind !== 'table') return undefined;
      const found: QueriedClass = { table: asset.name, attributes: asset.attributes, relations: asset.relations, key: asset.key };
      units.set(found, unit);
      return found;
    };
    return write(query, {
      classNamed: (name) => {
        const entity = entities.find((candidate) => candidate.name === name);
        if (!entity) return undefined;
        for (const callable of this.evalValue(entity.value, line).callables ?? []) {
          const found = mapped(callable.unit);
          if (found) return found;
        }
        return undefined;
      },
      related: (of, field) => {
        const unit = units.get(of);
        const relation = unit === undefined ? undefined : program.units[unit]!.unit.asset?.relations?.find((r) => r.field === field);
        if (unit === undefined || !relation) return undefined;
        for (const target of program.resolveClass(relation.target, program.units[unit]!.module)) {
          const found = mapped(target);
          if (found) return found;
        }
        return undefined;
      },
    });
  }

  /** A statement whose text is a value: resolved through its constants. */
  private query(text: Value, binds: Value | undefined, line: number, callee: string, entities?: QueryStep['entities']): AValue {
    const value = this.evalValue(text, line);
    let result: AValue = EMPTY;
    for (const written of value.consts ?? []) {
      if (hasMarker(written)) continue;
      // A query over mapped classes runs as a statement over their tables.
      const text = entities ? this.entityStatement(written, entities, line) : written;
      if (text === undefined || !/\b(select|insert|update|delete|merge|create|with)\b/i.test(text)) continue;
      // The text comes from elsewhere (a constant of another module): its statements are placed at the call.
      const statements = this.engine.analyze(text.trim(), this.file, line);
      this.engine.recordStatements(this.entry.key, this.stepIndex, statements.map((s) => s.statement));
      for (const { statement, columns, whole } of statements) result = join(result, this.statement(statement, undefined, binds, columns, line, callee, whole));
    }
    // Text a caller completes (a helper running the query it is given): resolved where the constant is known.
    for (const text of value.consts ?? []) {
      if (!hasMarker(text)) continue;
      const id = this.engine.labels.query(text, this.file, line, this.entry.key, this.stepIndex, callee);
      result = join(result, new AValue(new Map([[id, extendTrail(null, this.file, line, `${callee} runs a query its caller names`)]])));
    }
    // ORM statement objects and other non-text values: the result carries their data. A statement built from a list
    // of columns (a record: `select(users.c.id, users.c.email)`) returns rows of that record.
    if (!value.consts) result = join(result, value.fields && !value.callables && !value.instances && value.module === null ? rowSet(dataOf(value)) : flatten(value));
    return result;
  }
}

type Column = { name: string; from?: Array<{ asset: string; column: string }> };

/**
 * The texts a value stands for in a concatenation: its constants, else the paths of the files it is a handle on (a
 * path object joined with more parts: `base / "x.csv"`, `os.path.join(base, "x.csv")`).
 */
function textOf(value: AValue): readonly string[] | null {
  return value.consts ?? filePaths(value);
}

/** Edits whose result is a path (`out.parent`), not a part of one's name (`out.suffix`). */
const PATH_RESULTS: ReadonlySet<PathEdit> = new Set(['parent', 'withName', 'withStem', 'withSuffix', 'normal']);

/** Data only: no functions, objects of classes, modules or handles (a parameter's field, a row's column). */
function plainData(value: AValue): boolean {
  return !value.callables && !value.instances && value.module === null && !value.handles;
}

/**
 * Rows read from an asset: a row set whose rows have one field per known column (labelled with its source
 * column), else the asset's data.
 */
export function readAsset(
  engine: Engine, id: string, columns: Column[] | undefined, file: string, line: number, callee: string, declared?: readonly string[],
  serialised?: Serialised,
): AValue {
  const labels = engine.labels;
  const trail = extendTrail(null, file, line, `read ${id}${callee ? ` (${callee})` : ''}`);
  if (!columns || columns.length === 0) return new AValue(new Map([[labels.source(id, undefined, undefined, file, line, declared, serialised), trail]]));
  const fields = new Map<string, AValue>();
  const byPosition: AValue[] = [];
  for (const column of columns) {
    const sources = column.from && column.from.length > 0 ? column.from : [{ asset: id, column: column.name }];
    const columnLabels = new Map<number, Trail | null>();
    for (const source of sources) columnLabels.set(labels.source(source.asset, source.column, column.name, file, line, declared), trail);
    const value = new AValue(columnLabels);
    fields.set(column.name, value);
    byPosition.push(value);
  }
  // Rows of listed columns are read by position too (`for email, name in rows` of `values_list("email", "name")`),
  // as a query's are.
  byPosition.forEach((value, position) => { if (!fields.has(String(position))) fields.set(String(position), value); });
  return rowSet(new AValue(new Map(), fields, true));
}

/**
 * What was read (`data`, of an asset as a whole) where a library puts it: whole at each of `paths` (`value`,
 * `Messages.*.Body`), so `message.value` is the message's data and not a column `value` of the topic. Every record on
 * the way holds the data too: other members (`message.partition`) are read as columns of it.
 */
function heldAt(data: AValue, paths: readonly string[]): AValue {
  type Tree = Map<string, Tree>;
  const tree: Tree = new Map();
  for (const path of paths) {
    let node = tree;
    for (const segment of path.split('.')) {
      let next = node.get(segment);
      if (!next) node.set(segment, (next = new Map()));
      node = next;
    }
  }
  const build = (node: Tree): AValue => (node.size === 0 ? data : new AValue(data.labels, new Map([...node].map(([segment, child]) => [segment, build(child)])), false));
  return build(tree);
}

/**
 * A table declared in code (`users = Table("users", metadata, ...)`): a handle on it whose data is the table's rows,
 * as a mapped class is, and whose `members` (`users.c`) hold the same rows, so `users.c.email` is the column.
 * Nothing is read here: the data is the table's wherever the value is used.
 */
function declaredAsset(engine: Engine, ids: readonly string[], members: readonly string[], file: string, line: number): AValue {
  const labels = new Map<number, Trail | null>();
  for (const id of ids) labels.set(engine.labels.source(id, undefined, undefined, file, line), extendTrail(null, file, line, `declared ${id}`));
  const rows = new AValue(labels, null, false, null, ids.length > 0 ? [...ids] : null);
  if (members.length === 0) return rows;
  return new AValue(labels, new Map(members.map((member) => [member, rows])), false, null, rows.handles);
}

/** What a statement returns to code: its columns (traced to table columns when known), else its input tables' data. */
export function statementResult(
  engine: Engine, statement: { operation: string; inputs: string[]; outputs?: string[] }, columns: Column[] | undefined, file: string, line: number,
  callee: string, whole?: readonly string[],
): AValue {
  const via = callee ? ` (${callee})` : '';
  // The tables a star returns whole, when each is one the statement reads or writes (`RETURNING *`), not a CTE's name.
  const touched = (id: string) => statement.inputs.includes(id) || (statement.outputs?.includes(id) ?? false);
  const wholly = whole && whole.length > 0 && whole.every(touched) ? whole : undefined;
  // A SELECT's rows, or those a write gives back (`INSERT ... RETURNING id, email`).
  if ((columns && columns.length > 0) || wholly) {
    const fields = new Map<string, AValue>();
    const byPosition: AValue[] = [];
    for (const column of columns ?? []) {
      const labels = new Map<number, Trail | null>();
      for (const t of column.from ?? []) {
        // `*`: a whole row of the table in one column (`row_to_json(u) AS doc`), all of it.
        const id = t.column === '*' ? engine.labels.source(t.asset, undefined, undefined, file, line) : engine.labels.source(t.asset, t.column, column.name, file, line);
        labels.set(id, extendTrail(null, file, line, `read ${t.asset}${t.column === '*' ? '' : `.${t.column}`}${via}`));
      }
      if (!column.from || column.from.length === 0) {
        const trail = extendTrail(null, file, line, `read ${column.name} from ${statement.inputs.join(', ')}${via}`);
        for (const input of statement.inputs) labels.set(engine.labels.source(input, undefined, column.name, file, line), trail);
      }
      const value = new AValue(labels);
      fields.set(column.name, value);
      byPosition.push(value);
    }
    // Rows are also read by position (`row[1]`, `for id, email in rows`): each column under its position too
    // (numeric keys are positions everywhere, never columns), unless a star's columns come first or between.
    if (!wholly) byPosition.forEach((value, position) => fields.set(String(position), value));
    // The tables a star returns are in the row whole: a column not listed is read from them (`row["email"]`).
    let row = new AValue(new Map(), fields, !wholly);
    for (const id of wholly ?? []) row = join(row, readAsset(engine, id, undefined, file, line, callee));
    return fields.size > 0 ? rowSet(row) : row;
  }
  let result: AValue = EMPTY;
  for (const input of statement.inputs) result = join(result, readAsset(engine, input, undefined, file, line, callee));
  return result;
}
