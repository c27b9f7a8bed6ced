/**
 * Classes a framework maps to its own tables (Django's `User`: `auth_user`). A program does not declare them: it
 * imports them, or gets one from a call (`get_user_model()`). The file that does gets a class unit for the class,
 * mapped to the framework's table, so that what it reads and writes through the class (`User.objects.filter(...)`)
 * is that table's data, as for a class the program maps itself.
 */
import type { Unit, Value } from '../../facts/schema.js';
import { frameworkUnits, nameFrameworkClass, namedFrameworkUnits } from '../framework-units.js';
import type { FileContext, UnitBuilder } from './context.js';

/**
 * A call that returns a framework's class (`get_user_model()`), as a reference to the name the file knows it by;
 * undefined for other calls.
 */
export function frameworkClassCall(ctx: FileContext, names: readonly string[], receiver: string | undefined, line: number): Value | undefined {
  const found = ctx.models.frameworkCalls.find(names, receiver);
  if (!found) return undefined;
  return [{ ref: nameFrameworkClass(ctx.frameworkNames, found.model, line) }];
}

/**
 * An attribute whose value is an object of a framework's class (`request.user` in a file that imports Django); undefined
 * for other attributes. The class is assigned to a local named as the attribute is written, which no Python name can
 * be, so what is read through it keeps that name (`request.user.email`).
 */
export function frameworkClassAttribute(b: UnitBuilder, text: string, line: number): Value | undefined {
  const ctx = b.file;
  const model = ctx.models.frameworkAttributes.get(text);
  if (!model || !importsAny(ctx, model.attributes!.imports)) return undefined;
  const name = nameFrameworkClass(ctx.frameworkNames, model, line);
  // Once per unit, at its start: the object is there from the start of the view, and a step at each use would take
  // the place of the use's own step in a flow's path.
  if (!b.frameworkObjects.has(text)) {
    b.frameworkObjects.add(text);
    b.steps.push({ op: 'assign', line: b.kind === 'module' ? line : b.node.startPosition.row + 1, target: { name: text }, value: [{ ref: name }] });
  }
  return [{ ref: text }];
}

/** Whether the file imports one of `modules` or anything inside them (none given: always). */
function importsAny(ctx: FileContext, modules: readonly string[]): boolean {
  return modules.length === 0 || ctx.imports.some((entry) => modules.some((module) => entry.target === module || entry.target.startsWith(`${module}.`)));
}

/**
 * A relation to a framework's table (`ForeignKey(settings.AUTH_USER_MODEL)`, `target` `User`): the file names the
 * framework's class, which a class of the program named as `target` replaces, so the related rows are the
 * framework's table, with its columns when a `frameworkClasses` model knows them.
 */
export function relatedFrameworkTable(ctx: FileContext, table: string, target: string, line: number): void {
  const simple = target.slice(target.lastIndexOf('.') + 1);
  const model = ctx.models.frameworkByTable.get(table) ?? { class: [target], calls: [], table, columns: [], swappable: simple, heirsOf: [] };
  nameFrameworkClass(ctx.frameworkNames, model, line);
}

/**
 * The class units of the framework classes the file names: one per local name an import binds to such a class, and
 * one per name its calls use, unless the file binds that name otherwise (its own class, another import: then that
 * is what the name means).
 */
export function frameworkClassUnits(ctx: FileContext): Unit[] {
  const units = new Map<string, Unit[]>();
  for (const entry of ctx.imports) {
    const model = ctx.models.frameworkClasses.get(entry.target);
    if (!model || ctx.definitions.has(entry.local) || units.has(entry.local)) continue;
    // The last import of a name is what it means.
    if (ctx.aliases.get(entry.local) !== entry.target) continue;
    units.set(entry.local, frameworkUnits(entry.local, model, entry.line));
  }
  return [...[...units.values()].flat(), ...namedFrameworkUnits(ctx.frameworkNames, ctx.definitions, ctx.imports, new Set(units.keys()))];
}
