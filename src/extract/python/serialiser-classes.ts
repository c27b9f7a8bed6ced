/**
 * Classes whose objects serialise what they are constructed with, as the `serialiserClasses` models describe them
 * (Django REST framework's `ModelSerializer`): such a class without a constructor of its own gets one, written in
 * the IR, whose attribute (`data`) is its argument serialised with the fields its `Meta` lists, and which keeps the
 * input it is given (`data=`); `save()` writes that input into the table of its `Meta.model`. The simulator then
 * follows `CustomerSerializer(customer).data` and `serializer.save()` like any constructor and method.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { Unit, Value } from '../../facts/schema.js';
import { matchesCall, type SerialiserClassModel } from '../models.js';
import type { UnitBuilder } from './context.js';
import { attribute, readBody } from './orm.js';
import { constantString } from './strings.js';

/** The texts of a literal list, tuple or string (`["id", "email"]`, `("id",)`, `"__all__"`), else undefined. */
function literalNames(node: Node | undefined): string[] | undefined {
  if (!node) return undefined;
  const single = constantString(node);
  if (single) return [single.text];
  if (node.type !== 'list' && node.type !== 'tuple') return undefined;
  const names: string[] = [];
  for (const element of node.namedChildren) {
    const text = element ? constantString(element)?.text : undefined;
    if (text === undefined) return undefined;
    names.push(text);
  }
  return names;
}

/** What the class's `Meta` shows of the objects it serialises: the only fields, or those left out. */
function shownFields(model: SerialiserClassModel, body: ReturnType<typeof readBody>): { visible?: string[]; hidden?: string[] } {
  const fields = model.fields ? literalNames(attribute(body, model.fields)) : undefined;
  const exclude = model.exclude ? literalNames(attribute(body, model.exclude)) : undefined;
  const visible = fields && !(model.all !== undefined && fields.length === 1 && fields[0] === model.all) ? fields : undefined;
  return { ...(visible ? { visible } : {}), ...(exclude && exclude.length > 0 ? { hidden: exclude } : {}) };
}

/** The class an attribute names (`model = Customer`, `model = models.Customer`) as a value, when it is a plain name. */
function classNamed(node: Node | undefined): Value | undefined {
  if (!node) return undefined;
  const parts = node.text.split('.');
  if (!parts.every((part) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(part))) return undefined;
  return [parts.length === 1 ? { ref: parts[0]! } : { ref: parts[0]!, path: parts.slice(1) }];
}

/**
 * The methods a serialiser class gets (`unitName`: a method's unique name in the file), without those it defines:
 * none when it matches no model. Its constructor sets `into` to the object given serialised (and, with `validates`,
 * keeps the input given); with `saves`, `save()` passes the input to `create(...)`, which writes it into the model's
 * table.
 */
export function serialiserMethods(
  b: UnitBuilder, bases: readonly string[], bodyNode: Node | null, line: number, unitName: (qualified: string) => string,
): Unit[] {
  const model = b.file.models.serialiserClasses.find((m) => m.bases.some((pattern) => bases.some((base) => matchesCall(pattern, base))));
  if (!model) return [];
  const body = readBody(bodyNode);
  const units: Unit[] = [];
  const method = (name: string, params: Unit['params'], steps: Unit['steps']) => {
    if (!body.methods.includes(name)) {
      units.push({ name: unitName(`${b.name}.${name}`), kind: 'method', line, endLine: line, parent: b.name, params, steps, helper: true });
    }
  };
  const steps: Unit['steps'] = [
    { op: 'call', line, slot: 0, callee: `${b.name}.${model.into}`, args: [[{ ref: model.shows }]], serialises: shownFields(model, body) },
    { op: 'assign', line, target: { name: 'self', path: [model.into] }, value: [{ slot: 0 }] },
  ];
  const validates = model.validates;
  if (validates) steps.push({ op: 'assign', line, target: { name: 'self', path: [validates.into] }, value: [{ ref: validates.param }] });
  method('__init__', [{ name: 'self' }, ...model.params.map((name) => ({ name, default: [] }))], steps);
  const table = model.saves ? classNamed(attribute(body, model.saves.model)) : undefined;
  if (model.saves && validates && table) {
    const { creates } = model.saves;
    method(model.saves.method, [{ name: 'self' }, { name: 'kwargs', kind: 'kwargs' }], [
      { op: 'call', line, slot: 0, callee: `self.${creates}`, fn: { ref: 'self', path: [creates] }, args: [[{ ref: 'self', path: [validates.into] }, { ref: 'kwargs', path: ['*'] }]] },
      { op: 'return', line, value: [{ slot: 0 }] },
    ]);
    method(creates, [{ name: 'self' }, { name: validates.into }], [
      { op: 'write', line, callee: `${b.name}.${creates}`, asset: { kind: 'table', value: table }, value: [{ ref: validates.into }] },
      { op: 'return', line, value: [{ ref: validates.into }] },
    ]);
  }
  return units;
}
