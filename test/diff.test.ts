/**
 * `lineage diff`: the demo against a modified copy lists exactly the changes made; flows and findings match by id
 * and fingerprint; --fail-on conditions set exit code 1.
 */
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffReports, failures } from '../src/graph/diff.js';
import type { Report } from '../src/report/json/schema.js';
import { DEMO, REPO_ROOT, runCli } from './helpers/cli.js';
import { demoCopy } from './helpers/demo-copy.js';

const ENRICHED_FILE = path.join(REPO_ROOT, 'fixtures/reports/demo-enriched.json');
const readEnriched = () => JSON.parse(readFileSync(ENRICHED_FILE, 'utf8')) as Report;

describe('lineage diff of the demo and a modified copy', () => {
  let modified: string;
  let oldJson: string;
  beforeAll(() => {
    modified = demoCopy();
    // 1. a new mart built from stg_users; 2. daily_revenue deleted; 3. a column added to audit.user_exports;
    // 4. a statement nobody can parse appended to the retention script.
    writeFileSync(path.join(modified, 'warehouse/models/marts/customer_contacts.sql'),
      "-- Contact list for the service desk.\nselect user_id, email, full_name from {{ ref('stg_users') }}\n");
    rmSync(path.join(modified, 'warehouse/models/marts/daily_revenue.sql'));
    const audit = path.join(modified, 'warehouse/ddl/audit.sql');
    writeFileSync(audit, readFileSync(audit, 'utf8').replace('    ssn          TEXT,', '    ssn          TEXT,\n    full_name    TEXT,'));
    appendFileSync(path.join(modified, 'warehouse/scripts/retention.sql'), '\nSELEC name FORM raw.users WERE;\n');
    oldJson = path.join(mkdtempSync(path.join(tmpdir(), 'lineage-diff-')), 'old.json');
    expect(runCli(['scan', DEMO, '--format', 'json', '-o', oldJson, '-q']).code).toBe(0);
  });

  it('lists exactly the changes made', () => {
    const result = runCli(['diff', oldJson, modified, '--format', 'json']);
    expect(result.code).toBe(0);
    const diff = JSON.parse(result.stdout);
    expect(diff.assets).toEqual({
      added: ['table:mart.customer_contacts'],
      removed: ['table:mart.daily_revenue'],
      // full_name looks like a person's name to the classifier.
      changed: [{ id: 'table:audit.user_exports', columnsAdded: ['full_name'], columnsRemoved: [], categoriesAdded: ['user.name'], categoriesRemoved: [], annotationChanged: false }],
    });
    expect(diff.edges).toEqual({
      added: [{ from: 'table:staging.stg_users', to: 'table:mart.customer_contacts', jobs: ['warehouse/models/marts/customer_contacts.sql#1'] }],
      removed: [{ from: 'table:staging.stg_orders', to: 'table:mart.daily_revenue', jobs: ['warehouse/models/marts/daily_revenue.sql#1'] }],
    });
    expect(diff.flows).toEqual({ added: [], removed: [] });
    // The new mart copies e-mail and name from stg_users and nobody annotated it.
    expect(diff.findings.removed).toEqual([]);
    expect(diff.findings.added.map((f: { ruleId: string; asset: string }) => [f.ruleId, f.asset])).toEqual([
      ['unannotated-sensitive-asset', 'table:mart.customer_contacts'],
    ]);
    // The broken statement makes retention.sql a file with a parse error, and an unparsed statement.
    expect(diff.coverage).toEqual([
      { name: 'assets.sensitive', old: 8, new: 9 },
      { name: 'assets.sensitiveWithUpstream', old: 7, new: 8 },
      { name: 'blindSpots.sql-parse-error', old: null, new: 1 },
      { name: 'files.parsedCleanly', old: 24, new: 23 },
      { name: 'languages.sql.parsedCleanly', old: 8, new: 7 },
      { name: 'languages.sql.quality', old: 1, new: 0.9951 },
      { name: 'sqlStatements.total', old: 32, new: 33 },
      { name: 'sqlStatements.unparsed', old: 0, new: 1 },
    ]);
    expect(diff.rates).toEqual([
      { name: 'SQL statements parsed', old: 1, new: 32 / 33 },
      { name: 'files parsed cleanly', old: 1, new: 23 / 24 },
    ]);
    expect(diff.failures).toEqual([]);
  });

  it('prints the same as text, and fails on coverage-drop when asked', () => {
    const result = runCli(['diff', oldJson, modified, '--fail-on', 'coverage-drop']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  + table:mart.customer_contacts');
    expect(result.stdout).toContain('  - staging.stg_orders -> mart.daily_revenue');
    expect(result.stdout).toContain('  ~ table:audit.user_exports: columns +full_name');
    expect(result.stdout).toContain('  SQL statements parsed: 100.0% -> 97.0%');
    expect(result.stdout).toContain('fail-on: coverage-drop: coverage dropped: SQL statements parsed, files parsed cleanly');
    expect(runCli(['diff', oldJson, modified, '--fail-on', 'new-sensitive-flow,new-policy-violation']).code).toBe(0);
  });

  it('finds no difference between a report and itself', () => {
    const result = runCli(['diff', oldJson, DEMO, '--format', 'json', '--fail-on', 'coverage-drop,new-sensitive-flow,new-policy-violation']);
    expect(result.code).toBe(0);
    const diff = JSON.parse(result.stdout);
    expect([diff.assets.added, diff.assets.removed, diff.assets.changed, diff.edges.added, diff.edges.removed, diff.coverage]).toEqual([[], [], [], [], [], []]);
  });
});

describe('flows and findings across reports', () => {
  it('matches findings by fingerprint, not by line, and flags new flows and violations', () => {
    const before = readEnriched();
    const after = readEnriched();
    after.findings[0]!.line += 3; // an unrelated edit above the sink moved it
    after.flows.push({ ...after.flows[0]!, id: 'f-0d9e11aa', sink: { ...after.flows[0]!.sink, kind: 'third_party', callee: 'segment.track' } });
    after.findings.push({ ...after.findings[0]!, fingerprint: 'pv-77aa01be', flow: 'f-0d9e11aa', message: 'user.contact.email reaches segment.track' });
    const diff = diffReports(before, after);
    expect(diff.flows.added.map((f) => f.id)).toEqual(['f-0d9e11aa']);
    expect(diff.findings.added.map((f) => f.fingerprint)).toEqual(['pv-77aa01be']);
    expect(diff.findings.removed).toEqual([]);
    expect(failures(diff, ['new-sensitive-flow', 'new-policy-violation', 'coverage-drop'])).toEqual([
      { condition: 'new-sensitive-flow', reason: '1 new sensitive flow' },
      { condition: 'new-policy-violation', reason: '1 new policy violation' },
    ]);
  });

  it('does not count a suppressed finding as a new violation', () => {
    const before = readEnriched();
    const after = readEnriched();
    after.findings.push({ ...after.findings[0]!, fingerprint: 'pv-1', suppression: { kind: 'manifest', reason: 'masked by the log processor' } });
    expect(failures(diffReports(before, after), ['new-policy-violation'])).toEqual([]);
  });

  it('exits 1 on --fail-on new-sensitive-flow between the plain and the enriched demo reports', () => {
    const result = runCli(['diff', DEMO, ENRICHED_FILE, '--fail-on', 'new-sensitive-flow']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('+ raw.users.email -> log logging.Logger.info at etl/export_users.py:24 [user.contact.email] (f-6b0e2c51)');
    expect(result.stdout).toContain('+ mart.customer_features -> model:churn');
  });

  it('refuses unknown --fail-on conditions and bad reports with exit code 2', () => {
    const bad = runCli(['diff', ENRICHED_FILE, ENRICHED_FILE, '--fail-on', 'new-stuff']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--fail-on: expected new-sensitive-flow, new-policy-violation, coverage-drop, got 'new-stuff'");
    const notJson = runCli(['diff', path.join(REPO_ROOT, 'README.md'), ENRICHED_FILE]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/README\.md: not JSON/);
  });
});
