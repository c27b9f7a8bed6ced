/**
 * SARIF output: every log the tool writes for the fixtures passes the SARIF Multitool validator with the GitHub
 * and SARIF rule sets (no errors, no warnings), and carries what code scanning needs: rules with metadata,
 * locations, the source as a related location, the path as a code flow, fingerprints, suppressions, baseline
 * state. GitHub's limits are respected.
 */
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyBaseline } from '../src/analyze/baseline.js';
import { buildReport } from '../src/report/build.js';
import type { Finding, Report } from '../src/report/json/schema.js';
import { formatSarif, SARIF_LIMITS } from '../src/report/sarif/index.js';
import { parseManifest } from '../src/manifest/index.js';
import { DEMO, runCli } from './helpers/cli.js';
import { DEMO_FLOWS } from './helpers/demo-flows.js';
import { analyzeWith, scanFixture } from './helpers/flows.js';
import { validateSarif } from './helpers/sarif.js';
import { writeTree } from './helpers/tree.js';

let demoReport: Report;
/** Findings located in the manifest: a stale entry and an expired suppression. */
let manifestReport: Report;

beforeAll(async () => {
  const demo = await scanFixture('fixtures/demo');
  const analysis = await analyzeWith(demo, DEMO_FLOWS);
  demoReport = buildReport({ ...demo.result, analysis });
  const manifest = parseManifest([
    'version: 1',
    'assets:',
    '  - { id: table:legacy.customers, owner: crm-team }',
    'suppressions:',
    '  - { fingerprint: 0123456789abcdef, reason: "Accepted until the migration.", expires: 2026-01-31 }',
  ].join('\n'), 'lineage.yaml');
  manifestReport = buildReport({ ...demo.result, analysis: await analyzeWith(demo, [], { manifest }) });
});

const parse = (sarif: string) => JSON.parse(sarif) as Sarif.Log;

describe('validity (Sarif.Multitool validate --level Error;Warning;Note --rule-kind Gh;Sarif)', () => {
  const scanned = (dir: string) => {
    const result = runCli(['scan', dir, '--format', 'sarif'], { env: { LINEAGE_TODAY: '2026-06-01' } });
    expect(result.code).toBe(0);
    return result.stdout;
  };
  // A file whose path has a space, `#` and `%`: `#` left as it is would end the URI's path there.
  const SPECIAL_PATH = 'my app/job #1 100%.py';
  let specialLog: Sarif.Log;
  let problems: ReturnType<typeof validateSarif>;
  beforeAll(() => {
    const special = scanned(writeTree({
      [SPECIAL_PATH]: 'import logging\nlog = logging.getLogger(__name__)\n\ndef export(user):\n    log.info("exporting %s", user.email)\n',
    }, 'lineage-sarif-paths-'));
    specialLog = JSON.parse(special) as Sarif.Log;
    problems = validateSarif({
      'a path with a space, # and %': special,
      'fixtures/demo': scanned('fixtures/demo'),
      'fixtures/suppressions': scanned('fixtures/suppressions'),
      'fixtures/python-embedded-sql': scanned('fixtures/python-embedded-sql'),
      'demo flows and a baseline': formatSarif(applyBaseline(demoReport, new Map([[demoReport.findings[0]!.fingerprint, 1]]))),
      'a path cut to the thread flow limit': formatSarif(oversized(300)),
      'findings in the manifest': formatSarif(manifestReport),
    });
  }, 180_000);

  it('percent-encodes every segment of a path, `#` included, and the URI decodes back to the path', () => {
    const uris = new Set(specialLog.runs[0]!.results!.flatMap((r) => (r.locations ?? []).map((l) => l.physicalLocation?.artifactLocation?.uri)));
    expect([...uris]).toEqual(['my%20app/job%20%231%20100%25.py']);
    expect(new URL([...uris][0]!, 'file:///repo/').pathname).toBe('/repo/my%20app/job%20%231%20100%25.py');
    expect(decodeURIComponent([...uris][0]!)).toBe(SPECIAL_PATH);
  });

  it.each([
    'a path with a space, # and %',
    'fixtures/demo', 'fixtures/suppressions', 'fixtures/python-embedded-sql', 'demo flows and a baseline', 'a path cut to the thread flow limit',
    'findings in the manifest',
  ])('%s: no errors, no warnings', (name) => {
    expect(problems[name]).toBeDefined();
    expect(problems[name]!.filter((r) => r.level === 'error' || r.level === 'warning')).toEqual([]);
  });

  it('covers results located in the manifest', () => {
    const results = parse(formatSarif(manifestReport)).runs[0]!.results!;
    expect(results.filter((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === 'lineage.yaml').map((r) => [r.ruleId, r.locations?.[0]?.physicalLocation?.region?.startLine]))
      .toEqual([['stale-annotation', 3], ['expired-suppression', 5]]);
  });

  it('the validator does report problems (a broken log fails)', () => {
    const broken = validateSarif({ broken: JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: {} }] }] }) });
    expect(broken.broken!.some((r) => r.level === 'error')).toBe(true);
  });
});

