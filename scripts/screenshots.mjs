// Regenerates the README screenshots (docs/images/html-dashboard.png, html-graph.png) from the enriched demo report,
// with the plain demo scan as baseline, in the system Chromium; shrinks them with pngquant when it is installed.
// Usage: npm run build && node scripts/screenshots.mjs        (not part of the tests)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { formatHtml } from '../dist/report/html/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'lineage-shots-'));
const baseline = JSON.parse(execFileSync(process.execPath, [path.join(root, 'bin/lineage.js'), 'scan', path.join(root, 'fixtures/demo'), '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
const report = JSON.parse(readFileSync(path.join(root, 'fixtures/reports/demo-enriched.json'), 'utf8'));
const page = path.join(work, 'report.html');
writeFileSync(page, formatHtml(report, { title: 'fixtures/demo', baseline: { report: baseline, label: 'main.json' } }));

const context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
  executablePath: process.env.LINEAGE_CHROMIUM ?? '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 820 }, colorScheme: 'light',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const tab = await context.newPage();
await tab.goto(`file://${page}`);
await tab.waitForSelector('html[data-ready="true"]');
const images = path.join(root, 'docs/images');
await tab.screenshot({ path: path.join(images, 'html-dashboard.png'), clip: { x: 0, y: 0, width: 1280, height: 1000 }, fullPage: true });
await tab.fill('#search-input', 'raw.users.email');
await tab.keyboard.press('Enter');
await tab.click('button[aria-label="More downstream levels"]');
await tab.screenshot({ path: path.join(images, 'html-graph.png') });
await context.close();
rmSync(work, { recursive: true, force: true });
for (const name of ['html-dashboard.png', 'html-graph.png']) {
  const file = path.join(images, name);
  spawnSync('pngquant', ['--force', '--skip-if-larger', '--quality=70-90', '--output', file, file]);
  console.log(`${path.relative(root, file)}: ${Math.round(readFileSync(file).length / 1024)} KiB`);
}
