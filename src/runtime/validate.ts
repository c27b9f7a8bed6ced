/**
 * Static lineage checked against what really ran: every static edge is confirmed (also observed) or static-only;
 * every observed edge without static evidence is runtime-only and becomes a gap. Works on the report contract.
 */
import type { Gap } from '../facts/schema.js';
import { compareGaps } from '../report/build.js';
import type { Report } from '../report/json/schema.js';
import { compareStrings } from '../graph/ids.js';
import { displayName, type LineageIndex } from '../graph/lineage-index.js';
import type { RuntimeEvents } from './events.js';
import { mapEnd, type DatasetRule } from './mapping.js';

export interface RuntimeEdge {
  from: string;
  to: string;
  /** Run-time job names that showed the edge. */
  runtimeJobs: string[];
  /** First line of the runtime file that showed it. */
  line: number;
}

export interface RuntimeValidation {
  confirmed: Array<RuntimeEdge & { jobs: string[] }>;
  staticOnly: Array<{ from: string; to: string; jobs: string[] }>;
  runtimeOnly: Array<RuntimeEdge & { mapped: boolean }>;
  /** Runtime ends that match no static asset (namespace/name or the name given), with the first line. */
  unmapped: Array<{ id: string; line: number }>;
  problems: RuntimeEvents['problems'];
  counts: RuntimeEvents['counts'] & { observations: number };
}

const key = (from: string, to: string) => `${from}\u0000${to}`;

export function validateRuntime(index: LineageIndex, events: RuntimeEvents, rules: readonly DatasetRule[]): RuntimeValidation {
  const observed = new Map<string, RuntimeEdge & { mapped: boolean }>();
  const unmapped = new Map<string, number>();
  for (const observation of events.observations) {
    const from = mapEnd(index, rules, observation.from);
    const to = mapEnd(index, rules, observation.to);
    for (const end of [from, to]) if (!end.mapped && !unmapped.has(end.id)) unmapped.set(end.id, observation.line);
    if (from.id === to.id) continue;
    const k = key(from.id, to.id);
    let edge = observed.get(k);
    if (!edge) observed.set(k, (edge = { from: from.id, to: to.id, runtimeJobs: [], line: observation.line, mapped: from.mapped && to.mapped }));
    if (!edge.runtimeJobs.includes(observation.job)) edge.runtimeJobs.push(observation.job);
  }
  const confirmed: RuntimeValidation['confirmed'] = [];
  const staticOnly: RuntimeValidation['staticOnly'] = [];
  for (const edge of index.report.edges) {
    const seen = observed.get(key(edge.from, edge.to));
    if (seen) confirmed.push({ from: edge.from, to: edge.to, jobs: edge.jobs, runtimeJobs: [...seen.runtimeJobs].sort(compareStrings), line: seen.line });
    else staticOnly.push({ from: edge.from, to: edge.to, jobs: edge.jobs });
  }
  const staticKeys = new Set(index.report.edges.map((e) => key(e.from, e.to)));
  const runtimeOnly = [...observed.values()]
    .filter((e) => !staticKeys.has(key(e.from, e.to)))
    .map((e) => ({ ...e, runtimeJobs: [...e.runtimeJobs].sort(compareStrings) }))
    .sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to));
  return {
    confirmed, staticOnly, runtimeOnly,
    unmapped: [...unmapped.entries()].map(([id, line]) => ({ id, line })).sort((a, b) => compareStrings(a.id, b.id)),
    problems: events.problems,
    counts: { ...events.counts, observations: events.observations.length },
  };
}

/** The gap a runtime-only edge becomes: where it was seen (the runtime file and line) and what to add. */
export function runtimeGaps(validation: RuntimeValidation, runtimeFile: string): Gap[] {
  return validation.runtimeOnly.map((edge) => ({
    kind: 'runtime-only-edge',
    file: runtimeFile,
    line: edge.line,
    detail: `${displayName(edge.from)} -> ${displayName(edge.to)} observed at run time (${edge.runtimeJobs.join(', ')}), no static evidence: `
      + (edge.mapped ? `add a model for the code of job ${edge.runtimeJobs[0]} (grammars/ or the manifest)`
        : 'map the runtime dataset to an asset (manifest runtime.datasets) or add a model for the code that writes it'),
    severity: 'warning',
  }));
}

/** The report with `edges[].runtime` set and the runtime-only gaps added (sorted as the report sorts gaps). */
export function annotateReport(report: Report, validation: RuntimeValidation, runtimeFile: string): Report {
  const confirmed = new Set(validation.confirmed.map((e) => key(e.from, e.to)));
  const gaps = [...report.gaps, ...runtimeGaps(validation, runtimeFile)].sort(compareGaps);
  return {
    ...report,
    summary: { ...report.summary, gaps: gaps.length },
    edges: report.edges.map((e) => ({ ...e, runtime: confirmed.has(key(e.from, e.to)) ? 'confirmed' as const : 'static-only' as const })),
    gaps,
  };
}
