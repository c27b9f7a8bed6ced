/** Names of units of code, as the IR writes them. */

/** A unit's simple name: `Export.run` -> `run` (and without an overload's `@` suffix). */
export function baseName(name: string): string {
  const at = name.indexOf('@');
  const plain = at >= 0 ? name.slice(0, at) : name;
  return plain.slice(plain.lastIndexOf('.') + 1);
}
