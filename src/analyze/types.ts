/** Shapes shared by the analysis stage: its input, the rule interface, and what rules return. */
import type { FileFacts, Gap } from '../facts/schema.js';
import type { LineageGraph } from '../graph/model.js';
import type { FindingLevel } from '../manifest/levels.js';
import type { AssetAnnotationEntry, Manifest } from '../manifest/model.js';
import type { Finding, Flow } from '../report/json/schema.js';
import type { AnnotationIndex } from './annotations.js';
import type { PolicyEngine } from './policies.js';
import type { RuleId } from './rules/ids.js';

export interface AnalysisInput {
  files: readonly FileFacts[];
  /** Gaps of discovery and reading (files without facts). */
  skipped: readonly Gap[];
  graph: LineageGraph;
  /** Sensitive data reaching sinks, from the flow simulator (docs/report.md#flows). */
  flows: readonly Flow[];
  manifest: Manifest;
  /** The manifest's path relative to the scanned root (forward slashes), for findings about the manifest. */
  manifestPath: string | null;
  /** `YYYY-MM-DD`: the day suppression expiry dates are compared with. */
  today: string;
}

/** What the analysis knows about the sensitivity of one asset. */
export interface AssetSensitivity {
  /** Every category the asset holds: its own and those that flowed into it. */
  categories: string[];
  /** Column -> categories, for columns with at least one. */
  columns: Record<string, string[]>;
  /** Categories held by the asset as a whole (not known per column). */
  table: string[];
  /** Categories from its own column names and annotation, before propagation. */
  own: string[];
  /** Categories the classifier found in its column names (what `unannotated-sensitive-asset` looks at). */
  classified: Record<string, string[]>;
  annotation: AssetAnnotationEntry | null;
}

/** Sensitive data written into an asset by a SQL job: the table-level counterpart of a code flow. */
export interface TableFlow {
  job: string;
  file: string;
  line: number;
  endLine: number;
  callee?: string;
  target: string;
  sources: Array<{ asset: string; column?: string; categories: string[] }>;
  categories: string[];
}

export type FlowStep = Flow['path'][number];

/** A finding before fingerprinting, suppression and baseline marking. */
export interface DraftFinding {
  ruleId: RuleId;
  level: FindingLevel;
  message: string;
  file: string;
  line: number;
  endLine?: number;
  /** What identifies the finding across edits (never line numbers); hashed into the fingerprint. */
  identity: string[];
  flow?: string;
  asset?: string;
  policy?: string;
  categories?: string[];
  hint: string;
  path?: FlowStep[];
}

export interface RuleMeta {
  id: RuleId;
  /** PascalCase, as SARIF `reportingDescriptor.name`. */
  name: string;
  shortDescription: string;
  fullDescription: string;
  /** Markdown help shown in code scanning and `docs/policies.md`. */
  help: string;
  defaultLevel: FindingLevel;
  tags: string[];
  /** GitHub's `security-severity`: 0.1-3.9 low, 4-6.9 medium, 7-8.9 high, 9-10 critical. */
  securitySeverity: number;
  precision: 'very-high' | 'high' | 'medium' | 'low';
}

export interface RuleContext {
  input: AnalysisInput;
  sensitivity: ReadonlyMap<string, AssetSensitivity>;
  annotations: AnnotationIndex;
  policies: PolicyEngine;
  tableFlows: readonly TableFlow[];
  /** `file:line` of a SQL statement -> its last line. */
  statementEnds: ReadonlyMap<string, number>;
  /** Categories a code flow carries, with the manifest's knowledge of its source column added. */
  flowCategories(flow: Flow): string[];
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): DraftFinding[];
}

export type { Finding, Flow };
