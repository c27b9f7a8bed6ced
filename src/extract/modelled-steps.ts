/**
 * Steps of calls that `sources` and `transforms` models match, the same for every language: a source with an
 * asset is a read of it, other sources are calls returning named (and, when the model says, categorised) data;
 * a transform is a call whose result is its input with categories removed or downgraded.
 */
import type { CallStep, ReadStep, Value } from '../facts/schema.js';
import type { SourceModel, TransformModel } from './models.js';

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

/** What a transform model does to the categories of the data going through the call. */
export function transformOf(model: TransformModel): NonNullable<CallStep['transform']> {
  return {
    ...(model.remove && model.remove.length > 0 ? { remove: [...model.remove] } : {}),
    ...(model.downgrade ? { downgrade: { ...model.downgrade } } : {}),
  };
}
