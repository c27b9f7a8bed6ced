/**
 * Policies and rules on the demo: the flows the simulator is expected to find (test/helpers/demo-flows.ts, each
 * checked against its fixture line) run through the analysis with the demo's real facts, graph and manifest.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../src/analyze/index.js';
import { emptyManifest, parseManifest } from '../src/manifest/index.js';
import type { Flow } from '../src/report/json/schema.js';
import { DEMO_FLOWS } from './helpers/demo-flows.js';
import { analyzeWith, flow, scanFixture } from './helpers/flows.js';

type Scanned = Awaited<ReturnType<typeof scanFixture>>;
let demo: Scanned;
let analysis: Analysis;

beforeAll(async () => {
  demo = await scanFixture('fixtures/demo');
  analysis = await analyzeWith(demo, DEMO_FLOWS);
});

const brief = (a: Analysis) => a.findings.map((f) => [f.ruleId, `${f.file}:${f.line}`, f.policy ?? '-', (f.categories ?? []).join(' ')]);
const EMAIL = 'user.contact.email';
const SSN = 'user.government_id.national_identification_number';

describe('the demo policy (no-pii-in-logs-or-vendors)', () => {
  it('catches the e-mail logged and the SSN sent to the vendor, in Python and PHP', () => {
    expect(brief(analysis)).toEqual([
      ['policy-violation', 'etl/export_users.py:24', 'no-pii-in-logs-or-vendors', EMAIL],
      ['policy-violation', 'etl/export_users.py:25', 'no-pii-in-logs-or-vendors', EMAIL],
      ['policy-violation', 'etl/export_users.py:25', 'no-pii-in-logs-or-vendors', SSN],
      ['unannotated-sensitive-flow', 'etl/export_users.py:25', '-', 'user.name'],
      ['unannotated-sensitive-asset', 'warehouse/ddl/audit.sql:2', '-', `${EMAIL} ${SSN}`],
      ['policy-violation', 'web/app/Http/Controllers/UserController.php:20', 'no-pii-in-logs-or-vendors', EMAIL],
      ['policy-violation', 'web/app/Services/CrmSync.php:25', 'no-pii-in-logs-or-vendors', EMAIL],
      ['policy-violation', 'web/app/Services/CrmSync.php:25', 'no-pii-in-logs-or-vendors', SSN],
      ['unannotated-sensitive-flow', 'web/app/Services/CrmSync.php:25', '-', 'user.name'],
    ]);
  });

  it('says what reached where, which policy forbids it, and how to fix it', () => {
    const logged = analysis.findings[0]!;
    expect(logged.message).toBe("'user.email' from raw.users.email (user.contact.email) reaches a log sink (logging.Logger.info): policy 'no-pii-in-logs-or-vendors' denies log sinks.");
    expect(logged.level).toBe('error');
    expect(logged.hint).toMatch(/^Keep the value out of this sink, or mask it/);
    expect(logged.snippet).toBe('logger.info("exporting customer %s", user.email)');
    expect(logged.path?.map((s) => s.line)).toEqual([22, 23, 24]);
    const ssn = analysis.findings[2]!;
    expect(ssn.endLine).toBe(30);
    expect(ssn.snippet).toBe('response = requests.post(');
    expect(ssn.path?.map((s) => `${s.line} ${s.note}`)).toEqual([
      '22 pandas.read_sql reads raw.users.ssn into users', '28 user.ssn in the json body of requests.post',
    ]);
  });

  it('keeps fingerprints when unrelated edits move the lines', async () => {
    const moved = DEMO_FLOWS.map((f): Flow => ({
      ...f,
      source: { ...f.source, line: f.source.line + 7 },
      sink: { ...f.sink, line: f.sink.line + 7, ...(f.sink.endLine ? { endLine: f.sink.endLine + 7 } : {}) },
      path: f.path.map((s) => ({ ...s, line: s.line + 7 })),
    }));
    const after = await analyzeWith(demo, moved);
    expect(after.findings.map((f) => f.fingerprint).sort()).toEqual(analysis.findings.map((f) => f.fingerprint).sort());
    expect(new Set(analysis.findings.map((f) => f.fingerprint)).size).toBe(analysis.findings.length);
  });
});

describe('without a manifest', () => {
  it('reports sensitive data reaching log, file, network, cookie or exception sinks (the default policy)', async () => {
    const bare = await scanFixture('fixtures/demo', null);
    const response = flow({
      source: { name: 'user.email', categories: [EMAIL], file: 'web/app/Http/Controllers/UserController.php', line: 19 },
      sink: { kind: 'response', callee: 'response.json', file: 'web/app/Http/Controllers/UserController.php', line: 21 },
    });
    const result = await analyzeWith(bare, [...DEMO_FLOWS, response], { manifest: emptyManifest(), manifestPath: null });
    const flows = result.findings.filter((f) => f.flow);
    expect(flows.every((f) => f.ruleId === 'unannotated-sensitive-flow' && f.level === 'warning')).toBe(true);
    expect(flows.map((f) => `${f.file}:${f.line}`)).toEqual([
      'etl/export_users.py:24', 'etl/export_users.py:25', 'etl/export_users.py:25', 'etl/export_users.py:25',
      'web/app/Http/Controllers/UserController.php:20', 'web/app/Services/CrmSync.php:25', 'web/app/Services/CrmSync.php:25', 'web/app/Services/CrmSync.php:25',
    ]);
    expect(flows[0]!.message).toMatch(/reaches a log sink \(logging\.Logger\.info\), and there is no manifest to say whether that is allowed\.$/);
  });
});

describe('policy matching', () => {
  const manifestWith = (policies: string) => parseManifest(`version: 1\npolicies:\n${policies}`, 'lineage.yaml');
  const logged = DEMO_FLOWS[0]!;
  const ssnToVendor = DEMO_FLOWS[3]!;

  it('matches categories hierarchically, never sideways', async () => {
    const broad = manifestWith('  - { id: no-user-data, from: [user], deny: [log] }\n');
    expect((await analyzeWith(demo, [logged], { manifest: broad })).findings.filter((f) => f.flow).map((f) => f.policy)).toEqual(['no-user-data']);
    const phoneOnly = manifestWith('  - { id: no-phones, from: [user.contact.phone_number], deny: [log] }\n');
    expect((await analyzeWith(demo, [logged], { manifest: phoneOnly })).findings.filter((f) => f.flow).map((f) => f.ruleId)).toEqual(['unannotated-sensitive-flow']);
  });

  it('allow_only: government ids may only reach the billing service', async () => {
    const manifest = manifestWith('  - { id: ids-stay-in-billing, from: [user.government_id], allow_only: ["services/billing/**"], severity: warning }\n');
    const inBilling = flow({ ...ssnToVendor, sink: { ...ssnToVendor.sink, file: 'services/billing/invoice.py', line: 40 } });
    const findings = (await analyzeWith(demo, [ssnToVendor, inBilling], { manifest })).findings.filter((f) => f.flow);
    expect(findings.map((f) => [f.ruleId, f.file, f.level])).toEqual([['policy-violation', 'etl/export_users.py', 'warning']]);
    expect(findings[0]!.message).toMatch(/policy 'ids-stay-in-billing' allows it only in services\/billing\/\*\*\.$/);
  });

  it('adds the manifest categories of the source column when the flow reaches the sink unchanged', async () => {
    const manifest = parseManifest([
      'version: 1',
      'assets:',
      '  - id: table:raw.users',
      '    fields:',
      '      country_code: { categories: [user.contact.address.country] }',
      'policies:',
      '  - { id: no-location-in-logs, from: [user.contact.address], deny: [log] }',
    ].join('\n'), 'lineage.yaml');
    const country = flow({
      source: { asset: 'table:raw.users', column: 'country_code', name: 'user.country_code', categories: [], file: 'etl/export_users.py', line: 22 },
      sink: { kind: 'log', callee: 'logging.Logger.info', file: 'etl/export_users.py', line: 24 },
    });
    const hashed = { ...country, categories: ['user.unique_id'], id: 'f-hashed' };
    const findings = (await analyzeWith(demo, [country, hashed], { manifest })).findings.filter((f) => f.flow);
    expect(findings.map((f) => [f.ruleId, f.flow, f.categories])).toEqual([
      ['policy-violation', country.id, ['user.contact.address.country']],
      ['unannotated-sensitive-flow', 'f-hashed', ['user.unique_id']],
    ]);
  });

  it('applies asset policies to SQL jobs through category propagation (table flows)', async () => {
    // etl/export_users.py:33 copies raw.users (e-mail, SSN) into audit.user_exports.
    const manifest = manifestWith('  - { id: no-ids-in-audit, from: [user.government_id], deny: ["table:audit.*"] }\n');
    const findings = (await analyzeWith(demo, [], { manifest })).findings.filter((f) => f.ruleId === 'policy-violation');
    expect(findings.map((f) => [`${f.file}:${f.line}`, f.asset, f.categories, f.snippet])).toEqual([
      ['etl/export_users.py:33', 'table:audit.user_exports', [SSN], 'cur.execute('],
    ]);
    expect(findings[0]!.message).toMatch(
      /^raw\.users(\.ssn)? \(user\.government_id\.national_identification_number\) is written to audit\.user_exports: policy 'no-ids-in-audit' denies table:audit\.\*\.$/,
    );
    expect(findings[0]!.path?.map((s) => `${s.file}:${s.line}`)).toEqual(['etl/load_users.py:12', 'etl/export_users.py:33']);
  });
});

describe('stale annotations', () => {
  it('reports entries and fields no scanned code touches, at their manifest line', async () => {
    const manifest = parseManifest([
      'version: 1',
      'assets:',
      '  - id: table:raw.users',
      '    fields:',
      '      email: { categories: [user.contact.email] }',
      '      social_security: { categories: [user.government_id] }',
      '  - id: table:legacy.customers',
      '    owner: nobody',
      '  - id: table:archive.*',
      '  - id: table:raw.*',
    ].join('\n'), 'lineage.yaml');
    const stale = (await analyzeWith(demo, [], { manifest })).findings.filter((f) => f.ruleId === 'stale-annotation');
    expect(stale.map((f) => [f.file, f.line, f.level, f.message])).toEqual([
      ['lineage.yaml', 6, 'note', "Field 'social_security' of table:raw.users is not a column of the table (CREATE TABLE at warehouse/ddl/raw_tables.sql:4)."],
      ['lineage.yaml', 7, 'note', 'The manifest annotates table:legacy.customers, but no scanned code reads or writes it.'],
      ['lineage.yaml', 9, 'note', "The manifest entry 'table:archive.*' matches no asset of the scanned code."],
    ]);
  });
});
