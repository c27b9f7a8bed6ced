/** The rule registry: every rule, in id order. Each rule has docs in docs/policies.md and tests (checked by a test). */
import { expiredSuppression } from './expired-suppression.js';
import { policyViolation } from './policy-violation.js';
import { staleAnnotation } from './stale-annotation.js';
import { unannotatedSensitiveAsset } from './unannotated-sensitive-asset.js';
import { unannotatedSensitiveFlow } from './unannotated-sensitive-flow.js';
import type { Rule, RuleMeta } from '../types.js';

export const RULES: readonly Rule[] = [
  policyViolation, unannotatedSensitiveFlow, unannotatedSensitiveAsset, staleAnnotation, expiredSuppression,
];

export const RULE_META: readonly RuleMeta[] = RULES.map((rule) => rule.meta);
