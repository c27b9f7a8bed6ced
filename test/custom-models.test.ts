/**
 * The manifest's library models (fixtures/custom-models/lineage.yaml) are applied: in-house sinks, sources, SQL
 * runners and sanitizers of Python, C++ and PHP code make the flows, jobs and findings they should, and without
 * them those are missing. Transforms remove and downgrade categories, also inside helpers.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../src/manifest/index.js';
import { POOL_MIN_FILES } from '../src/pipeline/extract-all.js';
import { extractTree } from '../src/pipeline/scan.js';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT, runCli } from './helpers/cli.js';
import { scanOptions, scanReport } from './helpers/scan.js';
import { TransformTable } from '../src/simulate/transforms.js';
import { Taxonomy } from '../src/taxonomy/index.js';
import { syntheticRepo } from './helpers/synthetic.js';

const ROOT = path.join(REPO_ROOT, 'fixtures/custom-models');
const MANIFEST_TEXT = readFileSync(path.join(ROOT, 'lineage.yaml'), 'utf8');

/**
 * Scan options with the fixture's manifest, some top-level sections left out (without `sinks`, the policy on the
 * `audit` kind they declare denies `log` instead: an undeclared kind is a manifest error).
 */
function manifestWithout(...sections: string[]) {
  let kept = MANIFEST_TEXT.split(/\n(?=[a-z])/).filter((block) => !sections.some((s) => block.startsWith(`${s}:`))).join('\n');
  if (sections.includes('sinks')) kept = kept.replace('deny: [audit]', 'deny: [log]');
  return { manifest: parseManifest(kept, 'lineage.yaml'), manifestFile: path.join(ROOT, 'lineage.yaml') };
}

const flowsOf = (report: Report) => report.flows.map((f) => ({
  sink: `${f.sink.kind} ${f.sink.callee} ${f.sink.file}:${f.sink.line}`,
  source: `${f.source.asset ?? f.source.name} ${f.source.file}:${f.source.line} [${f.source.categories.join(', ')}]`,
  categories: f.categories,
}));

const violations = (report: Report) => report.findings.filter((f) => f.ruleId === 'policy-violation').map((f) => `${f.file}:${f.line} ${f.policy}`);

