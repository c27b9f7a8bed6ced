// Measures the analysis stage (propagation, rules, suppressions, coverage) on a synthetic warehouse:
// `npm run build && node scripts/bench-analysis.mjs [tables] [flows]`. Prints timings; asserts nothing.
import { analyze } from '../dist/analyze/index.js';
import { parseManifest } from '../dist/manifest/index.js';

const tables = Number(process.argv[2] ?? 5000);
const flowCount = Number(process.argv[3] ?? 5000);
const COLUMNS = ['id', 'email', 'phone', 'full_name', 'ssn', 'created_at', 'amount_cents', 'status', 'country_code', 'ip_address',
  'user_agent', 'updated_at', 'notes', 'sku', 'quantity', 'session_id', 'order_id', 'shipping_address', 'currency', 'source'];

const assets = [];
const jobs = [];
for (let i = 0; i < tables; i++) {
  const name = `layer${i % 5}.t${i}`;
  assets.push({ id: `table:${name}`, kind: 'table', name, columns: COLUMNS.slice(0, 5 + (i % 15)), locations: [{ file: `models/m${i}.sql`, line: 1 }] });
  if (i >= 5) {
    const inputs = [`table:layer${(i - 5) % 5}.t${i - 5}`, `table:layer${(i - 3) % 5}.t${i - 3}`];
    const withColumns = i % 2 === 0;
    jobs.push({
      id: `models/m${i}.sql#1`, kind: 'sql', file: `models/m${i}.sql`, line: 1, unit: 'script', operation: 'create_view',
      dialect: 'postgres', confidence: 'high', sql: '', inputs, outputs: [`table:${name}`],
      columnLineage: withColumns ? COLUMNS.slice(0, 5).map((column) => ({
        output: { asset: `table:${name}`, column }, inputs: [{ asset: inputs[0], column, type: 'DIRECT', subtype: 'IDENTITY', masking: column === 'email' && i % 4 === 0 }],
      })) : [],
    });
  }
}
const flows = Array.from({ length: flowCount }, (_, i) => ({
  id: `f${i}`,
  source: { asset: `table:layer${i % 5}.t${i % tables}`, column: 'email', name: 'user.email', categories: ['user.contact.email'], file: `app/s${i % 300}.py`, line: 10 },
  sink: { kind: ['log', 'http', 'third_party', 'response'][i % 4], callee: 'logging.Logger.info', file: `app/s${i % 300}.py`, line: 20 + (i % 50) },
  categories: ['user.contact.email'],
  path: [{ file: `app/s${i % 300}.py`, line: 10, note: 'read' }, { file: `app/s${i % 300}.py`, line: 20, note: 'sink' }],
}));
const files = Array.from({ length: 300 }, (_, i) => ({
  file: `app/s${i}.py`, language: 'python', hash: '', bytes: 1000, lines: 100, parse: { errorBytes: 0, quality: 1 }, units: [], gaps: [],
  suppressions: [{ line: 19, targets: ['policy'], reason: 'bench', until: '2099-01-01' }],
}));
const manifest = parseManifest([
  'version: 1',
  'assets:',
  '  - { id: "table:layer0.*", owner: team0 }',
  '  - { id: table:layer1.t1, owner: team1, fields: { email: { categories: [user.contact.email] } } }',
  'policies:',
  '  - { id: no-pii-in-logs, from: [user.contact], deny: [log, third_party, "table:layer4.*"] }',
].join('\n'), 'lineage.yaml');

const start = performance.now();
const result = analyze({ files, skipped: [], graph: { assets, jobs, edges: [] }, flows, manifest, manifestPath: 'lineage.yaml', today: '2026-06-01' });
const ms = performance.now() - start;
console.log(`${tables} tables, ${jobs.length} jobs, ${flowCount} flows: analysis ${ms.toFixed(0)} ms, ${result.findings.length} findings`);
