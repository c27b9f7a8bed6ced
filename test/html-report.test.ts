/**
 * The HTML reporter without a browser: safe embedding, determinism, self-containment, the precomputed page data
 * (explanations, drift) on the enriched demo report, the module joiner, the CLI, the palette's contrast, and the
 * page's own graph logic (subgraph, highlights, search) run in Node. Browser behaviour: html-browser.test.ts.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { bundleModules } from '../src/report/html/bundle.js';
import { jsonForScript } from '../src/report/html/embed.js';
import { formatHtml } from '../src/report/html/index.js';
import { EXPLAINED_ASSETS, drift, explanations, pageData } from '../src/report/html/page-data.js';
import { indexReport } from '../src/graph/lineage-index.js';
import { buildModel } from '../src/report/html/client/model.js';
import { buildSearchIndex, search } from '../src/report/html/client/search.js';
import { MAX_VIEW_NODES, ALL_LEVELS, buildView, highlights } from '../src/report/html/client/subgraph.js';
import { DEMO, REPO_ROOT, runCli } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';
// @ts-expect-error a plain ES module shared with the benchmarks
import { syntheticReport } from '../scripts/synthetic-report.mjs';

const ENRICHED_FILE = path.join(REPO_ROOT, 'fixtures/reports/demo-enriched.json');
const enriched = JSON.parse(readFileSync(ENRICHED_FILE, 'utf8')) as Report;

/** The text of `<script type="application/json" id="...">` in a page. */
function embedded(html: string, id: string): unknown {
  const match = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(html);
  if (!match) throw new Error(`no #${id} in the page`);
  return JSON.parse(match[1]!);
}

describe('embedding JSON in a script element', () => {
  const hostile = {
    sql: "SELECT '</script><script>alert(1)</script>' AS x -- <!-- comment",
    separators: 'line\u2028paragraph\u2029end',
    amp: 'a & b > c',
  };

  it('never lets the text close the element, and parses back unchanged', () => {
    const text = jsonForScript(hostile);
    expect(text).not.toMatch(/<\/script/i);
    expect(text).not.toContain('<!--');
    expect(text).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(hostile);
  });

  it('embeds a report whose names and SQL hold markup so that it reads back identical', () => {
    const report = structuredClone(enriched);
    report.jobs[0]!.sql = hostile.sql + hostile.separators;
    report.assets[0]!.name = '</script><img src=x onerror=alert(1)>';
    const html = formatHtml(report, { title: '<b>repo</b>' });
    expect(embedded(html, 'lineage-report')).toEqual(report);
    expect(html).toContain('<title>Lineage report: &lt;b&gt;repo&lt;/b&gt;</title>');
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });
});

