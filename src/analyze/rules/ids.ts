/**
 * Rule ids and their short aliases (for `--fail-on` and inline suppressions). Kept apart from the rules so the
 * manifest can validate references without loading the analysis.
 */
export const RULE_IDS = [
  'policy-violation', 'unannotated-sensitive-flow', 'unannotated-sensitive-asset', 'stale-annotation', 'expired-suppression',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** Short names people type; an alias may stand for several rules. */
export const RULE_ALIASES: Readonly<Record<string, readonly RuleId[]>> = {
  policy: ['policy-violation'],
  'unannotated-flow': ['unannotated-sensitive-flow'],
  'unannotated-asset': ['unannotated-sensitive-asset'],
  'unannotated-sensitive': ['unannotated-sensitive-flow', 'unannotated-sensitive-asset'],
  unannotated: ['unannotated-sensitive-flow', 'unannotated-sensitive-asset'],
  stale: ['stale-annotation'],
  expired: ['expired-suppression'],
  all: RULE_IDS,
};

/** Rule ids a rule id or alias stands for; empty when unknown. */
export function resolveRuleName(name: string): readonly RuleId[] {
  const key = name.trim().toLowerCase();
  if ((RULE_IDS as readonly string[]).includes(key)) return [key as RuleId];
  return RULE_ALIASES[key] ?? [];
}

export function ruleNames(): string[] {
  return [...RULE_IDS, ...Object.keys(RULE_ALIASES)];
}
