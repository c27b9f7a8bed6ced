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
import { attribute, type ClassBody } from './orm.js';
import { argumentNodes } from './arguments.js';
import { describeCallee } from './callees.js';
import { constantString } from './strings.js';

/** The texts of a literal list, tuple, set or string (`["id", "email"]`, `("id",)`, `"__all__"`), else undefined. */
export function literalNames(node: Node | undefined): string[] | undefined {
  if (!node) return undefined;
  const single = constantString(node);
  if (single) return [single.text];
  if (node.type !== 'list' && node.type !== 'tuple' && node.type !== 'set') return undefined;
  const names: string[] = [];
  for (const element of node.namedChildren) {
    const text = element ? constantString(element)?.text : undefined;
    if (text === undefined) return undefined;
    names.push(text);
  }
  return names;
}

/** What the class's `Meta` shows of the objects it serialises: the only fields, or those left out. */
export function shownFields(model: Pick<SerialiserClassModel, 'fields' | 'exclude' | 'all'>, body: ClassBody): { visible?: string[]; hidden?: string[] } {
  const fields = model.fields ? literalNames(attribute(body, model.fields)) : undefined;
  const exclude = model.exclude ? literalNames(attribute(body, model.exclude)) : undefined;
  const visible = fields && !(model.all !== undefined && fields.length === 1 && fields[0] === model.all) ? fields : undefined;
  return { ...(visible ? { visible } : {}), ...(exclude && exclude.length > 0 ? { hidden: exclude } : {}) };
}

/** The class an attribute names (`model = Customer`, `model = models.Customer`) as a value, when it is a plain name. */
function classNamed(node: Node | undefined): Value | undefined {
  return node ? classOfName(node.text) : undefined;
}

/** A dotted name (`Customer`, `models.Customer`) as a value; undefined for any other text. */
function classOfName(text: string): Value | undefined {
  const parts = text.split('.');
  if (!parts.every((part) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(part))) return undefined;
  return [parts.length === 1 ? { ref: parts[0]! } : { ref: parts[0]!, path: parts.slice(1) }];
}

/**
 * The fields a serialiser class declares, each added to what it shows (`model.declared`): the attribute of the
 * object its `source` names, what a method returns for the object, or a nested serializer's form of the attribute.
 * They are stored into `local`, a name no Python code has (`self.data`), which the constructor then assigns.
 */
export function declaredFieldSteps(
  b: UnitBuilder, model: Pick<SerialiserClassModel, 'declared' | 'shows' | 'into'>, body: ClassBody, line: number, local: string,
): Unit['steps'] {
  const declared = model.declared;
  if (!declared) return [];
  const steps: Unit['steps'] = [];
  let slot = 1;
  const matches = (patterns: readonly string[], callee: string) => patterns.some((pattern) => matchesCall(pattern, callee));
  for (const [name, value] of body.attributes) {
    if (value.type !== 'call') continue;
    const fn = value.childForFieldName('function');
    if (!fn) continue;
    const callee = describeCallee(b, fn).written;
    const args = argumentNodes(value.childForFieldName('arguments'));
    const keyword = (kwarg: string) => {
      const node = args.keywords.get(kwarg);
      return node ? constantString(node)?.text : undefined;
    };
    const target = { name: local, path: [name] };
    if (declared.methods && matches(declared.methods.calls, callee)) {
      const method = keyword(declared.methods.kwarg) ?? `${declared.methods.prefix}${name}`;
      steps.push({ op: 'call', line, slot, callee: `self.${method}`, fn: { ref: 'self', path: [method] }, args: [[{ ref: model.shows }]] });
      steps.push({ op: 'assign', line, target, value: [{ slot }] });
      slot++;
      continue;
    }
    const source = keyword(declared.source);
    const path = source === '*' ? [] : (source ?? name).split('.').filter((part) => part !== '');
    const shown: Value = [path.length > 0 ? { ref: model.shows, path } : { ref: model.shows }];
    if (declared.attribute && matches(declared.attribute.calls, callee)) {
      const slug = keyword(declared.attribute.kwarg);
      if (slug) steps.push({ op: 'assign', line, target, value: [{ ref: model.shows, path: [...path, ...slug.split('.')] }] });
      continue;
    }
    if (matches(declared.keys, callee)) continue;
    if (declared.nested && matches(declared.nested.calls, callee)) {
      // `fields.Nested(AddressSchema)`: an object of the schema named, then its method on the attribute.
      const first = args.positional[0];
      const text = first ? constantString(first)?.text : undefined;
      const schema = text !== undefined ? classOfName(text) : classNamed(first);
      if (!schema) continue;
      const made = slot++;
      steps.push({ op: 'call', line, slot: made, callee: first!.text, fn: schema[0]!, args: [] });
      steps.push({ op: 'call', line, slot, callee: `${first!.text}.${declared.nested.method}`, fn: { slot: made, path: [declared.nested.method] }, args: [shown] });
      steps.push({ op: 'assign', line, target, value: [{ slot }] });
      slot++;
      continue;
    }
    if (matches(declared.plain, callee)) {
      steps.push({ op: 'assign', line, target, value: shown });
      continue;
    }
    // A serializer of the program, nested: its own form of the attribute.
    const nested = classNamed(fn);
    if (!nested) continue;
    steps.push({ op: 'call', line, slot, callee, fn: nested[0]!, args: [shown] });
    steps.push({ op: 'assign', line, target, value: [{ slot, path: [model.into] }] });
    slot++;
  }
  return steps;
}

/**
 * The methods a serialiser class gets (`unitName`: a method's unique name in the file), without those it defines:
 * none when it matches no model. Its constructor sets `into` to the object given serialised (and, with `validates`,
 * keeps the input given); with `saves`, `save()` passes the input to `create(...)`, which writes it into the model's
 * table.
 */
export function serialiserMethods(
  b: UnitBuilder, bases: readonly string[], body: ClassBody, line: number, unitName: (qualified: string) => string,
): Unit[] {
  const model = b.file.models.serialiserClasses.find((m) => m.bases.some((pattern) => bases.some((base) => matchesCall(pattern, base))));
  if (!model) return [];
  const units: Unit[] = [];
  const method = (name: string, params: Unit['params'], steps: Unit['steps']) => {
    if (!body.methods.includes(name)) {
      units.push({ name: unitName(`${b.name}.${name}`), kind: 'method', line, endLine: line, parent: b.name, params, steps, helper: true });
    }
  };
  const steps: Unit['steps'] = [
    { op: 'call', line, slot: 0, callee: `${b.name}.${model.into}`, args: [[{ ref: model.shows }]], serialises: shownFields(model, body) },
  ];
  const declared = declaredFieldSteps(b, model, body, line, `self.${model.into}`);
  if (declared.length === 0) steps.push({ op: 'assign', line, target: { name: 'self', path: [model.into] }, value: [{ slot: 0 }] });
  else {
    // Built in a local first, so each declared field is one more field of the form (a path says `self.data.phone = …`).
    steps.push({ op: 'assign', line, target: { name: `self.${model.into}` }, value: [{ slot: 0 }] }, ...declared);
    steps.push({ op: 'assign', line, target: { name: 'self', path: [model.into] }, value: [{ ref: `self.${model.into}` }] });
  }
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
