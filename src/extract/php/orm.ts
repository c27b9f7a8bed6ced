/**
 * Classes an ORM maps to a table (Eloquent models, Doctrine entities by convention): the table named by a class
 * property (`protected $table = 'raw.users'`) or by convention (`{plural}`: `OrderItem` -> `order_items`), and
 * the columns properties list (`$fillable`, `$hidden`), driven by the `orm` entries of the models.
 */
import type { AssetBinding } from '../../facts/schema.js';
import { literalText } from '../../facts/values.js';
import type { Value } from '../../facts/schema.js';
import { matchesCall, type OrmModel } from '../models.js';

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** A naive English plural of the last word (`user` -> `users`, `category` -> `categories`, `address` -> `addresses`). */
function plural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

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

export function ormBinding(
  models: readonly OrmModel[], className: string, bases: readonly string[], properties: ReadonlyMap<string, Value>,
): AssetBinding | undefined {
  for (const model of models) {
    const byBase = model.bases.some((pattern) => bases.some((base) => matchesCall(pattern, base)));
    const tableValue = model.tableAttribute ? properties.get(model.tableAttribute) : undefined;
    if (!byBase && !tableValue) continue;
    const literal = tableValue ? literalText(tableValue) : undefined;
    const table = literal ?? model.defaultTable
      ?.replace('{plural}', plural(snake(className)))
      .replace('{model}', className.toLowerCase())
      .replace('{class}', className);
    if (!table) continue;
    const columns = new Set<string>();
    for (const attribute of model.columnAttributes) for (const name of listed(properties.get(attribute))) columns.add(name);
    return { kind: 'table', name: table, columns: [...columns].sort() };
  }
  return undefined;
}
