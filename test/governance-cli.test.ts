/**
 * Governance from the command line: the demo's findings and coverage, --fail-on exit codes, --baseline on an
 * edited copy of the demo, and per-path settings of the manifest. Expectations reviewed against the fixtures.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyBaseline } from '../src/analyze/baseline.js';
import { buildReport } from '../src/report/build.js';
import type { Flow, Report } from '../src/report/json/schema.js';
import { DEMO, runCli } from './helpers/cli.js';
import { DEMO_FLOWS } from './helpers/demo-flows.js';
import { analyzeWith, flow, scanFixture } from './helpers/flows.js';

const scanJson = (dir: string, ...args: string[]) => {
  const result = runCli(['scan', dir, '--format', 'json', ...args]);
  return { code: result.code, stderr: result.stderr, report: result.stdout ? (JSON.parse(result.stdout) as Report) : undefined };
};

describe('the demo, end to end', () => {
  let report: Report;
  beforeAll(() => {
    report = scanJson(DEMO).report!;
  });

  it('reports the sensitive table the manifest does not know', () => {
    const assets = report.findings.filter((f) => f.ruleId === 'unannotated-sensitive-asset');
    expect(assets.map((f) => [f.ruleId, `${f.file}:${f.line}-${f.endLine}`, f.asset, f.snippet])).toEqual([
      ['unannotated-sensitive-asset', 'warehouse/ddl/audit.sql:2-8', 'table:audit.user_exports', 'CREATE TABLE IF NOT EXISTS audit.user_exports ('],
    ]);
  });

  it('catches the e-mails logged and the SSNs sent to the CRM vendor with the manifest policy, in Python, C++ and PHP', () => {
    expect(report.findings.filter((f) => f.ruleId === 'policy-violation').map((f) => `${f.file}:${f.line} ${f.categories?.join(',')}`)).toEqual([
      'etl/export_users.py:24 user.contact.email',
      'etl/export_users.py:25 user.contact.email',
      'etl/export_users.py:25 user.government_id.national_identification_number',
      'services/order_service/src/order_dao.cpp:27 user.contact.email',
      'web/app/Http/Controllers/UserController.php:20 user.contact.email',
      'web/app/Services/CrmSync.php:25 user.contact.email',
      'web/app/Services/CrmSync.php:25 user.government_id.national_identification_number',
    ]);
    expect(report.findings.every((f) => f.ruleId !== 'policy-violation' || f.policy === 'no-pii-in-logs-or-vendors')).toBe(true);
    // Names sent to the vendor are personal data no policy speaks of: reported, as warnings.
    expect(report.findings.filter((f) => f.ruleId === 'unannotated-sensitive-flow').map((f) => `${f.file}:${f.line} ${f.level}`)).toEqual([
      'etl/export_users.py:25 warning', 'web/app/Services/CrmSync.php:25 warning',
    ]);
    expect(report.summary.findings).toBe(10);
  });

  it('annotates assets from lineage.yaml and fills their categories', () => {
    const users = report.assets.find((a) => a.id === 'table:raw.users')!;
    expect(users.annotation).toMatchObject({ entry: 'table:raw.users', owner: 'identity-team' });
    expect(users.columnCategories?.ssn).toEqual(['user.government_id.national_identification_number']);
    expect(report.assets.filter((a) => a.annotation).map((a) => a.id)).toEqual([
      'api:api.crmvendor.example/v2/contacts', 'table:mart.customer_features', 'table:orders', 'table:raw.click_events',
      'table:raw.orders', 'table:raw.users', 'table:raw.web_sessions',
      // the `table:staging.*` entry
      'table:staging.stg_orders', 'table:staging.stg_returns', 'table:staging.stg_users', 'table:staging.storefront_live_users',
    ]);
  });

  it('gives coverage figures', () => {
    expect(report.coverage.assets).toEqual({
      total: 20, annotated: 11, sensitive: 8, sensitiveAnnotated: 7, sensitiveWithUpstream: 7, sensitiveWithDownstream: 6, sensitiveWithLineage: 5,
    });
    expect(report.coverage.languages?.hack).toEqual({ files: 1, parsedCleanly: 1, quality: 1 });
    expect(report.coverage.blindSpots).toEqual({ 'dynamic-sql': 1 });
    expect(report.coverage.directories?.map((d) => [d.path, d.files, d.sqlStatements, d.blindSpots])).toEqual([
      ['etl', 7, 9, 1], ['hack', 1, 2, 0], ['ml', 1, 1, 0], ['services', 3, 3, 0], ['warehouse', 8, 15, 0], ['web', 4, 2, 0],
    ]);
  });

  it('shows coverage as a table and each finding with its code line in the text report', () => {
    const text = runCli(['scan', DEMO]).stdout;
    expect(text).toContain('Findings 10 (7 errors, 3 warnings)');
    expect(text).toContain('  warning  warehouse/ddl/audit.sql:2  unannotated-sensitive-asset');
    expect(text).toContain('               2 | CREATE TABLE IF NOT EXISTS audit.user_exports (');
    expect(text).toMatch(/\n {2}sensitive assets annotated +7 of 8 \(88%\)/);
    expect(text).toMatch(/\n {2}folder +files +clean +quality +SQL +fallback +unparsed +blind spots\n {2}etl +7 +7 +100% +9 +0 +0 +1\n/);
  });
});

describe('--fail-on', () => {
  it.each([
    [['--fail-on', 'unannotated-sensitive-asset'], 1],
    [['--fail-on', 'unannotated'], 1],
    [['--fail-on', 'policy'], 1],
    [['--fail-on', 'stale,expired'], 0],
  ])('%j exits %i on the demo', (args, code) => {
    const result = runCli(['scan', DEMO, '--format', 'json', ...args]);
    expect(result.code).toBe(code);
    expect(JSON.parse(result.stdout).findings).toHaveLength(10);
  });

  it('rejects an unknown rule with a suggestion, exit code 2', () => {
    const result = runCli(['scan', DEMO, '--fail-on', 'policy,unanotated-asset']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^lineage: error: --fail-on: unknown rule 'unanotated-asset' \(did you mean 'unannotated-asset'\?\); expected rule ids or aliases: policy-violation, .*\n$/);
  });

  it('does not fail on suppressed findings', () => {
    const result = runCli(['scan', 'fixtures/suppressions', '--format', 'json', '--fail-on', 'unannotated-asset'], { env: { LINEAGE_TODAY: '2026-06-01' } });
    const findings = (JSON.parse(result.stdout) as Report).findings.filter((f) => f.ruleId === 'unannotated-sensitive-asset');
    expect(findings.map((f) => [f.asset, f.suppression?.kind ?? '-'])).toEqual([['table:crm.export_log', 'inline'], ['table:crm.bounces', '-']]);
    expect(result.code).toBe(1);
  });
});

describe('--baseline', () => {
  /** A copy of the demo, its report as the baseline, then edits: unrelated lines above old findings, one new table. */
  function editedDemo(withNewViolation: boolean): { dir: string; baseline: string } {
    const dir = mkdtempSync(path.join(tmpdir(), 'lineage-baseline-'));
    cpSync(DEMO, dir, { recursive: true });
    const baseline = path.join(dir, '..', `${path.basename(dir)}-baseline.json`);
    writeFileSync(baseline, runCli(['scan', dir, '--format', 'json']).stdout);
    const audit = path.join(dir, 'warehouse/ddl/audit.sql');
    writeFileSync(audit, `-- Owned by the data platform team.\n-- Reviewed 2026-03.\n\n${readFileSync(audit, 'utf8')}`);
    const exporter = path.join(dir, 'etl/export_users.py');
    writeFileSync(exporter, readFileSync(exporter, 'utf8').replace('import logging\n', 'import logging\nimport os\nimport sys\n'));
    if (withNewViolation) {
      mkdirSync(path.join(dir, 'warehouse/ddl'), { recursive: true });
      writeFileSync(path.join(dir, 'warehouse/ddl/marketing.sql'), [
        '-- Leads bought from the events vendor.',
        'CREATE TABLE IF NOT EXISTS marketing.leads (',
        '    lead_id     BIGINT PRIMARY KEY,',
        '    email       TEXT NOT NULL,',
        '    phone       TEXT,',
        '    source      TEXT',
        ');',
        '',
      ].join('\n'));
    }
    return { dir, baseline };
  }

  it('reports exactly the one new finding and fails only on it', () => {
    const { dir, baseline } = editedDemo(true);
    const { code, report } = scanJson(dir, '--baseline', baseline, '--fail-on', 'unannotated-asset');
    expect(code).toBe(1);
    expect(report!.findings.filter((f) => f.ruleId === 'unannotated-sensitive-asset').map((f) => [f.baseline, f.asset, `${f.file}:${f.line}`])).toEqual([
      ['unchanged', 'table:audit.user_exports', 'warehouse/ddl/audit.sql:5'],
      ['new', 'table:marketing.leads', 'warehouse/ddl/marketing.sql:2'],
    ]);
    // The flow findings of export_users.py moved down two lines and are still the same findings.
    expect(report!.findings.filter((f) => f.baseline === 'new').map((f) => f.asset)).toEqual(['table:marketing.leads']);
    expect(report!.baseline).toEqual({ new: 1, unchanged: 10, absent: 0 });
    const text = runCli(['scan', dir, '--baseline', baseline]).stdout;
    expect(text).toContain('Findings 1 new (1 warning), 10 unchanged since the baseline (not shown), 0 fixed');
    expect(text).toContain('warehouse/ddl/marketing.sql:2  unannotated-sensitive-asset new');
    expect(text).not.toContain('warehouse/ddl/audit.sql:5  unannotated-sensitive-asset');
  });

  it('passes when the edits add no finding', () => {
    const { dir, baseline } = editedDemo(false);
    const { code, report } = scanJson(dir, '--baseline', baseline, '--fail-on', 'all');
    expect(code).toBe(0);
    expect(report!.baseline).toEqual({ new: 0, unchanged: 10, absent: 0 });
  });

  it('works the same for flow findings: moved sinks stay unchanged, one new flow is new', async () => {
    const demo = await scanFixture('fixtures/demo');
    const before = buildReport({ ...demo.result, analysis: await analyzeWith(demo, DEMO_FLOWS) });
    const moved = DEMO_FLOWS.map((f): Flow => ({ ...f, sink: { ...f.sink, line: f.sink.line + 2 }, source: { ...f.source, line: f.source.line + 2 } }));
    const phoneLogged = flow({
      source: { asset: 'table:raw.users', column: 'phone', name: 'user.phone', categories: ['user.contact.phone_number'], file: 'etl/export_users.py', line: 24 },
      sink: { kind: 'log', callee: 'logging.Logger.debug', file: 'etl/export_users.py', line: 27 },
    });
    const after = buildReport({ ...demo.result, analysis: await analyzeWith(demo, [...moved, phoneLogged]) });
    const counts = new Map<string, number>();
    for (const f of before.findings) counts.set(f.fingerprint, (counts.get(f.fingerprint) ?? 0) + 1);
    const marked = applyBaseline(after, counts);
    expect(marked.findings.filter((f) => f.baseline === 'new').map((f) => [f.ruleId, f.file, f.line, f.categories])).toEqual([
      ['policy-violation', 'etl/export_users.py', 27, ['user.contact.phone_number']],
    ]);
    expect(marked.baseline).toEqual({ new: 1, unchanged: before.findings.length, absent: 0 });
  });

  it.each([
    ['no/such/report.json', /^lineage: error: --baseline: no\/such\/report\.json: no such file\n$/],
    ['fixtures/demo/lineage.yaml', /^lineage: error: --baseline: fixtures\/demo\/lineage\.yaml: not a JSON file \(.*\); expected a report written by --format json\n$/],
    ['package.json', /^lineage: error: --baseline: package\.json: schemaVersion: expected a lineage JSON report with schemaVersion "1"; expected a report written by --format json\n$/],
  ])('rejects %s as a baseline with exit code 2', (file, message) => {
    const result = runCli(['scan', DEMO, '--baseline', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('per-path settings of the manifest', () => {
  it('sets the SQL dialect of a folder and skips excluded files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lineage-settings-'));
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    write('lineage.yaml', [
      'version: 1',
      'settings:',
      '  - path: "warehouse/**"',
      '    dialect: snowflake',
      '    exclude: ["target/"]',
    ].join('\n'));
    write('warehouse/models/orders.sql', 'INSERT INTO mart.orders SELECT * FROM raw.orders;\n');
    write('warehouse/target/compiled/orders.sql', 'INSERT INTO mart.orders SELECT * FROM raw.orders;\n');
    write('reports/monthly.sql', 'SELECT * FROM mart.orders;\n');
    const report = scanJson(dir).report!;
    expect(report.jobs.map((j) => [j.file, j.dialect])).toEqual([
      ['reports/monthly.sql', 'postgres'],
      ['warehouse/models/orders.sql', 'snowflake'],
    ]);
    expect(report.coverage.files.discovered).toBe(2);
  });
});