describe('the HTML page', () => {
  const html = formatHtml(enriched, { title: 'demo' });

  it('is deterministic: the same report gives the same bytes', () => {
    expect(formatHtml(structuredClone(enriched), { title: 'demo' })).toBe(html);
  });

  it('is self-contained: no external resource, and a policy that forbids loading any', () => {
    expect(html).not.toMatch(/<(link|iframe|img|object|embed)\b/i);
    expect(html).not.toMatch(/\s(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/\burl\(\s*["']?(https?:|\/\/)/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'`);
    // The layout library is inlined with its licence.
    expect(html).toContain('@dagrejs/dagre 3.1.3');
    expect(html).toContain('Copyright (c) 2012-2014 Chris Pettitt');
  });

  it('embeds the report verbatim and the page data next to it', () => {
    expect(embedded(html, 'lineage-report')).toEqual(enriched);
    const page = embedded(html, 'lineage-page') as { title: string; explanations: { complete: boolean } };
    expect(page.title).toBe('demo');
    expect(page.explanations.complete).toBe(true);
  });
});

describe('page data', () => {
  it('explains every asset of a small report and the sensitive columns, from the graph helpers', () => {
    const data = explanations(indexReport(enriched));
    expect(Object.keys(data.assets)).toHaveLength(enriched.assets.length);
    // raw.users carries annotated fields and two flows: its e-mail and SSN columns are explained too.
    expect(Object.keys(data.columns['table:raw.users']!)).toEqual(['date_of_birth', 'email', 'full_name', 'phone', 'ssn']);
    expect(data.columns['table:raw.users']!.email).toContain('raw.users.email reaches a log sink: logging.Logger.info at etl/export_users.py:24.');
    expect(data.assets['model:churn']![0]).toMatch(/^model:churn is trained in ml\/train_churn\.py:20 on mart\.customer_features/);
  });

  it('explains at most EXPLAINED_ASSETS assets of a large report, those with flows first', () => {
    const big = syntheticReport(1000, { flows: true }) as Report;
    const data = explanations(indexReport(big));
    expect(data.complete).toBe(false);
    expect(Object.keys(data.assets)).toHaveLength(EXPLAINED_ASSETS);
    for (const flow of big.flows) expect(data.assets[flow.source.asset!]).toBeDefined();
  });

  it('computes the drift between an older scan and the current one', async () => {
    const current = await scanReport(DEMO);
    // The older report predates the churn model and the policy: no model, no training edge, no violations.
    const older: Report = {
      ...current,
      assets: current.assets.filter((a) => a.kind !== 'model'),
      edges: current.edges.filter((e) => !e.to.startsWith('model:')),
      flows: current.flows.slice(2),
      findings: current.findings.filter((f) => f.ruleId !== 'policy-violation'),
    };
    const d = drift(older, current, 'main.json');
    expect(d.assets.added.items).toEqual(['model:models/churn.joblib']);
    expect(d.edges.added.items).toEqual([{ from: 'table:mart.customer_features', to: 'model:models/churn.joblib' }]);
    expect(d.flows.added.items.map((f) => f.id).sort()).toEqual(current.flows.slice(0, 2).map((f) => f.id).sort());
    expect(d.findings.added.items.map((f) => [f.ruleId, f.violation])).toEqual(Array(7).fill(['policy-violation', true]));
    expect(d.assets.removed.count + d.edges.removed.count + d.flows.removed.count + d.findings.removed.count).toBe(0);
    expect(pageData(current, { title: 'x', baseline: { report: older, label: 'main.json' } }).drift?.baseline).toBe('main.json');
  });
});

describe('the module joiner of the browser code', () => {
  it('runs modules in dependency order with their named imports', () => {
    const modules = new Map([
      ['main.js', "import { twice } from './math.js';\nimport { label as name } from './text.js';\nglobalThis.__out = name + twice(21);"],
      ['math.js', "import { one } from './text.js';\nexport function twice(n) { return 2 * n * one; }"],
      ['text.js', "export const label = 'answer ';\nexport const one = 1;"],
    ]);
    const script = bundleModules(modules, 'main.js');
    expect(script.indexOf('"text.js"')).toBeLessThan(script.indexOf('"math.js"'));
    new Function(script)();
    expect((globalThis as { __out?: string }).__out).toBe('answer 42');
  });

  it('refuses syntax it does not understand and import cycles, instead of emitting a broken page', () => {
    expect(() => bundleModules(new Map([['main.js', 'export default 1;']]), 'main.js')).toThrow(/unsupported module syntax/);
    expect(() => bundleModules(new Map([['main.js', "import * as x from './a.js';"]]), 'main.js')).toThrow(/unsupported module syntax/);
    expect(() => bundleModules(new Map([['main.js', "import { a } from './a.js';"], ['a.js', "import { b } from './main.js';\nexport const a = 1;"]]), 'main.js')).toThrow(/import cycle/);
    expect(() => bundleModules(new Map([['main.js', "import { a } from './missing.js';"]]), 'main.js')).toThrow(/missing\.js, which was not compiled/);
  });
});

describe('lineage scan --format html and lineage report', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lineage-html-'));

  it('writes the same page for the same scan, and renders a saved report with a baseline', () => {
    const a = path.join(dir, 'a.html');
    const b = path.join(dir, 'b.html');
    expect(runCli(['scan', DEMO, '--format', 'html', '-o', a, '-q']).code).toBe(0);
    expect(runCli(['scan', DEMO, '--format', 'html', '-o', b, '-q']).code).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    const json = path.join(dir, 'demo.json');
    expect(runCli(['scan', DEMO, '--format', 'json', '-o', json, '-q']).code).toBe(0);
    const rendered = runCli(['report', '--report', ENRICHED_FILE, '--html-baseline', json, '--format', 'html']);
    expect(rendered.code).toBe(0);
    const page = embedded(rendered.stdout, 'lineage-page') as { drift: { baseline: string; flows: { added: { count: number } } } };
    expect(page.drift.baseline).toBe('demo.json');
    expect(page.drift.flows.added.count).toBe(2);
  });

  it('rejects a missing or invalid baseline with one line and exit code 2', () => {
    const missing = runCli(['scan', DEMO, '--format', 'html', '--baseline', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^lineage: error: --baseline: .*nope\.json: no such file\n$/);
    const invalid = runCli(['report', '--report', ENRICHED_FILE, '--format', 'html', '--html-baseline', path.join(REPO_ROOT, 'package.json')]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/not a lineage report of schema version 1/);
  });
});

describe('the palette meets WCAG AA contrast in light and dark mode', () => {
  const css = readFileSync(path.join(REPO_ROOT, 'src/report/html/client/styles.css'), 'utf8');
  const palette = new Map([...css.matchAll(/--([\w-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/gi)].map((m) => [m[1]!, [m[2]!, m[3]!] as const]));
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const ratio = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  };
  // Text (4.5:1) on the surfaces it is drawn on, and graphics that carry meaning (3:1: edges, focus ring, bars).
  const text: Array<[string, string]> = [
    ['text', 'bg'], ['text', 'surface'], ['text', 'surface-2'], ['muted', 'bg'], ['muted', 'surface'], ['muted', 'surface-2'],
    ['accent', 'bg'], ['accent', 'surface'], ['accent', 'accent-soft'], ['error', 'bg'], ['error', 'error-soft'], ['warn', 'bg'], ['warn', 'warn-soft'],
    ['good', 'bg'], ['sensitive', 'bg'], ['sensitive', 'sensitive-soft'], ['text', 'good-soft'], ['text', 'error-soft'], ['text', 'accent-soft'],
    ['text', 'node-bg'], ['muted', 'node-bg'], ['sensitive', 'node-bg'],
  ];
  const graphics: Array<[string, string]> = [['edge', 'surface'], ['focus-ring', 'bg'], ['focus-ring', 'surface'], ['border-strong', 'bg'], ['error', 'surface'], ['sensitive', 'surface'], ['good', 'surface-2']];

  it.each([['light', 0], ['dark', 1]] as const)('%s mode', (_, side) => {
    const color = (name: string) => {
      const pair = palette.get(name);
      if (!pair) throw new Error(`--${name} is not defined with light-dark()`);
      return pair[side];
    };
    const failures = [
      ...text.filter(([fg, bg]) => ratio(color(fg), color(bg)) < 4.5).map(([fg, bg]) => `${fg} on ${bg}: ${ratio(color(fg), color(bg)).toFixed(2)}`),
      ...graphics.filter(([fg, bg]) => ratio(color(fg), color(bg)) < 3).map(([fg, bg]) => `${fg} on ${bg}: ${ratio(color(fg), color(bg)).toFixed(2)}`),
    ];
    expect(failures).toEqual([]);
  });
});

describe('the page logic: subgraph, highlights, search', () => {
  const model = buildModel(enriched as never, {});

  it('walks raw.users.email one level down at column level, with the log sink it reaches as a policy violation', () => {
    const view = buildView(model, { focus: { asset: 'table:raw.users', column: 'email' }, up: 0, down: 1, columns: true });
    expect(view.nodes.map((n) => n.key)).toEqual(['table:raw.users', 'flow:f-6b0e2c51', 'table:audit.user_exports', 'table:staging.stg_users']);
    expect(view.nodes.find((n) => n.key === 'table:staging.stg_users')!.columns).toEqual(['email']);
    const marks = highlights(model, view);
    expect([...marks.violations].filter((k) => k.startsWith('flow:'))).toEqual(['flow:f-6b0e2c51']);
    // The SSN flow leaves from another column of the same table: not on this column's path.
    expect(view.nodes.some((n) => n.key === 'flow:f-c41d9a07')).toBe(false);
    expect(marks.sensitiveColumns.has('table:staging.stg_users\u0000email')).toBe(true);
  });

  it('walks a table at table level, with the flows that leave it, and flags the violations', async () => {
    const report = await scanReport(DEMO);
    const model = buildModel(report as never, {});
    const view = buildView(model, { focus: { asset: 'table:raw.users' }, up: 0, down: 2, columns: false });
    const assets = view.nodes.filter((n) => !n.key.startsWith('flow:')).map((n) => [n.key, n.depth]);
    expect(assets).toEqual([
      ['table:raw.users', 0], ['api:api.crmvendor.example/v2/contacts', 1], ['table:audit.user_exports', 1], ['table:staging.stg_users', 1],
      ['table:mart.customer_features', 2],
    ]);
    // Every flow of raw.users is drawn as a sink node one step from the table.
    const fromUsers = report.flows.filter((f) => f.source.asset === 'table:raw.users').map((f) => `flow:${f.id}`).sort();
    expect(view.nodes.filter((n) => n.key.startsWith('flow:')).map((n) => n.key).sort()).toEqual(fromUsers);
    // The flows some policy-violation finding points at are the highlighted ones.
    const violating = new Set(report.findings.filter((f) => f.ruleId === 'policy-violation' && f.flow).map((f) => `flow:${f.flow}`));
    expect([...highlights(model, view).violations].filter((k) => k.startsWith('flow:')).sort()).toEqual(fromUsers.filter((k) => violating.has(k)));
  });

  it('never shows more than MAX_VIEW_NODES assets of a large graph and says it cut', () => {
    // A hub table read by 400 jobs, each writing its own table.
    const hub = 'table:raw.events';
    const targets = Array.from({ length: 400 }, (_, i) => `table:mart.t${String(i).padStart(3, '0')}`);
    const fan = buildModel({
      assets: [hub, ...targets].map((id) => ({ id, kind: 'table', name: id.slice(6) })),
      edges: targets.map((to, i) => ({ from: hub, to, jobs: [`sql/t${i}.sql#1`] })),
    }, {});
    const view = buildView(fan, { focus: { asset: hub }, up: ALL_LEVELS, down: ALL_LEVELS, columns: false });
    expect(view.nodes.length).toBe(MAX_VIEW_NODES);
    expect(view.truncated).toBe(true);
    expect(view.nodes.find((n) => n.key === hub)!.hiddenDown).toBe(400 - (MAX_VIEW_NODES - 1));
    const small = buildView(fan, { focus: { asset: targets[0]! }, up: ALL_LEVELS, down: ALL_LEVELS, columns: false });
    expect(small.truncated).toBe(false);
  });

  it('ranks an exact column first, then assets before columns and prefixes before substrings', () => {
    const index = buildSearchIndex(model);
    expect(search(index, 'raw.users.email').results[0]).toMatchObject({ asset: 'table:raw.users', column: 'email' });
    expect(search(index, 'table:raw.users').results[0]).toMatchObject({ asset: 'table:raw.users' });
    // All three start a name part (after '.' or '_'): assets first, shorter first; then the columns of raw.users.
    expect(search(index, 'users').results.slice(0, 4).map((r) => r.label)).toEqual(['raw.users', 'staging.stg_users', 'staging.storefront_live_users', 'raw.users.id']);
    expect(search(index, 'email').results.map((r) => r.label)).toEqual(['raw.users.email', 'staging.stg_users.email', 'audit.user_exports.email']);
    expect(search(index, 'zzz-no-such').total).toBe(0);
  });
});