describe('content', () => {
  let log: Sarif.Log;
  let run: Sarif.Run;
  beforeAll(() => {
    log = parse(formatSarif(demoReport));
    run = log.runs[0]!;
  });

  it('describes every rule: id, PascalCase name, descriptions, markdown help, level, tags, security-severity', () => {
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.rules?.map((r) => [r.id, r.name, r.defaultConfiguration?.level, r.properties?.['security-severity']])).toEqual([
      ['policy-violation', 'PolicyViolation', 'error', '8.0'],
      ['unannotated-sensitive-flow', 'UnannotatedSensitiveFlow', 'warning', '6.5'],
      ['unannotated-sensitive-asset', 'UnannotatedSensitiveAsset', 'warning', '5.0'],
      ['stale-annotation', 'StaleAnnotation', 'note', '2.0'],
      ['expired-suppression', 'ExpiredSuppression', 'warning', '4.0'],
    ]);
    for (const rule of run.tool.driver.rules!) {
      expect(rule.shortDescription?.text).toMatch(/\.$/);
      expect(rule.fullDescription?.text).toMatch(/\.$/);
      expect(rule.help?.markdown).toMatch(/^## /);
      expect(rule.properties?.tags?.length).toBeGreaterThan(0);
      expect(rule.properties?.precision).toBeDefined();
    }
    expect(run.automationDetails?.id).toBe('lineage/');
    expect(Object.keys(run.originalUriBaseIds ?? {})).toEqual(['%SRCROOT%']);
  });

  it('turns a flow finding into a result with its source and its path', () => {
    const logged = run.results![0]!;
    expect(logged.ruleId).toBe('policy-violation');
    expect(logged.ruleIndex).toBe(0);
    expect(logged.level).toBe('error');
    expect(logged.message.text).toMatch(/^'user\.email' from raw\.users\.email .* denies log sinks\. Keep the value out of this sink/);
    expect(logged.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'etl/export_users.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 24, snippet: { text: 'logger.info("exporting customer %s", user.email)' } },
    });
    expect(logged.relatedLocations?.map((l) => [l.id, l.physicalLocation?.region?.startLine, l.message?.text])).toEqual([
      [1, 22, 'pandas.read_sql reads raw.users.email into users.'],
    ]);
    expect(logged.codeFlows?.[0]?.threadFlows[0]?.locations.map((l) => l.location?.physicalLocation?.region?.startLine)).toEqual([22, 23, 24]);
    expect(logged.partialFingerprints).toEqual({ 'lineageFingerprint/v1': demoReport.findings[0]!.fingerprint });
    const multiLine = run.results!.find((r) => r.locations?.[0]?.physicalLocation?.region?.startLine === 25)!;
    expect(multiLine.locations?.[0]?.physicalLocation?.region?.endLine).toBe(30);
  });

  it('marks suppressed results and baseline state', () => {
    const result = runCli(['scan', 'fixtures/suppressions', '--format', 'sarif'], { env: { LINEAGE_TODAY: '2026-06-01' } });
    const results = parse(result.stdout).runs[0]!.results!;
    const where = (r: (typeof results)[number]) => `${r.locations?.[0]?.physicalLocation?.artifactLocation?.uri}:${r.locations?.[0]?.physicalLocation?.region?.startLine}`;
    // Each sink's comment (fixtures/suppressions): accepted with a reason, expired, or without a reason (ignored).
    expect(results.map((r) => [r.ruleId, where(r), r.suppressions?.[0]?.kind ?? '-'])).toEqual([
      ['policy-violation', 'app/CrmClient.php:12', 'inSource'],
      ['expired-suppression', 'app/CrmClient.php:15', '-'],
      ['policy-violation', 'app/CrmClient.php:16', '-'],
      ['policy-violation', 'app/notify.py:11', 'inSource'],
      ['policy-violation', 'app/notify.py:12', 'inSource'],
      ['expired-suppression', 'app/notify.py:16', '-'],
      ['policy-violation', 'app/notify.py:16', '-'],
      ['policy-violation', 'app/notify.py:17', '-'],
      ['policy-violation', 'hack/ContactExporter.hack:6', 'inSource'],
      ['policy-violation', 'src/audit.cpp:10', 'inSource'],
      ['unannotated-sensitive-asset', 'warehouse/exports.sql:2', 'inSource'],
      ['unannotated-sensitive-asset', 'warehouse/exports.sql:9', '-'],
    ]);
    expect(results[10]!.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'short-lived table, dropped by CRM-412' }]);
    expect(results[9]!.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'audit log is stored in the PII vault' }]);
    const marked = parse(formatSarif(applyBaseline(demoReport, new Map([[demoReport.findings[0]!.fingerprint, 1]])))).runs[0]!.results!;
    expect(marked.map((r) => r.baselineState)).toEqual(['unchanged', ...Array(demoReport.findings.length - 1).fill('new')]);
  });

  it('is byte-identical across runs and relative to the scanned folder', () => {
    const first = runCli(['scan', DEMO, '--format', 'sarif']).stdout;
    expect(runCli(['scan', 'fixtures/demo', '--format', 'sarif']).stdout).toBe(first);
    expect(first).not.toContain(DEMO);
  });
});

