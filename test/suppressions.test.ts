/**
 * Inline suppressions in every supported language (fixtures/suppressions) and suppressions in the manifest.
 * The flows below describe the real sink lines of those fixture files; expectations were checked by hand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../src/analyze/index.js';
import { commentSyntax, scanComments } from '../src/extract/comments.js';
import { inlineSuppressions, parseDirective } from '../src/extract/suppressions.js';
import { parseManifest } from '../src/manifest/index.js';
import type { Language } from '../src/facts/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { analyzeWith, flow, scanFixture, type ScannedFixture } from './helpers/flows.js';

const DIR = 'fixtures/suppressions';
const EMAIL = 'user.contact.email';
const read = (file: string) => readFileSync(path.join(REPO_ROOT, DIR, file), 'utf8');

describe('the comment scanner', () => {
  const comments = (language: Language, text: string) => scanComments(text, commentSyntax(language)!).map((c) => [c.line, c.text]);

  it('skips strings, including triple-quoted and escaped ones (Python)', () => {
    const text = 'a = """\n# not a comment\n"""  # one\nb = "say \\"#\\" twice"  # two\nc = \'#\'\n';
    expect(comments('python', text)).toEqual([[3, ' one'], [4, ' two']]);
  });

  it('knows block comments, and counts lines across them (C++)', () => {
    const text = 'int a; /* one\n two */ int b; // three\nconst char* s = "// no"; // four\n';
    expect(comments('cpp', text)).toEqual([[1, ' one\n two '], [2, ' three'], [3, ' four']]);
  });

  it('knows # and // in PHP, -- and doubled quotes in SQL', () => {
    expect(comments('php', "<?php\n$a = 1; # one\n$b = '// no'; // two\n")).toEqual([[2, ' one'], [3, ' two']]);
    expect(comments('sql', "SELECT 'it''s -- no' -- one\nFROM t; /* two */\n")).toEqual([[1, ' one'], [2, ' two ']]);
  });
});

describe('inline suppression comments', () => {
  it('reads the directive: targets, reason, optional expiry', () => {
    expect(parseDirective(' policy,unannotated-flow reason="masked upstream" until=2027-01-31 */')).toEqual({
      ok: true, value: { targets: ['policy', 'unannotated-flow'], reason: 'masked upstream', until: '2027-01-31' },
    });
    expect(parseDirective(' policy')).toEqual({ ok: false, why: 'a reason="..." is required' });
    expect(parseDirective(' policy reason="x" until=2027-13-01')).toEqual({ ok: false, why: 'until=2027-13-01 is not a date written YYYY-MM-DD' });
    expect(parseDirective(' policy reason="x" owner=bob')).toEqual({ ok: false, why: "unknown key 'owner'" });
  });

  it.each([
    ['app/notify.py', 'python', [[10, 'no-contact-details-in-logs', '2099-12-31'], [14, 'no-contact-details-in-logs', undefined], [16, 'policy', '2020-01-31']], [17]],
    ['app/CrmClient.php', 'php', [[11, 'no-contact-details-in-logs', undefined], [13, 'unannotated-sensitive-flow', undefined], [15, 'no-contact-details-in-logs', '2025-06-30']], []],
    ['hack/ContactExporter.hack', 'hack', [[5, 'no-contact-details-in-logs', undefined]], []],
    ['src/audit.cpp', 'cpp', [[8, 'no-contact-details-in-logs', undefined]], []],
    ['warehouse/exports.sql', 'sql', [[4, 'unannotated-sensitive-asset', '2099-01-01']], []],
  ] as const)('finds those of %s (%s), ignoring prose and strings', (file, language, expected, invalid) => {
    const found = inlineSuppressions(file, language, read(file));
    expect(found.suppressions.map((s) => [s.line, s.targets.join(','), s.until])).toEqual(expected);
    expect(found.gaps.map((g) => [g.kind, g.line])).toEqual(invalid.map((line) => ['invalid-suppression', line]));
  });

  it('remembers where a block comment ends, so it covers the statement after it', () => {
    expect(inlineSuppressions('src/audit.cpp', 'cpp', read('src/audit.cpp')).suppressions[0]).toMatchObject({ line: 8, endLine: 9 });
  });
});

