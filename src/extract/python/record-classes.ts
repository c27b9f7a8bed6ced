/**
 * Record classes: classes whose constructor a library writes from the attributes the class declares with a type
 * annotation (`@dataclass`, pydantic's `BaseModel`, `typing.NamedTuple`), as the `recordClasses` models name them.
 * A class without a constructor of its own lists those attributes (IR `fields`); a record class is marked so
 * (`record`), and the simulator builds its objects from the arguments a call gives, in order or by keyword.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { Unit } from '../../facts/schema.js';
import { matchesCall } from '../models.js';
import { argumentNodes } from './arguments.js';
import { describeCallee } from './callees.js';
import type { UnitBuilder } from './context.js';
import type { ClassBody } from './orm.js';

/** The last name of an annotation's outer type (`typing.ClassVar[int]` -> `ClassVar`). */
function outerType(type: string): string {
  const open = type.indexOf('[');
  const outer = (open < 0 ? type : type.slice(0, open)).trim();
  return outer.slice(outer.lastIndexOf('.') + 1);
}

/** Whether a call passes `keyword=False` (`field(init=False)`). */
function passesFalse(value: Node, keyword: string): boolean {
  const args = argumentNodes(value.childForFieldName('arguments'));
  return args.keywords.get(keyword)?.text === 'False';
}

/** The IR fields `fields` and `record` of a class, from its decorators, bases and body. */
export function recordFields(b: UnitBuilder, className: string, bases: readonly string[], decorators: readonly string[], body: ClassBody): Pick<Unit, 'fields' | 'record'> {
  if (body.methods.includes('__init__') || body.annotated.size === 0 && bases.length === 0) return {};
  const models = b.file.models.recordClasses;
  const model = models.find((m) => m.decorators.some((pattern) => decorators.some((d) => matchesCall(pattern, d)))
    || m.bases.some((pattern) => bases.some((base) => matchesCall(pattern, base))))
    ?? bases.map((base) => b.file.recordClasses.get(base)).find((m) => m !== undefined);
  if (model) b.file.recordClasses.set(className, model);
  const ignored = model?.ignoreTypes ?? models.flatMap((m) => m.ignoreTypes);
  const fields: string[] = [];
  for (const [name, { type, value }] of body.annotated) {
    if (ignored.includes(outerType(type))) continue;
    const noInit = model?.noInit;
    if (noInit && value?.type === 'call') {
      const fn = value.childForFieldName('function');
      const callee = fn ? describeCallee(b, fn).written : '';
      if (noInit.calls.some((pattern) => matchesCall(pattern, callee)) && passesFalse(value, noInit.kwarg)) continue;
    }
    fields.push(name);
  }
  return { ...(fields.length > 0 ? { fields } : {}), ...(model ? { record: true as const } : {}) };
}
