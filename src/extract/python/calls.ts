/**
 * Calls -> steps. The library models decide what a call is, in this order: SQL-carrying, sink, write, read,
 * open (a handle), source, mask, key access, propagation into the receiver; anything else is a plain `call` step
 * that the simulator follows into the repository's own code.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { AssetRef, CallStep, Part, Value } from '../../facts/schema.js';
import { extendPath, joined, literalList, literalText, separated, singlePath, unionValues } from '../../facts/values.js';
import { frameworkClassCall } from './framework-classes.js';
import { argNode, ArgValues, argumentNodes, type ArgNodes } from './arguments.js';
import { calleeNames, describeCallee, type Callee } from './callees.js';
import type { CallModels, UnitBuilder } from './context.js';
import { evaluate } from './expressions.js';
import { child, kind, textOf } from './nodes.js';
import { targetPath } from './targets.js';
import { firstValue, matchesCall, sqlCallResult, type ArgRef, type ArgText, type DeferredModel, type ReadModel, type TableModel, type ValueRef, type WriteModel } from '../models.js';
import { dumpOptions } from './schema-classes.js';
import { calledBack, handedOver, projectionStep, serialiserStep, serialises, sourceStep, transformOf } from '../modelled-steps.js';
import { dbtModelRead } from './dbt-model.js';
import { handleSql } from './sql.js';
import { constantString, templateOf } from './strings.js';
import { pathEdited } from '../path-edits.js';

function assetRef(kind: string, name: Value, schema: Value | undefined): AssetRef {
  // A schema argument the call does not pass (`schema=` left out) is no part of the name.
  if (schema?.length === 0) schema = undefined;
  const text = literalText(name);
  const schemaText = schema ? literalText(schema) : undefined;
  if (text !== undefined && (schema === undefined || schemaText !== undefined)) return { kind, name: schemaText ? `${schemaText}.${text}` : text };
  const value: Value = schema && schema.length > 0 ? [{ concat: [schema, [{ lit: '.' }], name] }] : name;
  return { kind, value };
}

/** The callee as a value: `{ref:"f"}`, `{ref:"self",path:["load"]}`; its prefix is the receiver. */
export function calleePart(b: UnitBuilder, fn: Node, receiver: Value): Part | undefined {
  if (kind(fn) === 'identifier') return { ref: b.local(textOf(fn)) };
  if (kind(fn) !== 'attribute') return undefined;
  const attribute = child(fn, -1);
  const method = attribute ? textOf(attribute) : undefined;
  const base = singlePath(receiver);
  if (!method || !base) return undefined;
  const path = [...base.path, method];
  return base.name !== undefined ? { ref: base.name, path } : { slot: base.slot!, path };
}

/**
 * Whether the call passes what names a read's or write's asset: `df.to_csv()` without a path returns the text, and
 * `spark.read.format("jdbc").option("dbtable", t).load()` has read what `option` named (the receiver's data).
 */
function namesSomething(nodes: ArgNodes, ref: ValueRef): boolean {
  return typeof ref !== 'object' || argNode(nodes, ref) !== undefined;
}

/** A positional argument's text for models' conditions: a literal, or a name as written; and its literal start. */
function argText(nodes: ArgNodes, position: number): ArgText | undefined {
  const node = nodes.positional[position];
  if (!node) return undefined;
  if (node.type === 'identifier' || node.type === 'attribute') return { text: node.text };
  const template = templateOf(node);
  if (!template) return undefined;
  const first = template.pieces[0];
  const text = template.pieces.every((p) => 'text' in p) ? template.pieces.map((p) => ('text' in p ? p.text : '')).join('') : undefined;
  return { ...(text !== undefined ? { text } : {}), ...(first && 'text' in first ? { prefix: first.text } : {}) };
}

/** Whether an argument is written as a class: a capitalised name, alone or after a module (`models.User`). */
function namesClass(args: ArgValues, ref: ValueRef): boolean {
  const node = typeof ref === 'object' ? argNode(args.nodes, ref) : undefined;
  if (!node) return false;
  const last = kind(node) === 'attribute' ? child(node, -1) : node;
  return last !== null && last !== undefined && kind(last) === 'identifier' && /^[A-Z]/.test(textOf(last));
}

/**
 * Whether a write model applies: one with `statement` only when the argument naming the asset is written as a call
 * of one of those (`conn.execute(users.insert(), rows)`, `session.execute(insert(User), rows)`).
 */
