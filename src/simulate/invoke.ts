/**
 * Calls into the program's own code: arguments are bound to the callee's parameters and its summary is
 * completed with them. Parameter labels become the arguments' data (through the path the callee read), markers
 * in constant strings become the arguments' constants, and the callee's effects land in the caller: flow hits,
 * writes to assets now named, stores into the caller's objects. Classes construct instances and run `__init__`.
 */
import type { Step, Value } from '../facts/schema.js';
import { access, store, withoutField } from './access.js';
import { isAssetId } from './naming.js';
import { statementResult, WORK_BUDGET, type Frame } from './frame.js';
import type { Engine } from './engine.js';
import type { LabelData, LabelTable } from './labels.js';
import { MARK } from './labels.js';
import { settleEdits } from './path-edits.js';
import { sinkKind } from './sink-kind.js';
import type { SinkRef } from './summary.js';
import {
  AValue, allLabels, bounded, concatTrail, copyMap, EMPTY, extendTrail, filePaths, hasMarker, join, LIMITS, relabelled, shallow, truncate, withoutSymbols, type Callable, type Trail,
} from './values.js';

export interface CallArgs {
  positional: AValue[];
  keywords: Array<{ name: string; value: AValue }>;
  spread: AValue;
  /** The argument expressions, to store back into the caller's variables. */
  argValues: Value[];
}

interface Binding {
  frame: Frame;
  params: AValue[];
  /** Caller's variable behind each parameter (for stores into arguments). */
  sources: Array<{ name: string; path: string[] } | undefined>;
  file: string;
  line: number;
  calleeName: string;
  paramNames: string[];
  /** Parameter label -> the argument's value read through its path (each computed once per call). */
  reads: Map<number, AValue>;
  /** Unmasked parameter label -> the argument read through its path and the name it was read as, while class fields stay unchanged. */
  prefixes: Map<number, ParamRead>;
  passedNote?: string;
}

/** Binds arguments to parameters: positions, keywords, `*args`, `**kwargs`, defaults left symbolic. */
function bind(frame: Frame, callee: number, args: CallArgs, self: AValue | undefined, line: number): Binding {
  const entry = frame.engine.program.units[callee]!;
  const params = entry.unit.params ?? [];
  const values: AValue[] = [];
  const sources: Binding['sources'] = [];
  let position = 0;
  let first = 0;
  if (self && entry.bound) {
    values[0] = self;
    first = 1;
  }
  const argSource = (value: Value | undefined) => {
    const part = value && value.length === 1 ? value[0]! : undefined;
    return part && 'ref' in part ? { name: part.ref, path: part.path ?? [] } : undefined;
  };
  for (let i = first; i < params.length; i++) {
    const param = params[i]!;
    if (param.kind === 'varargs') {
      let rest = EMPTY;
      for (let k = position; k < args.positional.length; k++) rest = join(rest, args.positional[k]!);
      values[i] = new AValue(new Map(), new Map([['*', truncate(join(rest, args.spread), LIMITS.depth - 1)]]), false);
      position = args.positional.length;
      continue;
    }
    if (param.kind === 'kwargs') {
      const fields = new Map<string, AValue>();
      for (const k of args.keywords) {
        if (!params.some((p) => p.name === k.name) && fields.size < LIMITS.fields) fields.set(k.name, truncate(k.value, LIMITS.depth - 1));
      }
      values[i] = new AValue(new Map(), fields, false);
      continue;
    }
    const keyword = args.keywords.find((k) => k.name === param.name);
    if (param.kind !== 'keyword' && position < args.positional.length) {
      values[i] = args.positional[position]!;
      sources[i] = argSource(args.argValues[position]);
      position++;
    } else if (keyword) values[i] = keyword.value;
    else {
      // Spread arguments (`f(*args, **kwargs)`) fill it, with the default if it has one.
      const spread = spreadItem(frame.engine, args.spread, param.kind === 'keyword' ? -1 : position++ - args.positional.length);
      const fallback = param.default ? frame.engine.defaultValue(callee, param.default) : undefined;
      values[i] = !fallback ? spread : args.spread.empty ? fallback : join(fallback, spread);
    }
  }
  return {
    frame, params: values, sources, file: frame.file, line, calleeName: entry.unit.name, reads: new Map(), prefixes: new Map(),
    paramNames: params.map((p) => p.name),
  };
}

