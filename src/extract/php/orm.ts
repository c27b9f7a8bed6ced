/**
 * Classes an ORM maps to a table (Eloquent models, Doctrine entities): the table named by a class property
 * (`protected $table = 'raw.users'`), by an attribute or annotation (`#[ORM\Table(name: 'users')]`) or by convention
 * (`{plural}`: `OrderItem` -> `order_items`), and the columns properties list (`$fillable`, `$hidden`) or marked
 * properties declare (`#[ORM\Column]`), driven by the `orm` entries of the models.
 */
import type { AssetBinding, Unit } from '../../facts/schema.js';
import { literalText } from '../../facts/values.js';
import type { Value } from '../../facts/schema.js';
import { matchesCall, type OrmModel } from '../models.js';
import { defaultTableName, renamedAttributes, snakeCase } from '../orm-names.js';
import type { Node } from 'web-tree-sitter';
import { plainString, type Marker } from './markers.js';
import { dotted, symbolOf } from './names.js';

/** Column names listed by an array literal property. */
function listed(value: Value | undefined): string[] {
  if (!value || value.length !== 1 || !('items' in value[0]!)) return [];
  const names: string[] = [];
  for (const entry of value[0].items) {
    // `['email', 'name']` lists names; `['email' => 'string']` (casts) keys them.
    const name = entry.key ?? literalText(entry.value);
    if (name !== undefined && /^[A-Za-z_][\w.]*$/.test(name)) names.push(name);
  }
  return names;
}

/** What a class declares for its mapping: its bases, property defaults, and the marks on it and its properties. */
export interface ClassMapping {
  bases: readonly string[];
  properties: ReadonlyMap<string, Value>;
  marks: readonly Marker[];
  propertyMarks: ReadonlyMap<string, readonly Marker[]>;
  /** Properties' declared classes, full dotted names (`App.Entity.Customer`). */
  propertyTypes: ReadonlyMap<string, string>;
  /** A class name as written in the file, as a full dotted name (`Customer` in `App\Entity`: `App.Entity.Customer`). */
  resolveClass: (written: string) => string;
  /** Methods whose body returns a call on `$this` (`customer()`: `$this->belongsTo(Customer::class)`). */
  returnedCalls: ReadonlyArray<ReturnedCall>;
}

/** A method that returns a call on `$this`: its name, the call's name and its arguments (classes full, texts as written). */
export interface ReturnedCall {
  method: string;
  call: string;
  args: Array<string | undefined>;
}

/** `return $this->belongsTo(Customer::class, 'buyer_id');` as the body of a method, else undefined. */
export function returnedCall(method: Node, resolve: (written: string) => string): ReturnedCall | undefined {
  const name = method.childForFieldName('name')?.text;
  const body = method.childForFieldName('body');
  const statements = body?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
  if (!name || statements.length !== 1 || statements[0]?.type !== 'return_statement') return undefined;
  const call = statements[0].namedChildren[0];
  if (call?.type !== 'member_call_expression' || call.childForFieldName('object')?.text !== '$this') return undefined;
  const callName = call.childForFieldName('name')?.text;
  if (!callName) return undefined;
  const args: Array<string | undefined> = [];
  for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
    const value = argument?.type === 'argument' ? argument.namedChildren[argument.namedChildren.length - 1] : undefined;
    if (value?.type === 'class_constant_access_expression' && value.namedChildren[1]?.text === 'class') args.push(resolve(value.namedChildren[0]!.text));
    else args.push(value ? plainString(value.text) : undefined);
  }
  return { method: name, call: callName, args };
}

function markArgument(mark: Marker, ref: { arg?: number; kwarg?: string }): string | undefined {
  return (ref.kwarg !== undefined ? mark.named.get(ref.kwarg) : undefined) ?? (ref.arg !== undefined ? mark.args[ref.arg] : undefined);
}

