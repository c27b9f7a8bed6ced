/**
 * Finding fingerprints: a hash of the rule and what the finding is about (policy, source, sink callee and kind,
 * file, categories, asset) and never of line numbers, so unrelated edits do not change them. Used by baselines,
 * manifest suppressions and SARIF `partialFingerprints`.
 */
import { createHash } from 'node:crypto';

export function fingerprint(ruleId: string, identity: readonly string[]): string {
  return createHash('sha256').update([ruleId, ...identity].join('\u0000')).digest('hex').slice(0, 32);
}