describe('library models of the manifest', () => {
  it('finds nothing of the in-house libraries without them', async () => {
    const report = await scanReport(ROOT, manifestWithout('sql', 'sources', 'sinks', 'transforms'));
    expect(report.flows).toEqual([]);
    expect(report.jobs).toEqual([]);
    expect(violations(report)).toEqual([]);
  });

  it('makes flows, jobs and policy findings with them, in Python, C++, PHP and Hack', async () => {
    const report = await scanReport(ROOT);
    expect(flowsOf(report)).toEqual([
      // PHP: `$this->audit->record(..., ['email' => $customer['email'], ...])`, argument 1 only.
      { sink: 'audit Acme.Audit.AuditTrail.record app/Billing/InvoiceNotifier.php:21', source: 'customer.email app/Billing/InvoiceNotifier.php:21 [user.contact.email]', categories: ['user.contact.email'] },
      { sink: 'third_party Acme.Ledger.LedgerClient.post app/Billing/InvoiceNotifier.php:22', source: 'customer.iban app/Billing/InvoiceNotifier.php:22 [user.financial.bank_account]', categories: ['user.financial.bank_account'] },
      // Hack gets the PHP models: the second `record(...)` sends the e-mail address; the first one sends none.
      { sink: 'audit Acme.Audit.AuditTrail.record app/Billing/RefundAuditor.hack:10', source: 'customer.email app/Billing/RefundAuditor.hack:10 [user.contact.email]', categories: ['user.contact.email'] },
      // C++: `acme::audit::emit("account.exported", user.email)`; the size on line 11 is no personal data.
      { sink: 'audit acme.audit.emit native/export_job.cpp:10', source: 'user.email native/export_job.cpp:10 [user.contact.email]', categories: ['user.contact.email'] },
      // Hashed in a helper of another module (identity.pseudonymous_id): downgraded, not removed.
      { sink: 'third_party acme_vendor.Client.push services/accounts/newsletter.py:11', source: 'user.email services/accounts/newsletter.py:11 [user.contact.email]', categories: ['user.unique_id.pseudonymous'] },
      { sink: 'audit acme_audit.emit services/accounts/signup.py:16', source: 'user.email services/accounts/signup.py:16 [user.contact.email]', categories: ['user.contact.email'] },
      { sink: 'third_party acme_vendor.Client.push services/accounts/signup.py:18', source: 'user.email services/accounts/signup.py:17 [user.contact.email]', categories: ['user.unique_id.pseudonymous'] },
      // A source reading an asset, with the categories the manifest states; strip_contact() on line 24 removes them.
      { sink: 'third_party acme_vendor.Client.push services/accounts/signup.py:23', source: 'table:crm.contacts services/accounts/signup.py:22 [user.contact]', categories: ['user.contact'] },
    ]);
    expect(violations(report)).toEqual([
      'app/Billing/InvoiceNotifier.php:21 no-email-in-audit-trail',
      'app/Billing/RefundAuditor.hack:10 no-email-in-audit-trail',
      'native/export_job.cpp:10 no-email-in-audit-trail',
      'services/accounts/signup.py:16 no-email-in-audit-trail',
      'services/accounts/signup.py:23 contact-data-stays-inside',
    ]);
    // The in-house SQL runner: its INSERT makes a job writing accounts.users, with the bound values' columns.
    const job = report.jobs.find((j) => j.outputs.includes('table:accounts.users'));
    expect(job).toMatchObject({ file: 'services/accounts/signup.py', line: 13, kind: 'sql' });
    expect(report.assets.find((a) => a.id === 'table:accounts.users')?.columns).toEqual(['display_name', 'email', 'id']);
  });

  it('shows the sanitizer on the path of a downgraded flow', async () => {
    const report = await scanReport(ROOT);
    const flow = report.flows.find((f) => f.sink.file === 'services/accounts/newsletter.py')!;
    expect(flow.path.map((step) => `${step.file}:${step.line} ${step.note}`)).toEqual([
      'services/accounts/newsletter.py:11 read user.email',
      'services/accounts/identity.py:6 privacy.hash_email() changes its categories',
      'services/accounts/newsletter.py:11 third_party sink acme_vendor.Client.push',
    ]);
  });

  it('keeps the categories where the transforms are left out (a built-in mask still hides the hash)', async () => {
    const report = await scanReport(ROOT, manifestWithout('transforms'));
    const flows = flowsOf(report).filter((f) => f.sink.includes('signup.py') || f.sink.includes('newsletter.py'));
    expect(flows).toEqual([
      { sink: 'audit acme_audit.emit services/accounts/signup.py:16', source: 'user.email services/accounts/signup.py:16 [user.contact.email]', categories: ['user.contact.email'] },
      { sink: 'third_party acme_vendor.Client.push services/accounts/signup.py:23', source: 'table:crm.contacts services/accounts/signup.py:22 [user.contact]', categories: ['user.contact'] },
      { sink: 'audit acme_audit.emit services/accounts/signup.py:24', source: 'table:crm.contacts services/accounts/signup.py:22 [user.contact]', categories: ['user.contact'] },
    ]);
  });
});

