/**
 * Table names an ORM gives a mapped class by convention (the `orm` models' `defaultTable`), for every language:
 * `{class}` (`OrderItem`), `{model}` (`orderitem`), `{snake}` (`order_item`), `{plural}` (`order_items`) and, where
 * the extractor knows it, `{app}` (the Django app).
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
