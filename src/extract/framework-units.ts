/**
 * Classes a framework maps to tables of its own (Django's `User`, Laravel's users): the class unit a file gets for
 * one it names (an import, a call that returns it or one of its objects), for every language's extractor. See the
 * `frameworkClasses` models (docs/models.md).
 */
import type { AssetBinding, Import, Unit } from '../facts/schema.js';
import type { FrameworkClassModel } from './models.js';

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
 * The class unit, and a method unit per getter of the model that returns the columns it names
 * (`user.get_full_name()` is the row's `first_name` and `last_name`).
 */
export function frameworkUnits(name: string, model: FrameworkClassModel, line: number): Unit[] {
  // The receiver is named after the class (`user.first_name`): that is how reports name what the getter reads.
  const receiver = name.replace(/^./, (first) => first.toLowerCase());
  const getters = model.getters ?? {};
  const methods = Object.keys(getters).sort().map((method): Unit => ({
    name: `${name}.${method}`, kind: 'method', line, endLine: line, parent: name, params: [{ name: receiver }],
    steps: [{ op: 'return', line, value: getters[method]!.map((column) => ({ ref: receiver, path: [column] })) }],
  }));
  return [{ name, kind: 'class', line, endLine: line, steps: [], asset: binding(model) }, ...methods];
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
