/**
 * ORM-mapped classes (Django models, SQLAlchemy declarative classes): which table a class maps and which
 * columns its attributes declare, driven by the `orm` entries of the models.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { AssetBinding } from '../../facts/schema.js';
import { matchesCall, type OrmModel } from '../models.js';
import { defaultTableName, renamedAttributes } from '../orm-names.js';
import { argNode, argumentNodes } from './arguments.js';
import { describeCallee } from './callees.js';
import type { UnitBuilder } from './context.js';
import { constantString } from './strings.js';
import { relatedFrameworkTable } from './framework-classes.js';

export interface ClassBody {
  attributes: Map<string, Node>;
  inner: Map<string, Map<string, Node>>;
  /** Attributes declared with a type annotation (`name: str`, `age: int | None = Field(default=None)`): the annotation and value. */
  annotated: Map<string, { type: string; value: Node | undefined }>;
  /** Names of the methods the class defines. */
  methods: string[];
  /**
   * Annotated attributes of the class's bases defined earlier in the same file, theirs first (`class Hero(HeroBase,
   * table=True)` has HeroBase's `name: str`): set by the walker.
   */
  inherited?: ClassBody['annotated'];
}

function assignmentsOf(body: Node | null, annotated?: ClassBody['annotated']): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const statement of body?.namedChildren ?? []) {
    if (statement?.type !== 'expression_statement') continue;
    const assignment = statement.namedChildren[0];
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier') continue;
    if (right) out.set(left.text, right);
    const type = assignment.childForFieldName('type');
    if (annotated && type) annotated.set(left.text, { type: type.text, value: right ?? undefined });
  }
  return out;
}

export function readBody(body: Node | null): ClassBody {
  const inner = new Map<string, Map<string, Node>>();
  for (const statement of body?.namedChildren ?? []) {
    if (statement?.type === 'class_definition') {
      const name = statement.childForFieldName('name')?.text;
      if (name) inner.set(name, assignmentsOf(statement.childForFieldName('body')));
    }
  }
  const annotated: ClassBody['annotated'] = new Map();
  const methods: string[] = [];
  for (const statement of body?.namedChildren ?? []) {
    const definition = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const name = definition?.type === 'function_definition' ? definition.childForFieldName('name')?.text : undefined;
    if (name) methods.push(name);
  }
  return { attributes: assignmentsOf(body, annotated), inner, annotated, methods };
}

/** A class attribute, or an attribute of a class nested in it (`Meta.db_table`). */
export function attribute(body: ClassBody, path: string): Node | undefined {
  const dot = path.indexOf('.');
  return dot < 0 ? body.attributes.get(path) : body.inner.get(path.slice(0, dot))?.get(path.slice(dot + 1));
}

/** The Django app of a module: the package holding `models` (`shop.models` -> `shop`). */
function appOf(module: string): string {
  const segments = module.split('.');
  const at = segments.lastIndexOf('models');
  const app = at > 0 ? segments[at - 1] : segments[segments.length - 2] ?? segments[0];
  return app ?? '';
}

/** The callee of a call node as written (`Field`, `sqlmodel.Relationship`), or '' for anything else. */
function calleeOf(b: UnitBuilder, value: Node | undefined): string {
  if (value?.type !== 'call') return '';
  const fn = value.childForFieldName('function');
  return fn ? describeCallee(b, fn).written : '';
}

/** Whether a call passes `keyword=True` (`models.CharField(primary_key=True)`). */
function passesTrue(value: Node | undefined, keyword: string): boolean {
  const args = value?.type === 'call' ? value.childForFieldName('arguments') : null;
  return (args?.namedChildren ?? []).some((arg) =>
    arg?.type === 'keyword_argument' && arg.childForFieldName('name')?.text === keyword && arg.childForFieldName('value')?.text === 'True');
}

/** The column a field's call names (`Column("email_address", String)`), when the model says where and a text is there. */
function namedColumn(model: OrmModel, value: Node | undefined): string | undefined {
  if (!model.columnName || value?.type !== 'call') return undefined;
  const node = argNode(argumentNodes(value.childForFieldName('arguments')), model.columnName);
  return node ? constantString(node)?.text : undefined;
}

