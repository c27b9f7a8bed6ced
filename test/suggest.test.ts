/**
 * `lineage suggest`: value detectors, the classifier learned from the manifest, proposals from sample files
 * (fixtures/samples: a CRM export with e-mails, card numbers with three Luhn typos, IBANs with two transposed
 * digits and free-text noise; web sessions as JSON lines), the manifest patch and --write, and missing edges.
 */
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NameModel } from '../src/classify/learned.js';
import { classifyValues, DETECTORS, ibanChecksumOk, luhn } from '../src/classify/values.js';
import { indexReport } from '../src/graph/lineage-index.js';
import { missingEdges } from '../src/graph/missing-edges.js';
import type { Report } from '../src/report/json/schema.js';
import { parse as parseYaml } from 'yaml';
import { mergeIntoManifest } from '../src/suggest/manifest-patch.js';
import { assetNameOfSample, parseDelimited } from '../src/suggest/samples.js';
import { readLeadingLines } from '../src/util/read-bounded.js';
import { DEMO, REPO_ROOT, runCli } from './helpers/cli.js';
import { demoCopy } from './helpers/demo-copy.js';
import { writeTree } from './helpers/tree.js';

const SAMPLES = path.join(REPO_ROOT, 'fixtures/samples');
const ENRICHED = () => JSON.parse(readFileSync(path.join(REPO_ROOT, 'fixtures/reports/demo-enriched.json'), 'utf8')) as Report;
const detector = (id: string) => DETECTORS.find((d) => d.id === id)!;

describe('value detectors', () => {
  it('checks card numbers with Luhn and issuer ranges', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    const card = detector('credit-card');
    expect(['4111 1111 1111 1111', '5500-0000-0000-0004', '378282246310005', '6011111111111117'].map(card.valid)).toEqual([true, true, true, true]);
    expect(card.valid('4111111111111112')).toBe(false);
    expect(card.nearMiss!('4111111111111112')).toBe(true);
    // Luhn-valid but no network issues this prefix and length: not a card.
    expect(card.valid('0000000000000000')).toBe(false);
    expect(card.valid('1234567812345670')).toBe(false);
  });

  it('applies the SSN rules: no 000, 666 or 9xx area, no 00 group, no 0000 serial', () => {
    const ssn = detector('ssn');
    expect(['123-45-6789', '665-01-0001', '899-99-9999'].map(ssn.valid)).toEqual([true, true, true]);
    expect(['000-12-3456', '666-12-3456', '900-12-3456', '999-12-3456', '123-00-4567', '123-45-0000'].map(ssn.valid)).toEqual([false, false, false, false, false, false]);
    expect(ssn.nearMiss!('666-12-3456')).toBe(true);
    expect(ssn.valid('123456789')).toBe(false);
  });

  it('checks IBANs by country length and mod 97', () => {
    expect(ibanChecksumOk('GB82WEST12345698765432')).toBe(true);
    expect(ibanChecksumOk('GB82WEST12345698765423')).toBe(false);
    const iban = detector('iban');
    expect(['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000', 'NL91ABNA0417164300'].map(iban.valid)).toEqual([true, true, true]);
    expect(iban.valid('DE8937040044053201300')).toBe(false); // one digit short for Germany
    expect(iban.nearMiss!('DE89370400440532013001')).toBe(true);
  });

  it.each([
    ['email', ['ana.berg@example.com', 'o\'hara+news@mail.example.co.uk'], ['ana.berg@', '@example.com', 'ana berg@example.com']],
    ['phone', ['+1 (415) 555-0132', '+44 20 7946 0958', '030 1234 5678'], ['12345', '4155550132', '2024-01-15']],
    ['ip', ['192.168.0.1', '2001:db8::8a2e:370:7334'], ['256.1.1.1', '1.2.3']],
    ['mac', ['00:1a:2b:3c:4d:5e', '00-1A-2B-3C-4D-5E', '001a.2b3c.4d5e'], ['00:1a:2b:3c:4d', '00:1a-2b:3c:4d:5e']],
    ['date-of-birth', ['1985-04-12', '12/31/1999', '29.02.1988'], ['2025-01-01', '1985-02-30', '1899-12-31']],
    ['aws-access-key', ['AKIAIOSFODNN7EXAMPLE'], ['AKIAIOSFODNN7EXAMPL', 'akiaiosfodnn7example']],
    ['google-api-key', ['AIzaSyA-1234567890abcdefghijklmnopqrstu'], ['AIzaSyA-123']],
  ])('%s', (id, good, bad) => {
    expect(good.map(detector(id).valid)).toEqual(good.map(() => true));
    expect(bad.map(detector(id).valid)).toEqual(bad.map(() => false));
  });

  it('names the share of valid values, mentions near misses, and ignores noise', () => {
    const cards = [...Array(7).fill('4111111111111111'), '4111111111111112', '', 'NULL'];
    expect(classifyValues(cards)).toEqual({
      detector: 'credit-card', category: 'user.financial.credit_card', confidence: 'medium', valid: 7, nonEmpty: 8,
      reason: '7 of 8 non-empty values are valid Luhn card numbers; 1 more look like card numbers but fail the Luhn check',
    });
    expect(classifyValues(['called back', 'VIP', 'n/a', 'ref #4471', '2 parcels'])).toBeNull();
  });
});