function runsStatement(b: UnitBuilder, nodes: ArgNodes, write: WriteModel): boolean {
  if (!write.statement) return true;
  const node = typeof write.name === 'object' ? argNode(nodes, write.name) : undefined;
  // `stmt = insert(audit)` earlier in the function: the name's type is the call it holds.
  const held = node && kind(node) === 'identifier' ? b.typeOf(textOf(node)) : undefined;
  if (held) return write.statement.some((pattern) => matchesCall(pattern, held));
  if (!node || kind(node) !== 'call') return false;
  const fn = child(node, 0);
  if (!fn) return false;
  const names = calleeNames(describeCallee(b, fn));
  return write.statement.some((pattern) => names.some((name) => matchesCall(pattern, name)));
}

/** The columns a table declaration lists: positional arguments that are calls of a column model, by their first argument. */
function declaredColumns(b: UnitBuilder, args: ArgValues, table: TableModel): string[] {
  const columns = new Set<string>();
  for (const node of args.nodes.positional) {
    if (kind(node) !== 'call') continue;
    const fn = child(node, 0);
    if (!fn) continue;
    const names = calleeNames(describeCallee(b, fn));
    if (!table.columns.some((pattern) => names.some((name) => matchesCall(pattern, name)))) continue;
    const name = firstStringArgument(node);
    if (name) columns.add(name);
  }
  return [...columns].sort();
}

/** The literal first argument of a call node (`Column("email", ...)`, `.label("to")`). */
function firstStringArgument(call: Node): string | undefined {
  const fn = child(call, 0);
  const last = child(call, -1);
  const first = argumentNodes(last && last !== fn ? last : null).positional[0];
  return first ? constantString(first)?.text : undefined;
}

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

export function handleCall(b: UnitBuilder, node: Node, depth: number): Value {
  const written = child(node, 0);
  const last = child(node, -1);
  const given = argumentNodes(last && last !== written ? last : null);
  if (!written) return [];
  // `warn(r.email)` where `warn = functools.partial(log.warning, "user %s")`: the call of the function it binds.
  const bound = kind(written) === 'identifier' ? throughPartial(b, textOf(written), given) : undefined;
  const fn = bound?.fn ?? written;
  const nodes = bound?.nodes ?? given;
  const callee = describeCallee(b, fn);
  const names = calleeNames(callee);
  const models = b.file.models;
  const line = lineOf(node);
  // `super().save(row)`: the receiver itself, the method looked up from the class's bases.
  const viaBase = superReceiver(b, fn);
  const receiver = viaBase !== undefined ? [{ ref: viaBase }] : callee.receiver ? evaluate(b, callee.receiver, depth + 1) : [];

  const dbtRead = b.file.dbtModel ? dbtModelRead(b, callee, last && last !== fn ? last : null, line) : undefined;
  if (dbtRead) return dbtRead;
  const frameworkClass = frameworkClassCall(b.file, names, callee.receiverName, line);
  if (frameworkClass) return frameworkClass;
  const built = recordBuilt(b, fn, nodes, line, depth);
  if (built) return built;
  const found = models.classifyCall(names, callee.receiverName, (position) => argText(nodes, position));
  const sql = found.sql;
  // `conn.execute(users.insert(), rows)`: a statement built for a table and the rows it writes. The call is still
  // read as SQL too: the first argument may be text after all (a helper of the program named `insert`).
  const statementWrite = found.write?.statement && runsStatement(b, nodes, found.write) ? found.write : undefined;
  // Both readings need the arguments: they are evaluated once.
  const evaluated = statementWrite ? new ArgValues(b, nodes, receiver, depth) : undefined;
  if (sql) {
    const handled = handleSql(b, { node, nodes, callee, model: sql, receiver, line, depth, ...(evaluated ? { args: evaluated } : {}) });
    if (handled) {
      if (statementWrite) modelledCall(b, node, callee, names, { write: statementWrite }, evaluated!, line);
      return sqlCallResult(sql, handled);
    }
  }
  // `map(lambda r: r["email"], rows)`: the lambda runs with each element.
  const callback = models.callbacks.find(names, callee.receiverName);
  const elements = callback?.elements;
  const args = evaluated ?? new ArgValues(b, nodes, receiver, depth, undefined, elements);
  // `task.delay(x)`, `pool.submit(fn, x)`: the function runs with those arguments. The call itself is still what
  // it is (a method of the program's own named `submit` is followed too).
  const deferred = models.deferred.find(names, callee.receiverName);
  const ran = deferred ? deferredCall(b, deferred, callee, names, args, line, calleePart(b, fn, receiver)) : undefined;
  const value = modelledCall(b, node, callee, names, found, args, line) ?? plainCall(b, fn, callee, args, line);
  const result = callback?.returns && elements && args.results.length > 0 ? calledBack(callback.returns, args.results, args.select(elements.of))
    : ran ? unionValues([value, ran]) : value;
  // `CustomerSchema(exclude=("phone",)).dump(c)`: what the schema dumps without the fields its options leave out.
  const options = kind(fn) === 'attribute' ? dumpOptions(b, callee.receiver, textOf(child(fn, -1)!)) : undefined;
  if (!options) return result;
  const slot = b.slot();
  b.steps.push({ op: 'call', line, slot, callee: names[0]!, args: [result], project: options });
  return [{ slot }];
}

