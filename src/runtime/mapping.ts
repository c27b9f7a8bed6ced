/**
 * Runtime dataset (namespace + name) -> static asset id. Rules come from the manifest (`runtime.datasets`, see
 * docs/runtime.md); without a matching rule the name is tried as a table name, then without its leading parts
 * (`warehouse.raw.users` -> `raw.users`) when exactly one asset has that name.
 */
import { z } from 'zod';
import type { LineageIndex } from '../graph/lineage-index.js';
import { resolveFocus } from '../graph/resolve.js';
import type { RuntimeDataset, RuntimeEnd } from './events.js';

export const DatasetRule = z.strictObject({
  /** Exact namespace, or a pattern with `*` (`postgres://*:5432`). */
  namespace: z.string().min(1),
  strip_prefix: z.string().optional(),
  add_prefix: z.string().optional(),
  /** Asset kind of the mapped id (default `table`; `file` for paths). */
  kind: z.string().min(1).optional(),
  lowercase: z.boolean().optional(),
});
export type DatasetRule = z.infer<typeof DatasetRule>;

function namespaceMatches(pattern: string, namespace: string): boolean {
  if (!pattern.includes('*')) return pattern === namespace;
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(namespace);
}

function applyRule(rule: DatasetRule, name: string): string {
  let mapped = name;
  if (rule.strip_prefix && mapped.startsWith(rule.strip_prefix)) mapped = mapped.slice(rule.strip_prefix.length);
  if (rule.add_prefix) mapped = rule.add_prefix + mapped;
  if (rule.lowercase) mapped = mapped.toLowerCase();
  return `${rule.kind ?? 'table'}:${mapped}`;
}

/** The asset a name denotes by the default rules, if exactly one. */
function byDefault(index: LineageIndex, dataset: RuntimeDataset): string | undefined {
  const parts = dataset.name.split('.');
  for (let start = 0; start < parts.length; start++) {
    const name = parts.slice(start).join('.');
    const direct = `table:${name}`;
    if (index.assets.has(direct)) return direct;
    const named = [...index.assets.values()].filter((a) => a.name === name);
    if (named.length === 1) return named[0]!.id;
    if (named.length > 1) return undefined;
    if (start + 1 === parts.length - 1) break; // never reduce a name to its last part alone
  }
  return undefined;
}

export interface Mapped {
  /** The static asset id, or a `runtime:` id when nothing matched. */
  id: string;
  mapped: boolean;
}

export function runtimeId(dataset: RuntimeDataset): string {
  return `runtime:${dataset.namespace}/${dataset.name}`;
}

export function mapEnd(index: LineageIndex, rules: readonly DatasetRule[], end: RuntimeEnd): Mapped {
  if ('asset' in end) {
    const resolved = resolveFocus(index, end.asset);
    return resolved.ok && resolved.focus.column === undefined ? { id: resolved.focus.asset, mapped: true } : { id: end.asset, mapped: false };
  }
  for (const rule of rules) {
    if (!namespaceMatches(rule.namespace, end.dataset.namespace)) continue;
    const id = applyRule(rule, end.dataset.name);
    if (index.assets.has(id)) return { id, mapped: true };
  }
  const found = byDefault(index, end.dataset);
  return found ? { id: found, mapped: true } : { id: runtimeId(end.dataset), mapped: false };
}