/** The columns marked properties declare (`#[ORM\Column(name: 'e_mail')] private $email`), by property. */
function markedColumns(model: OrmModel, propertyMarks: ReadonlyMap<string, readonly Marker[]>): Map<string, string> {
  const columns = new Map<string, string>();
  for (const [property, marks] of propertyMarks) {
    let fallback: string | undefined;
    let named: string | undefined;
    for (const columnMark of model.columnMarks) {
      const required = columnMark.with;
      if (required && !marks.some((mark) => required.some((pattern) => matchesCall(pattern, mark.name)))) continue;
      for (const mark of marks) {
        if (!matchesCall(columnMark.call, mark.name)) continue;
        named ??= markArgument(mark, columnMark);
        fallback ??= `${snakeCase(property)}${columnMark.suffix ?? ''}`;
      }
    }
    const column = named ?? fallback;
    if (column !== undefined) columns.set(property, column);
  }
  return columns;
}

type Relation = NonNullable<AssetBinding['relations']>[number];

/**
 * Marked properties that relate the class to another mapped class, named by their getters' subject
 * (`$customer`, `getCustomer()`: `customer`), with the column that holds the related row's key, if any.
 */
function markedRelations(model: OrmModel, mapping: ClassMapping, columns: ReadonlyMap<string, string>): Relation[] {
  if (model.relationMarks.length === 0 && model.relationMethods.length === 0) return [];
  const out: Relation[] = [];
  for (const [property, marks] of mapping.propertyMarks) {
    for (const relationMark of model.relationMarks) {
      const mark = marks.find((m) => relationMark.call.some((pattern) => matchesCall(pattern, m.name)));
      if (!mark) continue;
      const named = relationMark.target ? markArgument(mark, relationMark.target) : undefined;
      // A text (`targetEntity="Customer"`) names a class as the file would; `Customer::class` is already full.
      const full = named !== undefined ? (named.includes('.') ? named : mapping.resolveClass(named)) : mapping.propertyTypes.get(property);
      if (full === undefined || !/^[\\\w.]+$/.test(full)) break;
      const column = columns.get(property);
      out.push({ field: snakeCase(property), target: symbolOf(dotted(full)), ...(column !== undefined ? { column } : {}) });
      break;
    }
  }
  for (const returned of mapping.returnedCalls) {
    const relationMethod = model.relationMethods.find((r) => r.call.includes(returned.call));
    const target = relationMethod ? returned.args[relationMethod.target] : undefined;
    if (!relationMethod || target === undefined || !/^[\\\w.]+$/.test(target)) continue;
    const full = target.includes('.') ? target : mapping.resolveClass(target);
    const columnGiven = relationMethod.column?.arg !== undefined ? returned.args[relationMethod.column.arg] : undefined;
    const column = relationMethod.column ? columnGiven ?? relationMethod.column.default.replace('{field}', snakeCase(returned.method)) : undefined;
    out.push({ field: returned.method, target: symbolOf(dotted(full)), ...(column !== undefined ? { column } : {}) });
  }
  return out.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

/**
 * Marked properties whose column, or relation, has another name (`$fullName` in `full_name`, `$shippingAddress` the
 * relation `shipping_address`), by property.
 */
function renamedProperties(columns: ReadonlyMap<string, string>, properties: Iterable<string>, relations: readonly Relation[]): Map<string, string> {
  const renamed = new Map<string, string>();
  const relationFields = new Set(relations.map((relation) => relation.field));
  for (const property of properties) {
    // A relation's attribute is the related object; its column (`customer_id`) is no name of it.
    const related = snakeCase(property);
    const name = relationFields.has(related) ? related : columns.get(property);
    if (name !== undefined && name !== property) renamed.set(property, name);
  }
  return renamed;
}

export function ormBinding(models: readonly OrmModel[], className: string, mapping: ClassMapping): AssetBinding | undefined {
  const { bases, properties, marks } = mapping;
  for (const model of models) {
    const byBase = model.bases.some((pattern) => bases.some((base) => matchesCall(pattern, base)));
    const byMark = model.classMarks.some((pattern) => marks.some((mark) => matchesCall(pattern, mark.name)));
    const tableValue = model.tableAttribute ? properties.get(model.tableAttribute) : undefined;
    if (!byBase && !byMark && !tableValue) continue;
    const tableMark = model.tableMark;
    const tableMarks = tableMark ? marks.filter((m) => matchesCall(tableMark.call, m.name)) : [];
    const named = tableMarks.find((m) => markArgument(m, tableMark!) !== undefined);
    const schema = named && tableMark?.schema !== undefined ? named.named.get(tableMark.schema) : undefined;
    const marked = named ? `${schema !== undefined ? `${schema}.` : ''}${markArgument(named, tableMark!)}` : undefined;
    const literal = marked ?? (tableValue ? literalText(tableValue) : undefined);
    const table = literal ?? (model.defaultTable !== undefined ? defaultTableName(model.defaultTable, className) : undefined);
    if (!table) continue;
    const columns = new Set<string>();
    for (const attribute of model.columnAttributes) for (const name of listed(properties.get(attribute))) columns.add(name);
    const columnsByProperty = markedColumns(model, mapping.propertyMarks);
    for (const name of columnsByProperty.values()) columns.add(name);
    const relations = markedRelations(model, mapping, columnsByProperty);
    // A to-one relation's key column is the table's, listed or not (`belongsTo`: `customer_id`).
    for (const relation of relations) if (relation.column !== undefined) columns.add(relation.column);
    const repositoryMark = model.repositoryMark;
    const repository = repositoryMark
      ? marks.filter((m) => matchesCall(repositoryMark.call, m.name)).map((m) => markArgument(m, repositoryMark)).find((r) => r !== undefined)
      : undefined;
    const attributes = renamedAttributes(renamedProperties(columnsByProperty, mapping.propertyMarks.keys(), relations));
    const hidden = [...new Set(model.hiddenAttributes.flatMap((attribute) => listed(properties.get(attribute))))].sort();
    const visible = [...new Set(model.visibleAttributes.flatMap((attribute) => listed(properties.get(attribute))))].sort();
    return {
      kind: 'table', name: table, columns: [...columns].sort(),
      ...(repository ? { repositories: [symbolOf(dotted(repository))] } : {}),
      ...(attributes ? { attributes } : {}),
      ...(hidden.length > 0 ? { hidden } : {}),
      ...(visible.length > 0 ? { visible } : {}),
      ...(relations.length > 0 ? { relations } : {}),
    };
  }
  return undefined;
}

/** A method of a class as accessors are found: its name and the class it declares it returns, in full. */
export interface DeclaredMethod {
  name: string;
  returns?: string;
}

/**
 * Units for the attributes accessor methods make (`getFullNameAttribute()`: `$customer->full_name`), by the first
 * `orm` model with `accessorMethods` whose bases the class extends: each an accessor (IR `accessor`) of the class
 * that returns what the method returns for the object. Not for an attribute the class defines a method of.
 */
export function accessorUnits(
  models: readonly OrmModel[], bases: readonly string[], className: string, methods: readonly DeclaredMethod[], line: number,
  unitName: (qualified: string) => string,
): Unit[] {
  const model = models.find((m) => m.accessorMethods && m.bases.some((pattern) => bases.some((base) => matchesCall(pattern, base))));
  const accessors = model?.accessorMethods;
  if (!accessors) return [];
  const named = accessors.named !== undefined ? new RegExp(accessors.named) : undefined;
  const defined = new Set(methods.map((method) => method.name));
  const units: Unit[] = [];
  for (const method of methods) {
    const studly = named?.exec(method.name)?.[1];
    const byType = method.returns !== undefined && accessors.returns.some((pattern) => matchesCall(pattern, method.returns!));
    const attribute = studly !== undefined ? snakeCase(studly) : byType ? snakeCase(method.name) : undefined;
    if (attribute === undefined || defined.has(attribute)) continue;
    units.push({
      name: unitName(`${className}.${attribute}`), kind: 'method', line, endLine: line, parent: className, params: [{ name: 'this' }], accessor: true,
      steps: [
        { op: 'call', line, slot: 0, callee: `this.${method.name}`, fn: { ref: 'this', path: [method.name] }, args: [] },
        { op: 'return', line, value: [{ slot: 0 }] },
      ],
    });
  }
  return units;
}