/**
 * `UserOut.model_validate(user)` (a record class's builder, on a capitalised name): the class called with the
 * object's attributes, `UserOut(**user)`, so a record class of the program takes each of its fields from it by name.
 */
function recordBuilt(b: UnitBuilder, fn: Node, nodes: ArgNodes, line: number, depth: number): Value | undefined {
  if (kind(fn) !== 'attribute') return undefined;
  const object = child(fn, 0);
  const method = child(fn, -1);
  const first = nodes.positional[0];
  if (!object || !method || !first || !b.file.models.recordBuilders.has(textOf(method))) return undefined;
  const last = kind(object) === 'attribute' ? child(object, -1) : object;
  if (!last || kind(last) !== 'identifier' || !/^[A-Z]/.test(textOf(last))) return undefined;
  const classPart = calleePart(b, object, []);
  if (!classPart) return undefined;
  const slot = b.slot();
  b.steps.push({ op: 'call', line, slot, callee: describeCallee(b, object).written, fn: classPart, args: [], spread: evaluate(b, first, depth + 1) });
  return [{ slot }];
}

/**
 * The call a deferred-call model describes (`send_welcome.delay(email)` runs `send_welcome(email)`), as a call step
 * of the function it names; undefined when the call names no function (`x.submit()`).
 */
function deferredCall(b: UnitBuilder, model: DeferredModel, callee: Callee, names: string[], args: ArgValues, line: number, call: Part | undefined): Value | undefined {
  if (model.named) return namedTaskCall(b, model, args, line);
  let fnNode = model.fn === 'receiver' ? callee.receiver : argNode(args.nodes, model.fn);
  // `pool.submit(partial(send, session), x)`: `send` runs with `session` first.
  const partial = fnNode && kind(fnNode) === 'call' ? partialOf(b, fnNode) : undefined;
  if (partial) fnNode = partial.fn;
  // A function is named (`notify`, `self.tasks.sync`); anything else (`form.submit(payload["email"])`) is no task.
  if (!fnNode || (kind(fnNode) !== 'identifier' && kind(fnNode) !== 'attribute')) return undefined;
  const target = singlePath(partial ? evaluate(b, fnNode) : model.fn === 'receiver' ? args.receiver : args.select(model.fn));
  if (!target) return undefined;
  const fn: Part = target.name !== undefined ? { ref: target.name, ...(target.path.length > 0 ? { path: target.path } : {}) } : { slot: target.slot!, ...(target.path.length > 0 ? { path: target.path } : {}) };
  const name = model.fn === 'receiver' && !partial ? names[0]!.slice(0, Math.max(0, names[0]!.lastIndexOf('.'))) : b.file.resolveDotted(textOf(fnNode));
  // A consumer's callback: the message read from the queue is one of its arguments.
  const message = model.message;
  let read: Value | undefined;
  if (message && argNode(args.nodes, message.name)) {
    const slot = b.slot();
    b.steps.push({ op: 'read', line, slot, callee: names[0]!, asset: assetRef(message.asset, args.select(message.name), undefined), ...(message.members ? { members: message.members } : {}) });
    read = [{ slot }];
  }
  const { positional: given, kwargs: named, spread } = handedOver(model, args, read);
  // The arguments a partial bound come first.
  const positional = partial ? [...partial.positional, ...given] : given;
  const kwargs = partial ? [...partial.kwargs, ...named] : named;
  const slot = b.slot();
  b.steps.push({
    op: 'call', line, slot, callee: name || names[0]!, fn, args: positional,
    ...(kwargs.length > 0 ? { kwargs } : {}), ...(spread.length > 0 ? { spread } : {}),
    // Not when the call is the program's own method (`todo.add_task(fn, x)` of a class that only stores `fn`).
    ...(call ? { unless: call } : {}),
  });
  return [{ slot }];
}

