/**
 * Calls -> steps, for any language: the library models decide what a call is, in this order: SQL-carrying,
 * prepared-statement use, sink, write, read, open (a handle), source, mask, key access, propagation; anything else
 * is a plain `call` step the simulator follows into the program's own code. The language extractor describes the
 * call (candidate names, receiver, argument values); this module knows no syntax.
 */
import { nameFrameworkClass } from '../framework-units.js';
import type { AssetRef, CallStep, Part, Value } from '../../facts/schema.js';
import { extendPath, literalText, restOf, separated, singlePath, unionValues } from '../../facts/values.js';
import { handedOver, projectionStep, serialiserStep, serialises, sourceStep, transformOf } from '../modelled-steps.js';
import { firstValue, matchesCall, sqlCallResult, type ArgRef, type ArgText, type ClientModel, type DeferredModel, type SinkModel, type ValueRef } from '../models.js';
import type { CodeUnit } from './context.js';
import type { PreparedStatement } from './prepared.js';
import { emitSql } from './sql.js';
import { applyFormat, constantText, valueTemplate } from './templates.js';
import { pathEdited } from '../path-edits.js';
import { isExternalHost, resolveUrl } from './urls.js';

export interface CallSite {
  /** Candidate callee names, most specific first (receiver type, as written, namespace-qualified). */
  names: string[];
  /** The receiver's last name in snake_case, for receiver conditions. */
  receiverName?: string;
  /** The object of a method call ([] for a function call). */
  receiver: Value;
  args: Value[];
  /** Named arguments (PHP 8 `f(name: $v)`). */
  keywords: Array<{ name: string; value: Value }>;
  /** Arguments spread from a collection (`...$args`). */
  spread?: Value;
  line: number;
  endLine: number;
  /** The callee as a value, so the simulator can find the program's own functions and methods. */
  fn?: Part;
  /** `names[0]` is named after the receiver's known type (`std.ostringstream.operator<<`). */
  typed?: boolean;
  /** `parent::save($row)`: `fn` is the receiver's method, looked up from the bases of the calling method's class. */
  viaBase?: boolean;
  /**
   * The local name of the class a positional argument names (`Customer::class`): where a model's asset is named by
   * that argument, the class stands for the table it maps (`$em->getRepository(Customer::class)`).
   */
  classOf?: (position: number) => string | undefined;
}

type Section = 'sql' | 'sinks' | 'writes' | 'reads' | 'opens' | 'sources' | 'transforms' | 'masks' | 'pathCalls' | 'serialisers' | 'projections' | 'keys' | 'propagate';
const SECTIONS: readonly Section[] = ['sql', 'sinks', 'writes', 'reads', 'opens', 'sources', 'transforms', 'masks', 'pathCalls', 'serialisers', 'projections', 'keys', 'propagate'];

/** The dotted key of a value that is one name read through a path (`stmt`, `this.http`). */
export function valueKey(value: Value): string | undefined {
  const single = singlePath(value);
  if (!single || single.name === undefined) return undefined;
  return [single.name, ...single.path].join('.');
}

/**
 * An argument's text for conditions: a literal or a name as written (`CURLOPT_POSTFIELDS`, `std.cerr`), and the
 * literal text it starts with (`"https://api.example" . $path`).
 */
function argText(u: CodeUnit, site: CallSite, position: number): ArgText | undefined {
  const value = site.args[position];
  if (!value) return undefined;
  const text = literalText(value) ?? valueKey(value);
  const template = valueTemplate(value, (n) => u.valueOf(n));
  const first = template?.pieces[0];
  const prefix = first && 'text' in first ? first.text : undefined;
  return { ...(text !== undefined ? { text } : {}), ...(prefix !== undefined ? { prefix } : {}) };
}

class Args {
  constructor(readonly site: CallSite) {}

  get positional(): readonly Value[] {
    return this.site.args;
  }

  get keywords(): ReadonlyArray<{ name: string; value: Value }> {
    return this.site.keywords;
  }

  get spread(): Value {
    return this.site.spread ?? [];
  }

  get receiver(): Value {
    return this.site.receiver;
  }

  /** Whether the call writes the argument `ref` names. */
  passes(ref: ArgRef): boolean {
    const position = ref.from ?? ref.arg;
    return (position !== undefined && position < this.site.args.length) || (ref.kwarg !== undefined && this.site.keywords.some((k) => k.name === ref.kwarg));
  }

