/**
 * `lineage query`, name resolution and the whole-graph drawings. The demo is table level today; the enriched
 * report (fixtures/reports/demo-enriched.json: the demo plus column lineage, annotations, flows and a model asset)
 * exercises column level and models. Expectations checked by hand against the fixtures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexReport } from '../src/graph/lineage-index.js';
import { querySubgraph } from '../src/graph/query.js';
import { resolveFocus } from '../src/graph/resolve.js';
import type { Report } from '../src/report/json/schema.js';
import { DEMO, REPO_ROOT, runCli } from './helpers/cli.js';

const ENRICHED_FILE = path.join(REPO_ROOT, 'fixtures/reports/demo-enriched.json');
const enriched = indexReport(JSON.parse(readFileSync(ENRICHED_FILE, 'utf8')) as Report);

describe('resolving what the user typed', () => {
  it.each([
    ['raw.users', { asset: 'table:raw.users' }],
    ['table:raw.users', { asset: 'table:raw.users' }],
    ['raw.users.email', { asset: 'table:raw.users', column: 'email' }],
    ['table:raw.users.email', { asset: 'table:raw.users', column: 'email' }],
    ['model:churn', { asset: 'model:churn' }],
    ['stg_users', { asset: 'table:staging.stg_users' }],
    ['mart.customer_features.orders_90d', { asset: 'table:mart.customer_features', column: 'orders_90d' }],
  ])('%s', (input, focus) => {
    expect(resolveFocus(enriched, input)).toEqual({ ok: true, focus });
  });

  it('refuses unknown names and columns with suggestions', () => {
    expect(resolveFocus(enriched, 'raw.user')).toEqual({ ok: false, message: "no asset named 'raw.user' in the lineage graph; did you mean raw.users?" });
    expect(resolveFocus(enriched, 'raw.users.emial')).toEqual({ ok: false, message: "raw.users has no known column 'emial'; did you mean raw.users.email?" });
    expect(resolveFocus(enriched, 'model:chrun')).toEqual({ ok: false, message: "no asset named 'model:chrun' in the lineage graph; did you mean model:churn?" });
  });

  it('refuses ambiguous names, listing the candidates', () => {
    const report = JSON.parse(readFileSync(ENRICHED_FILE, 'utf8')) as Report;
    report.assets.push({ ...report.assets.find((a) => a.id === 'table:raw.users')!, id: 'view:raw.users', kind: 'view' });
    expect(resolveFocus(indexReport(report), 'raw.users')).toEqual({
      ok: false, message: "'raw.users' is ambiguous: it could be table:raw.users, view:raw.users (give the full id)",
    });
  });
});

describe('subgraphs', () => {
  it('upstream of the churn model: every asset it is built from, by hops, with the jobs as evidence', () => {
    const slice = querySubgraph(enriched, { asset: 'model:churn' }, { direction: 'upstream' });
    expect(slice.nodes.map((n) => `${n.depth} ${n.key}`)).toEqual([
      '0 model:churn', '1 mart.customer_features', '2 staging.stg_orders', '2 staging.stg_returns', '2 staging.stg_users',
      '3 raw.order_items', '3 raw.orders', '3 raw.returns', '3 raw.users', '4 audit.erasure_requests', '4 staging.storefront_live_users',
    ]);
    const model = slice.edges.find((e) => e.to === 'model:churn')!;
    expect(model.jobs).toEqual([{
      job: 'ml/train_churn.py#2', kind: 'function', file: 'ml/train_churn.py', line: 20, operation: 'train', unit: 'train',
    }]);
  });

  it('depth limits the walk', () => {
    const slice = querySubgraph(enriched, { asset: 'model:churn' }, { direction: 'upstream', depth: 1 });
    expect(slice.nodes.map((n) => n.key)).toEqual(['model:churn', 'mart.customer_features']);
    expect(slice.edges).toHaveLength(1);
  });

  it('follows one column through column lineage, to the sinks it reaches', () => {
    const slice = querySubgraph(enriched, { asset: 'table:raw.users', column: 'email' }, { direction: 'downstream' });
    expect(slice.level).toBe('column');
    expect(slice.nodes.map((n) => n.key)).toEqual(['raw.users.email', 'audit.user_exports.email', 'staging.stg_users.email']);
    expect(slice.edges.map((e) => [e.from, e.to, e.columns])).toEqual([
      ['raw.users.email', 'audit.user_exports.email', [{ from: 'email', to: 'email', type: 'DIRECT', subtype: 'IDENTITY' }]],
      ['raw.users.email', 'staging.stg_users.email', [{ from: 'email', to: 'email', type: 'DIRECT', subtype: 'TRANSFORMATION' }]],
    ]);
    expect(slice.flows.map((f) => `${f.source} -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`)).toEqual(['raw.users.email -> log etl/export_users.py:24']);
    expect(slice.notes).toEqual([]);
  });

  it('reaches the model only through the feature columns, and INDIRECT inputs count unless directOnly', () => {
    const placedAt = querySubgraph(enriched, { asset: 'table:staging.stg_orders', column: 'placed_at' }, { direction: 'downstream' });
    expect(placedAt.nodes.map((n) => n.key)).toContain('model:churn.churned');
    const direct = querySubgraph(enriched, { asset: 'table:staging.stg_orders', column: 'user_id' }, { direction: 'downstream', directOnly: true });
    expect(direct.nodes.map((n) => n.key)).toEqual(['staging.stg_orders.user_id']);
    const all = querySubgraph(enriched, { asset: 'table:staging.stg_orders', column: 'user_id' }, { direction: 'downstream' });
    expect(all.nodes.map((n) => n.key)).toContain('model:churn.revenue_90d_cents');
  });

  it('walks a column through column lineage on the demo', () => {
    const report = JSON.parse(runCli(['scan', DEMO, '--format', 'json']).stdout) as Report;
    const slice = querySubgraph(indexReport(report), { asset: 'table:raw.users', column: 'email' }, { direction: 'downstream' });
    // The e-mail is copied into the audit export and the staging view; the mart does not take it.
    expect(slice.nodes.map((n) => n.key)).toEqual([
      'raw.users.email', 'api:api.crmvendor.example/v2/contacts.email', 'audit.user_exports.email', 'staging.stg_users.email',
    ]);
    expect(slice.edges.every((e) => e.level === 'column')).toBe(true);
    expect(slice.notes).toEqual([]);
  });

  it('continues at table level where a job has no column lineage, and says so', () => {
    // The demo with its column lineage removed: a column walk becomes a table walk from its asset.
    const report = JSON.parse(runCli(['scan', DEMO, '--format', 'json']).stdout) as Report;
    const tableLevel = { ...report, jobs: report.jobs.map((job) => ({ ...job, columnLineage: [] })) };
    const slice = querySubgraph(indexReport(tableLevel), { asset: 'table:raw.users', column: 'email' }, { direction: 'downstream' });
    expect(slice.nodes.map((n) => n.key)).toEqual([
      'raw.users.email', 'api:api.crmvendor.example/v2/contacts', 'audit.user_exports', 'staging.stg_users', 'mart.customer_features',
      'model:models/churn.joblib',
    ]);
    expect(slice.edges.every((e) => e.level === 'table')).toBe(true);
    expect(slice.notes).toEqual(['some edges carry no column lineage; the walk follows them at table level (an over-approximation)']);
  });
});

describe('lineage query (CLI)', () => {
  it('answers for raw.users on the demo, with file:line evidence', () => {
    const result = runCli(['query', 'raw.users', DEMO]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('downstream of raw.users (table level, all depths)');
    expect(result.stdout).toMatch(/-> staging\.stg_users\s+warehouse\/models\/staging\/stg_users\.sql:2 \(create_view\)/);
    expect(result.stdout).toMatch(/-> audit\.user_exports\s+etl\/export_users\.py:33 \(insert cur\.execute, SQL at line 34\)/);
    expect(result.stdout).toMatch(/ 2 {2}mart\.customer_features \(table\)/);
  });

  it('answers for the column raw.users.email and for the churn model on a saved report', () => {
    const email = runCli(['query', 'raw.users.email', '--report', ENRICHED_FILE, '--format', 'json']);
    expect(email.code).toBe(0);
    expect(JSON.parse(email.stdout).nodes.map((n: { key: string }) => n.key)).toEqual(['raw.users.email', 'audit.user_exports.email', 'staging.stg_users.email']);
    const churn = runCli(['query', 'model:churn', '--upstream', '--depth', '1', '--columns', '--report', ENRICHED_FILE]);
    expect(churn.stdout).toMatch(/<- mart\.customer_features\s+ml\/train_churn\.py:20 \(train\)/);
    expect(churn.stdout).toContain('revenue_90d_cents -> revenue_90d_cents (DIRECT/IDENTITY)');
  });

  it('says what depth 0 shows', () => {
    expect(runCli(['query', 'raw.users', '--dir', DEMO, '--depth', '0']).stdout).toContain('depth 0: the asset itself only');
  });

  it('draws the subgraph as DOT and Mermaid', () => {
    const dot = runCli(['query', 'staging.stg_users', '--upstream', DEMO, '--format', 'dot']).stdout;
    expect(dot).toContain('"raw.users" -> "staging.stg_users" [label="warehouse/models/staging/stg_users.sql:2"];');
    expect(dot).toContain('"staging.stg_users" [label="staging.stg_users", shape=box, style="bold,filled", fillcolor="#fff2cc", color="#c00000"];');
    const mermaid = runCli(['query', 'staging.stg_users', '--upstream', DEMO, '--format', 'mermaid']).stdout;
    expect(mermaid.split('\n').slice(0, 2)).toEqual(['flowchart LR', '  n0["audit.erasure_requests"]']);
    expect(mermaid).toContain('-->|"warehouse/models/staging/stg_users.sql:2"|');
  });

  it.each([
    [['query', 'raw.user', DEMO], "no asset named 'raw.user' in the lineage graph; did you mean raw.users?"],
    [['query', 'raw.users.emial', DEMO], "raw.users has no known column 'emial'; did you mean raw.users.email?"],
    [['query', 'raw.users', DEMO, '--depth', '-1'], "--depth: expected a whole number of hops (0 or more), got '-1'"],
    [['query', 'raw.users', DEMO, '--upstream', '--downstream'], 'give one of --upstream and --downstream'],
    [['query', 'raw.users', '--report', path.join(REPO_ROOT, 'package.json')], 'not a lineage report of schema version 1'],
    [['query', 'raw.users', '--report', '/no/such/report.json'], 'cannot read the report file'],
  ])('refuses %j with exit code 2', (args, message) => {
    const result = runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });
});

describe('lineage scan --format dot|mermaid', () => {
  it('draws the whole demo graph', () => {
    const dot = runCli(['scan', DEMO, '--format', 'dot']);
    expect(dot.code).toBe(0);
    expect(dot.stdout.startsWith('digraph lineage {\n  rankdir=LR;')).toBe(true);
    expect(dot.stdout.match(/ -> /g)).toHaveLength(18);
    expect(dot.stdout).toContain('"table:raw.users" -> "table:staging.stg_users" [label="warehouse/models/staging/stg_users.sql"];');
    const mermaid = runCli(['scan', DEMO, '--format', 'mermaid']);
    expect(mermaid.stdout.match(/-->/g)).toHaveLength(18);
  });

  it('refuses a graph larger than --max-nodes, pointing to lineage query', () => {
    const result = runCli(['scan', DEMO, '--format', 'mermaid', '--max-nodes', '10']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the graph has 20 nodes, more than --max-nodes 10');
    expect(result.stderr).toContain('lineage query <asset> --format mermaid');
  });
});
