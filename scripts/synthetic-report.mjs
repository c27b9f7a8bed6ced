// A deterministic synthetic lineage report: `layers` of tables, each built by one SQL job from two tables of the
// layer before, with column lineage on every column; every tenth table of the first layer is annotated with an
// e-mail column. With `flows: true`, every fiftieth of those also sends its e-mail to a log call (a flow) with a
// policy-violation finding. Used by the benchmarks (scripts/bench-*.mjs) and the HTML browser test.
const COLUMNS = ['id', 'customer_id', 'email', 'amount_cents', 'created_at', 'status', 'country_code', 'note'];

export function syntheticReport(count = 5000, { layers = 5, flows = false } = {}) {
  const perLayer = Math.ceil(count / layers);
  const assets = [];
  const jobs = [];
  const edges = [];
  let seed = 7;
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let layer = 0; layer < layers; layer++) {
    for (let i = 0; i < perLayer; i++) {
      const id = `table:l${layer}.t${i}`;
      assets.push({ id, kind: 'table', name: `l${layer}.t${i}`, columns: COLUMNS, annotation: layer === 0 && i % 10 === 0 ? { entry: id, owner: 'team', fields: { email: ['user.contact.email'] } } : null, categories: [], locations: [{ file: `sql/l${layer}/t${i}.sql`, line: 1 }] });
      if (layer === 0) continue;
      const inputs = [...new Set([rand(perLayer), rand(perLayer)])].map((k) => `table:l${layer - 1}.t${k}`);
      const jobId = `sql/l${layer}/t${i}.sql#1`;
      jobs.push({ id: jobId, kind: 'sql', file: `sql/l${layer}/t${i}.sql`, line: 1, unit: 'script', operation: 'create_table_as', dialect: 'postgres', confidence: 'high', sql: 'select 1', inputs, outputs: [id],
        columnLineage: COLUMNS.map((c) => ({ output: { asset: id, column: c }, inputs: inputs.map((input) => ({ asset: input, column: c, type: 'DIRECT', subtype: 'IDENTITY' })) })) });
      for (const input of inputs) edges.push({ from: input, to: id, jobs: [jobId] });
    }
  }
  edges.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : 1));
  const flowList = [];
  const findings = [];
  if (flows) {
    for (let i = 0; i < perLayer; i += 50) {
      const file = `app/export_${i}.py`;
      const id = `f-synthetic-${i}`;
      flowList.push({ id, source: { asset: `table:l0.t${i}`, column: 'email', name: 'row.email', categories: ['user.contact.email'], file, line: 10 },
        sink: { kind: 'log', callee: 'logging.Logger.info', file, line: 12 }, categories: ['user.contact.email'],
        path: [{ file, line: 10, note: `read l0.t${i}.email` }, { file, line: 12, note: 'logger.info(row.email)' }] });
      findings.push({ ruleId: 'policy-violation', level: 'error', message: `user.contact.email from l0.t${i}.email reaches a log sink`, file, line: 12,
        fingerprint: `pv-${i}`, flow: id, policy: 'no-pii-in-logs', categories: ['user.contact.email'], hint: 'log the row id instead' });
    }
  }
  return {
    schemaVersion: '1', tool: { name: 'lineage', version: '0' },
    summary: { files: jobs.length, lines: jobs.length, languages: { sql: { files: jobs.length, lines: jobs.length, parseErrorFiles: 0 } }, assets: assets.length, jobs: jobs.length, edges: edges.length, flows: flowList.length, findings: findings.length, gaps: 0 },
    assets, jobs, edges, flows: flowList, findings,
    coverage: { files: { discovered: jobs.length, analysed: jobs.length, skipped: 0, parsedCleanly: jobs.length }, sqlStatements: { total: jobs.length, parsed: jobs.length, fallback: 0, unparsed: 0 }, dynamicSql: 0 },
    gaps: [],
  };
}