  keywordItems(except?: readonly string[]): Value {
    const entries = this.site.keywords.filter((k) => !except?.includes(k.name)).map((k) => ({ key: k.name, value: k.value }));
    return entries.length > 0 ? [{ items: entries }] : [];
  }

  select(ref: ValueRef, except?: readonly string[]): Value {
    if (typeof ref === 'object' && ref.key !== undefined) return extendPath(this.select({ ...ref, key: undefined }, except), ref.key);
    const site = this.site;
    if (ref === 'receiver') return site.receiver;
    if (ref === 'all') return unionValues([...site.args, this.keywordItems(except), site.spread ?? []]);
    if (ref.kwarg === '*') return unionValues([ref.arg !== undefined ? site.args[ref.arg] ?? [] : [], this.keywordItems(except)]);
    if (ref.from !== undefined && ref.from < site.args.length) return restOf(site.args, ref.from);
    if (ref.arg !== undefined && ref.arg < site.args.length) return site.args[ref.arg]!;
    if (ref.kwarg !== undefined) return site.keywords.find((k) => k.name === ref.kwarg)?.value ?? [];
    return [];
  }

  selectAll(refs: readonly ValueRef[], except?: readonly string[]): Value {
    return unionValues(refs.map((r) => this.select(r, except)));
  }

  /** What names an asset: the argument, or the class it names as a value (its handles name the table it maps). */
  assetName(ref: ValueRef): Value {
    const local = typeof ref === 'object' && ref.arg !== undefined && ref.arg < this.site.args.length ? this.site.classOf?.(ref.arg) : undefined;
    return local !== undefined ? [{ ref: local }] : this.select(ref);
  }
}

/** The asset a model's name (and schema) arguments name: by its text when it is constant, else as a value. */
export function assetRef(kind: string, name: Value, schema: Value | undefined, u: CodeUnit): AssetRef {
  // A schema argument the call does not pass is no part of the name.
  if (schema?.length === 0) schema = undefined;
  const resolve = (n: string) => u.valueOf(n);
  const text = constantText(name, resolve);
  const schemaText = schema ? constantText(schema, resolve) : undefined;
  if (text !== undefined && (schema === undefined || schemaText !== undefined)) return { kind, name: schemaText ? `${schemaText}.${text}` : text };
  const value: Value = schema && schema.length > 0 ? [{ concat: [schema, [{ lit: '.' }], name] }] : name;
  return { kind, value };
}

function plainCall(u: CodeUnit, site: CallSite): Value {
  const step = callStep(site, u.slot());
  u.steps.push(step);
  return [{ slot: step.slot }];
}

function callStep(site: CallSite, slot: number): CallStep {
  return {
    op: 'call', line: site.line, slot, callee: site.names[0]!,
    ...(site.fn ? { fn: site.fn } : site.receiver.length > 0 ? { receiver: site.receiver } : {}),
    ...(site.viaBase && site.fn ? { viaBase: true as const } : {}),
    args: site.args,
    ...(site.keywords.length > 0 ? { kwargs: site.keywords } : {}),
    ...(site.spread && site.spread.length > 0 ? { spread: site.spread } : {}),
  };
}

/**
 * A model that matched the call by its receiver's name only (`*.subscribe` of an object called `$consumer`) may have
 * met an object of the program's own class: the call it stands for, which the simulator follows instead when the
 * callee is the program's code. `slot`: the step's own (a new one when the step has none).
 */
function orCall(u: CodeUnit, site: CallSite, model: { receiver?: string }, slot?: number): { orCall: CallStep } | undefined {
  return model.receiver !== undefined && site.fn && site.receiver.length > 0 ? { orCall: callStep(site, slot ?? u.slot()) } : undefined;
}

/** The value formatted by a `format` argument (`"ssn=%s"`), or undefined when the format is not constant. */
function formatted(u: CodeUnit, site: CallSite, format: ArgRef | undefined, style: 'printf' | 'brace' = 'printf'): Value | undefined {
  if (!format || format.arg === undefined) return undefined;
  const text = site.args[format.arg];
  if (!text) return undefined;
  return applyFormat(text, site.args.slice(format.arg + 1), style, (n) => u.valueOf(n)) ?? undefined;
}

