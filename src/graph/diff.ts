/**
 * Drift between two reports: assets (by id), edges (by from, to), flows (by id), findings (by rule and
 * fingerprint) added and removed, and coverage deltas. The basis of `lineage diff` and its `--fail-on` checks.
 */
import type { Flow, Finding, Report } from '../report/json/schema.js';
import { compareStrings } from './ids.js';

export interface AssetChange {
  id: string;
  columnsAdded: string[];
  columnsRemoved: string[];
  categoriesAdded: string[];
  categoriesRemoved: string[];
  /** The manifest entry appeared, disappeared or changed owner/fields. */
  annotationChanged: boolean;
}

export interface EdgeRef {
  from: string;
  to: string;
  jobs: string[];
}

export interface CoverageDelta {
  /** Dotted path in `coverage` (`sqlStatements.parsed`), or a rate name. */
  name: string;
  old: number | null;
  new: number | null;
}

export interface ReportDiff {
  assets: { added: string[]; removed: string[]; changed: AssetChange[] };
  edges: { added: EdgeRef[]; removed: EdgeRef[] };
  flows: { added: Flow[]; removed: Flow[] };
  findings: { added: Finding[]; removed: Finding[] };
  /** Numeric coverage fields that changed. */
  coverage: CoverageDelta[];
  /** Coverage rates (0..1) before and after; a lower `new` is a coverage drop. */
  rates: CoverageDelta[];
}

export const FAIL_ON = ['new-sensitive-flow', 'new-policy-violation', 'coverage-drop'] as const;
export type FailOn = (typeof FAIL_ON)[number];

const sortedDifference = (a: readonly string[], b: readonly string[]) => {
  const other = new Set(b);
  return [...new Set(a)].filter((x) => !other.has(x)).sort(compareStrings);
};

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

function addedRemoved<T>(oldItems: readonly T[], newItems: readonly T[], key: (item: T) => string): { added: T[]; removed: T[] } {
  const before = byKey(oldItems, key);
  const after = byKey(newItems, key);
  const order = (a: T, b: T) => compareStrings(key(a), key(b));
  return {
    added: [...after.entries()].filter(([k]) => !before.has(k)).map(([, v]) => v).sort(order),
    removed: [...before.entries()].filter(([k]) => !after.has(k)).map(([, v]) => v).sort(order),
  };
}

const findingKey = (f: Finding) => `${f.ruleId}\u0000${f.fingerprint}`;
const edgeKey = (e: { from: string; to: string }) => `${e.from}\u0000${e.to}`;

/** Stable text of an annotation for comparison (key order independent). */
function annotationText(annotation: Report['assets'][number]['annotation']): string {
  if (!annotation) return '';
  const fields = Object.keys(annotation.fields ?? {}).sort(compareStrings)
    .map((k) => `${k}=${[...annotation.fields![k]!].sort(compareStrings).join(',')}`);
  return [annotation.entry, annotation.owner ?? '', ...fields].join('\u0000');
}

function assetChanges(oldReport: Report, newReport: Report): AssetChange[] {
  const before = byKey(oldReport.assets, (a) => a.id);
  const changes: AssetChange[] = [];
  for (const asset of [...newReport.assets].sort((a, b) => compareStrings(a.id, b.id))) {
    const old = before.get(asset.id);
    if (!old) continue;
    const change: AssetChange = {
      id: asset.id,
      columnsAdded: sortedDifference(asset.columns, old.columns),
      columnsRemoved: sortedDifference(old.columns, asset.columns),
      categoriesAdded: sortedDifference(asset.categories, old.categories),
      categoriesRemoved: sortedDifference(old.categories, asset.categories),
      annotationChanged: annotationText(asset.annotation) !== annotationText(old.annotation),
    };
    if (change.columnsAdded.length + change.columnsRemoved.length + change.categoriesAdded.length + change.categoriesRemoved.length > 0
      || change.annotationChanged) changes.push(change);
  }
  return changes;
}

/** Every numeric leaf of an object, by dotted path. */
function numericLeaves(value: unknown, prefix = '', out = new Map<string, number>()): Map<string, number> {
  if (typeof value === 'number') out.set(prefix, value);
  else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) numericLeaves(child, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

/** Rates the tool knows, plus any coverage field named like a rate (`…ratio`, `…rate`, `…percent`, `…share`). */
function rates(coverage: Report['coverage']): Map<string, number> {
  const out = new Map<string, number>();
  const { files, sqlStatements } = coverage;
  if (files.analysed > 0) out.set('files parsed cleanly', files.parsedCleanly / files.analysed);
  if (sqlStatements.total > 0) out.set('SQL statements parsed', sqlStatements.parsed / sqlStatements.total);
  for (const [path, value] of numericLeaves(coverage)) if (/(ratio|rate|percent|share)$/i.test(path)) out.set(path, value);
  return out;
}

function deltas(before: Map<string, number>, after: Map<string, number>): CoverageDelta[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort(compareStrings);
  return names
    .map((name) => ({ name, old: before.get(name) ?? null, new: after.get(name) ?? null }))
    .filter((d) => d.old !== d.new);
}

export function diffReports(oldReport: Report, newReport: Report): ReportDiff {
  const assets = addedRemoved(oldReport.assets, newReport.assets, (a) => a.id);
  const edges = addedRemoved(oldReport.edges, newReport.edges, edgeKey);
  return {
    assets: { added: assets.added.map((a) => a.id), removed: assets.removed.map((a) => a.id), changed: assetChanges(oldReport, newReport) },
    edges: {
      added: edges.added.map((e) => ({ from: e.from, to: e.to, jobs: e.jobs })),
      removed: edges.removed.map((e) => ({ from: e.from, to: e.to, jobs: e.jobs })),
    },
    flows: addedRemoved(oldReport.flows, newReport.flows, (f) => f.id),
    findings: addedRemoved(oldReport.findings, newReport.findings, findingKey),
    coverage: deltas(numericLeaves(oldReport.coverage), numericLeaves(newReport.coverage)),
    rates: deltas(rates(oldReport.coverage), rates(newReport.coverage)),
  };
}

/** A new finding that breaks a policy (unsuppressed). */
export function isPolicyViolation(finding: Finding): boolean {
  return finding.suppression === undefined && (finding.policy !== undefined || finding.ruleId === 'policy-violation');
}

/** Which `--fail-on` conditions the diff meets, with a reason each. */
export function failures(diff: ReportDiff, conditions: readonly FailOn[]): Array<{ condition: FailOn; reason: string }> {
  const out: Array<{ condition: FailOn; reason: string }> = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  for (const condition of conditions) {
    if (condition === 'new-sensitive-flow') {
      const flows = diff.flows.added.filter((f) => f.categories.length > 0);
      if (flows.length > 0) out.push({ condition, reason: `${plural(flows.length, 'new sensitive flow')}` });
    } else if (condition === 'new-policy-violation') {
      const found = diff.findings.added.filter(isPolicyViolation);
      if (found.length > 0) out.push({ condition, reason: `${plural(found.length, 'new policy violation')}` });
    } else {
      const drops = diff.rates.filter((r) => r.old !== null && (r.new === null || r.new < r.old));
      if (drops.length > 0) out.push({ condition, reason: `coverage dropped: ${drops.map((d) => d.name).join(', ')}` });
    }
  }
  return out;
}
