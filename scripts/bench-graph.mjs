// Times the graph commands on a synthetic report (layers of tables with column lineage, flows, annotations).
// Usage: npm run build && node scripts/bench-graph.mjs [assets]   (prints timings; not a test)
import { performance } from 'node:perf_hooks';
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
const perLayer = Math.ceil(count / LAYERS);
const columns = ['id', 'customer_id', 'email', 'amount_cents', 'created_at', 'status', 'country_code', 'note'];
const assets = [];
const jobs = [];
const edges = [];
let seed = 7;
const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
for (let layer = 0; layer < LAYERS; layer++) {
  for (let i = 0; i < perLayer; i++) {
    const id = `table:l${layer}.t${i}`;
    assets.push({ id, kind: 'table', name: `l${layer}.t${i}`, columns, annotation: layer === 0 && i % 10 === 0 ? { entry: id, owner: 'team', fields: { email: ['user.contact.email'] } } : null, categories: [], locations: [{ file: `sql/l${layer}/t${i}.sql`, line: 1 }] });
    if (layer === 0) continue;
    const inputs = [...new Set([rand(perLayer), rand(perLayer)])].map((k) => `table:l${layer - 1}.t${k}`);
    const jobId = `sql/l${layer}/t${i}.sql#1`;
    jobs.push({ id: jobId, kind: 'sql', file: `sql/l${layer}/t${i}.sql`, line: 1, unit: 'script', operation: 'create_table_as', dialect: 'postgres', confidence: 'high', sql: 'select 1', inputs, outputs: [id],
      columnLineage: columns.map((c) => ({ output: { asset: id, column: c }, inputs: inputs.map((input) => ({ asset: input, column: c, type: 'DIRECT', subtype: 'IDENTITY' })) })) });
    for (const input of inputs) edges.push({ from: input, to: id, jobs: [jobId] });
  }
}
edges.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : 1));
const report = { schemaVersion: '1', tool: { name: 'lineage', version: '0' }, summary: {}, assets, jobs, edges, flows: [], findings: [],
  coverage: { files: { discovered: 0, analysed: 0, skipped: 0, parsedCleanly: 0 }, sqlStatements: { total: 0, parsed: 0, fallback: 0, unparsed: 0 }, dynamicSql: 0 }, gaps: [] };

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