/**
 * A sink through an HTTP client: a request through a client bound to a base URL goes to the target resolved
 * against it, and a client bound to an external host is a vendor's (`third_party`); a target that is a handle
 * bound to a URL (a curl handle) names that URL.
 */
function clientTarget(u: CodeUnit, site: CallSite, model: SinkModel, target: Value | undefined): { kind: string; target?: Value } {
  const key = valueKey(site.receiver);
  const base = key !== undefined ? u.clientOf(key) : undefined;
  if (!base) {
    const handle = target ? valueKey(target) : undefined;
    const bound = handle !== undefined ? u.clientOf(handle) : undefined;
    if (bound) return { kind: model.kind, target: [{ lit: bound }] };
    return { kind: model.kind, ...(target ? { target } : {}) };
  }
  const relative = target ? constantText(target, (n) => u.valueOf(n)) : undefined;
  if (target && target.length > 0 && relative === undefined) return { kind: model.kind, target };
  const url = resolveUrl(base, relative);
  if (!url) return { kind: model.kind, ...(target ? { target } : {}) };
  const kind = model.kind === 'http' && isExternalHost(url) ? 'third_party' : model.kind;
  return { kind, target: [{ lit: url }] };
}

function statementUse(u: CodeUnit, site: CallSite, args: Args): Value | undefined {
  const models = u.file.models;
  const model = models.statements.find(site.names, site.receiverName, (i) => argText(u, site, i));
  if (!model) return undefined;
  const statement = u.prepared.of(args.select(model.handle));
  if (!statement) return undefined;
  switch (model.action) {
    case 'bind': {
      if (model.from !== undefined) {
        site.args.slice(model.from).forEach((value, i) => u.prepared.bind(statement, i, value));
        return [];
      }
      const index = model.index ? args.select(model.index) : [];
      const text = literalText(index);
      const parameter = text === undefined ? undefined : /^\d+$/.test(text) ? Number(text) - model.base : text;
      u.prepared.bind(statement, parameter, model.value ? args.select(model.value) : []);
      return [];
    }
    case 'run': {
      const bound = model.value ? args.select(model.value) : [];
      bindCollection(u, statement, bound);
      u.prepared.run(statement, site.line);
      return u.prepared.rows(statement);
    }
    case 'column': {
      u.prepared.run(statement, site.line);
      const index = model.index ? literalText(args.select(model.index)) : undefined;
      const columns = statement.steps[0]?.columns;
      const position = index !== undefined && /^\d+$/.test(index) ? Number(index) - model.base : undefined;
      const column = position !== undefined ? columns?.[position]?.name : undefined;
      // A column the statement's text does not name (`SELECT *`) is read by its position: one column, not the row.
      const value: Value = [{ slot: statement.slot, path: [column ?? (position !== undefined && position >= 0 ? String(position) : '*')] }];
      const into = model.into ? singlePath(args.select(model.into)) : null;
      if (into?.name !== undefined) u.steps.push({ op: 'assign', line: site.line, target: into.path.length > 0 ? { name: into.name, path: into.path } : { name: into.name }, value, weak: true });
      return value;
    }
  }
}

/**
 * The calls a deferred-call model describes, as call steps: `Job::dispatch($a)` builds `new Job($a)` and runs its
 * `handle()`; `dispatch($job)` runs `$job->handle()`. Nothing when the call names no class or object.
 */
