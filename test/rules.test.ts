/** Every rule is complete: metadata SARIF and GitHub need, a section in docs/policies.md, a reachable alias. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/analyze/rules/index.js';
import { RULE_ALIASES, RULE_IDS, resolveRuleName } from '../src/analyze/rules/ids.js';
import { REPO_ROOT } from './helpers/cli.js';

const docs = readFileSync(path.join(REPO_ROOT, 'docs/policies.md'), 'utf8');

describe('the rule registry', () => {
  it('holds each rule id once, in the order of RULE_IDS', () => {
    expect(RULES.map((r) => r.meta.id)).toEqual([...RULE_IDS]);
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s has complete metadata and docs', (id, rule) => {
    const { meta } = rule;
    expect(meta.name).toMatch(/^[A-Z][a-z]+(?:[A-Z][a-z]+)+$/);
    expect(meta.shortDescription).toMatch(/^[A-Z].*\.$/);
    expect(meta.fullDescription).toMatch(/^[A-Z].*\.$/);
    expect(meta.help).toMatch(/^## .+\n\n[\s\S]*\*\*Fix\*\*/);
    expect(meta.securitySeverity).toBeGreaterThan(0);
    expect(meta.securitySeverity).toBeLessThanOrEqual(10);
    expect(meta.tags.length).toBeGreaterThan(0);
    expect(docs).toContain(`\n### ${id}\n\`${meta.name}\` · ${meta.defaultLevel}`);
    expect(resolveRuleName(id)).toEqual([id]);
  });

  it('resolves every alias to known rules', () => {
    for (const rules of Object.values(RULE_ALIASES)) for (const rule of rules) expect(RULE_IDS).toContain(rule);
    expect(resolveRuleName('Policy')).toEqual(['policy-violation']);
    expect(resolveRuleName('nope')).toEqual([]);
  });
});