export function ormBinding(
  b: UnitBuilder, className: string, bases: readonly string[], body: ClassBody, keywords: ReadonlyMap<string, string> = new Map(),
): AssetBinding | undefined {
  const models = b.file.models.orm;
  if (models.length === 0) return undefined;
  for (const model of models) {
    // By a base the model names, or by a class of this file that one maps (`class Customer(TimestampedModel)`).
    const byBase = model.bases.some((pattern) => bases.some((base) => matchesCall(pattern, base)))
      || bases.some((base) => b.file.ormClasses.get(base) === model);
    if (byBase) b.file.ormClasses.set(className, model);
    // An abstract base (`__abstract__ = True`, Django's `class Meta: abstract = True`) maps no table of its own.
    if (model.abstract && attribute(body, model.abstract)?.text === 'True') continue;
    // `class Hero(SQLModel, table=True)`: only classes given these keyword arguments are tables.
    if (Object.entries(model.classKeywords).some(([key, value]) => keywords.get(key) !== value)) continue;
    const tableNode = model.tableAttribute ? attribute(body, model.tableAttribute) : undefined;
    const byKeywords = Object.keys(model.classKeywords).length > 0;
    if (!byBase && !byKeywords && !(tableNode && !model.tableAttribute!.includes('.'))) continue;
    const literal = tableNode ? constantString(tableNode)?.text : undefined;
    const table = literal ?? (model.defaultTable !== undefined ? defaultTableName(model.defaultTable, className, appOf(b.file.module)) : undefined);
    if (!table) continue;
    const columns = new Set<string>();
    // Attributes whose column has another name (`email = Column("email_address", String)`).
    const renamed = new Map<string, string>();
    const column = (name: string, value: Node | undefined): string => {
      const named = namedColumn(model, value);
      if (named === undefined || named === name) return name;
      renamed.set(name, named);
      return named;
    };
    let key: string | undefined;
    const keyword = model.primaryKey ?? model.implicitKey?.unless;
    for (const [name, value] of body.attributes) {
      const callee = calleeOf(b, value);
      if (!callee || !model.fields.some((pattern) => matchesCall(pattern, callee))) continue;
      const named = column(name, value);
      columns.add(named);
      if (key === undefined && keyword !== undefined && passesTrue(value, keyword)) key = named;
    }
    for (const inherited of model.baseColumns) {
      if (inherited.bases.some((pattern) => bases.some((base) => matchesCall(pattern, base)))) for (const column of inherited.columns) columns.add(column);
    }
    if (model.implicitKey && key === undefined) {
      columns.add(model.implicitKey.column);
      key = model.implicitKey.column;
    }
    if (model.annotated) {
      const prefix = typeof model.annotated === 'string' ? model.annotated : '';
      // A base's annotated fields are columns of the table too (SQLModel's `HeroBase` data model under `Hero`).
      for (const [name, { type, value }] of [...(body.inherited ?? []), ...body.annotated]) {
        const callee = calleeOf(b, value);
        if (name.startsWith('_') || !type.startsWith(prefix) || (callee && model.notFields.some((pattern) => matchesCall(pattern, callee)))) continue;
        const named = column(name, value);
        columns.add(named);
        if (key === undefined && keyword !== undefined && passesTrue(value, keyword)) key = named;
      }
    }
    // Formatted (a log line, a print), an object shows only what the class's own `__str__`/`__repr__` shows.
    const shows = model.shownBy.length === 0 || body.methods.some((method) => model.shownBy.includes(method));
    const relations = relationsOf(b, model, className, body);
    // A relation's attribute is the related object, not a column: its key column, if any, is.
    for (const relation of relations) {
      columns.delete(renamed.get(relation.field) ?? relation.field);
      renamed.delete(relation.field);
      if (relation.column) columns.add(relation.column);
    }
    const attributes = renamedAttributes(renamed);
    return {
      kind: 'table', name: table, columns: [...columns].sort(), ...(attributes ? { attributes } : {}), ...(shows ? {} : { visible: [] }),
      ...(key !== undefined && columns.has(key) ? { key } : {}), ...(relations.length > 0 ? { relations } : {}),
    };
  }
  return undefined;
}