interface ParamRead {
  value: AValue;
  /** The callee's own name for the data (`row.email`), so flows say how the code read it. */
  name: string | undefined;
  version: number;
}

/**
 * The argument behind an unmasked parameter label, read through the label's path. Labels sharing a path prefix
 * (`p.a.b`, `p.a.c`) share its reads, as long as no class field changed since (reads through instances see them).
 */
function readParam(binding: Binding, id: number): ParamRead {
  const engine = binding.frame.engine;
  const cached = binding.prefixes.get(id);
  if (cached && cached.version === engine.fieldsVersion) return cached;
  const label = engine.labels.get(id);
  const parent = engine.labels.paramParent(id);
  let read: ParamRead;
  if (parent === undefined) {
    read = { value: binding.params[label.param!] ?? EMPTY, name: binding.paramNames[label.param!], version: engine.fieldsVersion };
  } else {
    const before = readParam(binding, parent);
    const segment = label.path![label.path!.length - 1]!;
    const name = segment === '*' ? before.name : before.name ? `${before.name}.${segment}` : segment;
    const value = before.value.empty ? before.value : access(engine, before.value, segment, name);
    read = { value, name, version: engine.fieldsVersion };
  }
  binding.prefixes.set(id, read);
  return read;
}

/**
 * An argument without keys the callee took out of it (`payload.pop("email")`): its fields, and the columns of a row
 * it holds whole.
 */
function withoutKeys(arg: AValue, keys: readonly string[], labels: LabelTable): AValue {
  let out = arg;
  for (const key of keys) out = withoutField(out, [key]);
  return relabelled(out, (id) => labels.wholeKeeping(id, { hidden: [...keys] }), LIMITS.depth);
}

/** The argument behind a masked parameter label, read through its path. */
function readMasked(binding: Binding, label: LabelData): AValue {
  let arg = binding.params[label.param!] ?? EMPTY;
  let name = binding.paramNames[label.param!];
  for (const segment of label.path ?? []) {
    if (arg.empty) break;
    if (segment !== '*') name = name ? `${name}.${segment}` : segment;
    // Only the labels of what is read are used (the caller's data, hidden): no bound methods are built.
    arg = access(binding.frame.engine, arg, segment, name, true);
  }
  return arg;
}

/**
 * What a spread argument gives the parameter at `index` of those it fills: the item at that position when the spread
 * value has positions (`f(*(email, phone))`, a row of known columns), else all of it.
 */
function spreadItem(engine: Engine, spread: AValue, index: number): AValue {
  return index >= 0 && spread.fields?.has(String(index)) ? access(engine, spread, String(index), undefined) : spread;
}

/** Constant strings with parameter markers completed from the arguments (every combination, bounded). */
function completeConsts(texts: readonly string[] | null, binding: Binding): string[] | null {
  if (!texts) return null;
  const out: string[] = [];
  for (const text of texts) {
    if (!hasMarker(text)) {
      out.push(text);
      continue;
    }
    const pieces = text.split(MARK);
    let combos = [''];
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i % 2 === 0) {
        combos = combos.map((c) => c + piece);
        continue;
      }
      const [index, ...path] = piece.split('.');
      let value = binding.params[Number(index)] ?? EMPTY;
      for (const segment of path) value = access(binding.frame.engine, value, segment, undefined);
      // A path object passed (`save(Path("/srv/out.csv"))`) stands for its file's path.
      const options = value.consts ?? filePaths(value) ?? [];
      const next: string[] = [];
      for (const combo of combos) for (const option of options) if (next.length < LIMITS.consts) next.push(combo + option);
      combos = next;
    }
    for (const combo of combos) {
      const settled = settleEdits(combo);
      if (settled !== undefined && out.length < LIMITS.consts) out.push(settled);
    }
  }
  return out.length > 0 ? [...new Set(out)] : null;
}

