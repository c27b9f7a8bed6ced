/**
 * expired-suppression: a suppression (inline `until=` or manifest `expires`) whose date has passed. It no longer
 * suppresses anything, so the findings it covered are reported again.
 */
import type { DraftFinding, Rule } from '../types.js';

const HINT = 'Fix what the suppression covered, or renew it with a new date and a current reason.';

export const expiredSuppression: Rule = {
  meta: {
    id: 'expired-suppression',
    name: 'ExpiredSuppression',
    shortDescription: 'A suppression has passed its expiry date.',
    fullDescription: 'An inline `lineage: allow ... until=YYYY-MM-DD` comment or a manifest suppression with `expires` is past its date. It no longer hides the findings it covered.',
    help: [
      '## A suppression has expired',
      '',
      'Suppressions carry an expiry date so exceptions are looked at again. This one is past its date, so the',
      'findings it covered are reported again.',
      '',
      '**Fix**: fix the underlying finding and remove the suppression, or renew it with a new date and a reason.',
    ].join('\n'),
    defaultLevel: 'warning',
    tags: ['maintainability', 'privacy'],
    securitySeverity: 4.0,
    precision: 'very-high',
  },
  check(context) {
    const { today, files, manifest, manifestPath } = context.input;
    const findings: DraftFinding[] = [];
    for (const facts of files) {
      for (const suppression of facts.suppressions ?? []) {
        if (suppression.until === undefined || suppression.until >= today) continue;
        findings.push({
          ruleId: 'expired-suppression',
          level: 'warning',
          message: `The inline suppression of ${suppression.targets.join(', ')} expired on ${suppression.until} (reason: "${suppression.reason}").`,
          file: facts.file,
          line: suppression.line,
          identity: [facts.file, ...suppression.targets, suppression.until, suppression.reason],
          hint: HINT,
        });
      }
    }
    if (manifestPath !== null) {
      for (const suppression of manifest.suppressions) {
        if (suppression.expires === undefined || suppression.expires >= today) continue;
        findings.push({
          ruleId: 'expired-suppression',
          level: 'warning',
          message: `The manifest suppression of finding ${suppression.fingerprint} expired on ${suppression.expires} (reason: "${suppression.reason}").`,
          file: manifestPath,
          line: suppression.line,
          identity: ['manifest', suppression.fingerprint, suppression.expires],
          hint: HINT,
        });
      }
    }
    return findings;
  },
};