type Relation = NonNullable<AssetBinding['relations']>[number];

/**
 * The dotted name a type written as text names (`Optional["Customer"]`, `Customer | None`, `Mapped[Customer]`),
 * unwrapped from the outer types whose last name is among `unwrap`, or once from one among `many` (a list of them:
 * `List[UserOut]`, then `many` is true); undefined for any other type.
 */
export function unwrappedType(type: string | undefined, unwrap: readonly string[], many: readonly string[] = []): { name: string; many: boolean } | undefined {
  let text = type?.trim();
  let list = false;
  for (let guard = 0; text !== undefined && guard < 8; guard++) {
    text = text.replace(/^["']|["']$/g, '').trim();
    const parts = text.split('|').map((part) => part.trim()).filter((part) => part !== 'None' && part !== '');
    if (parts.length !== 1) return undefined;
    text = parts[0]!.replace(/^["']|["']$/g, '');
    const open = text.indexOf('[');
    if (open < 0 || !text.endsWith(']')) return /^[A-Za-z_][\w.]*$/.test(text) ? { name: text, many: list } : undefined;
    // `typing.Optional[...]` is written `Optional[...]` too: the last name decides.
    const outer = text.slice(0, open);
    const last = outer.slice(outer.lastIndexOf('.') + 1);
    if (many.includes(last) && !list) list = true;
    else if (!unwrap.includes(last)) return undefined;
    text = text.slice(open + 1, -1);
  }
  return undefined;
}

/** The class an annotation names through the wrappers `unwrap` (`Optional["Customer"]`: `Customer`). */
export function annotatedClass(type: string | undefined, unwrap: readonly string[]): string | undefined {
  return unwrappedType(type, unwrap)?.name;
}

/**
 * The attributes of a mapped class that relate it to another mapped class (`customer = models.ForeignKey(Customer,
 * related_name="orders")`): the attribute, the class as written (a class's name resolved as bases are, a text as it
 * is, `self` the class itself) and the attribute the other class's objects get for this class's.
 */
function relationsOf(b: UnitBuilder, model: OrmModel, className: string, body: ClassBody): Relation[] {
  if (model.relations.length === 0) return [];
  const out: Relation[] = [];
  for (const [field, value] of body.attributes) {
    const callee = calleeOf(b, value);
    const relation = callee ? model.relations.find((r) => r.call.some((pattern) => matchesCall(pattern, callee))) : undefined;
    if (!relation || value?.type !== 'call') continue;
    const args = argumentNodes(value.childForFieldName('arguments'));
    const targetNode = argNode(args, relation.target);
    let target: string | undefined;
    if (targetNode) {
      const text = constantString(targetNode)?.text;
      if (text !== undefined) target = text === 'self' ? className : text;
      else if (targetNode.type === 'identifier' || targetNode.type === 'attribute') {
        const written = describeCallee(b, targetNode).written;
        target = relation.aliases[written] ?? written;
      }
    } else target = annotatedClass(body.annotated.get(field)?.type, relation.unwrap);
    if (!target || target.includes('?')) continue;
    let reverse: string | undefined;
    if (relation.reverse) {
      const given = args.keywords.get(relation.reverse.kwarg);
      const text = given ? constantString(given)?.text : undefined;
      if (given && text === undefined) reverse = undefined;
      else if (text !== undefined) reverse = text === relation.reverse.none ? undefined : text;
      else if (relation.reverse.default) reverse = relation.reverse.default.replace('{model}', className.toLowerCase());
    }
    let column: string | undefined;
    if (relation.column) {
      const given = relation.column.kwarg ? args.keywords.get(relation.column.kwarg) : undefined;
      column = (given ? constantString(given)?.text : undefined) ?? relation.column.default.replace('{field}', field);
    }
    const table = relation.tables[target];
    if (table !== undefined) relatedFrameworkTable(b.file, table, target, value.startPosition.row + 1);
    out.push({ field, target, ...(reverse ? { reverse } : {}), ...(column ? { column } : {}), ...(table ? { table } : {}) });
  }
  return out.sort((x, y) => (x.field < y.field ? -1 : x.field > y.field ? 1 : 0));
}
