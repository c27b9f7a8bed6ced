/**
 * The analysis stage: lineage graph + flows + manifest -> asset sensitivity, findings (each rule in rules/),
 * suppressions, coverage. Runs after the graph (and the simulator), before the report; knows no language.
 */
import type { Gap } from '../facts/schema.js';
import { compareStrings } from '../graph/ids.js';
import type { Finding, Flow } from '../report/json/schema.js';
import { indexAnnotations } from './annotations.js';
import { computeCoverage, type CoverageExtension } from './coverage.js';
import { fingerprint } from './fingerprint.js';
import { PolicyEngine } from './policies.js';
import { RULES } from './rules/index.js';
import { computeSensitivity } from './sensitivity.js';
import { attachSnippets } from './snippets.js';
import { applySuppressions } from './suppress.js';
import { deriveTableFlows, statementEnds } from './table-flows.js';
import type { AnalysisInput, AssetSensitivity, DraftFinding, RuleContext } from './types.js';

export interface Analysis {
  sensitivity: Map<string, AssetSensitivity>;
  flows: Flow[];
  findings: Finding[];
  coverage: CoverageExtension;
  /** Gaps the analysis found (inline suppressions naming nothing known). */
  gaps: Gap[];
}

export function compareFindings(a: Finding, b: Finding): number {
  return compareStrings(a.file, b.file) || a.line - b.line || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.fingerprint, b.fingerprint)
    || compareStrings(a.message, b.message);
}

export function compareFlows(a: Flow, b: Flow): number {
  return compareStrings(a.sink.file, b.sink.file) || a.sink.line - b.sink.line || compareStrings(a.id, b.id);
}

function toFinding(draft: DraftFinding): Finding {
  const { identity, ...rest } = draft;
  return { ...rest, fingerprint: fingerprint(draft.ruleId, identity) };
}

/** The categories a flow carries, plus what the manifest declares for its source column when nothing changed them. */
function flowCategoriesWith(sensitivity: ReadonlyMap<string, AssetSensitivity>) {
  return (flow: Flow): string[] => {
    const untouched = flow.categories.length === flow.source.categories.length && flow.categories.every((c) => flow.source.categories.includes(c));
    const declared = untouched && flow.source.asset && flow.source.column ? sensitivity.get(flow.source.asset)?.columns[flow.source.column] ?? [] : [];
    return [...new Set([...flow.categories, ...declared])].sort();
  };
}

export function analyze(input: AnalysisInput): Analysis {
  const assetIds = input.graph.assets.map((a) => a.id);
  const annotations = indexAnnotations(input.manifest.assets, assetIds);
  const sensitivity = computeSensitivity(input.graph, annotations);
  const context: RuleContext = {
    input,
    sensitivity,
    annotations,
    policies: new PolicyEngine(input.manifest.policies, input.manifest.taxonomy),
    tableFlows: deriveTableFlows(input.graph, input.files, sensitivity),
    statementEnds: statementEnds(input.files),
    flowCategories: flowCategoriesWith(sensitivity),
  };
  const drafts = RULES.flatMap((rule) => rule.check(context));
  const suppressed = applySuppressions(drafts.map(toFinding), input.files, input.manifest, input.today);
  const gaps = [...input.skipped, ...input.files.flatMap((f) => f.gaps), ...suppressed.gaps];
  return {
    sensitivity,
    flows: [...input.flows].sort(compareFlows),
    findings: suppressed.findings.sort(compareFindings),
    coverage: computeCoverage(input.files, gaps, input.graph, input.flows, sensitivity),
    gaps: suppressed.gaps,
  };
}

/** The analysis with the code line of each finding read from the scanned tree. */
export async function analyzeScan(input: AnalysisInput, root: string): Promise<Analysis> {
  const analysis = analyze(input);
  const languages = new Map(input.files.map((file) => [file.file, file.language]));
  return { ...analysis, findings: await attachSnippets(analysis.findings, root, (file) => languages.get(file)) };
}

/** Today's date in UTC, `YYYY-MM-DD`; `LINEAGE_TODAY` overrides it (reproducible CI runs, tests). */
export function todayUtc(env: NodeJS.ProcessEnv = process.env): string {
  const forced = env.LINEAGE_TODAY;
  if (forced && /^\d{4}-\d{2}-\d{2}$/.test(forced)) return forced;
  return new Date().toISOString().slice(0, 10);
}
