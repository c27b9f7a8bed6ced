/**
 * Applying suppressions to findings. An inline suppression covers findings of the rules or policies it names
 * whose line range (a multi-line statement or sink call) contains the comment's line, or starts on the line after
 * it. A manifest suppression covers the finding with its fingerprint. Expired suppressions cover nothing (the
 * `expired-suppression` rule reports them). Inline suppressions naming neither a rule nor a policy become gaps.
 */
import type { FileFacts, Gap, InlineSuppression } from '../facts/schema.js';
import type { Manifest } from '../manifest/model.js';
import { didYouMean } from '../manifest/suggest.js';
import type { Finding } from '../report/json/schema.js';
import { resolveRuleName, ruleNames } from './rules/ids.js';

const names = (target: string, finding: Finding) => resolveRuleName(target).includes(finding.ruleId as never) || target === finding.policy;

/** The comment [line, endLine] touches the finding's lines or the line just before them. */
function covers(suppression: InlineSuppression, finding: Finding): boolean {
  const end = Math.max(finding.line, finding.endLine ?? finding.line);
  const commentEnd = suppression.endLine ?? suppression.line;
  return commentEnd >= finding.line - 1 && suppression.line <= end && suppression.targets.some((t) => names(t, finding));
}

export function applySuppressions(findings: Finding[], files: readonly FileFacts[], manifest: Manifest, today: string): { findings: Finding[]; gaps: Gap[] } {
  const inline = new Map<string, InlineSuppression[]>();
  const gaps: Gap[] = [];
  const policyIds = manifest.policies.map((p) => p.id);
  for (const facts of files) {
    const active = (facts.suppressions ?? []).filter((s) => s.until === undefined || s.until >= today);
    if (active.length > 0) inline.set(facts.file, active);
    for (const suppression of facts.suppressions ?? []) {
      for (const target of suppression.targets) {
        if (resolveRuleName(target).length > 0 || policyIds.includes(target)) continue;
        gaps.push({
          kind: 'invalid-suppression', file: facts.file, line: suppression.line, severity: 'warning',
          detail: `inline suppression names '${target}', which is neither a rule nor a policy of the manifest${didYouMean(target, [...ruleNames(), ...policyIds])}`,
        });
      }
    }
  }
  const manifestActive = manifest.suppressions.filter((s) => s.expires === undefined || s.expires >= today);
  const result = findings.map((finding): Finding => {
    if (finding.ruleId === 'expired-suppression') return finding;
    const local = inline.get(finding.file)?.find((s) => covers(s, finding));
    if (local) return { ...finding, suppression: { kind: 'inline', reason: local.reason, ...(local.until ? { until: local.until } : {}) } };
    const central = manifestActive.find((s) => s.fingerprint === finding.fingerprint
      && (s.rule === undefined || names(s.rule, finding)) && (s.policy === undefined || s.policy === finding.policy));
    if (central) {
      return {
        ...finding,
        suppression: {
          kind: 'manifest', reason: central.reason,
          ...(central.expires ? { until: central.expires } : {}), ...(central.author ? { author: central.author } : {}),
        },
      };
    }
    return finding;
  });
  return { findings: result, gaps };
}
