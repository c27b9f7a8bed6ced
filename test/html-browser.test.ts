/**
 * The HTML report in a real browser (headless Chromium): the enriched demo report (column lineage, flows,
 * findings), the real scan of fixtures/demo, and a generated 5,000-asset report. No console errors, no network,
 * search by keyboard, downstream expansion, the policy violation highlighted, findings linked to the graph, theme,
 * print layout, and search speed on a large report. Screenshots go to test-output/html/ (not committed).
 */
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatHtml } from '../src/report/html/index.js';
import type { Report } from '../src/report/json/schema.js';
import { DEMO, REPO_ROOT, runCli } from './helpers/cli.js';
import { BROWSER_TESTS, SCREENSHOTS, launchBrowser, openReport, watchedPage, type Browser, type WatchedPage } from './helpers/browser.js';
// @ts-expect-error a plain ES module shared with the benchmarks
import { syntheticReport } from '../scripts/synthetic-report.mjs';

const ENRICHED_FILE = path.join(REPO_ROOT, 'fixtures/reports/demo-enriched.json');
const dir = mkdtempSync(path.join(tmpdir(), 'lineage-html-browser-'));
const pages = {
  enriched: path.join(dir, 'enriched.html'),
  demo: path.join(dir, 'demo.html'),
  hostile: path.join(dir, 'hostile.html'),
  large: path.join(dir, 'large.html'),
};

let browser: Browser;
let watched: WatchedPage;

async function searchAndOpen(text: string, expected: string): Promise<void> {
  const { page } = watched;
  await page.locator('body').press('/');
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('search-input');
  await page.keyboard.type(text);
  await page.waitForSelector(`#search-list [role="option"][data-label="${expected}"]`);
  expect(await page.getAttribute('#search-input', 'aria-expanded')).toBe('true');
  // The best match is highlighted first: Enter opens it.
  expect(await page.getAttribute('#search-list [role="option"][aria-selected="true"]', 'data-label')).toBe(expected);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#panel-explorer:not([hidden]) svg.graph .node');
}

const nodeKeys = () => watched.page.$$eval('svg.graph .node', (nodes) => nodes.map((n) => n.getAttribute('data-key')));