/** A function's dotted name, its module's and its own (`billing.tasks.charge`). */
const DOTTED_FUNCTION = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/;

/**
 * A deferred call whose function is named by its dotted name as text (`app.send_task("billing.tasks.charge",
 * args=[card])`): the file imports that name (without running anything) and calls it with the arguments.
 */
function namedTaskCall(b: UnitBuilder, model: DeferredModel, args: ArgValues, line: number): Value | undefined {
  const node = model.fn === 'receiver' ? undefined : argNode(args.nodes, model.fn);
  const name = node ? constantString(node)?.text : undefined;
  if (name === undefined || !DOTTED_FUNCTION.test(name)) return undefined;
  if (!b.file.imports.some((entry) => entry.local === name)) b.file.imports.push({ local: name, target: name, line });
  const { positional, kwargs, spread } = handedOver(model, args, undefined);
  const slot = b.slot();
  b.steps.push({
    op: 'call', line, slot, callee: name, fn: { ref: name }, args: positional,
    ...(kwargs.length > 0 ? { kwargs } : {}), ...(spread.length > 0 ? { spread } : {}),
  });
  return [{ slot }];
}

/**
 * Columns the calls before a read name (`Order.objects.annotate(email=F("customer__email")).values("email")`): by the
 * keyword each is given to, the text of the expression that names it.
 */
function annotatedColumns(b: UnitBuilder, receiver: Node | undefined, model: NonNullable<ReadModel['annotations']>): Map<string, string> | undefined {
  let out: Map<string, string> | undefined;
  for (let node = receiver, guard = 0; node && kind(node) === 'call' && guard < 32; guard++) {
    const fn = node.childForFieldName('function');
    if (!fn || kind(fn) !== 'attribute') break;
    const method = fn.childForFieldName('attribute')?.text;
    if (method && model.methods.includes(method)) {
      const args = argumentNodes(node.childForFieldName('arguments'));
      for (const [name, value] of args.keywords) {
        if (kind(value) !== 'call' || out?.has(name)) continue;
        const expression = value.childForFieldName('function');
        const written = expression ? describeCallee(b, expression).written : '';
        const first = argumentNodes(value.childForFieldName('arguments')).positional[0];
        const text = first ? constantString(first)?.text : undefined;
        if (text !== undefined && model.expressions.some((pattern) => matchesCall(pattern, written))) (out ??= new Map()).set(name, text);
      }
    }
    node = fn.childForFieldName('object') ?? undefined;
  }
  return out;
}

