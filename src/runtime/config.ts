/**
 * The `runtime:` section of the manifest (lineage.yaml), read on its own so runtime validation does not depend on
 * the rest of the manifest: `runtime: { datasets: [ { namespace, strip_prefix, add_prefix, kind, lowercase } ] }`.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DatasetRule } from './mapping.js';
import { readTextBounded } from '../util/read-bounded.js';
import { readFailure } from '../util/read-failure.js';

const RuntimeSection = z.strictObject({ datasets: z.array(DatasetRule).default([]) });

export type ConfigResult = { ok: true; rules: DatasetRule[]; found: boolean } | { ok: false; message: string };

export async function loadRuntimeRules(manifestFile: string, required: boolean): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readTextBounded(manifestFile);
  } catch (error) {
    return required ? { ok: false, message: `${manifestFile}: cannot read the manifest (${readFailure(error)})` } : { ok: true, rules: [], found: false };
  }
  let data: unknown;
  try {
    data = parseYaml(text, { logLevel: 'error' });
  } catch (error) {
    return { ok: false, message: `${manifestFile}: not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
  const section = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).runtime : undefined;
  if (section === undefined || section === null) return { ok: true, rules: [], found: true };
  const checked = RuntimeSection.safeParse(section);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    return { ok: false, message: `${manifestFile}: runtime.${issue.path.map(String).join('.')}: ${issue.message}` };
  }
  return { ok: true, rules: checked.data.datasets, found: true };
}
