/**
 * Steps of calls that `sources`, `transforms` and `deferred` models match, the same for every language: a source
 * with an asset is a read of it, other sources are calls returning named (and, when the model says, categorised)
 * data; a transform is a call whose result is its input with categories removed or downgraded; a deferred call
 * hands the function it runs arguments of its own.
 */
import type { AssignStep, CallStep, ReadStep, Value } from '../facts/schema.js';
import { extendPath, literalList, unionValues } from '../facts/values.js';
import type { ArgRef, CallbackModel, DeferredModel, ProjectionModel, SerialiserModel, SourceModel, TransformModel } from './models.js';

/**
 * The step of a call a source model matches (`slot` is taken only when there is one): undefined when the model
 * names nothing for this call (`nameFrom` an argument that is not a literal).
 */
export function sourceStep(
  model: SourceModel, callee: string, line: number, slot: () => number, args: Value[], nameFromArg: string | undefined,
): CallStep | ReadStep | undefined {
  const categories = model.categories ? { categories: [...model.categories] } : {};
  if (model.asset !== undefined) {
    const colon = model.asset.indexOf(':');
    return { op: 'read', line, slot: slot(), callee, asset: { kind: model.asset.slice(0, colon), name: model.asset.slice(colon + 1) }, ...categories };
  }
  const name = model.name ?? nameFromArg ?? (model.categories ? callee : undefined);
  if (name === undefined) return undefined;
  return { op: 'call', line, slot: slot(), callee, args, source: name, ...categories };
}

/**
 * Names an argument gives by a name of the program (`fields=PUBLIC_FIELDS`, `columns=settings.PII`), for the
 * simulator to resolve: undefined for literal lists (read here) and for anything else (calls, expressions).
 */
function namedList(value: Value): Value | undefined {
  return value.length === 1 && 'ref' in value[0]! ? value : undefined;
}

/**
 * The step of a call a projection model matches (`df.drop(columns=["email"])`): the receiver with the fields its
 * argument keeps or drops, named literally or by a name the simulator resolves (`columns=PII`); undefined when the
 * argument is neither (or holds `*`, which keeps all).
 */
export function projectionStep(
  model: ProjectionModel, receiver: Value, select: (ref: ArgRef) => Value, callee: string, line: number, slot: () => number,
): CallStep | undefined {
  if (receiver.length === 0) return undefined;
  const onlyArg = model.only ? select(model.only) : [];
  const exceptArg = model.except ? select(model.except) : [];
  const only = literalList(onlyArg);
  const except = literalList(exceptArg);
  if (only?.includes('*')) return undefined;
  let project: NonNullable<CallStep['project']> | undefined;
  if (only) project = { only };
  else if (except) project = { except };
  else if (namedList(onlyArg)) project = { onlyNames: onlyArg };
  else if (namedList(exceptArg)) project = { exceptNames: exceptArg };
  if (!project) return undefined;
  return { op: 'call', line, slot: slot(), callee, args: [receiver], project };
}

/** Whether a call a serialiser model matches is that serialiser (a `withForm` one only when given its fields). */
export function serialises(model: SerialiserModel, select: (ref: ArgRef) => Value): boolean {
  if (!model.withForm) return true;
  return (model.fields !== undefined && select(model.fields).length > 0) || (model.exclude !== undefined && select(model.exclude).length > 0);
}

/**
 * The step of a call a serialiser model matches (`model_to_dict(c, fields=[...])`): its input shown whole, or the
 * fields listed (literally, or by a name the simulator resolves: `fields=PUBLIC_FIELDS`).
 */
export function serialiserStep(
  model: SerialiserModel, input: Value, select: (ref: ArgRef) => Value, callee: string, line: number, slot: number,
): CallStep {
  const fieldsArg = model.fields ? select(model.fields) : [];
  const excludeArg = model.exclude ? select(model.exclude) : [];
  const visible = literalList(fieldsArg);
  const hidden = literalList(excludeArg);
  const visibleNames = visible ? undefined : namedList(fieldsArg);
  const hiddenNames = hidden ? undefined : namedList(excludeArg);
  return {
    op: 'call', line, slot, callee, args: [input], serialises: {
      ...(visible ? { visible } : {}), ...(hidden ? { hidden } : {}),
      ...(visibleNames ? { visibleNames } : {}), ...(hiddenNames ? { hiddenNames } : {}),
    },
  };
}