describe.skipIf(!BROWSER_TESTS)('the HTML report in headless Chromium', () => {
  beforeAll(async () => {
    expect(runCli(['report', '--report', ENRICHED_FILE, '--format', 'html', '-o', pages.enriched]).code).toBe(0);
    expect(runCli(['scan', DEMO, '--format', 'html', '-o', pages.demo, '-q']).code).toBe(0);
    const hostile = JSON.parse(readFileSync(ENRICHED_FILE, 'utf8')) as Report;
    hostile.jobs[0]!.sql = "SELECT '</script><script>window.__pwned = 1</script>' -- \u2028 <!--";
    (hostile.findings[0] as Record<string, unknown>).snippet = '    logger.info("exported %s", user.email)';
    writeFileSync(pages.hostile, formatHtml(hostile, { title: '</title><script>window.__pwned = 2</script>' }));
    writeFileSync(pages.large, formatHtml(syntheticReport(5000, { flows: true }) as Report, { title: 'synthetic-5000' }));
    browser = await launchBrowser();
    watched = await watchedPage(browser.context);
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(() => {
    expect(watched.errors).toEqual([]);
    expect(watched.external).toEqual([]);
  });

  it('enriched report: dashboard figures, then raw.users.email searched by keyboard, expanded downstream, the log sink flagged', async () => {
    const { page } = watched;
    await openReport(watched, pages.enriched);
    expect(await page.locator('.kpi[aria-label^="Violations: 2."]').count()).toBe(1);
    expect(await page.locator('.kpi[aria-label^="Files analysed: 23."]').count()).toBe(1);
    expect(await page.textContent('#findings-count')).toBe('3');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'enriched-dashboard.png'), fullPage: true });

    await searchAndOpen('raw.users.email', 'raw.users.email');
    expect(await page.textContent('#explorer-focus')).toBe('raw.users.email');
    expect(await page.isChecked('#column-level')).toBe(true);
    expect(await page.textContent('#down-levels')).toBe('1');
    await page.click('button[aria-label="More downstream levels"]');
    expect(await page.textContent('#down-levels')).toBe('2');

    const sink = page.locator('svg.graph .node[data-key="flow:f-6b0e2c51"]');
    expect(await sink.getAttribute('class')).toContain('violation');
    expect(await sink.getAttribute('aria-label')).toContain('breaks no-pii-in-logs-or-vendors');
    expect(await page.locator('svg.graph path.edge.flow.violation').count()).toBe(1);
    // The SSN flow starts at another column of raw.users: not on this column's path.
    expect(await page.locator('svg.graph .node[data-key="flow:f-c41d9a07"]').count()).toBe(0);
    // The e-mail column downstream is on a sensitive path.
    expect(await page.getAttribute('svg.graph .node[data-key="table:staging.stg_users"] [data-column="email"]', 'class')).toContain('sensitive');
    expect(await page.textContent('.view-status')).toContain('1 policy violation');
    // Evidence and explanation of the selected column.
    expect(await page.textContent('.details h2')).toBe('raw.users.email');
    expect(await page.textContent('.details .explanation')).toContain('raw.users.email reaches a log sink: logging.Logger.info at etl/export_users.py:24.');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'enriched-graph.png') });
  });

  it('moves between graph nodes with the keyboard and re-centres on one', async () => {
    const { page } = watched;
    await page.focus('svg.graph .node[data-key="table:raw.users"]');
    await page.keyboard.press('ArrowRight');
    const next = await page.evaluate(() => document.activeElement?.getAttribute('data-key'));
    expect(['flow:f-6b0e2c51', 'table:staging.stg_users', 'table:audit.user_exports']).toContain(next);
    await page.keyboard.press('Enter');
    expect(await page.textContent('.details h2')).not.toBe('raw.users.email');
    await page.keyboard.press('Home');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-key'))).toBe('table:raw.users');
    await page.focus('svg.graph .node[data-key="table:staging.stg_users"]');
    await page.keyboard.press('f');
    expect(await page.textContent('#explorer-focus')).toBe('staging.stg_users');
    // Only the current node is in the tab order.
    expect(await page.locator('svg.graph .node[tabindex="0"]').count()).toBe(1);
  });

  it('opens a finding in the graph with its sink selected', async () => {
    const { page } = watched;
    await page.click('#tab-findings');
    expect(await page.locator('.findings > li.finding').count()).toBe(3);
    await page.click('button[aria-label="Show in graph: raw.users.ssn"]');
    const sink = page.locator('svg.graph .node[data-key="flow:f-c41d9a07"]');
    await sink.waitFor();
    expect(await sink.getAttribute('class')).toMatch(/violation.*selected|selected.*violation/);
    expect(await page.textContent('.details h2')).toBe('third_party sink: requests.post');
    expect(await page.textContent('#explorer-focus')).toBe('raw.users.ssn');
  });

  it('switches to dark colors and prints the dashboard and findings without the explorer', async () => {
    const { page } = watched;
    await page.click('#theme-toggle');
    await page.click('#theme-toggle');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(13, 17, 23)');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'enriched-graph-dark.png') });
    await page.click('#theme-toggle');
    expect(await page.getAttribute('html', 'data-theme')).toBeNull();

    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('#panel-dashboard .kpis')).toBe(true);
    expect(await page.isVisible('#panel-findings .finding')).toBe(true);
    expect(await page.isVisible('#panel-explorer')).toBe(false);
    expect(await page.isVisible('.tabs')).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });

  it('real demo scan: raw.users.email searched, expanded downstream, the e-mails logged flagged as policy violations', async () => {
    const { page } = watched;
    // What the page must show, from the JSON of the same scan: the flows of raw.users.email into log sinks.
    const report = JSON.parse(runCli(['scan', DEMO, '--format', 'json']).stdout) as Report;
    const logged = report.flows.filter((f) => f.source.asset === 'table:raw.users' && f.source.column === 'email' && f.sink.kind === 'log');
    expect(logged.map((f) => `${f.sink.file}:${f.sink.line}`)).toEqual(['etl/export_users.py:24', 'web/app/Http/Controllers/UserController.php:20']);

    await openReport(watched, pages.demo);
    expect(await page.locator('.kpi[aria-label^="Files analysed: 24."]').count()).toBe(1);
    expect(await page.locator('.kpi[aria-label^="Violations: 7."]').count()).toBe(1);
    await searchAndOpen('raw.users.email', 'raw.users.email');
    expect(await page.isChecked('#column-level')).toBe(true);
    await page.click('button[aria-label="More downstream levels"]');
    const keys = await nodeKeys();
    expect(keys).toEqual(expect.arrayContaining(['table:raw.users', 'table:staging.stg_users', 'table:audit.user_exports']));
    for (const flow of logged) {
      const sink = page.locator(`svg.graph .node[data-key="flow:${flow.id}"]`);
      expect(await sink.getAttribute('class')).toContain('violation');
      expect(await sink.getAttribute('aria-label')).toContain('breaks no-pii-in-logs-or-vendors');
    }
    expect(await page.locator('svg.graph path.edge.flow.violation').count()).toBeGreaterThanOrEqual(logged.length);
    expect(await page.textContent('.details h2')).toBe('raw.users.email');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'demo-graph.png') });
  });

  it('keeps report text as text: markup in names, SQL and titles never runs; the snippet is shown', async () => {
    const { page } = watched;
    await openReport(watched, pages.hostile);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.title()).toContain('</title><script>');
    await page.click('#tab-findings');
    expect(await page.textContent('.finding .snippet')).toBe('    logger.info("exported %s", user.email)');
  });

  it('5,000 assets: opens and answers a search in under 2 s, and draws only a bounded part of the graph', async () => {
    const { page } = watched;
    await page.goto(`file://${pages.large}`);
    await page.fill('#search-input', 'l4.t123');
    await page.waitForSelector('#search-list [role="option"][data-label="l4.t123"]');
    const timing = await page.evaluate(() => ({
      ready: performance.getEntriesByName('lineage:ready')[0]!.startTime,
      search: performance.getEntriesByName('lineage:search-rendered').at(-1)!.startTime,
    }));
    // Both measured from navigation start (the page's time origin).
    expect(timing.search).toBeLessThan(2000);
    writeFileSync(path.join(SCREENSHOTS, 'large-timing.json'), JSON.stringify(timing, null, 2));
    await page.keyboard.press('Enter');
    await page.waitForSelector('svg.graph .node');
    await page.click('button[aria-label="All upstream levels"]');
    await page.click('button[aria-label="All downstream levels"]');
    expect(await page.locator('svg.graph .node.asset').count()).toBeLessThanOrEqual(150);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'large-graph.png') });
  });
});
