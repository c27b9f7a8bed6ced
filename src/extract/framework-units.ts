/**
 * Classes a framework maps to tables of its own (Django's `User`, Laravel's users): the class unit a file gets for
 * one it names (an import, a call that returns it or one of its objects), for every language's extractor. See the
 * `frameworkClasses` models (docs/models.md).
 */
import type { AssetBinding, Import, Unit } from '../facts/schema.js';
import { matchesCall, type FrameworkClassModel } from './models.js';

/** Framework classes a file names by a call or an attribute, by the name the file knows each by, with the first line. */
export type FrameworkNames = Map<string, { model: FrameworkClassModel; line: number }>;

/**
 * Records that the file names a framework's class at `line`, and returns the name the file knows it by: the class
 * the program may swap in, else the class's own.
 */
export function nameFrameworkClass(named: FrameworkNames, model: FrameworkClassModel, line: number): string {
  const written = model.class[0]!;
  const name = model.swappable ?? written.slice(written.lastIndexOf('.') + 1);
  if (!named.has(name)) named.set(name, { model, line });
  return name;
}

function binding(model: FrameworkClassModel): AssetBinding {
  return {
    kind: 'table', name: model.table, columns: [...model.columns].sort(), ...(model.shows ? { visible: [...model.shows] } : {}),
    ...(model.key !== undefined ? { key: model.key } : {}),
    framework: true, ...(model.swappable !== undefined ? { swappable: model.swappable } : {}),
    ...(model.swappableBy !== undefined ? { swappableBy: model.swappableBy } : {}),
  };
}

/**
 * A method unit per getter (`user.get_full_name()` returns the row's `first_name` and `last_name`) of the class
 * unit `className` (`simpleName` as written), in name order, but for the methods in `skip`.
 */
function getterUnits(
  className: string, simpleName: string, getters: Readonly<Record<string, string[]>>, line: number,
  unitName: (qualified: string) => string, skip: ReadonlySet<string> = new Set(),
): Unit[] {
  // The receiver is named after the class (`user.first_name`): that is how reports name what the getter reads.
  const receiver = simpleName.replace(/^./, (first) => first.toLowerCase());
  return Object.keys(getters).sort().filter((method) => !skip.has(method)).map((method): Unit => ({
    name: unitName(`${className}.${method}`), kind: 'method', line, endLine: line, parent: className, params: [{ name: receiver }],
    steps: [{ op: 'return', line, value: getters[method]!.map((column) => ({ ref: receiver, path: [column] })) }],
  }));
}

/** The class unit, and a method unit per getter of the model that returns the columns it names. */
export function frameworkUnits(name: string, model: FrameworkClassModel, line: number): Unit[] {
  const methods = getterUnits(name, name, model.getters ?? {}, line, (qualified) => qualified);
  return [{ name, kind: 'class', line, endLine: line, steps: [], asset: binding(model) }, ...methods];
}

/**
 * The getters a program's mapped class inherits from a framework class it extends (`class User extends
 * Authenticatable`: `getEmailForVerification()`), as method units of the class, but for the methods it defines.
 * `bases` are the class's bases as models match them; `unitName` makes a unit's name unique in the file.
 */
export function inheritedGetters(
  models: readonly FrameworkClassModel[], bases: readonly string[], className: string, simpleName: string,
  defined: ReadonlySet<string>, line: number, unitName: (qualified: string) => string,
): Unit[] {
  const model = models.find((candidate) => [...candidate.class, ...candidate.heirsOf].some((pattern) => bases.some((base) => matchesCall(pattern, base))));
  return model?.getters ? getterUnits(className, simpleName, model.getters, line, unitName, defined) : [];
}

/**
 * The class units for the names a file's calls use for framework classes (`named`), unless the file binds a name
 * otherwise: a class or function of its own (`defined`), an import (then that is what the name means).
 */
export function namedFrameworkUnits(
  named: FrameworkNames, defined: ReadonlySet<string>, imports: readonly Import[], taken: ReadonlySet<string> = new Set(),
): Unit[] {
  const imported = new Set(imports.map((entry) => entry.local));
  const units: Unit[] = [];
  for (const [name, { model, line }] of named) {
    if (taken.has(name) || defined.has(name) || imported.has(name)) continue;
    units.push(...frameworkUnits(name, model, line));
  }
  return units;
}