/** A callee value seen from the caller: parameters replaced by arguments, trails continued. */
/** Values with nothing to complete (no parameter, query or marker inside), remembered per value. */
const settled = new WeakMap<AValue, boolean>();

function isSettled(value: AValue, binding: Binding, depth = 0): boolean {
  const known = settled.get(value);
  if (known !== undefined) return known;
  let result = !(value.consts?.some(hasMarker) || value.handles?.some(hasMarker));
  if (result) for (const id of value.labels.keys()) if (binding.frame.engine.isSymbolic(id)) { result = false; break; }
  if (result && value.fields && depth < LIMITS.depth) for (const field of value.fields.values()) if (!isSettled(field, binding, depth + 1)) { result = false; break; }
  settled.set(value, result);
  return result;
}

export function complete(value: AValue, binding: Binding, depth = 0): AValue {
  if (value.empty || isSettled(value, binding, depth)) return value;
  const engine = binding.frame.engine;
  const labels = engine.labels;
  const ownLabels = value.labels;
  let out = EMPTY;
  // Labels that need no completion are kept as they are (no copy): most values of most calls. Completed labels
  // of arguments that are plain data go straight into `kept` (no intermediate values).
  let kept: Map<number, Trail | null> | null = null;
  // The labels before `id`, once a label needs completing (maps are walked with forEach: no entry arrays).
  const keepBefore = (id: number): Map<number, Trail | null> => {
    const map = new Map<number, Trail | null>();
    for (const before of ownLabels.keys()) {
      if (before === id) break;
      map.set(before, ownLabels.get(before)!);
    }
    return map;
  };
  // A whole parameter already brings all of its argument: the parts of it read through paths add nothing.
  let whole: Set<number> | null = null;
  // A parameter the callee neither hid nor changed: its argument as it is.
  const asGiven = (label: LabelData) => label.kind === 'param' && !label.masked && !label.transforms && !label.shown && !label.without;
  for (const id of ownLabels.keys()) {
    const label = labels.get(id);
    if (asGiven(label) && (label.path?.length ?? 0) === 0) (whole ??= new Set()).add(label.param!);
  }
  ownLabels.forEach((trail, id) => {
    if (!labels.symbolic(id)) {
      kept?.set(id, trail);
      return;
    }
    kept ??= keepBefore(id);
    const label = labels.get(id);
    if (whole && asGiven(label) && (label.path?.length ?? 0) > 0 && whole.has(label.param!)) return;
    if (label.kind === 'param') {
      let arg = binding.reads.get(id);
      if (!arg) {
        arg = label.masked ? readMasked(binding, label) : readParam(binding, id).value;
        binding.reads.set(id, arg);
      }
      if (label.without) arg = withoutKeys(arg, label.without, labels);
      if (arg.empty) return;
      if (label.masked) {
        // The callee hid what it was given (a hash of the argument): the caller's data, without its sensitivity.
        const hidden = new Map<number, Trail | null>();
        allLabels(arg).forEach((argTrail, argId) => hidden.set(labels.masked(argId), argTrail));
        out = join(out, new AValue(hidden));
        return;
      }
      if (label.transforms || label.shown) {
        // The callee sanitized what it was given, or showed it whole (a serialiser): the caller's data, changed alike.
        const changed = new Map<number, Trail | null>();
        for (const [argId, argTrail] of allLabels(arg)) {
          const next = labels.alike(argId, label);
          changed.set(next, engine.traced(next) && !engine.isSymbolic(next) ? concatTrail(extendTrail(argTrail, binding.file, binding.line, binding.passedNote ??= `passed to ${binding.calleeName}()`), trail) : argTrail);
        }
        out = join(out, new AValue(changed));
        return;
      }
      const note = binding.passedNote ??= `passed to ${binding.calleeName}()`;
      const plain = !arg.fields && !arg.consts && !arg.handles && !arg.callables && !arg.instances && arg.module === null;
      if (plain) {
        const into = kept;
        if (into.size >= LIMITS.labels) return;
        arg.labels.forEach((argTrail, argId) => {
          if (into.size >= LIMITS.labels || into.has(argId)) return;
          // Only data that can be reported (concrete and sensitive) gets the callee's part of the trail.
          const traced = engine.traced(argId) && !engine.isSymbolic(argId);
          into.set(argId, traced ? concatTrail(extendTrail(argTrail, binding.file, binding.line, note), trail) : argTrail);
        });
        return;
      }
      // The argument takes the parameter's place `depth` levels down: cut to what is left of the depth bound, or
      // every call level would nest it deeper (values grew to tens of thousands of fields, 10 levels deep).
      arg = truncate(arg, LIMITS.depth - depth);
      let passed: Map<number, Trail | null> | null = null;
      const argLabels = arg.labels;
      argLabels.forEach((argTrail, argId) => {
        if (!engine.traced(argId) || engine.isSymbolic(argId)) return;
        passed ??= copyMap(argLabels);
        passed.set(argId, concatTrail(extendTrail(argTrail, binding.file, binding.line, note), trail));
      });
      out = join(out, new AValue(passed ?? argLabels, arg.fields, arg.closed, arg.consts, arg.handles, arg.callables, arg.instances, arg.module));
      return;
    }
    if (label.kind === 'query') {
      out = join(out, completeQuery(label, binding));
      return;
    }
    const into = kept;
    for (const asset of completeConsts([label.asset!], binding) ?? []) if (isAssetId(asset)) into.set(labels.withAsset(id, asset), trail);
  });
  let fields: Map<string, AValue> | null = null;
  if (value.fields && depth < LIMITS.depth) {
    fields = new Map();
    for (const [key, field] of value.fields) fields.set(key, complete(field, binding, depth + 1));
  }
  const consts = value.consts && value.consts.some(hasMarker) ? completeConsts(value.consts, binding) : value.consts;
  const completedHandles = value.handles && value.handles.some(hasMarker) ? completeConsts(value.handles, binding)?.filter(isAssetId) : undefined;
  const handles = completedHandles === undefined ? value.handles : completedHandles.length > 0 ? completedHandles : null;
  const own = new AValue(kept ?? value.labels, fields ?? value.fields, value.closed, consts, handles, value.callables, value.instances, value.module);
  const completed = out === EMPTY ? own : join(own, out, depth);
  return depth === 0 ? bounded(completed) : completed;
}

