/**
 * The manifest's library models (fixtures/custom-models/lineage.yaml) are applied: in-house sinks, sources, SQL
 * runners and sanitizers of Python, C++ and PHP code make the flows, jobs and findings they should, and without
 * them those are missing. Transforms remove and downgrade categories, also inside helpers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../src/manifest/index.js';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';

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

  it('makes flows, jobs and policy findings with them, in Python, C++ and PHP', async () => {
    const report = await scanReport(ROOT);
    expect(flowsOf(report)).toEqual([
      // PHP: `$this->audit->record(..., ['email' => $customer['email'], ...])`, argument 1 only.
      { sink: 'audit Acme.Audit.AuditTrail.record app/Billing/InvoiceNotifier.php:21', source: 'customer.email app/Billing/InvoiceNotifier.php:21 [user.contact.email]', categories: ['user.contact.email'] },
      { sink: 'third_party Acme.Ledger.LedgerClient.post app/Billing/InvoiceNotifier.php:22', source: 'customer.iban app/Billing/InvoiceNotifier.php:22 [user.financial.bank_account]', categories: ['user.financial.bank_account'] },
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
