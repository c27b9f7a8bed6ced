/**
 * The SARIF 2.1.0 reporter, for GitHub code scanning and other SARIF consumers: one run, every rule with its
 * metadata, one result per finding with its location, the source as a related location, the path as a code flow,
 * the fingerprint as `partialFingerprints`, suppressions and baseline state. Paths are relative to `%SRCROOT%`
 * (the scanned folder). GitHub's upload limits are respected (docs/ci.md). Pure and deterministic.
 */
import type * as Sarif from 'sarif';
import { RULE_META } from '../../analyze/rules/index.js';
import type { RuleMeta } from '../../analyze/types.js';
import { toolHomepage } from '../../version.js';
import type { Finding, Report } from '../json/schema.js';
import { uriPath } from '../uri-path.js';

/** GitHub code scanning keeps at most this many results per run, this many locations per thread flow, ... */
export const SARIF_LIMITS = { results: 5000, threadFlowLocations: 1000, relatedLocations: 100, tagsPerRule: 10 } as const;

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const FINGERPRINT_KEY = 'lineageFingerprint/v1';
const LEVEL_ORDER = { error: 0, warning: 1, note: 2 } as const;

function reportingDescriptor(meta: RuleMeta): Sarif.ReportingDescriptor {
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.shortDescription },
    fullDescription: { text: meta.fullDescription },
    help: { text: meta.help.replace(/^#+ /gm, '').replace(/`/g, "'"), markdown: meta.help },
    defaultConfiguration: { level: meta.defaultLevel },
    properties: {
      tags: meta.tags.slice(0, SARIF_LIMITS.tagsPerRule),
      precision: meta.precision,
      'security-severity': meta.securitySeverity.toFixed(1),
      'problem.severity': meta.defaultLevel === 'note' ? 'recommendation' : meta.defaultLevel,
    },
  };
}

function physical(file: string, line: number, endLine?: number, snippet?: string): Sarif.PhysicalLocation {
  const location: Sarif.PhysicalLocation = { artifactLocation: { uri: uriPath(file), uriBaseId: SRCROOT } };
  if (line > 0) {
    location.region = {
      startLine: line,
      ...(endLine !== undefined && endLine > line ? { endLine } : {}),
      ...(snippet ? { snippet: { text: snippet } } : {}),
    };
  }
  return location;
}

/** Keeps the first and last steps of an over-long path, which are the ones people read. */
function capped<T>(items: readonly T[], limit: number): T[] {
  if (items.length <= limit) return [...items];
  const head = Math.ceil(limit / 2);
  return [...items.slice(0, head), ...items.slice(items.length - (limit - head))];
}

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function result(finding: Finding, ruleIndex: number): Sarif.Result {
  const path = finding.path ?? [];
  const source = path[0];
  const out: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.level,
    message: { text: finding.hint ? `${sentence(finding.message)} ${sentence(finding.hint)}` : sentence(finding.message) },
    locations: [{ physicalLocation: physical(finding.file, finding.line, finding.endLine, finding.snippet) }],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
  };
  if (source && (source.file !== finding.file || source.line !== finding.line)) {
    out.relatedLocations = [{ id: 1, physicalLocation: physical(source.file, source.line), message: { text: sentence(source.note) } }];
  }
  if (path.length > 1) {
    out.codeFlows = [{
      threadFlows: [{
        locations: capped(path, SARIF_LIMITS.threadFlowLocations).map((step) => ({
          location: { physicalLocation: physical(step.file, step.line), message: { text: sentence(step.note) } },
        })),
      }],
    }];
  }
  if (finding.suppression) {
    out.suppressions = [{
      kind: finding.suppression.kind === 'inline' ? 'inSource' : 'external',
      status: 'accepted',
      justification: finding.suppression.reason,
    }];
  }
  if (finding.baseline) out.baselineState = finding.baseline;
  const properties: Record<string, unknown> = {};
  if (finding.policy) properties.policy = finding.policy;
  if (finding.categories?.length) properties.categories = finding.categories;
  if (finding.asset) properties.asset = finding.asset;
  if (Object.keys(properties).length > 0) out.properties = properties;
  return out;
}

/** At most `limit` results: the most severe first, report order within a level. */
function selectFindings(findings: readonly Finding[]): Finding[] {
  if (findings.length <= SARIF_LIMITS.results) return [...findings];
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => LEVEL_ORDER[a.finding.level] - LEVEL_ORDER[b.finding.level] || a.index - b.index)
    .slice(0, SARIF_LIMITS.results)
    .sort((a, b) => a.index - b.index)
    .map(({ finding }) => finding);
}

export function buildSarif(report: Report): Sarif.Log {
  const rules = RULE_META.map(reportingDescriptor);
  const index = new Map(RULE_META.map((meta, i) => [meta.id as string, i]));
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: report.tool.name,
          version: report.tool.version,
          semanticVersion: report.tool.version,
          informationUri: toolHomepage(),
          rules,
        },
      },
      automationDetails: { id: 'lineage/' },
      originalUriBaseIds: { [SRCROOT]: { description: { text: 'The scanned folder: every path in this run is relative to it.' } } },
      results: selectFindings(report.findings).map((finding) => result(finding, index.get(finding.ruleId) ?? -1)),
      columnKind: 'utf16CodeUnits',
    }],
  };
}

export function formatSarif(report: Report): string {
  return JSON.stringify(buildSarif(report), null, 2) + '\n';
}
