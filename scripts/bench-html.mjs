// Times the HTML reporter on a synthetic report and prints the page size (not a test).
// Usage: npm run build && node scripts/bench-html.mjs [assets] [out.html]
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { syntheticReport } from './synthetic-report.mjs';
import { formatHtml } from '../dist/report/html/index.js';
import { pageData } from '../dist/report/html/page-data.js';

const count = Number(process.argv[2] ?? 5000);
const report = syntheticReport(count, { flows: true });
const time = (label, fn) => {
  const start = performance.now();
  const result = fn();
  console.log(`${label.padEnd(36)} ${(performance.now() - start).toFixed(0).padStart(6)} ms`);
  return result;
};
console.log(`${report.assets.length} assets, ${report.jobs.length} jobs, ${report.edges.length} edges, ${report.flows.length} flows`);
time('page data (explanations)', () => pageData(report, { title: 'synthetic' }));
const html = time('whole page', () => formatHtml(report, { title: 'synthetic' }));
time('whole page with a baseline', () => formatHtml(report, { title: 'synthetic', baseline: { report, label: 'same.json' } }));
console.log(`page size ${(html.length / 1024 / 1024).toFixed(2)} MiB (report JSON ${(JSON.stringify(report).length / 1024 / 1024).toFixed(2)} MiB)`);
if (process.argv[3]) writeFileSync(process.argv[3], html);
