/**
 * Names of mapped classes' tables and attributes, for every language. Table names an ORM gives a mapped class by
 * convention (the `orm` models' `defaultTable`): `{class}` (`OrderItem`), `{model}` (`orderitem`), `{snake}`
 * (`order_item`), `{plural}` (`order_items`) and, where the extractor knows it, `{app}` (the Django app).
 */

/** `UserProfile` -> `user_profile`, `HTTPLog` -> `http_log` (Flask-SQLAlchemy's and Doctrine's underscore naming). */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** A naive English plural of the last word (`user` -> `users`, `category` -> `categories`, `address` -> `addresses`). */
function plural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/** The table a `defaultTable` template names for a class. */
export function defaultTableName(template: string, className: string, app = ''): string {
  return template
    .replace('{app}', app)
    .replace('{plural}', plural(snakeCase(className)))
    .replace('{snake}', snakeCase(className))
    .replace('{model}', className.toLowerCase())
    .replace('{class}', className);
}

/**
 * Attributes of a mapped class named otherwise than their column or relation (`fullName` -> `full_name`), as the IR
 * keeps them (asset `attributes`): in attribute order; undefined when there are none.
 */
export function renamedAttributes(renamed: ReadonlyMap<string, string>): Record<string, string> | undefined {
  if (renamed.size === 0) return undefined;
  return Object.fromEntries([...renamed.keys()].sort().map((attribute) => [attribute, renamed.get(attribute)!]));
}
