/**
 * Classes a web framework drives, as the `viewClasses` models describe them (Django REST framework's generic views
 * and viewsets). The framework, not the program, calls their methods, so a class matching a model gets, written in
 * the IR, the methods of the framework's base that it does not define itself:
 * - its rows (`get_queryset()`: the `queryset` attribute) and one of them (`get_object()`);
 * - its serializer class (`get_serializer_class()`: the `serializer_class` attribute) and a serializer of what it is
 *   given (`get_serializer(...)`), for methods the program writes in the view;
 * - the actions the framework calls for a request: `list`, which responds with the rows serialised, and `create`,
 *   which saves a serializer made with the request's data.
 * The simulator follows them like any method: a method the class or a subclass defines is found first.
 */
import type { Param, Step, Unit, Value } from '../../facts/schema.js';
import { matchesCall, type ViewClassModel } from '../models.js';
import type { UnitBuilder } from './context.js';
import type { ClassBody } from './orm.js';

const SELF = 'self';

/** `self.<method>()` into `slot`. */
function selfCall(method: string, slot: number, line: number): Step {
  return { op: 'call', line, slot, callee: `${SELF}.${method}`, fn: { ref: SELF, path: [method] }, args: [] };
}

const attributeOfSelf = (path: string): Value => [{ ref: SELF, path: [path] }];
const rest: Param[] = [{ name: 'args', kind: 'varargs' }, { name: 'kwargs', kind: 'kwargs' }];

/** A framework method: parameters after `self`, steps, and whether the framework calls it itself (an action). */
interface FrameworkMethod {
  params: Param[];
  steps: Step[];
  action?: boolean;
}

/** The framework's methods of one model, by name. */
function frameworkMethods(model: ViewClassModel, line: number): Map<string, FrameworkMethod> {
  const { rows, serialiser } = model;
  const methods = new Map<string, FrameworkMethod>();
  methods.set(rows.method, { params: [], steps: [{ op: 'return', line, value: attributeOfSelf(rows.attribute) }] });
  methods.set(serialiser.method, { params: [], steps: [{ op: 'return', line, value: attributeOfSelf(serialiser.attribute) }] });
  if (model.object) {
    methods.set(model.object, { params: [], steps: [selfCall(rows.method, 0, line), { op: 'return', line, value: [{ slot: 0 }] }] });
  }
  methods.set(serialiser.builds, {
    params: rest,
    steps: [
      selfCall(serialiser.method, 0, line),
      {
        op: 'call', line, slot: 1, callee: `${SELF}.${serialiser.attribute}`, fn: { slot: 0 }, args: [],
        spread: [{ ref: 'args', path: ['*'] }, { ref: 'kwargs', path: ['*'] }],
      },
      { op: 'return', line, value: [{ slot: 1 }] },
    ],
  });
  if (model.responds) {
    // The rows and the serializer class are asked for here, not through `get_serializer`: the serializer is made
    // with the rows themselves, so what it shows is known where it is made.
    const { method, kind, callee } = model.responds;
    methods.set(method, {
      action: true,
      params: [{ name: 'request' }, ...rest],
      steps: [
        selfCall(rows.method, 0, line),
        selfCall(serialiser.method, 1, line),
        { op: 'call', line, slot: 2, callee: `${SELF}.${serialiser.attribute}`, fn: { slot: 1 }, args: [[{ slot: 0 }]] },
        { op: 'sink', line, kind, callee, value: [{ slot: 2, path: [serialiser.into] }] },
      ],
    });
  }
  if (model.creates) {
    const { method, from, into, save } = model.creates;
    methods.set(method, {
      action: true,
      params: [{ name: 'request' }, ...rest],
      steps: [
        selfCall(serialiser.method, 0, line),
        {
          op: 'call', line, slot: 1, callee: `${SELF}.${serialiser.attribute}`, fn: { slot: 0 }, args: [],
          kwargs: [{ name: into, value: [{ ref: 'request', path: [from] }] }],
        },
        { op: 'call', line, slot: 2, callee: `${SELF}.${serialiser.attribute}.${save}`, fn: { slot: 1, path: [save] }, args: [] },
      ],
    });
  }
  return methods;
}

/**
 * The methods a view class gets from the models its bases match (`unitName`: a method's unique name in the file),
 * without those it defines: none when it matches no model.
 */
export function viewClassMethods(
  b: UnitBuilder, bases: readonly string[], body: ClassBody, line: number, unitName: (qualified: string) => string,
): Unit[] {
  const models = b.file.models.viewClasses.filter((m) => m.bases.some((pattern) => bases.some((base) => matchesCall(pattern, base))));
  if (models.length === 0) return [];
  const defined = new Set(body.methods);
  const units: Unit[] = [];
  for (const model of models) {
    for (const [name, method] of frameworkMethods(model, line)) {
      if (defined.has(name)) continue;
      defined.add(name);
      units.push({
        name: unitName(`${b.name}.${name}`), kind: 'method', line, endLine: line, parent: b.name,
        params: [{ name: SELF }, ...method.params], steps: method.steps, ...(method.action ? {} : { helper: true as const }),
      });
    }
  }
  return units;
}
