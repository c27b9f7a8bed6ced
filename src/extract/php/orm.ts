/**
 * Classes an ORM maps to a table (Eloquent models, Doctrine entities): the table named by a class property
 * (`protected $table = 'raw.users'`), by an attribute or annotation (`#[ORM\Table(name: 'users')]`) or by convention
 * (`{plural}`: `OrderItem` -> `order_items`), and the columns properties list (`$fillable`, `$hidden`) or marked
 * properties declare (`#[ORM\Column]`), driven by the `orm` entries of the models.
 */
import type { AssetBinding } from '../../facts/schema.js';
import { literalText } from '../../facts/values.js';
import type { Value } from '../../facts/schema.js';
import { matchesCall, type OrmModel } from '../models.js';
import { defaultTableName, snakeCase } from '../orm-names.js';
import type { Marker } from './markers.js';
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
}

function markArgument(mark: Marker, ref: { arg?: number; kwarg?: string }): string | undefined {
  return (ref.kwarg !== undefined ? mark.named.get(ref.kwarg) : undefined) ?? (ref.arg !== undefined ? mark.args[ref.arg] : undefined);
}

/** The columns marked properties declare (`#[ORM\Column(name: 'e_mail')] private $email`). */
function markedColumns(model: OrmModel, propertyMarks: ReadonlyMap<string, readonly Marker[]>): string[] {
  const columns: string[] = [];
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
    if (column !== undefined) columns.push(column);
  }
  return columns;
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
    for (const name of markedColumns(model, mapping.propertyMarks)) columns.add(name);
    const repositoryMark = model.repositoryMark;
    const repository = repositoryMark
      ? marks.filter((m) => matchesCall(repositoryMark.call, m.name)).map((m) => markArgument(m, repositoryMark)).find((r) => r !== undefined)
      : undefined;
    const hidden = [...new Set(model.hiddenAttributes.flatMap((attribute) => listed(properties.get(attribute))))].sort();
    const visible = [...new Set(model.visibleAttributes.flatMap((attribute) => listed(properties.get(attribute))))].sort();
    return {
      kind: 'table', name: table, columns: [...columns].sort(),
      ...(repository ? { repositories: [symbolOf(dotted(repository))] } : {}),
      ...(hidden.length > 0 ? { hidden } : {}),
      ...(visible.length > 0 ? { visible } : {}),
    };
  }
  return undefined;
}