describe('the classifier learned from the manifest', () => {
  const model = NameModel.train([
    { name: 'cust_eml', categories: ['user.contact.email'], asset: 'table:crm.customers' },
    { name: 'tel_no', categories: ['user.contact.phone_number'], asset: 'table:crm.customers' },
    { name: 'cust_id', categories: [], asset: 'table:crm.customers' },
    { name: 'shipping_cents', categories: [], asset: 'table:raw.orders' },
    { name: 'shipping_address', categories: ['user.contact.address'], asset: 'table:raw.orders' },
  ], ['id', 'customer_id', 'created_at', 'order_total', 'status', 'cust_segment']);

  it('carries a team convention over to similar names', () => {
    expect(model.predict('billing_cust_eml')?.categories).toEqual(['user.contact.email']);
    expect(model.predict('alt_tel_no')?.categories).toEqual(['user.contact.phone_number']);
    expect(model.predict('alt_tel_no')?.reason).toMatch(/^name 'alt_tel_no' is similar \(0\.\d\d\) to 'tel_no', annotated user\.contact\.phone_number on table:crm\.customers in the manifest$/);
  });

  it('predicts nothing for dissimilar names or when the closest example is a column the team left unannotated', () => {
    expect(model.predict('order_total')).toBeNull();
    expect(model.predict('cust_id')).toBeNull();
    expect(model.predict('shipping_cents')).toBeNull();
  });
});