describe('suppressing findings', () => {
  let analysis: Analysis;
  let scanned: ScannedFixture;
  const log = (file: string, line: number, callee: string, name: string, extra: { endLine?: number; kind?: string } = {}) => flow({
    source: { asset: 'table:crm.contacts', column: 'email', name, categories: [EMAIL], file, line: Math.max(1, line - 2) },
    sink: { kind: extra.kind ?? 'log', callee, file, line, ...(extra.endLine ? { endLine: extra.endLine } : {}) },
  });
  const flows = [
    log('app/notify.py', 11, 'logging.Logger.info', 'user.email'),
    log('app/notify.py', 12, 'logging.Logger.warning', 'user.email', { endLine: 15 }),
    log('app/notify.py', 16, 'logging.Logger.error', 'user.email'),
    log('app/notify.py', 17, 'logging.Logger.debug', 'user.phone'),
    log('app/CrmClient.php', 12, 'Log::info', "$contact['email']"),
    log('app/CrmClient.php', 14, 'GuzzleHttp.Client.post', '$contact', { kind: 'third_party' }),
    log('app/CrmClient.php', 16, 'Log::debug', "$contact['phone']"),
    log('hack/ContactExporter.hack', 6, 'error_log', "$contact['email']"),
    log('src/audit.cpp', 10, 'std::clog', 'email', { endLine: 11 }),
  ];

  beforeAll(async () => {
    scanned = await scanFixture(DIR);
    analysis = await analyzeWith(scanned, flows);
  });

  it('covers the sink line, the line before it, and any line of a multi-line statement', () => {
    expect(analysis.findings.map((f) => [`${f.file}:${f.line}`, f.ruleId, f.suppression?.kind ?? '-'])).toEqual([
      ['app/CrmClient.php:12', 'policy-violation', 'inline'],
      ['app/CrmClient.php:14', 'unannotated-sensitive-flow', 'inline'],
      ['app/CrmClient.php:15', 'expired-suppression', '-'],
      ['app/CrmClient.php:16', 'policy-violation', '-'],
      ['app/notify.py:11', 'policy-violation', 'inline'],
      ['app/notify.py:12', 'policy-violation', 'inline'],
      ['app/notify.py:16', 'expired-suppression', '-'],
      ['app/notify.py:16', 'policy-violation', '-'],
      ['app/notify.py:17', 'policy-violation', '-'],
      ['hack/ContactExporter.hack:6', 'policy-violation', 'inline'],
      ['src/audit.cpp:10', 'policy-violation', 'inline'],
      ['warehouse/exports.sql:2', 'unannotated-sensitive-asset', 'inline'],
      ['warehouse/exports.sql:9', 'unannotated-sensitive-asset', '-'],
    ]);
    expect(analysis.findings[0]!.suppression).toEqual({ kind: 'inline', reason: 'CRM sync audit trail, approved by privacy review PR-88' });
    expect(analysis.findings.find((f) => f.file === 'app/notify.py' && f.line === 11)?.suppression?.until).toBe('2099-12-31');
  });

  it('reports expired suppressions, and malformed ones as gaps', () => {
    const expired = analysis.findings.filter((f) => f.ruleId === 'expired-suppression');
    expect(expired.map((f) => f.message)).toEqual([
      'The inline suppression of no-contact-details-in-logs expired on 2025-06-30 (reason: "kept for the 2025 migration").',
      'The inline suppression of policy expired on 2020-01-31 (reason: "old exception").',
    ]);
    const gaps = scanned.result.files.flatMap((f) => f.gaps).filter((g) => g.kind === 'invalid-suppression');
    expect(gaps.map((g) => `${g.file}:${g.line} ${g.detail}`)).toEqual([
      'app/notify.py:17 inline suppression not understood: a reason="..." is required; expected lineage: allow <rule-or-policy> reason="..." [until=YYYY-MM-DD]',
    ]);
    expect(analysis.gaps).toEqual([]);
  });

  it('suppresses by fingerprint from the manifest, until the suppression expires', async () => {
    const target = analysis.findings.find((f) => f.file === 'app/notify.py' && f.line === 17)!;
    const manifestText = (expires: string) => [
      read('lineage.yaml').trimEnd(),
      'suppressions:',
      `  - fingerprint: ${target.fingerprint}`,
      '    policy: no-contact-details-in-logs',
      '    reason: Phone numbers in debug logs are dropped by the log shipper.',
      '    author: alice@acme.example',
      `    expires: ${expires}`,
    ].join('\n');
    const active = await analyzeWith(scanned, flows, { manifest: parseManifest(manifestText('2026-12-31'), 'lineage.yaml') });
    expect(active.findings.find((f) => f.fingerprint === target.fingerprint)?.suppression).toEqual({
      kind: 'manifest', reason: 'Phone numbers in debug logs are dropped by the log shipper.', until: '2026-12-31', author: 'alice@acme.example',
    });
    const lapsed = await analyzeWith(scanned, flows, { manifest: parseManifest(manifestText('2026-05-31'), 'lineage.yaml') });
    expect(lapsed.findings.find((f) => f.fingerprint === target.fingerprint)?.suppression).toBeUndefined();
    expect(lapsed.findings.filter((f) => f.ruleId === 'expired-suppression' && f.file === 'lineage.yaml').map((f) => f.line)).toEqual([12]);
  });

  it('turns a directive naming no known rule or policy into a gap', async () => {
    const files = scanned.result.files.map((facts) => facts.file === 'app/notify.py'
      ? { ...facts, suppressions: [...facts.suppressions!, { line: 11, targets: ['no-pii-in-log'], reason: 'typo in the policy id' }] }
      : facts);
    const result = await analyzeWith(scanned, flows, { files });
    expect(result.gaps.map((g) => [g.kind, g.file, g.line, g.detail])).toEqual([[
      'invalid-suppression', 'app/notify.py', 11,
      "inline suppression names 'no-pii-in-log', which is neither a rule nor a policy of the manifest",
    ]]);
  });
});
