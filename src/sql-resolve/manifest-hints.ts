/**
 * The two things the SQL engine takes from the manifest (`lineage.yaml`), read with a deliberately tiny,
 * tolerant reader (the manifest module proper validates the file): the field names of table assets
 * (`assets[].id` + `assets[].fields`), and per-path SQL dialects (`settings: [{ path, dialect }]`, paths in
 * .gitignore glob syntax, the first match wins). Anything unexpected is ignored here.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore from 'ignore';
import { parse as parseYaml } from 'yaml';
import type { ColumnSource } from './catalog.js';

export interface ManifestHints {
  columns: ColumnSource;
  dialects: { path: string; dialect: string }[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseManifestHints(text: string): ManifestHints {
  const hints: ManifestHints = { columns: {}, dialects: [] };
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return hints;
  }
  if (!isObject(doc)) return hints;
  for (const asset of Array.isArray(doc.assets) ? doc.assets : []) {
    if (!isObject(asset) || typeof asset.id !== 'string' || !asset.id.startsWith('table:') || !isObject(asset.fields)) continue;
    hints.columns[asset.id] = Object.keys(asset.fields);
  }
  for (const setting of Array.isArray(doc.settings) ? doc.settings : []) {
    if (isObject(setting) && typeof setting.path === 'string' && typeof setting.dialect === 'string') {
      hints.dialects.push({ path: setting.path, dialect: setting.dialect });
    }
  }
  return hints;
}

export async function readManifestHints(root: string): Promise<ManifestHints> {
  try {
    return parseManifestHints(await readFile(path.join(root, 'lineage.yaml'), 'utf8'));
  } catch {
    return { columns: {}, dialects: [] };
  }
}

/** The dialect name set for a file by the first matching `settings` entry, if any. */
export function dialectForPath(hints: ManifestHints, file: string): string | undefined {
  for (const entry of hints.dialects) if (ignore().add(entry.path).ignores(file)) return entry.dialect;
  return undefined;
}