describe('lineage suggest (CLI)', () => {
  it('proposes the right categories from sample values, with reasons', () => {
    const result = runCli(['suggest', DEMO, '--samples', SAMPLES, '--format', 'json']);
    expect(result.code).toBe(0);
    const { proposals } = JSON.parse(result.stdout);
    const crm = proposals.find((p: { asset: string }) => p.asset === 'table:crm.contacts');
    expect(crm.inGraph).toBe(false);
    expect(crm.fields.map((f: { column: string; categories: string[]; confidence: string }) => [f.column, f.categories, f.confidence])).toEqual([
      ['contact', ['user.contact.email'], 'high'],
      ['payment_ref', ['user.financial.credit_card'], 'high'],
      ['payout_account', ['user.financial.bank_account'], 'high'],
    ]);
    expect(crm.fields[1].reasons).toEqual(['37 of 40 non-empty values are valid Luhn card numbers; 3 more look like card numbers but fail the Luhn check (sample)']);
    expect(crm.fields[2].reasons).toEqual(['38 of 40 non-empty values are valid IBANs; 2 more look like IBANs but fail the mod-97 check (sample)']);
    const sessions = proposals.find((p: { asset: string }) => p.asset === 'table:raw.web_sessions');
    expect(sessions.fields.map((f: { column: string; categories: string[] }) => `${f.column}=${f.categories.join(',')}`)).toEqual([
      'born=user.demographic.date_of_birth', 'callback=user.contact.phone_number', 'client=user.device.ip_address',
      'device=user.device.device_id', 'maps_key=user.authorization.credentials', 'upload_key=user.authorization.credentials',
      'verified_ssn=user.government_id.national_identification_number',
    ]);
  });

  it('proposes from names what the manifest does not annotate, and skips what it does', () => {
    const result = runCli(['suggest', DEMO, '--format', 'json']);
    const { proposals } = JSON.parse(result.stdout);
    expect(proposals.map((p: { asset: string; fields: Array<{ column: string }> }) => `${p.asset}: ${p.fields.map((f) => f.column).join(', ')}`)).toEqual([
      // the vendor API entry is a glob with an owner and no fields: the payload keys are proposed
      'api:api.crmvendor.example/v2/contacts: email, name, tax_id',
      'table:audit.user_exports: email, ssn',
      // covered by the `table:staging.*` entry, which names an owner but no fields
      'table:staging.stg_users: date_of_birth, email, full_name',
    ]);
  });

  it('writes a manifest patch in the manifest style', () => {
    const result = runCli(['suggest', DEMO, '--samples', SAMPLES]);
    expect(result.stdout).toContain([
      '  # not in the lineage graph: known from a sample file only',
      '  - id: table:crm.contacts',
      '    fields:',
      '      # suggested (high, values): 40 of 40 non-empty values are e-mail addresses (sample)',
      '      contact: { categories: [user.contact.email] }',
    ].join('\n'));
  });

  it('--write inserts the proposals into lineage.yaml and changes no existing line; a second run adds nothing', () => {
    const root = demoCopy();
    const manifest = path.join(root, 'lineage.yaml');
    const before = readFileSync(manifest, 'utf8');
    const first = runCli(['suggest', root, '--samples', SAMPLES, '--write']);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`lineage: 18 field annotations merged into ${manifest}\n`);
    const after = readFileSync(manifest, 'utf8');
    // Every original line is still there, in order, and the new lines are the proposals only.
    const afterLines = after.split('\n');
    let next = 0;
    const added: string[] = [];
    for (const line of afterLines) {
      if (next < before.split('\n').length && line === before.split('\n')[next]) next++;
      else added.push(line);
    }
    expect(next).toBe(before.split('\n').length);
    expect(added.filter((l) => l.includes('# suggested'))).toHaveLength(18);
    expect(added.filter((l) => !l.includes('# suggested') && !/^\s+[a-z_]+: \{ categories: \[[a-z_.]+\] \}$/.test(l))).toEqual([
      '  - id: api:api.crmvendor.example/v2/contacts', '    fields:',
      '  - id: table:audit.user_exports', '    fields:',
      '  # not in the lineage graph: known from a sample file only', '  - id: table:crm.contacts', '    fields:',
      '  - id: table:staging.stg_users', '    fields:',
    ]);
    expect(after).toContain('      ip_address: { categories: [user.device.ip_address] }\n      # suggested (medium, values)');
    expect(after).toContain('  - id: table:audit.user_exports\n    fields:\n');
    const again = runCli(['suggest', root, '--samples', SAMPLES, '--write']);
    expect(again.stderr).toBe(`lineage: 0 field annotations merged into ${manifest}\n`);
    expect(readFileSync(manifest, 'utf8')).toBe(after);
  });

  it('refuses a manifest that is not YAML, and a missing samples folder, with exit code 2', () => {
    const root = demoCopy();
    writeFileSync(path.join(root, 'lineage.yaml'), 'assets: [unclosed\n');
    const bad = runCli(['suggest', root, '--write']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/lineage\.yaml:2:1: .*not valid YAML/);
    const noSamples = runCli(['suggest', DEMO, '--samples', '/no/such/samples']);
    expect(noSamples.code).toBe(2);
    expect(noSamples.stderr).toContain('--samples: /no/such/samples: no such folder');
  });
});

describe('manifest merging', () => {
  const proposal = { asset: 'table:raw.orders', inGraph: true, fields: [{ column: 'email', categories: ['user.contact.email'], confidence: 'high' as const, evidence: ['values' as const], reasons: ['40 of 40'] }] };

  it('adds a fields section to an entry without one, and an assets section to a manifest without one', () => {
    const merged = mergeIntoManifest('version: 1\nassets:\n  - id: table:raw.orders   # orders\n    owner: commerce-team\n', [proposal]);
    expect(merged).toEqual({ ok: true, changed: 1, text: [
      'version: 1', 'assets:', '  - id: table:raw.orders   # orders', '    owner: commerce-team', '    fields:',
      '      # suggested (high, values): 40 of 40', '      email: { categories: [user.contact.email] }', '',
    ].join('\n') });
    const fresh = mergeIntoManifest('# ours\nversion: 1\n', [proposal]);
    expect(fresh.ok && fresh.text).toBe('# ours\nversion: 1\nassets:\n  - id: table:raw.orders\n    fields:\n      # suggested (high, values): 40 of 40\n      email: { categories: [user.contact.email] }\n');
  });
});

