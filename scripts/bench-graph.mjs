// Times the graph commands on a synthetic report (layers of tables with column lineage, flows, annotations).
// Usage: npm run build && node scripts/bench-graph.mjs [assets]   (prints timings; not a test)
import { performance } from 'node:perf_hooks';
import { syntheticReport } from './synthetic-report.mjs';
import { indexReport } from '../dist/graph/lineage-index.js';
import { querySubgraph } from '../dist/graph/query.js';
import { explain } from '../dist/graph/explain.js';
import { impactOf } from '../dist/graph/impact.js';
import { diffReports } from '../dist/graph/diff.js';
import { missingEdges } from '../dist/graph/missing-edges.js';
import { proposeAnnotations } from '../dist/suggest/proposals.js';
import { openLineageEvents } from '../dist/report/openlineage/index.js';

const count = Number(process.argv[2] ?? 5000);
const LAYERS = 5;
const report = syntheticReport(count, { layers: LAYERS });
const { assets, jobs, edges } = report;

const time = (label, fn) => {
  const start = performance.now();
  const result = fn();
  console.log(`${label.padEnd(44)} ${(performance.now() - start).toFixed(0).padStart(6)} ms`);
  return result;
};
console.log(`${assets.length} assets, ${jobs.length} jobs, ${edges.length} edges`);
const index = time('index', () => indexReport(report));
time('query downstream (table) of l0.t0', () => querySubgraph(index, { asset: 'table:l0.t0' }, { direction: 'downstream' }));
time('query downstream (column) of l0.t0.email', () => querySubgraph(index, { asset: 'table:l0.t0', column: 'email' }, { direction: 'downstream' }));
time('query upstream (column) of l4.t0.email', () => querySubgraph(index, { asset: `table:l${LAYERS - 1}.t0`, column: 'email' }, { direction: 'upstream' }));
time('explain l4.t0', () => explain(index, { asset: `table:l${LAYERS - 1}.t0` }));
time('impact of 10 files', () => impactOf(index, Array.from({ length: 10 }, (_, i) => `sql/l1/t${i}.sql`)));
time('diff report with itself', () => diffReports(report, report));
time('missing edges', () => missingEdges(index));
time('suggest (names + learned)', () => proposeAnnotations({ index, samples: [] }));
time('openlineage events', () => openLineageEvents(report));
