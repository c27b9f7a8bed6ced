/**
 * `--schema FILE`: table columns the user knows, as JSON. Accepted shapes:
 *   { "db.table": ["col", ...] }                        (the documented one)
 *   { "db.table": { "col": "type", ... } }               (sqlglot's mapping schema)
 *   { "db": { "table": ["col", ...] } }                  (nested by schema / catalog)
 * Keys fold like SQL names: unquoted parts to lower case, `"Quoted"` parts kept. With a default schema, a bare
 * table name also answers for `<default schema>.<table>`.
 */
import type { ColumnSource } from './catalog.js';
import { readTextBounded } from '../util/read-bounded.js';
import { readFailure } from '../util/read-failure.js';

export type SchemaFileResult = { ok: true; columns: ColumnSource } | { ok: false; message: string };

function foldPart(part: string): string {
  return /^".*"$/.test(part) ? part.slice(1, -1) : part.toLowerCase();
}

function foldName(name: string): string {
  return name.split('.').map(foldPart).join('.');
}

function collect(value: unknown, prefix: string, out: Record<string, string[]>): boolean {
  if (Array.isArray(value)) {
    if (!value.every((c) => typeof c === 'string')) return false;
    out[foldName(prefix)] = value.map((c: string) => foldName(c));
    return true;
  }
  if (typeof value !== 'object' || value === null) return false;
  const entries = Object.entries(value);
  if (entries.length > 0 && entries.every(([, v]) => typeof v === 'string')) {
    out[foldName(prefix)] = entries.map(([k]) => foldName(k));
    return true;
  }
  return entries.every(([key, v]) => collect(v, prefix ? `${prefix}.${key}` : key, out));
}

export function parseSchemaJson(text: string, defaultSchema?: string): SchemaFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const tables: Record<string, string[]> = {};
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !collect(json, '', tables)) {
    return { ok: false, message: 'expected an object such as { "db.table": ["col", ...] }' };
  }
  const columns: Record<string, string[]> = {};
  for (const [table, cols] of Object.entries(tables)) {
    columns[`table:${table}`] = cols;
    if (defaultSchema && !table.includes('.')) columns[`table:${defaultSchema}.${table}`] ??= cols;
  }
  return { ok: true, columns };
}

export async function readSchemaFile(file: string, defaultSchema?: string): Promise<SchemaFileResult> {
  let text: string;
  try {
    text = await readTextBounded(file);
  } catch (error) {
    return { ok: false, message: `cannot read the file (${readFailure(error)})` };
  }
  return parseSchemaJson(text, defaultSchema);
}