/** A query whose text the caller names: analysed now, its statements recorded at the step that runs it. */
function completeQuery(label: LabelData, binding: Binding): AValue {
  const engine = binding.frame.engine;
  let out = EMPTY;
  for (const text of completeConsts([label.text!], binding) ?? []) {
    if (hasMarker(text)) {
      out = join(out, new AValue(new Map([[engine.labels.query(text, label.file!, label.line!, label.unitKey!, label.step!, label.callee!), null]])));
      continue;
    }
    const statements = engine.analyze(text.trim(), label.file!, label.line!);
    engine.recordStatements(label.unitKey!, label.step!, statements.map((s) => s.statement));
    for (const { statement, columns } of statements) out = join(out, statementResult(engine, statement, columns, label.file!, label.line!, label.callee!));
  }
  return out;
}

function completeSink(sink: SinkRef, binding: Binding): SinkRef {
  if (!sink.targets.some(hasMarker)) return sink;
  const targets = [...new Set(completeConsts(sink.targets, binding) ?? [])].sort();
  return { ...sink, kind: sinkKind(sink.kind, targets), targets };
}

/** Runs a call to `callable` with the caller's arguments; returns the result's abstract value. */
/** Parameters an effect's data or names depend on (computed once per effect). */
const effectParams = new WeakMap<object, number[]>();