function deferredCall(u: CodeUnit, site: CallSite, args: Args, model: DeferredModel): void {
  type Base = { ref: string } | { slot: number };
  let base: Base;
  let path: string[];
  let name = site.names[0]!;
  if (model.fn === 'receiver') {
    // The receiver is what the callee's value reads the method through: `Job::dispatch` -> `Job`.
    const fn = site.fn;
    if (!fn || !('path' in fn) || !fn.path || fn.path.length === 0 || !('ref' in fn || 'slot' in fn)) return;
    base = 'ref' in fn ? { ref: fn.ref } : { slot: fn.slot };
    path = fn.path.slice(0, -1);
    name = name.slice(0, Math.max(0, name.lastIndexOf('.')));
  } else {
    const target = singlePath(args.select(model.fn));
    if (!target) return;
    base = target.name !== undefined ? { ref: target.name } : { slot: target.slot! };
    path = target.path;
    name = valueKey(args.select(model.fn)) ?? name;
  }
  // A consumer's callback: the message read from the queue is one of its arguments.
  const message = model.message;
  let read: Value | undefined;
  if (message && args.passes(message.name)) {
    const slot = u.slot();
    u.steps.push({
      op: 'read', line: site.line, slot, callee: site.names[0]!, asset: assetRef(message.asset, args.assetName(message.name), undefined, u),
      ...(message.members ? { members: message.members } : {}),
    });
    read = [{ slot }];
  }
  const { positional, kwargs, spread } = handedOver(model, args, read);
  const handed = { args: positional, ...(kwargs.length > 0 ? { kwargs } : {}), ...(spread.length > 0 ? { spread } : {}) };
  const part = (b: Base, p: string[]): Part => (p.length > 0 ? { ...b, path: p } : b);
  // Neither call is made when the call is the program's own method (an event dispatcher of its own named `dispatch`).
  const unless = site.fn ? { unless: site.fn } : {};
  const method = model.method;
  if (model.construct) {
    // `Job::dispatch($a)`: the object is built with the arguments, then its method runs with none.
    const slot = u.slot();
    u.steps.push({ op: 'call', line: site.line, slot, callee: name, fn: part(base, path), ...handed, ...unless });
    if (method) u.steps.push({ op: 'call', line: site.line, slot: u.slot(), callee: `${name}.${method}`, fn: { slot, path: [method] }, args: [], ...unless });
    return;
  }
  u.steps.push({
    op: 'call', line: site.line, slot: u.slot(), callee: method ? `${name}.${method}` : name,
    fn: part(base, method ? [...path, method] : path), ...handed, ...unless,
  });
}

/** `execute([$a, $b])` / `execute(['email' => $e])`: each element bound by position or name. */
function bindCollection(u: CodeUnit, statement: PreparedStatement, bound: Value): void {
  if (bound.length === 0) return;
  if (bound.length === 1 && 'items' in bound[0]!) {
    let position = 0;
    for (const entry of bound[0].items) u.prepared.bind(statement, entry.key ?? position++, entry.value);
    return;
  }
  u.prepared.bind(statement, undefined, bound);
}