function modelledCall(b: UnitBuilder, node: Node, callee: Callee, names: string[], found: CallModels, args: ArgValues, line: number): Value | undefined {
  const sink = found.sink;
  if (sink) {
    let value = sink.data ? args.selectAll(sink.data, sink.except) : args.select('all', sink.except);
    if (sink.format) value = formatted(args, sink.format.arg ?? 0) ?? value;
    const endLine = node.endPosition.row + 1;
    const target = sink.target ? args.select(sink.target) : undefined;
    const alternative = orCall(b, node, callee, args, sink, line);
    b.steps.push({
      op: 'sink', line, ...(endLine > line ? { endLine } : {}), kind: sink.kind, callee: names[0]!, value,
      ...(target && target.length > 0 ? { target } : {}), ...(sink.asset ? { asset: sink.asset } : {}), ...(sink.handleTarget ? { handleTarget: true } : {}), ...alternative,
    });
    return alternative ? [{ slot: alternative.orCall.slot }] : [];
  }
  const write = found.write;
  if (write && runsStatement(b, args.nodes, write) && namesSomething(args.nodes, write.name)) {
    const asset = assetRef(write.asset, args.select(write.name), write.schema ? args.select(write.schema) : undefined);
    const columns = [
      ...(write.positionalColumns ?? []).flatMap((name, position) => (args.positional[position] ? [{ name, value: args.positional[position]! }] : [])),
      ...(write.kwargsAreColumns ? args.keywords.map((k) => ({ name: k.name, value: k.value })) : []),
    ];
    let value = args.select(write.value);
    if (write.from) {
      const slot = b.slot();
      const from = assetRef(write.from.asset, args.select(write.from.name), write.from.schema ? args.select(write.from.schema) : undefined);
      b.steps.push({ op: 'read', line, slot, callee: names[0]!, asset: from });
      value = [{ slot }];
    }
    // `target_fields=["email", "phone"]`: each row's items go to those columns, by position.
    const rowColumns = write.rowColumns ? literalList(args.select(write.rowColumns)) : undefined;
    if (rowColumns) {
      const row = extendPath(value, '*');
      value = [{ items: rowColumns.map((name, position) => ({ key: name, value: extendPath(row, String(position)) })) }];
    }
    // A model for any receiver (`*.save`) may have met an object of the program's own class (a serializer's save()).
    const alternative = write.call.startsWith('*.') ? orCall(b, node, callee, args, { receiver: '*' }, line) : undefined;
    b.steps.push({
      op: 'write', line, callee: names[0]!, asset, value,
      ...(columns.length > 0 ? { columns } : {}), ...(write.sink ? { sink: write.sink } : {}), ...alternative,
    });
    return alternative ? [{ slot: alternative.orCall.slot }] : [];
  }
  const read = found.read;
  if (read && (!read.nameIsClass || namesClass(args, read.name)) && namesSomething(args.nodes, read.name)) {
    const slot = b.slot();
    const asset = assetRef(read.asset, separated(args.select(read.name), read.separator), read.schema ? args.select(read.schema) : undefined);
    const listed = read.columns ? literalList(read.columns === 'all' ? args.positional.flat() : args.select(read.columns)) : undefined;
    const withTables = read.with ? args.select(read.with) : [];
    const annotated = read.annotations && listed ? annotatedColumns(b, callee.receiver, read.annotations) : undefined;
    const columns = listed?.map((name) => {
      const lookup = annotated?.get(name);
      return lookup !== undefined ? { name, lookup } : { name };
    });
    b.steps.push({
      op: 'read', line, slot, callee: names[0]!, asset, ...(columns ? { columns } : {}),
      ...(columns && read.lookups && columns.some((c) => (c.lookup ?? c.name).includes(read.lookups!)) ? { lookups: read.lookups } : {}),
      ...(withTables.length > 0 ? { with: withTables } : {}), ...(read.members ? { members: read.members } : {}),
      ...orCall(b, node, callee, args, read, line, slot),
    });
    return [{ slot }];
  }
  const open = found.open;
  if (open) {
    const slot = b.slot();
    const mode = open.mode ? literalText(args.select(open.mode)) : undefined;
    const reads = mode === undefined || /[r+]/.test(mode);
    b.steps.push({
      op: 'open', line, slot, callee: names[0]!, asset: assetRef(open.asset, args.select(open.name), undefined), ...(reads ? { read: true } : {}),
      ...(open.members ? { members: open.members } : {}), ...orCall(b, node, callee, args, open, line, slot),
    });
    // `consumer.subscribe(["orders"])`: an object (not a module: `gzip.open(path)`) is the handle from now on.
    const into = open.name !== 'receiver' && !receivesModule(b, callee) ? singlePath(args.receiver) : null;
    if (into?.name !== undefined) b.steps.push({ op: 'assign', line, target: into.path.length > 0 ? { name: into.name, path: into.path } : { name: into.name }, value: [{ slot }], weak: true });
    return [{ slot }];
  }
  const table = found.table;
  if (table) {
    const slot = b.slot();
    const asset = assetRef(table.asset, args.select(table.name), table.schema ? args.select(table.schema) : undefined);
    const declares = { columns: declaredColumns(b, args, table), ...(table.members.length > 0 ? { members: table.members } : {}) };
    b.steps.push({ op: 'open', line, slot, callee: names[0]!, asset, declares });
    return [{ slot }];
  }
  const source = found.source;
  if (source) {
    const step = sourceStep(source, names[0]!, line, () => b.slot(), args.positional, source.nameFrom ? literalText(args.select(source.nameFrom)) : undefined);
    if (step) {
      b.steps.push(step);
      return [{ slot: step.slot }];
    }
  }
  if (found.transform) {
    const slot = b.slot();
    b.steps.push({ op: 'call', line, slot, callee: names[0]!, args: [unionValues([args.receiver, args.select('all')])], transform: transformOf(found.transform) });
    return [{ slot }];
  }
  if (found.join) {
    const parts = found.join.withReceiver ? [args.receiver, ...args.positional] : args.positional;
    // Parts spread from a list (`os.path.join(*parts)`): which goes where is unknown.
    return args.spread.length > 0 ? unionValues([...parts, args.spread]) : joined(parts, found.join.separator);
  }
  if (found.pathEdit) {
    const edit = found.pathEdit;
    return pathEdited(edit, args.select(edit.of), edit.to ? args.select(edit.to) : undefined);
  }
  if (found.mask) {
    const slot = b.slot();
    b.steps.push({ op: 'call', line, slot, callee: names[0]!, args: [unionValues([args.receiver, args.select('all')])], masks: true });
    return [{ slot }];
  }
  const select = (ref: ArgRef) => args.select(ref);
  const projection = found.projection ? projectionStep(found.projection, args.receiver, select, names[0]!, line, () => b.slot()) : undefined;
  if (projection) {
    b.steps.push(projection);
    return [{ slot: projection.slot }];
  }
  if (found.serialiser && serialises(found.serialiser, select)) {
    const slot = b.slot();
    b.steps.push(serialiserStep(found.serialiser, unionValues([args.receiver, args.select('all')]), select, names[0]!, line, slot));
    return [{ slot }];
  }
  const key = found.key;
  if (key) {
    const of = args.select(key.of);
    // Matched by the receiver's name only (`consumer.poll()`): a method of the program's own class is still followed.
    const fn = key.receiver !== undefined && callee.receiver ? child(node, 0) : null;
    if (fn && key.key === 'element') return plainCall(b, fn, callee, args, line, extendPath(of, '*'));
    if (key.key === 'element') return extendPath(of, '*');
    if (key.key === 'value') return firstValue(of);
    const keyNode = argNode(args.nodes, key.key);
    const keyValue = args.select(key.key);
    const text = literalText(keyValue);
    if (keyNode && text !== undefined) {
      const fnNode = child(node, 0);
      // By a text key only: `queue.pop(0)` takes a position out, and the rest move up.
      const byName = keyNode.type === 'string';
      const receiver = key.removes && byName && key.of === 'receiver' && fnNode?.type === 'attribute' ? fnNode.childForFieldName('object') : null;
      const held = receiver ? targetPath(receiver) : null;
      if (!held) return extendPath(of, text);
      // `payload.pop("password")`: the value is read before the key is taken out, so it is kept under a name of
      // its own (no Python name has a dot), then the field is removed from what the receiver's name holds.
      const taken = `${receiver!.text}.pop(${JSON.stringify(text)})`;
      b.steps.push({ op: 'assign', line, target: { name: taken }, value: extendPath(of, text) });
      b.steps.push({ op: 'remove', line, target: { name: held.name, path: [...held.path, text] } });
      return [{ ref: taken }];
    }
    return [{ index: of, key: keyValue }];
  }
  const propagate = found.propagate;
  // Only into the result: the call's value is what `from` names (`select(...).where(criteria)` is the select),
  // unless it is a method of the program's own.
  if (propagate?.into === 'result') {
    const value = (propagate.rows ? columnRecord(args, propagate.alias) : undefined) ?? args.selectAll(propagate.from);
    const fn = child(node, 0);
    return fn ? plainCall(b, fn, callee, args, line, value) : value;
  }
  if (propagate && callee.receiver) {
    const into = singlePath(args.receiver);
    if (into?.name !== undefined) {
      const path = propagate.element ? [...into.path, '*'] : into.path;
      b.steps.push({ op: 'assign', line, target: path.length > 0 ? { name: into.name, path } : { name: into.name }, value: args.selectAll(propagate.from), weak: true });
      // `store.add(x)` may also be the program's own method: it is still followed.
      const fn = child(node, 0);
      return fn ? unionValues([args.receiver, plainCall(b, fn, callee, args, line)]) : args.receiver;
    }
  }
  return undefined;
}