/**
 * After a query runs through an object (a cursor, a connection), the object holds its rows: in place of those it
 * held when the query surely ran (a plain name, outside branches and loops), else besides them.
 */
export function rowsIntoReceiver(into: { name: string; path: readonly string[] }, rows: Value, line: number, inBranch: boolean): AssignStep {
  if (into.path.length === 0 && !inBranch) return { op: 'assign', line, target: { name: into.name }, value: rows, data: true };
  return { op: 'assign', line, target: into.path.length > 0 ? { name: into.name, path: [...into.path] } : { name: into.name }, value: rows, weak: true };
}

/** What a transform model does to the categories of the data going through the call. */
export function transformOf(model: TransformModel): NonNullable<CallStep['transform']> {
  return {
    ...(model.remove && model.remove.length > 0 ? { remove: [...model.remove] } : {}),
    ...(model.downgrade ? { downgrade: { ...model.downgrade } } : {}),
  };
}

/** A call's arguments as an extractor has them: their values, and whether an argument is written at the call. */
export interface CallArguments {
  readonly positional: readonly Value[];
  readonly keywords: ReadonlyArray<{ name: string; value: Value }>;
  readonly spread: Value;
  readonly receiver: Value;
  select(ref: ArgRef): Value;
  passes(ref: ArgRef): boolean;
}

/** The arguments a deferred call hands the function it runs. */
export interface HandedOver {
  positional: Value[];
  kwargs: Array<{ name: string; value: Value }>;
  spread: Value;
}

/**
 * What a deferred call hands the function it runs, as its model says (`task.apply_async((a,), {"k": v})` hands
 * `a` and `k=v`); `message`, a consumer's message, goes at the position the model's `message` names. Arguments the
 * call spreads (`task.delay(*args)`) reach the function too.
 */
export function handedOver(model: DeferredModel, call: CallArguments, message?: Value): HandedOver {
  // Keyword arguments the model reads its other parts from are the call's own, not the function's.
  const own = new Set([model.fn, model.args, model.kwargs].flatMap((ref) => (typeof ref === 'object' && 'kwarg' in ref && ref.kwarg ? [ref.kwarg] : [])));
  let positional: Value[] = [];
  let spread: Value = call.spread;
  const args = model.args;
  if (args && 'from' in args) positional = call.positional.slice(args.from);
  else if (args && 'each' in args) positional = call.passes(args.each) ? [extendPath(call.select(args.each), '*')] : [];
  else if (args && 'spreadEach' in args) spread = unionValues([spread, call.passes(args.spreadEach) ? extendPath(call.select(args.spreadEach), '*') : []]);
  else if (args && 'receiver' in args) positional = [call.receiver];
  else if (args && call.passes(args)) {
    const held = call.select(args);
    const items = held.length === 1 && 'items' in held[0]! ? held[0].items : undefined;
    if (items && items.every((item) => item.key === undefined)) positional = items.map((item) => item.value);
    else spread = unionValues([spread, held]);
  }
  let kwargs: Array<{ name: string; value: Value }> = [];
  if (model.kwargs === 'keywords') kwargs = call.keywords.filter((k) => !own.has(k.name));
  else if (model.kwargs && call.passes(model.kwargs)) {
    const held = call.select(model.kwargs);
    const items = held.length === 1 && 'items' in held[0]! ? held[0].items : undefined;
    if (items && items.every((item) => typeof item.key === 'string')) kwargs = items.map((item) => ({ name: item.key as string, value: item.value }));
    else spread = unionValues([spread, held]);
  }
  const at = model.message?.at;
  if (message && at !== undefined) positional = Array.from({ length: Math.max(positional.length, at + 1) }, (_, i) => (i === at ? message : positional[i] ?? []));
  return { positional, kwargs, spread };
}

/**
 * The value of a call that ran closures with a collection's elements, as its `callbacks` model's `returns` says:
 * a list of what they return (`map`), what they return (`reduce`), the collection (`filter`) or one element (`first`).
 */
export function calledBack(returns: NonNullable<CallbackModel['returns']>, results: readonly Value[], collection: Value): Value {
  if (returns === 'results') return [{ items: [{ value: unionValues(results) }] }];
  if (returns === 'result') return unionValues(results);
  return returns === 'elements' ? collection : extendPath(collection, '*');
}
