/**
 * Small readers over node-sql-parser's AST, whose shapes vary by dialect build: a name may be a string or
 * `{ type, value }`, a subquery may be wrapped in `{ ast }`, a function name may be `{ name: [{ value }] }`.
 */
export type Node = Record<string, unknown>;

export const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A subquery node (`{ ast: {...} }`, `{ type: 'select' }`), unwrapped; null when the node is not one. */
export function subqueryAst(node: unknown): Node | null {
  if (!isNode(node)) return null;
  if (isNode(node.ast) && (node.ast.type === 'select' || node.ast.type === 'values')) return node.ast;
  if (node.type === 'select') return node;
  return null;
}

/** The text of a name node: `'x'`, `{ value: 'x' }`, `{ expr: { value: 'x' } }`. */
export function nameText(node: unknown): string | null {
  if (typeof node === 'string') return node;
  if (!isNode(node)) return null;
  if (typeof node.value === 'string') return node.value;
  if (isNode(node.expr)) return nameText(node.expr);
  return null;
}

/** Whether a name node says it was quoted (`double_quote_string`, `backticks_quote_string`, ...). */
export function nameQuoted(node: unknown): boolean {
  if (!isNode(node)) return false;
  if (typeof node.type === 'string' && node.type.includes('quote')) return true;
  return isNode(node.expr) ? nameQuoted(node.expr) : false;
}

/** A function's name without its schema, lower-cased (`dbo.fn` -> `fn`; BigQuery puts bare names in `schema`). */
export function functionName(node: Node): string {
  const name = node.name;
  if (typeof name === 'string') return name.toLowerCase();
  if (isNode(name) && Array.isArray(name.name)) {
    const parts = name.name.map((part) => nameText(part) ?? '').filter(Boolean);
    if (parts.length === 0) return nameText(name.schema)?.toLowerCase() ?? '';
    return parts[parts.length - 1]!.toLowerCase();
  }
  return nameText(name)?.toLowerCase() ?? '';
}

export function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}