/**
 * The record a statement's column list makes (`select(users.c.id, users.c.email.label("to"))`): each column under its
 * name and at its position. Undefined unless every positional argument names a column.
 */
function columnRecord(args: ArgValues, alias: string | undefined): Value | undefined {
  let nodes = args.nodes.positional;
  let values = args.positional;
  // SQLAlchemy 1.x spelled the list out: select([users.c.id, users.c.email]). Its value holds the elements in order.
  const list = nodes.length === 1 && kind(nodes[0]!) === 'list' ? nodes[0]! : undefined;
  if (list) {
    const part = values[0]?.length === 1 ? values[0][0] : undefined;
    const items = part && 'items' in part ? part.items : undefined;
    nodes = list.namedChildren.filter((n): n is Node => n !== null && kind(n) !== 'comment');
    if (!items || items.length !== nodes.length || items.some((item) => item.key !== undefined)) return undefined;
    values = items.map((item) => item.value);
  }
  if (nodes.length === 0 || args.nodes.spreads.length > 0) return undefined;
  const names = nodes.map((node) => columnName(node, alias));
  if (names.some((name) => name === undefined)) return undefined;
  const items = [
    ...names.map((name, i) => ({ key: name!, value: values[i]! })),
    ...values.map((value) => ({ value })),
  ];
  return [{ items }];
}

