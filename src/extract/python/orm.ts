/**
 * ORM-mapped classes (Django models, SQLAlchemy declarative classes): which table a class maps and which
 * columns its attributes declare, driven by the `orm` entries of the models.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { AssetBinding } from '../../facts/schema.js';
import { matchesCall } from '../models.js';
import { describeCallee } from './callees.js';
import type { UnitBuilder } from './context.js';
import { constantString } from './strings.js';

interface ClassBody {
  attributes: Map<string, Node>;
  inner: Map<string, Map<string, Node>>;
}

function assignmentsOf(body: Node | null): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const statement of body?.namedChildren ?? []) {
    if (statement?.type !== 'expression_statement') continue;
    const assignment = statement.namedChildren[0];
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right) out.set(left.text, right);
  }
  return out;
}

function readBody(body: Node | null): ClassBody {
  const inner = new Map<string, Map<string, Node>>();
  for (const statement of body?.namedChildren ?? []) {
    if (statement?.type === 'class_definition') {
      const name = statement.childForFieldName('name')?.text;
      if (name) inner.set(name, assignmentsOf(statement.childForFieldName('body')));
    }
  }
  return { attributes: assignmentsOf(body), inner };
}

function attribute(body: ClassBody, path: string): Node | undefined {
  const dot = path.indexOf('.');
  return dot < 0 ? body.attributes.get(path) : body.inner.get(path.slice(0, dot))?.get(path.slice(dot + 1));
}

/** `UserProfile` -> `user_profile` (Flask-SQLAlchemy's default table name), `HTTPLog` -> `http_log`. */
function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** The Django app of a module: the package holding `models` (`shop.models` -> `shop`). */
function appOf(module: string): string {
  const segments = module.split('.');
  const at = segments.lastIndexOf('models');
  const app = at > 0 ? segments[at - 1] : segments[segments.length - 2] ?? segments[0];
  return app ?? '';
}

export function ormBinding(b: UnitBuilder, className: string, bases: readonly string[], bodyNode: Node | null): AssetBinding | undefined {
  const models = b.file.models.orm;
  if (models.length === 0) return undefined;
  const body = readBody(bodyNode);
  for (const model of models) {
    const byBase = model.bases.some((pattern) => bases.some((base) => matchesCall(pattern, base)));
    const tableNode = model.tableAttribute ? attribute(body, model.tableAttribute) : undefined;
    if (!byBase && !(tableNode && !model.tableAttribute!.includes('.'))) continue;
    const literal = tableNode ? constantString(tableNode)?.text : undefined;
    const table = literal ?? model.defaultTable
      ?.replace('{app}', appOf(b.file.module))
      .replace('{model}', className.toLowerCase())
      .replace('{snake}', snakeCase(className))
      .replace('{class}', className);
    if (!table) continue;
    const columns: string[] = [];
    for (const [name, value] of body.attributes) {
      if (value.type !== 'call') continue;
      const fn = value.childForFieldName('function');
      const callee = fn ? describeCallee(b, fn).written : '';
      if (model.fields.some((pattern) => matchesCall(pattern, callee))) columns.push(name);
    }
    return { kind: 'table', name: table, columns: columns.sort() };
  }
  return undefined;
}
