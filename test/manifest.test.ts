/**
 * The annotation manifest: a complete valid manifest normalises to the strict model; each malformed manifest in
 * fixtures/manifests/invalid gives exactly the message in its `.expected` sidecar (file, YAML path, line:column,
 * what was expected), exit code 2 and no stack trace. Expected messages reviewed by hand against the files.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assetMatcher, pathMatcher } from '../src/manifest/globs.js';
import { modelsFor, parseManifest } from '../src/manifest/index.js';
import { pathSettings } from '../src/manifest/settings.js';
import { suggest } from '../src/manifest/suggest.js';
import { REPO_ROOT, runCli } from './helpers/cli.js';

const INVALID = 'fixtures/manifests/invalid';
const load = (file: string) => parseManifest(readFileSync(path.join(REPO_ROOT, file), 'utf8'), file);

describe('a complete manifest', () => {
  const manifest = load('fixtures/manifests/valid/full.yaml');

  it('extends the built-in taxonomy with custom keys, in any order of parents', () => {
    expect(manifest.taxonomy.isWithin('user.contact.email.hashed', 'user.contact')).toBe(true);
    expect(manifest.taxonomy.lineage('acme.pricing')).toEqual(['acme.pricing', 'acme']);
    expect(manifest.taxonomy.get('acme.pricing')?.name).toBe('Unreleased pricing');
  });

  it('normalises assets, with the line of each entry and field', () => {
    expect(manifest.assets.map((a) => [a.id, a.glob, a.owner, a.line])).toEqual([
      ['table:raw.users', false, 'identity-team', 12],
      ['table:staging.*', true, 'analytics-engineering', 20],
      ['file:exports/*.csv', true, 'crm-team', 22],
    ]);
    expect(manifest.assets[0]!.fields).toEqual({
      email: ['user.contact.email'], email_sha256: ['user.contact.email.hashed'], marketing_opt_in: [],
    });
    expect(manifest.assets[0]!.fieldLines).toEqual({ email: 17, email_sha256: 18, marketing_opt_in: 19 });
    expect(manifest.assets[2]!.retention).toBe('30');
    expect(manifest.assets[2]!.categories).toEqual(['user.contact']);
  });

  it('splits policy targets into sink kinds, assets and paths', () => {
    expect(manifest.policies.map(({ id, denyKinds, denyAssets, allowPaths, allowAssets, severity, line }) =>
      ({ id, denyKinds, denyAssets, allowPaths, allowAssets, severity, line }))).toEqual([
      { id: 'no-pii-in-logs', denyKinds: ['log', 'third_party'], denyAssets: ['table:analytics.*'], allowPaths: [], allowAssets: [], severity: 'error', line: 43 },
      { id: 'pricing-stays-in-billing', denyKinds: [], denyAssets: [], allowPaths: ['services/billing/**'], allowAssets: ['table:billing.*'], severity: 'warning', line: 47 },
    ]);
  });

  it('keeps suppressions and resolves the dialects of path settings', () => {
    expect(manifest.suppressions).toEqual([{
      fingerprint: '0ba695c3416be82746148d439f7ddb1b', rule: 'policy-violation', policy: 'no-pii-in-logs',
      reason: 'The structlog processor masks e-mail addresses before shipping logs.', author: 'alice@acme.example',
      expires: '2026-12-31', line: 53,
    }]);
    const settings = pathSettings(manifest.settings);
    expect(settings.dialectFor('warehouse/models/a.sql')?.name).toBe('snowflake');
    expect(settings.dialectFor('legacy/reports/q.sql')?.name).toBe('mysql');
    expect(settings.dialectFor('etl/load.py')).toBeUndefined();
    expect(settings.excluded('warehouse/target/compiled/a.sql')).toBe(true);
    expect(settings.excluded('warehouse/models/scratch.tmp.sql')).toBe(true);
    expect(settings.excluded('etl/target/x.py')).toBe(false);
  });

  it('exposes the extra library models per language, in the shape of models.yaml', () => {
    expect(modelsFor(manifest, 'python')).toEqual({
      sql: [{ call: 'acme.db.run_query', arg: 0, kwarg: 'statement' }],
      sqlWrappers: [{ call: 'acme.db.sql', arg: 0 }],
      sources: [{ call: 'acme.identity.get_profile', categories: ['user.contact', 'user.name'] }],
      sinks: [{ call: 'acme.audit.emit', kind: 'log' }],
      transforms: [{ call: 'hashlib.sha256', downgrade: { 'user.contact.email': 'user.contact.email.hashed' } }],
    });
    expect(modelsFor(manifest, 'php').sinks).toEqual([{ call: '*.pushToVendor', kind: 'third_party', arg: 0 }]);
    expect(modelsFor(manifest, 'php').transforms).toEqual([{ call: '*.redactPersonalData', remove: ['user'] }]);
    expect(modelsFor(manifest, 'cpp')).toEqual({ sql: [], sqlWrappers: [], sources: [], sinks: [], transforms: [] });
  });

  it('reads the demo manifest', () => {
    const demo = load('fixtures/demo/lineage.yaml');
    expect(demo.assets.map((a) => a.id)).toEqual([
      'table:raw.users', 'table:raw.orders', 'table:raw.web_sessions', 'table:raw.click_events', 'table:orders',
      'api:api.crmvendor.example/**', 'table:staging.*', 'table:mart.customer_features',
    ]);
    expect(demo.assets.map((a) => a.glob)).toEqual([false, false, false, false, false, true, true, false]);
    expect(demo.policies.map((p) => [p.id, p.from, p.denyKinds])).toEqual([
      ['no-pii-in-logs-or-vendors', ['user.contact', 'user.government_id'], ['log', 'third_party']],
    ]);
  });
});

describe('malformed manifests', () => {
  const cases = readdirSync(path.join(REPO_ROOT, INVALID)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

  it('has a case for each kind of mistake', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)('%s: one clear message with file, YAML path and line:column, exit code 2', (name) => {
    const expected = readFileSync(path.join(REPO_ROOT, INVALID, name.replace(/\.\w+$/, '.expected')), 'utf8').trim();
    const result = runCli(['scan', 'fixtures/python-embedded-sql', '--manifest', `${INVALID}/${name}`]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`lineage: error: ${expected}\n`);
    expect(expected).toMatch(new RegExp(`^${INVALID}/${name.replace('.', '\\.')}:\\d+:\\d+: \\S+: .*expected`));
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a missing manifest file as a usage error', () => {
    const result = runCli(['scan', 'fixtures/python-embedded-sql', '--manifest', 'no/such/lineage.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('lineage: error: no/such/lineage.yaml: no such manifest file\n');
  });

  it('refuses aliases that expand to too much data ("billion laughs") as a manifest error, and keeps ordinary aliases', () => {
    const levels = ['lol: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
    expect(() => parseManifest(`${levels.join('\n')}\nversion: 1\n`, 'lineage.yaml')).toThrow(
      /^lineage\.yaml: its YAML aliases expand to too much data \(excessive alias count .*\); expected each alias \(\*name\) to be used a few times at most$/,
    );
    const shared = 'version: 1\nassets:\n  - id: table:crm.users\n    fields:\n      email: &contact { categories: [user.contact.email] }\n      backup_email: *contact\n';
    expect(parseManifest(shared, 'lineage.yaml').assets[0]!.fields).toEqual({ email: ['user.contact.email'], backup_email: ['user.contact.email'] });
    // Through the CLI: one line, exit code 2 (it was an internal error, exit code 3).
    const dir = mkdtempSync(path.join(tmpdir(), 'lineage-manifest-'));
    writeFileSync(path.join(dir, 'lineage.yaml'), `${levels.join('\n')}\nversion: 1\n`);
    const result = runCli(['scan', 'fixtures/python-embedded-sql', '--manifest', path.join(dir, 'lineage.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^lineage: error: .*lineage\.yaml: its YAML aliases expand to too much data/);
  });

  it('says where a manifest nested thousands of levels deep went wrong, in a line of readable length', () => {
    const brackets = `version: 1\nassets: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    let message = '';
    try {
      parseManifest(brackets, 'lineage.yaml');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^lineage\.yaml:2:\d+: assets\[0\](\[0\]){6}…\([\d,]+ levels\)…\[0\]\[0\]\[0\]: nested too deeply to read; expected a manifest a few levels deep/);
    expect(message.length).toBeLessThan(200);
  });

  it('counts the further problems after the first', () => {
    const text = 'version: 1\nassets:\n  - id: table:a\n    ownr: x\n  - id: table:b\n    descripton: y\n';
    expect(() => parseManifest(text, 'lineage.yaml')).toThrow(
      "lineage.yaml:4:5: assets[0].ownr: unknown key 'ownr' (did you mean 'owner'?); expected one of: id, owner, description, retention, categories, fields (and 1 more problem)",
    );
  });
});

describe('patterns and suggestions', () => {
  it('matches asset globs one dotted part per *', () => {
    const raw = assetMatcher('table:raw.*');
    expect(['table:raw.users', 'table:raw.a.b', 'table:rawx.users', 'file:raw.users'].map(raw)).toEqual([true, false, false, false]);
    expect(assetMatcher('table:**')('table:a.b.c')).toBe(true);
    expect(assetMatcher('table:raw.users')('table:raw.users')).toBe(true);
  });

  it('matches path globs, and folders without wildcards', () => {
    expect(['warehouse/a.sql', 'warehouse/x/y.sql', 'etl/a.py'].map(pathMatcher('warehouse/**'))).toEqual([true, true, false]);
    expect(['services/billing/a.py', 'services/billing-old/a.py'].map(pathMatcher('services/billing'))).toEqual([true, false]);
    expect(pathMatcher('**/*.sql')('a/b/c.sql')).toBe(true);
    expect(pathMatcher('*.sql')('a/c.sql')).toBe(false);
  });

  it('suggests the closest known word, and a key with the same leaf', () => {
    expect(suggest('polices', ['policies', 'assets'])).toBe('policies');
    expect(suggest('user.email', ['user.contact.email', 'user.contact.phone_number'])).toBe('user.contact.email');
    expect(suggest('zzzz', ['policies'])).toBeUndefined();
  });
});