/**
 * `users.c.email` -> `email`; with `alias` the method naming a column, `expr.label("to")` -> `to`; anything else names
 * no column. A capitalised name is a class (`select(models.User)`), not a column.
 */
function columnName(node: Node, alias: string | undefined): string | undefined {
  if (kind(node) === 'attribute') {
    const last = child(node, -1);
    const name = last && kind(last) === 'identifier' ? textOf(last) : undefined;
    return name !== undefined && !/^[A-Z]/.test(name) ? name : undefined;
  }
  if (kind(node) !== 'call' || alias === undefined) return undefined;
  const fn = child(node, 0);
  const method = fn && kind(fn) === 'attribute' ? child(fn, -1) : undefined;
  return method && textOf(method) === alias ? firstStringArgument(node) : undefined;
}

/** `("ssn=%s id=%d", ssn, id)` as one concatenation, so each value stays next to the text that names it. */
function formatted(args: ArgValues, position: number): Value | undefined {
  const format = args.positional[position];
  const text = format ? literalText(format) : undefined;
  if (text === undefined || !text.includes('%')) return undefined;
  const operands = args.positional.slice(position + 1);
  const parts: Value[] = [];
  let last = 0;
  let next = 0;
  for (const match of text.matchAll(/%(?:\([^)]*\))?[-+ #0]*\d*(?:\.\d+)?[sdifrxXeEgGcoa%]/g)) {
    if (match[0] === '%%') continue;
    parts.push([{ lit: text.slice(last, match.index) }]);
    last = match.index + match[0].length;
    if (next < operands.length) parts.push(operands[next++]!);
  }
  parts.push([{ lit: text.slice(last) }]);
  const rest = operands.slice(next);
  return unionValues([[{ concat: parts }], ...rest, args.keywordItems(), args.spread]);
}

/** A call step; `otherwise`: its value when the callee is not the program's (a model's `into: result`). */
function plainCall(b: UnitBuilder, fn: Node, callee: Callee, args: ArgValues, line: number, otherwise?: Value): Value {
  const step = callStep(b, fn, callee, args, line, b.slot(), otherwise);
  b.steps.push(step);
  return [{ slot: step.slot }];
}

/**
 * The receiver's name when `fn` is a method of `super()` (`super().save`, `super(Export, self).run`) in a method:
 * the call runs the bases' method with the same receiver.
 */
function superReceiver(b: UnitBuilder, fn: Node): string | undefined {
  if (kind(fn) !== 'attribute' || b.kind !== 'method') return undefined;
  const object = child(fn, 0);
  const called = object && kind(object) === 'call' ? child(object, 0) : undefined;
  if (!called || kind(called) !== 'identifier' || textOf(called) !== 'super') return undefined;
  return b.params[0]?.name;
}

function callStep(b: UnitBuilder, fn: Node, callee: Callee, args: ArgValues, line: number, slot: number, otherwise?: Value): CallStep {
  const fnPart = calleePart(b, fn, args.receiver);
  const viaBase = superReceiver(b, fn) !== undefined && fnPart !== undefined;
  return {
    op: 'call', line, slot, callee: calleeNames(callee)[0]!,
    ...(fnPart ? { fn: fnPart } : args.receiver.length > 0 ? { receiver: args.receiver } : {}),
    ...(viaBase ? { viaBase: true as const } : {}),
    args: args.positional,
    ...(args.keywords.length > 0 ? { kwargs: args.keywords } : {}),
    ...(args.spread.length > 0 ? { spread: args.spread } : {}),
    ...(otherwise ? { otherwise } : {}),
  };
}

/** Names and literals: what a function made with arguments bound can be read again from, with no step. */
const SIMPLE = new Set(['identifier', 'attribute', 'string', 'integer', 'float', 'true', 'false', 'none']);

/**
 * `functools.partial(send, session, retries=3)` as a `partials` model reads it: the function, named, and the
 * arguments bound first (their data when they are names or literals, which are read again here with no step).
 */
function partialOf(b: UnitBuilder, node: Node): { fn: Node; positional: Value[]; kwargs: Array<{ name: string; value: Value }> } | undefined {
  const partial = partialArguments(b, node);
  if (!partial) return undefined;
  // An argument that is not a name or a literal (`session=requests.Session()`) is bound, but to no data here: the
  // partial's call evaluated it already, and reading it again would repeat its steps.
  const bound = (n: Node): Value => (SIMPLE.has(kind(n)) ? evaluate(b, n) : []);
  return {
    fn: partial.fn,
    positional: partial.nodes.positional.map(bound),
    kwargs: [...partial.nodes.keywords].map(([name, value]) => ({ name, value: bound(value) })),
  };
}

/** The function a `partials` call binds and the arguments it binds, as written (none spread). */
function partialArguments(b: UnitBuilder, node: Node): { fn: Node; nodes: ArgNodes } | undefined {
  const fn = child(node, 0);
  const last = child(node, -1);
  if (!fn || kind(node) !== 'call') return undefined;
  const model = b.file.models.partials.find(calleeNames(describeCallee(b, fn)), undefined);
  if (!model) return undefined;
  const written = argumentNodes(last && last !== fn ? last : null);
  const target = argNode(written, model.fn);
  if (!target || written.spreads.length > 0) return undefined;
  const keywords = new Map([...written.keywords].filter(([name]) => name !== model.fn.kwarg));
  return { fn: target, nodes: { positional: written.positional.slice(model.from), keywords, spreads: [] } };
}

/**
 * A `partials` call whose bound arguments are names or literals, which a later call of the result can read again
 * as its own first arguments.
 */
export function partialCall(b: UnitBuilder, node: Node): boolean {
  return partialNodes(b, node) !== undefined;
}

function partialNodes(b: UnitBuilder, node: Node): { fn: Node; nodes: ArgNodes } | undefined {
  const partial = partialArguments(b, node);
  if (!partial) return undefined;
  const bound = [...partial.nodes.positional, ...partial.nodes.keywords.values()];
  return bound.every((n) => SIMPLE.has(kind(n))) ? partial : undefined;
}

/** The function a name made by a partial call binds, with the bound arguments first and then the given ones. */
function throughPartial(b: UnitBuilder, name: string, given: ArgNodes): { fn: Node; nodes: ArgNodes } | undefined {
  const held = b.partialOf(name);
  const partial = held ? partialNodes(b, held) : undefined;
  if (!partial) return undefined;
  return {
    fn: partial.fn,
    nodes: {
      positional: [...partial.nodes.positional, ...given.positional],
      keywords: new Map([...partial.nodes.keywords, ...given.keywords]),
      spreads: given.spreads,
    },
  };
}

/**
 * Whether a call's receiver is a module (`gzip` of `gzip.open(path)`, imported with `import gzip`), as far as the
 * file tells: a name imported from a module (`from streams import consumer`) may be any object.
 */
function receivesModule(b: UnitBuilder, callee: Callee): boolean {
  if (callee.typed !== undefined || !callee.known || !callee.receiver || kind(callee.receiver) !== 'identifier') return false;
  const target = b.file.aliases.get(textOf(callee.receiver));
  return target !== undefined && !target.includes('.');
}

/**
 * A model that matched the call by its receiver's name only (`*.subscribe` of an object called `consumer`) may have
 * met an object of the program's own class: the call it stands for, which the simulator follows instead when the
 * callee is the program's code. `slot`: the step's own (a new one when the step has none).
 */
function orCall(b: UnitBuilder, node: Node, callee: Callee, args: ArgValues, model: { receiver?: string }, line: number, slot?: number): { orCall: CallStep } | undefined {
  const fn = child(node, 0);
  if (model.receiver === undefined || !callee.receiver || !fn || !calleePart(b, fn, args.receiver)) return undefined;
  return { orCall: callStep(b, fn, callee, args, line, slot ?? b.slot()) };
}