function paramsOf(frame: Frame, effect: object, values: readonly AValue[], texts: readonly string[]): number[] {
  let params = effectParams.get(effect);
  if (params) return params;
  const set = new Set<number>();
  for (const value of values) {
    for (const id of allLabels(value).keys()) {
      const label = frame.engine.labels.get(id);
      if (label.kind === 'param') set.add(label.param!);
      else if (frame.engine.labels.symbolic(id)) set.add(-1);
    }
  }
  for (const text of texts) for (const match of text.matchAll(/\u0000(\d+)/g)) set.add(Number(match[1]));
  params = [...set];
  effectParams.set(effect, params);
  return params;
}

/**
 * A new object with the attributes its constructor set from the running unit's parameters. Class fields keep only
 * what is known in every unit (a parameter means nothing outside its own), so a factory (`def make(v): return
 * Wrapper(v)`) would otherwise return an object whose `make(password).data` is nothing: the object carries them, and
 * each caller of the factory completes them with its arguments.
 */
function withAttributes(engine: Engine, instance: AValue, given: ReadonlyMap<string, AValue>): AValue {
  let fields: Map<string, AValue> | null = null;
  for (const [name, value] of given) {
    if (withoutSymbols(value, (id) => engine.isSymbolic(id)) === value) continue;
    // Flat, as class fields are.
    fields ??= new Map(instance.fields ?? []);
    fields.set(name, join(fields.get(name) ?? EMPTY, shallow(value)));
  }
  return fields ? new AValue(instance.labels, fields, false, null, instance.handles, null, instance.instances) : instance;
}

/** Whether completing the effect with these arguments can give anything. */
function carries(binding: Binding, params: readonly number[]): boolean {
  for (const index of params) {
    if (index < 0) return true;
    const arg = binding.params[index];
    if (arg && !arg.empty) return true;
  }
  return false;
}

/**
 * Calls `callable`. `given`, when constructing: collects the attributes the constructor sets on the new object from
 * what depends on the running unit's parameters, which class fields do not keep (see withAttributes).
 */
