/**
 * Tables declared through a callback (Laravel's schema builder): `Schema::create('customers', function (Blueprint
 * $table) { $table->string('email')->unique(); $table->timestamps(); })`. The columns are read from the callback's
 * text, by the `tables` models: calls on its first parameter.
 */
import type { Node } from 'web-tree-sitter';
import type { TableModel } from '../models.js';
import { plainString } from './markers.js';

/** Node types of closures: `function ($x) {...}`, `fn ($x) => ...`. */
export const CLOSURES: ReadonlySet<string> = new Set(['anonymous_function', 'anonymous_function_creation_expression', 'arrow_function']);

/** The name (without `$`) of a callback's first parameter. */
function firstParameter(callback: Node): string | undefined {
  const parameters = callback.childForFieldName('parameters');
  const first = parameters?.namedChildren.find((p) => p?.type === 'simple_parameter' || p?.type === 'property_promotion_parameter');
  const variable = first?.childForFieldName('name');
  return variable?.text.replace(/^\$/, '');
}

/** A model's method names and lists keyed by lower-cased method names (PHP's method names ignore case). */
function lowerKeys<T>(record: Readonly<Record<string, T>>): Map<string, T> {
  return new Map(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
}

/** The columns the calls on the callback's first parameter declare, in order of first appearance. */
export function callbackColumns(callback: Node, model: TableModel): string[] {
  const except = new Set(model.except.map((m) => m.toLowerCase()));
  const renames = new Set(model.renames.map((m) => m.toLowerCase()));
  const defaults = lowerKeys(model.defaults);
  const suffixes = lowerKeys(model.suffixes);
  if (!CLOSURES.has(callback.type)) return [];
  const parameter = firstParameter(callback);
  const body = callback.childForFieldName('body');
  if (!parameter || !body) return [];
  const columns = new Set<string>();
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'member_call_expression') {
      const object = node.childForFieldName('object');
      const method = node.childForFieldName('name')?.text.toLowerCase();
      if (object?.type === 'variable_name' && object.text === `$${parameter}` && method && !except.has(method)) {
        const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a?.type === 'argument');
        const named = args[renames.has(method) ? 1 : 0];
        const value = named?.namedChildren[named.namedChildren.length - 1];
        const name = value ? plainString(value.text) : undefined;
        if (name !== undefined) for (const suffix of suffixes.get(method) ?? ['']) columns.add(`${name}${suffix}`);
        else for (const column of defaults.get(method) ?? []) columns.add(column);
      }
    }
    // Nested callbacks have parameters of their own; anything else may hold calls on the parameter.
    if (node !== body && CLOSURES.has(node.type)) continue;
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  return [...columns];
}
