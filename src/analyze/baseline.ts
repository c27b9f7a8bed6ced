/**
 * Baselines: a previous JSON report. A finding is `unchanged` when the baseline has a finding with the same
 * fingerprint (counted, so two identical findings need two in the baseline), else `new`. Fingerprints ignore line
 * numbers, so code moving around does not make old findings new.
 */
import { z } from 'zod';
import type { Report } from '../report/json/schema.js';
import { SCHEMA_VERSION } from '../report/json/schema.js';

/** Only what a baseline needs, so reports from older versions of the same schema still work. */
const BaselineReport = z.looseObject({
  schemaVersion: z.literal(SCHEMA_VERSION, { error: `expected a lineage JSON report with schemaVersion "${SCHEMA_VERSION}"` }),
  findings: z.array(z.looseObject({ ruleId: z.string(), fingerprint: z.string() }), { error: 'expected a lineage JSON report (no findings list)' }),
});

export type Baseline = ReadonlyMap<string, number>;

/** Parses a baseline report; throws an Error with a one-line message when it is not one. */
export function parseBaseline(text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`not a JSON file (${error instanceof Error ? error.message : String(error)}); expected a report written by --format json`);
  }
  const parsed = BaselineReport.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}; expected a report written by --format json`);
  }
  const counts = new Map<string, number>();
  for (const finding of parsed.data.findings) counts.set(finding.fingerprint, (counts.get(finding.fingerprint) ?? 0) + 1);
  return counts;
}

export function applyBaseline(report: Report, baseline: Baseline): Report {
  const remaining = new Map(baseline);
  let fresh = 0;
  const findings = report.findings.map((finding) => {
    const left = remaining.get(finding.fingerprint) ?? 0;
    if (left > 0) {
      remaining.set(finding.fingerprint, left - 1);
      return { ...finding, baseline: 'unchanged' as const };
    }
    fresh++;
    return { ...finding, baseline: 'new' as const };
  });
  const absent = [...remaining.values()].reduce((n, c) => n + c, 0);
  return { ...report, findings, baseline: { new: fresh, unchanged: findings.length - fresh, absent } };
}
