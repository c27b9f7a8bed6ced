/**
 * What the HTML page needs beyond the report itself, computed once here with the graph helpers the commands use:
 * the plain-language explanation of assets and sensitive columns (src/graph/explain.ts) and, given a baseline
 * report, the drift since then (src/graph/diff.ts). Deterministic: the same reports give the same data.
 */
import { diffReports, isPolicyViolation } from '../../graph/diff.js';
import { explain } from '../../graph/explain.js';
import { compareStrings } from '../../graph/ids.js';
import { indexReport, type LineageIndex } from '../../graph/lineage-index.js';
import type { Flow, Finding, Report } from '../json/schema.js';
import type { Drift, DriftFinding, DriftFlow, DriftList, Explanations, PageData } from './client/types.js';

export type { Drift, Explanations, PageData };

/**
 * Explanations walk the graph up and down from each asset (tens of milliseconds on a large graph), so a page explains
 * at most this many assets, and as many sensitive columns: the ones a reader is most likely to open first.
 */
export const EXPLAINED_ASSETS = 400;
export const EXPLAINED_COLUMNS = 400;
/** Drift lists longer than this are cut (their counts stay exact). */
export const DRIFT_LIST_LIMIT = 500;

/** Assets in flows and findings first, then sensitive or annotated ones, then the most connected; ties by id. */
function explanationOrder(index: LineageIndex): string[] {
  const report = index.report;
  const flagged = new Set<string>();
  for (const flow of report.flows) if (flow.source.asset) flagged.add(flow.source.asset);
  for (const finding of report.findings) if (finding.asset) flagged.add(finding.asset);
  const rank = (id: string) => {
    const asset = index.assets.get(id)!;
    if (flagged.has(id)) return 0;
    if (asset.categories.length > 0 || asset.annotation) return 1;
    return 2;
  };
  const degree = (id: string) => (index.outgoing.get(id)?.length ?? 0) + (index.incoming.get(id)?.length ?? 0);
  return [...index.assets.keys()].sort((a, b) => rank(a) - rank(b) || degree(b) - degree(a) || compareStrings(a, b));
}

function sensitiveColumns(index: LineageIndex, asset: string): string[] {
  const columns = new Set(Object.entries(index.assets.get(asset)?.annotation?.fields ?? {}).filter(([, c]) => c.length > 0).map(([c]) => c));
  for (const flow of index.report.flows) if (flow.source.asset === asset && flow.source.column) columns.add(flow.source.column);
  return [...columns].sort(compareStrings);
}

export function explanations(index: LineageIndex): Explanations {
  const order = explanationOrder(index);
  const out: Explanations = { assets: {}, columns: {}, complete: order.length <= EXPLAINED_ASSETS, limit: EXPLAINED_ASSETS };
  let columnBudget = EXPLAINED_COLUMNS;
  for (const asset of order.slice(0, EXPLAINED_ASSETS)) {
    out.assets[asset] = explain(index, { asset }).sentences;
    for (const column of sensitiveColumns(index, asset)) {
      if (columnBudget-- <= 0) break;
      (out.columns[asset] ??= {})[column] = explain(index, { asset, column }).sentences;
    }
  }
  return out;
}

const cut = <T>(items: readonly T[]): DriftList<T> => ({ count: items.length, items: items.slice(0, DRIFT_LIST_LIMIT) });

function driftFlow(flow: Flow): DriftFlow {
  const source = flow.source.asset ? `${flow.source.asset}${flow.source.column ? `.${flow.source.column}` : ''}` : flow.source.name;
  return { id: flow.id, source, sink: `${flow.sink.kind} (${flow.sink.callee})`, where: `${flow.sink.file}:${flow.sink.line}`, categories: flow.categories };
}

function driftFinding(finding: Finding): DriftFinding {
  return { ruleId: finding.ruleId, level: finding.level, message: finding.message, where: `${finding.file}:${finding.line}`, violation: isPolicyViolation(finding) };
}

export function drift(baseline: Report, report: Report, label: string): Drift {
  const diff = diffReports(baseline, report);
  const edge = (e: { from: string; to: string }) => ({ from: e.from, to: e.to });
  return {
    baseline: label,
    assets: { added: cut(diff.assets.added), removed: cut(diff.assets.removed) },
    edges: { added: cut(diff.edges.added.map(edge)), removed: cut(diff.edges.removed.map(edge)) },
    flows: { added: cut(diff.flows.added.map(driftFlow)), removed: cut(diff.flows.removed.map(driftFlow)) },
    findings: { added: cut(diff.findings.added.map(driftFinding)), removed: cut(diff.findings.removed.map(driftFinding)) },
    rates: diff.rates,
  };
}

export interface PageOptions {
  title: string;
  baseline?: { report: Report; label: string };
}

export function pageData(report: Report, options: PageOptions): PageData {
  const index = indexReport(report);
  return {
    title: options.title,
    explanations: explanations(index),
    ...(options.baseline ? { drift: drift(options.baseline.report, report, options.baseline.label) } : {}),
  };
}