/** Emits the steps of a call and returns the value of its result. */
export function applyCall(u: CodeUnit, site: CallSite): Value {
  const all = u.file.models;
  const names = site.names;
  const receiverName = site.receiverName;
  const texts = new Map<number, ArgText | undefined>();
  const text = (i: number) => {
    if (!texts.has(i)) texts.set(i, argText(u, site, i));
    return texts.get(i);
  };
  // A call the scan's own models (the manifest's) match is what they say: the built-in models are not consulted.
  const own = all.own && SECTIONS.some((section) => all.own![section].find(names, receiverName, text) !== undefined) ? all.own : undefined;
  const models = own ?? all;
  const args = new Args(site);
  const line = site.line;
  // A client bound to a URL: recorded whatever else the call is (a curl option is also a sink of its URL).
  const client = all.clients.find(names, receiverName, text);
  const clientUrl = client ? boundUrl(u, args, client) : undefined;
  if (client?.into && clientUrl) {
    const key = valueKey(args.select(client.into));
    if (key !== undefined) u.clients.set(key, clientUrl);
  }

  // `Auth::user()`: an object of a framework's class (the signed-in user), by the name the file knows the class by.
  const framework = all.frameworkCalls.find(names, receiverName);
  if (framework) return [{ ref: nameFrameworkClass(u.file.frameworkNames, framework.model, line) }];

  // `SyncContact::dispatch($id)`: a worker builds the job and runs its `handle()`. The call is still what it is.
  const deferred = all.deferred.find(names, receiverName, text);
  if (deferred) deferredCall(u, site, args, deferred);

  // A model naming the receiver's type exactly wins over patterns of every section (`std.ostringstream.operator<<`
  // collects text even when the stream is called `sql`); otherwise the sections are tried in order.
  const only = site.typed ? SECTIONS.find((section) => models[section].find([names[0]!], receiverName, text)?.call === names[0]) : undefined;
  const find = <S extends Section>(section: S): ReturnType<CodeUnit['file']['models'][S]['find']> | undefined =>
    (only === undefined || only === section ? models[section].find(names, receiverName, text) : undefined) as ReturnType<CodeUnit['file']['models'][S]['find']> | undefined;
  const matched = (model: { call: string }) => names.find((name) => matchesCall(model.call, name)) ?? names[0]!;
  const sql = find('sql');
  if (sql) {
    const handleRef = sql.handle;
    const handle = handleRef === undefined || handleRef === 'result' ? undefined : valueKey(args.select(handleRef));
    const result = emitSql(u, {
      callee: matched(sql), line, text: args.select({ arg: sql.arg, ...(sql.kwarg ? { kwarg: sql.kwarg } : {}) }),
      binds: sql.binds ? args.select(sql.binds) : sql.bindsFrom !== undefined && sql.params !== 'printf'
        ? [{ items: site.args.slice(sql.bindsFrom).map((value) => ({ value })) }] : [],
      ...(sql.bindsFrom !== undefined ? { operands: site.args.slice(sql.bindsFrom) } : {}),
      ...(sql.numberedBindsFrom !== undefined ? { positional: site.args } : {}),
      model: sql, ...(handle !== undefined ? { handle } : {}), receiver: site.receiver,
    });
    return sqlCallResult(sql, result);
  }
  const statement = only === undefined && own === undefined ? statementUse(u, site, args) : undefined;
  if (statement) return statement;

  const sink = find('sinks');
  if (sink) {
    let value = sink.data ? args.selectAll(sink.data, sink.except) : args.select('all', sink.except);
    const format = formatted(u, site, sink.format, sink.style);
    if (format) value = unionValues([format, sink.data ? [] : args.keywordItems(sink.except)]);
    const { kind, target } = clientTarget(u, site, sink, sink.target ? args.select(sink.target) : undefined);
    const asset = sink.asset ?? (kind !== sink.kind ? 'api' : undefined);
    // A sink that also makes a client (`curl_init($url)` sends the URL and returns the handle bound to it).
    const slot = client && !client.into && clientUrl ? u.slot() : undefined;
    const alternative = slot === undefined ? orCall(u, site, sink) : undefined;
    u.steps.push({
      op: 'sink', line, ...(site.endLine > line ? { endLine: site.endLine } : {}), ...(slot !== undefined ? { slot } : {}), kind, callee: matched(sink), value,
      ...(target && target.length > 0 ? { target } : {}), ...(asset ? { asset } : {}), ...(sink.handleTarget ? { handleTarget: true } : {}), ...alternative,
    });
    if (alternative) return [{ slot: alternative.orCall.slot }];
    if (slot === undefined) return [];
    u.clients.set(`#${slot}`, clientUrl!);
    return [{ slot }];
  }
  const write = find('writes');
  if (write) {
    const asset = assetRef(write.asset, args.assetName(write.name), write.schema ? args.select(write.schema) : undefined, u);
    const columns = write.kwargsAreColumns ? site.keywords.map((k) => ({ name: k.name, value: k.value })) : undefined;
    let value = formatted(u, site, write.format) ?? args.select(write.value);
    if (write.from) {
      const slot = u.slot();
      const from = assetRef(write.from.asset, args.assetName(write.from.name), write.from.schema ? args.select(write.from.schema) : undefined, u);
      u.steps.push({ op: 'read', line, slot, callee: matched(write), asset: from });
      value = [{ slot }];
    }
    u.steps.push({
      op: 'write', line, callee: matched(write), asset, value,
      ...(columns && columns.length > 0 ? { columns } : {}), ...(write.sink ? { sink: write.sink } : {}),
    });
    if (write.name !== 'receiver') return [];
    // A write through a handle the receiver holds (`$user->save()`, `User::create([...])`) may also be the
    // program's own method, still followed; its result is the record written, not data about its arguments.
    if (site.fn) plainCall(u, site);
    return unionValues([site.receiver, value]);
  }
  const read = find('reads');
  if (read) {
    const slot = u.slot();
    const asset = assetRef(read.asset, separated(args.assetName(read.name), read.separator), read.schema ? args.select(read.schema) : undefined, u);
    const listed = read.columns ? listedColumns(read.columns === 'all' ? site.args.flat() : args.select(read.columns)) : undefined;
    const joined = read.with ? args.select(read.with) : [];
    u.steps.push({
      op: 'read', line, slot, callee: matched(read), asset, ...(listed ? { columns: listed.map((name) => ({ name })) } : {}),
      ...(joined.length > 0 ? { with: joined } : {}), ...(read.members ? { members: read.members } : {}), ...orCall(u, site, read, slot),
    });
    return [{ slot }];
  }
  const open = find('opens');
  if (open) {
    const slot = u.slot();
    const mode = (open.mode ? literalText(args.select(open.mode)) : undefined) ?? open.modeIs;
    const reads = mode === undefined || /[r+]/.test(mode);
    u.steps.push({
      op: 'open', line, slot, callee: matched(open), asset: assetRef(open.asset, args.assetName(open.name), undefined, u), ...(reads ? { read: true } : {}),
      ...(open.members ? { members: open.members } : {}), ...orCall(u, site, open, slot),
    });
    // `out.open(path)`: the object is the handle from now on; `rd_kafka_subscribe(rk, topics)`: the argument.
    const into = open.into ? singlePath(args.select(open.into)) : open.name !== 'receiver' ? singlePath(site.receiver) : null;
    if (into?.name !== undefined) u.steps.push({ op: 'assign', line, target: into.path.length > 0 ? { name: into.name, path: into.path } : { name: into.name }, value: [{ slot }], weak: true });
    return [{ slot }];
  }
  const source = find('sources');
  if (source) {
    const step = sourceStep(source, matched(source), line, () => u.slot(), site.args, source.nameFrom ? literalText(args.select(source.nameFrom)) : undefined);
    if (step) {
      u.steps.push(step);
      return [{ slot: step.slot }];
    }
  }
  const transform = find('transforms');
  if (transform) {
    const slot = u.slot();
    u.steps.push({ op: 'call', line, slot, callee: matched(transform), args: [unionValues([site.receiver, args.select('all')])], transform: transformOf(transform) });
    return [{ slot }];
  }
  const mask = find('masks');
  if (mask) {
    const slot = u.slot();
    u.steps.push({ op: 'call', line, slot, callee: matched(mask), args: [unionValues([site.receiver, args.select('all')])], masks: true });
    return [{ slot }];
  }
  const pathEdit = find('pathCalls');
  if (pathEdit) return pathEdited(pathEdit, args.select(pathEdit.of), pathEdit.to ? args.select(pathEdit.to) : undefined);
  const select = (ref: ArgRef) => args.select(ref);
  const projectionModel = find('projections');
  const projection = projectionModel ? projectionStep(projectionModel, site.receiver, select, matched(projectionModel), line, () => u.slot()) : undefined;
  if (projection) {
    u.steps.push(projection);
    return [{ slot: projection.slot }];
  }
  const serialiser = find('serialisers');
  if (serialiser && serialises(serialiser, select)) {
    const slot = u.slot();
    u.steps.push(serialiserStep(serialiser, unionValues([site.receiver, args.select('all')]), select, matched(serialiser), line, slot));
    return [{ slot }];
  }
  const key = find('keys');
  if (key) {
    const of = args.select(key.of);
    // Matched by the receiver's name only (`$consumer->consume()`): a method of the program's own class still runs.
    if (key.key === 'element' && key.receiver !== undefined && site.fn) {
      const step = callStep(site, u.slot());
      u.steps.push({ ...step, otherwise: extendPath(of, '*') });
      return [{ slot: step.slot }];
    }
    if (key.key === 'element') return extendPath(of, '*');
    if (key.key === 'value') return firstValue(of);
    const keyValue = args.select(key.key);
    const keyText = literalText(keyValue);
    return keyText !== undefined ? extendPath(of, keyText) : [{ index: of, key: keyValue }];
  }
  const propagate = find('propagate');
  if (propagate) {
    const data = formatted(u, site, propagate.format, propagate.style) ?? args.selectAll(propagate.from);
    const into = propagate.into ?? 'receiver';
    if (into === 'result') return data;
    const found = singlePath(into === 'receiver' ? site.receiver : args.select(into));
    const target = found && propagate.element ? { ...found, path: [...found.path, '*'] } : found;
    if (target?.name !== undefined) {
      // Appending into a receiver adds to it; copying into an argument (`strcpy`, `snprintf`) replaces it.
      if (into === 'receiver' || target.path.length > 0) u.steps.push({ op: 'assign', line, target: target.path.length > 0 ? { name: target.name, path: target.path } : { name: target.name }, value: data, weak: true });
      else u.assign(target.name, undefined, data, line);
      // Text is remembered per name, an element's too (`array_push($parts, "a = ?")` before an implode).
      if (found?.path.length === 0) rememberText(u, target.name, data, into === 'receiver');
      // `obj.insert(x)` may also be the program's own method: it is still followed.
      if (into === 'receiver' && site.fn) return unionValues([site.receiver, plainCall(u, site)]);
      return into === 'receiver' ? site.receiver : args.select(into);
    }
    if (into !== 'receiver') return data;
  }
  const result = plainCall(u, site);
  if (client && !client.into && clientUrl) u.clients.set(`#${(result[0] as { slot: number }).slot}`, clientUrl);
  return result;
}

