/**
 * Classes whose objects serialise what they are constructed with, as the `serialiserClasses` models describe them
 * (Django REST framework's `ModelSerializer`): such a class without a constructor of its own gets one, written in
 * the IR, whose attribute (`data`) is its argument serialised with the fields its `Meta` lists. The simulator then
 * follows `CustomerSerializer(customer).data` like any constructor and attribute.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { Unit } from '../../facts/schema.js';
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

/**
 * The constructor a serialiser class gets (`unitName`: its unique name in the file), or undefined when the class
 * matches no model or defines its own.
 */
export function serialiserConstructor(
  b: UnitBuilder, bases: readonly string[], bodyNode: Node | null, line: number, unitName: (qualified: string) => string,
): Unit | undefined {
  const model = b.file.models.serialiserClasses.find((m) => m.bases.some((pattern) => bases.some((base) => matchesCall(pattern, base))));
  if (!model) return undefined;
  const body = readBody(bodyNode);
  if (body.methods.includes('__init__')) return undefined;
  return {
    name: unitName(`${b.name}.__init__`),
    kind: 'method',
    line,
    endLine: line,
    parent: b.name,
    params: [{ name: 'self' }, ...model.params.map((name) => ({ name, default: [] }))],
    steps: [
      { op: 'call', line, slot: 0, callee: `${b.name}.${model.into}`, args: [[{ ref: model.shows }]], serialises: shownFields(model, body) },
      { op: 'assign', line, target: { name: 'self', path: [model.into] }, value: [{ slot: 0 }] },
    ],
  };
}