describe('manifest patches of hostile names', () => {
  // A quoted SQL identifier can hold a line break: unquoted, the rest of a name became YAML of its own.
  const field = (column: string, reasons = ['name']) =>
    ({ column, categories: ['user.contact.email'], confidence: 'high' as const, evidence: ['name' as const], reasons });
  const cases = [
    { asset: 'table:raw.x\n    owner: mallory', inGraph: true, fields: [field('email')] },
    { asset: 'table:raw.y', inGraph: true, fields: [field('null'), field('note #1')] },
    { asset: 'table:raw.z', inGraph: true, fields: [field('email', ['seen in\n    owner: mallory'])] },
  ];

  it('quotes names and keeps comments on one line, so the merged manifest holds exactly the proposal', () => {
    for (const base of ['version: 1\n', 'version: 1\nassets:\n  - id: table:raw.orders\n    owner: commerce-team\n']) {
      for (const proposal of cases) {
        const merged = mergeIntoManifest(base, [proposal]);
        expect(merged.ok).toBe(true);
        const data = parseYaml(merged.ok ? merged.text : '') as { assets: Array<{ id: string; fields: Record<string, unknown> }> };
        const added = data.assets.at(-1)!;
        expect(added).toEqual({ id: proposal.asset, fields: Object.fromEntries(proposal.fields.map((f) => [f.column, { categories: f.categories }])) });
      }
    }
  });
});

describe('sample files and missing edges', () => {
  it('reads the start of a sample file, up to its last whole line', async () => {
    const dir = writeTree({ 'a.csv': 'email\na@x.example\nb@y.example\n' });
    expect(await readLeadingLines(path.join(dir, 'a.csv'), 100)).toBe('email\na@x.example\nb@y.example\n');
    expect(await readLeadingLines(path.join(dir, 'a.csv'), 20)).toBe('email\na@x.example\n');
  });

  it('takes its rows from the start of an export too large to read whole', () => {
    // 600 MB (sparse): read whole, it did not fit in a string and the sample was skipped.
    const samples = writeTree({});
    mkdirSync(samples, { recursive: true });
    const file = path.join(samples, 'crm.contacts.csv');
    writeFileSync(file, `contact\n${Array.from({ length: 40 }, (_, i) => `person${i}@mail.example`).join('\n')}\n`);
    truncateSync(file, 600 * 1024 * 1024);
    const result = runCli(['suggest', DEMO, '--samples', samples, '--format', 'json']);
    expect(result.code).toBe(0);
    const { proposals, warnings } = JSON.parse(result.stdout);
    expect(warnings).toEqual([]);
    const crm = proposals.find((p: { asset: string }) => p.asset === 'table:crm.contacts');
    expect(crm.fields.map((f: { column: string; categories: string[] }) => [f.column, f.categories])).toEqual([['contact', ['user.contact.email']]]);
  });

  it('maps sample file names to assets and reads quoted CSV', () => {
    expect(assetNameOfSample('raw.users.csv')).toBe('raw.users');
    expect(assetNameOfSample('exports/raw__users.jsonl')).toBe('raw.users');
    expect(parseDelimited('a,b\n"x, y","say ""hi"""\r\n1,\n', ',')).toEqual([['a', 'b'], ['x, y', 'say "hi"'], ['1', '']]);
  });

  it('lists assets that share distinctive columns but have no lineage between them', () => {
    const report = ENRICHED();
    report.assets.push({
      id: 'table:crm.contacts', kind: 'table', name: 'crm.contacts', columns: ['country_code', 'date_of_birth', 'email', 'full_name', 'phone', 'synced_at'],
      annotation: null, categories: [], locations: [{ file: 'crm/schema.sql', line: 1 }],
    });
    const edges = missingEdges(indexReport(report));
    expect(edges.map((e) => [e.a, e.b, e.shared])).toEqual([
      ['table:crm.contacts', 'table:raw.users', ['country_code', 'date_of_birth', 'email', 'full_name', 'phone']],
      ['table:crm.contacts', 'table:staging.stg_users', ['country_code', 'date_of_birth', 'email', 'full_name']],
    ]);
    expect(edges[0]!.reason).toMatch(/^crm\.contacts and raw\.users share 5 columns \(country_code, date_of_birth, email, full_name, phone; \d+% of the smaller one's column weight\) but no lineage connects them$/);
    // raw.users and staging.stg_users share as much, but lineage connects them: not a candidate.
    expect(edges.some((e) => e.a === 'table:raw.users' && e.b === 'table:staging.stg_users')).toBe(false);
  });
});