describe('library models and the facts cache, workers and manifest errors', () => {
  it('invalidates cached facts when the models change, not when only policies do', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'lineage-models-cache-'));
    const withModels = await extractTree(await scanOptions(ROOT, { cacheDir: cache }));
    expect(withModels.stats.extracted).toBe(withModels.files.length);
    const again = await extractTree(await scanOptions(ROOT, { cacheDir: cache }));
    expect(again.stats).toMatchObject({ extracted: 0, fromCache: withModels.files.length });
    // One sink's kind changed: every file is extracted anew.
    const changed = MANIFEST_TEXT.replace('call: acme_audit.emit, kind: audit', 'call: acme_audit.emit, kind: log');
    const other = await extractTree(await scanOptions(ROOT, { cacheDir: cache, manifest: parseManifest(changed, 'lineage.yaml'), manifestFile: path.join(ROOT, 'lineage.yaml') }));
    expect(other.fingerprint).not.toBe(withModels.fingerprint);
    expect(other.stats.fromCache).toBe(0);
    // Policies do not change facts.
    const policies = MANIFEST_TEXT.replace('severity: warning', 'severity: error');
    const same = await extractTree(await scanOptions(ROOT, { cacheDir: cache, manifest: parseManifest(policies, 'lineage.yaml'), manifestFile: path.join(ROOT, 'lineage.yaml') }));
    expect(same.fingerprint).toBe(withModels.fingerprint);
    // A manifest without models extracts exactly as no manifest.
    const none = await extractTree(await scanOptions(ROOT, { ...manifestWithout('sql', 'sources', 'sinks', 'transforms') }));
    const bare = await extractTree({ ...(await scanOptions(ROOT)), manifest: undefined, manifestFile: undefined });
    expect(none.fingerprint).toBe(bare.fingerprint);
  });

  it('gives byte-identical JSON with --jobs 1 and --jobs 2, the models reaching the workers', () => {
    const root = syntheticRepo(4_000, 7).root;
    cpSync(ROOT, path.join(root, 'custom'), { recursive: true });
    writeFileSync(path.join(root, 'lineage.yaml'), MANIFEST_TEXT);
    const one = runCli(['scan', root, '--format', 'json', '--no-cache', '--jobs', '1']);
    const two = runCli(['scan', root, '--format', 'json', '--no-cache', '--jobs', '2']);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(two.stdout) as Report;
    expect(report.summary.files).toBeGreaterThan(POOL_MIN_FILES * 2);
    expect(report.flows.filter((f) => f.sink.file.startsWith('custom/')).map((f) => `${f.sink.kind} ${f.sink.file}:${f.sink.line}`)).toEqual([
      'audit custom/app/Billing/InvoiceNotifier.php:21',
      'third_party custom/app/Billing/InvoiceNotifier.php:22',
      'audit custom/app/Billing/RefundAuditor.hack:10',
      'audit custom/native/export_job.cpp:10',
      'third_party custom/services/accounts/newsletter.py:11',
      'audit custom/services/accounts/signup.py:16',
      'third_party custom/services/accounts/signup.py:18',
      'third_party custom/services/accounts/signup.py:23',
    ]);
  });

  it.each([
    ['sinks:\n  - { language: sql, call: send_mail, kind: email }', 'lineage.yaml:3:17: sinks[0].language: library models apply to calls in code, and sql files make none; expected one of python, cpp, php, hack'],
    ['sources:\n  - { language: python, call: crm.fetch, asset: "table:crm.*" }', "lineage.yaml:3:49: sources[0].asset: expected one asset id without wildcards (a source reads one asset), got 'table:crm.*'"],
  ])('rejects a model the extractors cannot apply: %s', (section, message) => {
    expect(() => parseManifest(`version: 1\n${section}\n`, 'lineage.yaml')).toThrow(message);
  });
});

describe('category transforms', () => {
  it('follow the taxonomy: custom categories below a removed one go, the most specific downgrade wins', () => {
    const taxonomy = Taxonomy.builtin();
    taxonomy.add('acme', null);
    taxonomy.add('acme.newsletter_address', 'user.contact.email');
    const table = new TransformTable((category, ancestor) => taxonomy.isWithin(category, ancestor));
    const strip = table.id({ remove: ['user.contact'] });
    expect(table.apply(strip, ['acme.newsletter_address', 'user.contact.phone_number', 'user.name'])).toEqual(['user.name']);
    const hash = table.id({ downgrade: { 'user.contact': 'user.unique_id', 'user.contact.email': 'user.unique_id.pseudonymous' } });
    expect(table.apply(hash, ['acme.newsletter_address', 'user.contact.phone_number', 'user.name'])).toEqual(['user.name', 'user.unique_id', 'user.unique_id.pseudonymous']);
    expect(table.id({ downgrade: { 'user.contact.email': 'user.unique_id.pseudonymous', 'user.contact': 'user.unique_id' } })).toBe(hash);
  });
});