/** `count` findings (half of them errors), the first with a 2,500-step path: more than GitHub keeps. */
function oversized(count: number): Report {
  const step = (i: number) => ({ file: `src/f${i % 50}.py`, line: (i % 400) + 1, note: `step ${i}` });
  const findings: Finding[] = Array.from({ length: count }, (_, i) => ({
    ruleId: i % 2 === 0 ? 'policy-violation' : 'stale-annotation',
    level: i % 2 === 0 ? 'error' : 'note',
    message: `Finding ${i}.`,
    file: `src/f${i % 50}.py`,
    line: (i % 400) + 1,
    fingerprint: i.toString(16).padStart(32, '0'),
    ...(i === 0 ? { path: Array.from({ length: 2500 }, (_, k) => step(k)) } : {}),
  }));
  return { ...demoReport, findings };
}

describe('GitHub limits', () => {
  it('keeps at most 5,000 results, the most severe first, and 1,000 thread flow locations', () => {
    const run = parse(formatSarif(oversized(6000))).runs[0]!;
    expect(run.results).toHaveLength(SARIF_LIMITS.results);
    expect(run.results!.filter((r) => r.level === 'error')).toHaveLength(3000);
    const locations = run.results![0]!.codeFlows![0]!.threadFlows[0]!.locations;
    expect(locations).toHaveLength(SARIF_LIMITS.threadFlowLocations);
    expect(locations[0]!.location?.message?.text).toBe('step 0.');
    expect(locations[999]!.location?.message?.text).toBe('step 2499.');
    expect(run.tool.driver.rules!.every((r) => (r.properties?.tags?.length ?? 0) <= SARIF_LIMITS.tagsPerRule)).toBe(true);
  });
});