/**
 * Stores into objects the models name as sinks: by the stored-into name's type or the name itself, or its first
 * field (`$_SESSION['email'] = ...`, `$span->meta['k'] = ...`, `session["email"] = ...`).
 */
export function storeSink(u: CodeUnit, name: string, path: readonly string[], value: Value, line: number): void {
  const type = u.typeOf(name);
  const names = [type, name, type && path[0] ? `${type}.${path[0]}` : undefined, path[0] ? `${name}.${path[0]}` : undefined]
    .filter((n): n is string => n !== undefined);
  const model = u.file.models.stores.find(names, undefined);
  if (model) u.steps.push({ op: 'sink', line, kind: model.kind, callee: `${names[0]}[]`, value });
}

/** The URL a client model binds: an argument, or a key of an array argument (`['base_uri' => ...]`). */
function boundUrl(u: CodeUnit, args: Args, model: ClientModel): string | undefined {
  const ref = { ...(model.url.arg !== undefined ? { arg: model.url.arg } : {}), ...(model.url.kwarg ? { kwarg: model.url.kwarg } : {}) };
  const value = model.url.key !== undefined ? extendPath(args.select(ref), model.url.key) : args.select(ref);
  return constantText(value, (n) => u.valueOf(n));
}

/**
 * Text written into a buffer or appended to a string or text stream (`snprintf(sql, n, "...%s", x)`,
 * `ss << "WHERE id = " << id`, `sql.append(...)`) is what the name holds from now on, for later SQL.
 */
