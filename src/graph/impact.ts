/**
 * What a change touches: the jobs in the changed files, the assets they write (or define), everything downstream
 * of those, the flows to sinks that start there, and the sensitive categories involved.
 */
import type { Finding } from '../report/json/schema.js';
import { compareStrings, naturalCompare } from './ids.js';
import { assetCategories, displayName, type LineageIndex } from './lineage-index.js';
import { evidenceOf, reachableAssets, type Evidence } from './query.js';

export interface ImpactedAsset {
  id: string;
  kind: string;
  /** Hops from the nearest changed asset (0 for the changed assets themselves). */
  depth: number;
  categories: string[];
  owner?: string;
}

export interface ChangedFile {
  file: string;
  /** Jobs of the file; empty when the file holds no lineage (or was not analysed). */
  jobs: string[];
}

export interface Impact {
  files: ChangedFile[];
  jobs: Evidence[];
  /** Assets the changed jobs write, create or alter (DDL included). */
  changed: ImpactedAsset[];
  /** Assets the changed jobs only read. */
  read: string[];
  downstream: ImpactedAsset[];
  flows: Array<{ id: string; source: string; sink: string; categories: string[] }>;
  findings: Finding[];
  categories: string[];
  headline: string;
}

/** Operations whose outputs are not rewritten by the job in a lineage sense. */
const NOT_WRITES = new Set(['select']);

function impacted(index: LineageIndex, id: string, depth: number): ImpactedAsset {
  const asset = index.assets.get(id);
  return {
    id, kind: asset?.kind ?? 'unknown', depth, categories: assetCategories(index, id),
    ...(asset?.annotation?.owner ? { owner: asset.annotation.owner } : {}),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `2 staging tables, 1 mart table and model:churn`: tables by schema, other kinds by id (or count). */
export function describeAssets(assets: readonly ImpactedAsset[]): string {
  const groups = new Map<string, number>();
  const others: string[] = [];
  for (const asset of assets) {
    if (asset.kind === 'table' || asset.kind === 'view') {
      const name = displayName(asset.id);
      const schema = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '';
      const label = schema === '' ? asset.kind : `${schema} ${asset.kind}`;
      groups.set(label, (groups.get(label) ?? 0) + 1);
    } else others.push(asset.id);
  }
  const parts = [...groups.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([label, n]) => plural(n, label));
  if (others.length <= 3) parts.push(...others.sort(compareStrings));
  else parts.push(plural(others.length, 'other asset'));
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function headline(changed: ImpactedAsset[], read: string[], downstream: ImpactedAsset[], files: ChangedFile[]): string {
  if (changed.length === 0 && read.length === 0) {
    return files.length === 0 ? 'no files changed' : 'this change touches no lineage the scan knows of';
  }
  const names = (ids: string[]) => (ids.length <= 3 ? ids.map(displayName).join(', ') : `${ids.length} assets`);
  const subject = changed.length > 0 ? `this change rewrites ${names(changed.map((a) => a.id))}` : `this change only reads ${names(read)}`;
  if (changed.length === 0) return subject;
  if (downstream.length === 0) return `${subject}; nothing downstream depends on it`;
  return `${subject}; ${describeAssets(downstream)} depend${downstream.length === 1 ? 's' : ''} on ${changed.length === 1 ? 'it' : 'them'}`;
}

export function impactOf(index: LineageIndex, paths: readonly string[]): Impact {
  const files = [...new Set(paths)].sort(compareStrings);
  const fileSet = new Set(files);
  const jobs = [...index.jobs.values()].filter((j) => fileSet.has(j.file)).sort((a, b) => naturalCompare(a.id, b.id));
  const written = new Set<string>();
  const read = new Set<string>();
  for (const job of jobs) {
    if (!NOT_WRITES.has(job.operation)) job.outputs.forEach((id) => written.add(id));
    job.inputs.forEach((id) => read.add(id));
  }
  const changed = [...written].sort(compareStrings).map((id) => impacted(index, id, 0));
  const downstreamDepths = reachableAssets(index, [...written], 'downstream');
  const downstream = [...downstreamDepths.entries()]
    .map(([id, depth]) => impacted(index, id, depth))
    .sort((a, b) => a.depth - b.depth || compareStrings(a.id, b.id));
  const touched = new Set([...written, ...downstreamDepths.keys()]);
  const flows = index.report.flows
    .filter((f) => f.source.asset !== undefined && touched.has(f.source.asset))
    .map((f) => ({
      id: f.id,
      source: `${displayName(f.source.asset!)}${f.source.column ? `.${f.source.column}` : ''}`,
      sink: `${f.sink.kind} ${f.sink.callee} at ${f.sink.file}:${f.sink.line}`,
      categories: [...f.categories].sort(compareStrings),
    }))
    .sort((a, b) => compareStrings(a.sink, b.sink) || compareStrings(a.id, b.id));
  const findings = index.report.findings.filter((f) => fileSet.has(f.file) || (f.asset !== undefined && touched.has(f.asset)));
  const categories = new Set<string>();
  [...changed, ...downstream].forEach((a) => a.categories.forEach((c) => categories.add(c)));
  flows.forEach((f) => f.categories.forEach((c) => categories.add(c)));
  const readOnly = [...read].filter((id) => !written.has(id)).sort(compareStrings);
  const changedFiles = files.map((file) => ({ file, jobs: jobs.filter((j) => j.file === file).map((j) => j.id) }));
  return {
    files: changedFiles,
    jobs: evidenceOf(index, jobs.map((j) => j.id)),
    changed,
    read: readOnly,
    downstream,
    flows,
    findings,
    categories: [...categories].sort(compareStrings),
    headline: headline(changed, readOnly, downstream, changedFiles),
  };
}
