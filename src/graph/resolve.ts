/**
 * What a user types -> an asset or a column of the graph: `raw.users`, `table:raw.users`, `raw.users.email`,
 * `table:raw.users.email`, `model:churn`, or an unambiguous last part (`stg_users`). Unknown or ambiguous names
 * give a message with did-you-mean suggestions instead of a guess.
 */
import { compareStrings } from './ids.js';
import { displayName, knownColumns, type LineageIndex } from './lineage-index.js';

export interface Focus {
  asset: string;
  column?: string;
}

export type Resolution = { ok: true; focus: Focus } | { ok: false; message: string };

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to `limit` candidates close to `input` (by edit distance, then containment), best first. */
export function closest(input: string, candidates: readonly string[], limit = 3): string[] {
  const needle = input.toLowerCase();
  const scored = candidates.map((candidate) => {
    const lower = candidate.toLowerCase();
    const distance = editDistance(needle, lower);
    const contains = lower.includes(needle) || needle.includes(lower);
    return { candidate, score: contains ? Math.min(distance, 1) : distance };
  });
  const threshold = Math.max(2, Math.floor(needle.length / 3));
  return scored
    .filter((s) => s.score <= threshold)
    .sort((a, b) => a.score - b.score || compareStrings(a.candidate, b.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}

function byName(index: LineageIndex, name: string): string[] {
  return [...index.assets.values()].filter((a) => a.name === name).map((a) => a.id).sort(compareStrings);
}

function bySuffix(index: LineageIndex, name: string): string[] {
  return [...index.assets.values()].filter((a) => a.name.endsWith(`.${name}`)).map((a) => a.id).sort(compareStrings);
}

/** Asset ids the input names, without a column part. */
function assetsNamed(index: LineageIndex, input: string): string[] {
  if (index.assets.has(input)) return [input];
  const named = byName(index, input);
  return named.length > 0 ? named : input.includes(':') ? [] : bySuffix(index, input);
}

function ambiguous(input: string, ids: string[]): Resolution {
  return { ok: false, message: `'${input}' is ambiguous: it could be ${ids.join(', ')} (give the full id)` };
}

function resolveColumn(index: LineageIndex, input: string, assetPart: string, column: string): Resolution | null {
  const owners = assetsNamed(index, assetPart);
  if (owners.length > 1) return ambiguous(input, owners.map((id) => `${id}.${column}`));
  if (owners.length === 0) return null;
  const asset = owners[0]!;
  const columns = knownColumns(index, asset);
  if (columns.includes(column)) return { ok: true, focus: { asset, column } };
  const lower = columns.filter((c) => c.toLowerCase() === column.toLowerCase());
  if (lower.length === 1) return { ok: true, focus: { asset, column: lower[0]! } };
  const suggestions = closest(column, columns);
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((c) => `${displayName(asset)}.${c}`).join(', ')}?`
    : columns.length > 0 ? ` (known columns: ${columns.join(', ')})` : ' (no columns are known for it)';
  return { ok: false, message: `${displayName(asset)} has no known column '${column}'${hint}` };
}

export function resolveFocus(index: LineageIndex, input: string): Resolution {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'the asset name is empty' };
  const assets = assetsNamed(index, text);
  if (assets.length === 1) return { ok: true, focus: { asset: assets[0]! } };
  if (assets.length > 1) return ambiguous(text, assets);
  const dot = text.lastIndexOf('.');
  if (dot > 0 && dot < text.length - 1 && dot > text.indexOf(':')) {
    const column = resolveColumn(index, text, text.slice(0, dot), text.slice(dot + 1));
    if (column) return column;
  }
  const ids = [...index.assets.keys()];
  const names = [...new Set([...index.assets.values()].map((a) => a.name))];
  const suggestions = closest(text, text.includes(':') ? ids : names);
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
  return { ok: false, message: `no asset named '${text}' in the lineage graph${hint}` };
}

export function focusLabel(focus: Focus): string {
  return focus.column === undefined ? displayName(focus.asset) : `${displayName(focus.asset)}.${focus.column}`;
}