function rememberText(u: CodeUnit, name: string, data: Value, append: boolean): void {
  const previous = append ? u.valueOf(name) : null;
  if (append && !previous && !data.some((p) => 'lit' in p || 'concat' in p)) return;
  u.remember(name, u.typeOf(name), previous ? [{ concat: [previous, data] }] : data);
}

/** Column names listed literally (`select('id', 'email')`, `['id', 'email']`). */
function listedColumns(value: Value): string[] | undefined {
  const items = value.length === 1 && 'items' in value[0]! ? value[0].items.map((entry) => entry.value) : value.map((part) => [part]);
  const names = items.map((entry) => literalText(entry));
  return names.every((n): n is string => n !== undefined) && names.length > 0 ? names : undefined;
}

/**
 * The type a call returns according to the models (`spdlog.get` -> `spdlog.logger`); `classOf` tells the class an
 * argument names, for models whose result is of that class (`$container->get(Mailer::class)`).
 */
export function modelledType(
  u: CodeUnit, names: readonly string[], receiverName: string | undefined, classOf?: (position: number) => string | undefined,
): string | undefined {
  const model = u.file.models.types.find(names, receiverName);
  if (!model) return undefined;
  if (model.classFrom?.arg !== undefined && classOf) {
    const named = classOf(model.classFrom.arg);
    if (named) return named;
  }
  return model.returns || undefined;
}

/**
 * What an assignment to a name or receiver path (`stmt`, `this.http`) carries over from its value: the prepared
 * statement or HTTP client the value is the handle of.
 */
export function noteAssignment(u: CodeUnit, key: string, value: Value): void {
  u.prepared.assigned(key, value);
  const single = singlePath(value);
  let base: string | undefined;
  if (single?.slot !== undefined && single.path.length === 0) base = u.clients.get(`#${single.slot}`);
  else if (single?.name !== undefined) base = u.clientOf([single.name, ...single.path].join('.'));
  if (base === undefined) return;
  u.clients.set(key, base);
  if (key.startsWith('this.') && u.className) u.file.clients.set(`${u.className}.${key.slice(5)}`, base);
  else if (u.isModule) u.file.clients.set(key, base);
}
