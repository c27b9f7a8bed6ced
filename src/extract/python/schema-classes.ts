/**
 * Schema classes whose methods serialise the object they are given (marshmallow's `Schema`), as the `schemaClasses`
 * models describe them: such a class gets the methods (`dump`, `dumps`) it does not define, written in the IR, which
 * return the object's fields the class declares (`email = fields.Email()`: the object's `email`), and with `auto`
 * every field of the object its `Meta` leaves (a schema generated from a model's columns). The simulator then follows
 * `CustomerSchema().dump(customer)` like any method.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { Step, Unit } from '../../facts/schema.js';
import { argumentNodes } from './arguments.js';
import { matchesCall } from '../models.js';
import type { UnitBuilder } from './context.js';
import type { ClassBody } from './orm.js';
import { declaredFieldSteps, literalNames, shownFields } from './serialiser-classes.js';

/** The object a generated method serialises (its first parameter after `self`). */
const OBJECT = 'obj';

export function schemaMethods(
  b: UnitBuilder, bases: readonly string[], body: ClassBody, line: number, unitName: (qualified: string) => string,
): Unit[] {
  // By a base the model names, or by a schema class of this file it extends (whose declared fields it has too).
  const inherited = bases.map((base) => b.file.schemaBodies.get(base)).find((entry) => entry !== undefined);
  const model = b.file.models.schemaClasses.find((m) => m.bases.some((pattern) => bases.some((base) => matchesCall(pattern, base)))) ?? inherited?.model;
  if (!model) return [];
  const declaring = inherited ? mergedBody(inherited.body, body) : body;
  b.file.schemaBodies.set(b.name.slice(b.name.lastIndexOf('.') + 1), { model, body: declaring });
  const units: Unit[] = [];
  for (const method of model.dumps) {
    if (body.methods.includes(method)) continue;
    // The form is built in a local no Python code can name (`self.dump`), one declared field at a time.
    const local = `self.${method}`;
    const steps: Unit['steps'] = [];
    if (model.auto) {
      steps.push({ op: 'call', line, slot: 0, callee: `${b.name}.${method}`, args: [[{ ref: OBJECT }]], serialises: shownFields(model, declaring) });
      steps.push({ op: 'assign', line, target: { name: local }, value: [{ slot: 0 }] });
    }
    steps.push(...declaredFieldSteps(b, { declared: model.declared, shows: OBJECT, into: method }, declaring, line, local));
    steps.push({ op: 'return', line, value: [{ ref: local }] });
    units.push({
      name: unitName(`${b.name}.${method}`), kind: 'method', line, endLine: line, parent: b.name,
      params: [{ name: 'self' }, { name: OBJECT }, { name: 'kwargs', kind: 'kwargs' }], steps, helper: true,
    });
  }
  return units;
}

/** A subclass's body with its base's attributes and inner classes first (its own win). */
function mergedBody(base: ClassBody, own: ClassBody): ClassBody {
  const inner = new Map(base.inner);
  for (const [name, attributes] of own.inner) inner.set(name, new Map([...(base.inner.get(name) ?? []), ...attributes]));
  return { ...own, attributes: new Map([...base.attributes, ...own.attributes]), inner };
}

/**
 * The fields a schema made where it dumps keeps (`CustomerSchema(only=("id", "name")).dump(c)`, `exclude=...`): the
 * options its constructor is given as literal lists, for a method `method` of a schema model; undefined otherwise.
 */
export function dumpOptions(b: UnitBuilder, receiver: Node | undefined, method: string): NonNullable<Extract<Step, { op: 'call' }>['project']> | undefined {
  if (receiver?.type !== 'call') return undefined;
  const model = b.file.models.schemaClasses.find((m) => m.options && m.dumps.includes(method));
  if (!model?.options) return undefined;
  const args = argumentNodes(receiver.childForFieldName('arguments'));
  const only = literalNames(args.keywords.get(model.options.only));
  const except = literalNames(args.keywords.get(model.options.exclude));
  if (!only && !except) return undefined;
  return { ...(only ? { only } : {}), ...(except ? { except } : {}) };
}
