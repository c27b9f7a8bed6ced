/**
 * Classes a framework maps to tables of its own (Django's `User`, Laravel's users): the class unit a file gets for
 * one it names (an import, a call that returns it or one of its objects), for every language's extractor. See the
 * `frameworkClasses` models (docs/models.md).
 */
import type { AssetBinding, Import, Unit } from '../facts/schema.js';
import type { FrameworkClassModel } from './models.js';

/** The name the file knows a framework's class by when a call gives it: the class the program may swap in, else the class's own. */
export function frameworkLocalName(model: FrameworkClassModel): string {
  const name = model.class[0]!;
  return model.swappable ?? name.slice(name.lastIndexOf('.') + 1);
}

function binding(model: FrameworkClassModel): AssetBinding {
  return {
    kind: 'table', name: model.table, columns: [...model.columns].sort(), ...(model.shows ? { visible: [...model.shows] } : {}),
    ...(model.key !== undefined ? { key: model.key } : {}),
    framework: true, ...(model.swappable !== undefined ? { swappable: model.swappable } : {}),
  };
}

export function frameworkUnit(name: string, model: FrameworkClassModel, line: number): Unit {
  return { name, kind: 'class', line, endLine: line, steps: [], asset: binding(model) };
}

/**
 * The class units for the names a file's calls use for framework classes (`named`), unless the file binds a name
 * otherwise: a class or function of its own (`defined`), an import (then that is what the name means).
 */
export function namedFrameworkUnits(
  named: ReadonlyMap<string, { model: FrameworkClassModel; line: number }>, defined: ReadonlySet<string>, imports: readonly Import[], taken: ReadonlySet<string> = new Set(),
): Unit[] {
  const imported = new Set(imports.map((entry) => entry.local));
  const units: Unit[] = [];
  for (const [name, { model, line }] of named) {
    if (taken.has(name) || defined.has(name) || imported.has(name)) continue;
    units.push(frameworkUnit(name, model, line));
  }
  return units;
}