export function invoke(
  frame: Frame, callable: Callable, args: CallArgs, step: Extract<Step, { op: 'call' }>, receiver: AValue, given?: Map<string, AValue>,
): AValue {
  const engine = frame.engine;
  const program = engine.program;
  const target = program.units[callable.unit]!;
  if (target.unit.kind === 'class') {
    let instance = new AValue(new Map(), null, false, null, engine.classHandles(callable.unit), null, [callable.unit]);
    if (target.unit.asset) {
      // Mapped classes take their columns as keyword arguments.
      const fields = new Map<string, AValue>();
      for (const k of args.keywords) fields.set(k.name, k.value);
      instance = new AValue(instance.labels, fields, false, null, instance.handles, null, instance.instances);
    }
    // A record class without a constructor of its own (a dataclass, a pydantic model): its attributes are what the
    // call gives, in order or by keyword, or in a mapping spread into it (`Signup(**payload)`).
    const recordFields = program.methodsOf(callable.unit, '__init__').length === 0 ? program.recordFields(callable.unit) : undefined;
    if (recordFields && recordFields.length > 0) {
      const fields = new Map(instance.fields ?? []);
      recordFields.forEach((name, position) => {
        const value = args.positional[position];
        if (value) fields.set(name, value);
      });
      for (const k of args.keywords) if (recordFields.includes(k.name)) fields.set(k.name, k.value);
      if (!args.spread.empty) {
        for (const name of recordFields) if (!fields.has(name)) fields.set(name, access(engine, args.spread, name, name));
      }
      if (fields.size > 0) instance = new AValue(instance.labels, fields, false, null, instance.handles, null, instance.instances);
    }
    // A repository of a mapped class (`CustomerRepository`): what its queries return are the table's rows.
    const entities = engine.repositoryOf(callable.unit);
    if (entities.length > 0) instance = new AValue(engine.tableRows(entities).labels, null, false, null, instance.handles, null, instance.instances);
    const given = new Map<string, AValue>();
    for (const init of program.methodsOf(callable.unit, '__init__')) {
      invoke(frame, { unit: init, self: instance }, args, step, instance, given);
    }
    return given.size === 0 ? instance : withAttributes(engine, instance, given);
  }
  const summary = engine.summaryOf(callable.unit, frame.unitIndex);
  if (!summary) return EMPTY;
  // Most callees neither depend on their arguments nor leave effects: their result is the same for every call.
  if (summary.effects.length === 0 && (summary.ret.empty || settled.get(summary.ret) === true)) return summary.ret;
  const self = callable.self ?? (target.bound ? receiver : undefined);
  const binding = bind(frame, callable.unit, args, self, step.line);
  if (target.unit.accessor) binding.passedNote = `read through the property ${binding.calleeName}`;
  const wasInheriting = frame.inheriting;
  frame.inheriting = true;
  if (frame.work + summary.effects.length > WORK_BUDGET) frame.overBudget = true;
  for (const effect of frame.overBudget ? [] : summary.effects) {
    frame.work++;
    const texts = effect.type === 'sink' ? effect.sink.targets : effect.type === 'write' ? [effect.asset, ...(effect.sink?.targets ?? [])]
      : effect.type === 'statement' ? [effect.text] : [];
    if (!carries(binding, paramsOf(frame, effect, [effect.data], texts))) continue;
    frame.inheritedHops = effect.hops;
    switch (effect.type) {
      case 'sink': {
        const sink = completeSink(effect.sink, binding);
        const data = complete(effect.data, binding);
        frame.reach(data, sink);
        break;
      }
      case 'write': {
        const assets = hasMarker(effect.asset) ? (completeConsts([effect.asset], binding) ?? []).filter(isAssetId) : [effect.asset];
        const data = complete(effect.data, binding);
        const sink = effect.sink ? completeSink(effect.sink, binding) : undefined;
        for (const asset of assets) frame.write(asset, data, step.line, effect.callee, effect.code, sink);
        break;
      }
      case 'statement': {
        // A statement's table named by this call's arguments: recorded at its step once no marker is left.
        for (const text of completeConsts([effect.text], binding) ?? []) {
          if (hasMarker(text)) frame.addEffect({ ...effect, text });
          else engine.recordSpelled(effect.unitKey, effect.step, text, effect.file, effect.line);
        }
        break;
      }
      case 'mutate': {
        const data = complete(effect.data, binding);
        const argument = binding.params[effect.param] ?? EMPTY;
        engine.storeThroughInstance(argument, effect.path, data, frame.unitIndex);
        if (given && effect.param === 0 && effect.path.length === 1 && effect.path[0] !== '*') given.set(effect.path[0]!, join(given.get(effect.path[0]!) ?? EMPTY, data));
        const source = binding.sources[effect.param];
        if (source) {
          const root = frame.lookup(source.name);
          frame.env.set(source.name, store(root, [...source.path, ...effect.path], data));
        }
        let flat: AValue | undefined;
        for (const id of argument.labels.keys()) {
          const label = engine.labels.get(id);
          if (label.kind === 'param') frame.addEffect({ type: 'mutate', param: label.param!, path: [...(label.path ?? []), ...effect.path], data: flat ??= shallow(data) });
        }
        break;
      }
    }
  }
  frame.inheriting = wasInheriting;
  return complete(summary.ret, binding);
}
