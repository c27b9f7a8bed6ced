/**
 * `lineage validate --runtime`: a hand-made event file (fixtures/runtime/demo-events.jsonl: dbt runs through
 * Airflow, a Spark job, an ad-hoc backfill, an unknown CRM sync, a truncated line and one observed-flow record)
 * against the demo's static edges. Expectations checked by hand against the event file and the demo.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexReport } from '../src/graph/lineage-index.js';
import { Report } from '../src/report/json/schema.js';
import { parseRuntimeEvents } from '../src/runtime/events.js';
import { mapEnd } from '../src/runtime/mapping.js';
import { DEMO, REPO_ROOT, runCli } from './helpers/cli.js';

const EVENTS = path.join(REPO_ROOT, 'fixtures/runtime/demo-events.jsonl');
const MANIFEST = path.join(REPO_ROOT, 'fixtures/runtime/lineage.yaml');
const ENRICHED = JSON.parse(readFileSync(path.join(REPO_ROOT, 'fixtures/reports/demo-enriched.json'), 'utf8')) as Report;

const arrow = (e: { from: string; to: string }) => `${e.from} -> ${e.to}`;

describe('lineage validate --runtime on the demo', () => {
  const result = runCli(['validate', DEMO, '--runtime', EVENTS, '--manifest', MANIFEST, '--format', 'json']);
  const validation = JSON.parse(result.stdout);

  it('confirms the edges that ran', () => {
    expect(result.code).toBe(0);
    expect(validation.confirmed.map(arrow)).toEqual([
      'table:raw.click_events -> table:raw.web_sessions',
      'table:raw.order_items -> table:staging.stg_orders',
      'table:raw.orders -> table:staging.stg_orders',
      'table:raw.users -> table:audit.user_exports',
      'table:raw.users -> table:staging.stg_users',
    ]);
    const stgUsers = validation.confirmed.find((e: { to: string }) => e.to === 'table:staging.stg_users');
    // START carried the input, COMPLETE the output: one run.
    expect(stgUsers).toMatchObject({ jobs: ['warehouse/models/staging/stg_users.sql#1'], runtimeJobs: ['airflow-prod/dbt_nightly.stg_users'], line: 1 });
  });

  it('lists the static edges nothing showed at run time', () => {
    expect(validation.staticOnly.map(arrow)).toEqual([
      'file:exports/returns.jsonl -> table:raw.returns',
      'table:audit.erasure_requests -> table:raw.users',
      'table:mart.customer_features -> model:models/churn.joblib',
      'table:raw.marketing_consents -> table:audit.user_exports',
      'table:raw.orders -> table:staging.stg_returns',
      'table:raw.returns -> table:staging.stg_returns',
      'table:raw.users -> api:api.crmvendor.example/v2/contacts',
      'table:raw.web_sessions -> table:raw.web_sessions_daily',
      'table:staging.stg_orders -> table:mart.customer_features',
      'table:staging.stg_orders -> table:mart.daily_revenue',
      'table:staging.stg_returns -> table:mart.customer_features',
      'table:staging.stg_users -> table:mart.customer_features',
      'table:staging.storefront_live_users -> table:raw.users',
    ]);
  });

  it('lists the run-time edges without static evidence, mapped or not', () => {
    expect(validation.runtimeOnly).toEqual([
      { from: 'table:raw.orders', to: 'table:mart.daily_revenue', runtimeJobs: ['airflow-prod/adhoc.backfill_daily_revenue'], line: 5, mapped: true },
      { from: 'table:raw.users', to: 'runtime:postgres://warehouse:5432/acme.raw.crm_contacts', runtimeJobs: ['airflow-prod/crm_sync.nightly'], line: 6, mapped: false },
    ]);
    expect(validation.unmapped).toEqual([{ id: 'runtime:postgres://warehouse:5432/acme.raw.crm_contacts', line: 6 }]);
    expect(validation.problems).toEqual([{ line: 7, detail: 'not JSON' }]);
    expect(validation.counts).toEqual({ openlineage: 6, simple: 1, observations: 7 });
  });

  it('marks the edges in the report and adds runtime-only gaps; the result is a valid report', () => {
    const out = runCli(['validate', DEMO, '--runtime', EVENTS, '--manifest', MANIFEST, '--format', 'report']);
    const report = JSON.parse(out.stdout);
    expect(Report.safeParse(report).success).toBe(true);
    expect(report.edges.filter((e: { runtime: string }) => e.runtime === 'confirmed')).toHaveLength(5);
    expect(report.edges.filter((e: { runtime: string }) => e.runtime === 'static-only')).toHaveLength(13);
    const gaps = report.gaps.filter((g: { kind: string }) => g.kind === 'runtime-only-edge');
    expect(gaps).toEqual([
      {
        kind: 'runtime-only-edge', file: EVENTS.split(path.sep).join('/'), line: 5, severity: 'warning',
        detail: 'raw.orders -> mart.daily_revenue observed at run time (airflow-prod/adhoc.backfill_daily_revenue), no static evidence: '
          + 'add a model for the code of job airflow-prod/adhoc.backfill_daily_revenue (grammars/ or the manifest)',
      },
      expect.objectContaining({ line: 6, detail: expect.stringContaining('map the runtime dataset to an asset (manifest runtime.datasets)') }),
    ]);
    expect(report.summary.gaps).toBe(report.gaps.length);
  });

  it('prints a text summary and fails on runtime-only edges when asked', () => {
    const out = runCli(['validate', DEMO, '--runtime', EVENTS, '--manifest', MANIFEST, '--fail-on', 'runtime-only']);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/Confirmed\s+5/);
    expect(out.stdout).toMatch(/Static only\s+13/);
    expect(out.stdout).toMatch(/Runtime only\s+2/);
    expect(out.stdout).toContain('fail-on: runtime-only: 2 edges');
  });

  it.each([
    [['validate', DEMO], '--runtime <file> is required'],
    [['validate', DEMO, '--runtime', '/no/such/events.jsonl'], "--runtime: cannot read '/no/such/events.jsonl'"],
    [['validate', DEMO, '--runtime', EVENTS, '--manifest', path.join(REPO_ROOT, 'README.md')], 'not valid YAML'],
  ])('refuses %j with exit code 2', (args, message) => {
    const out = runCli(args);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(message);
  });
});

describe('mapping runtime datasets to assets', () => {
  const index = indexReport(ENRICHED);
  const dataset = (namespace: string, name: string) => ({ dataset: { namespace, name } });

  it('applies the first matching rule that names an existing asset', () => {
    const rules = [{ namespace: 'bigquery', strip_prefix: 'acme-prod.', add_prefix: 'raw.', kind: 'table' }];
    expect(mapEnd(index, rules, dataset('bigquery', 'acme-prod.users'))).toEqual({ id: 'table:raw.users', mapped: true });
    expect(mapEnd(index, [{ namespace: 'postgres://*:5432', lowercase: true }], dataset('postgres://db1:5432', 'RAW.USERS'))).toEqual({ id: 'table:raw.users', mapped: true });
  });

  it('falls back to the name, then to the name without leading parts, never to the last part alone', () => {
    expect(mapEnd(index, [], dataset('s3://lake', 'warehouse.raw.users'))).toEqual({ id: 'table:raw.users', mapped: true });
    expect(mapEnd(index, [], dataset('s3://lake', 'other.users'))).toEqual({ id: 'runtime:s3://lake/other.users', mapped: false });
    expect(mapEnd(index, [], { asset: 'model:churn' })).toEqual({ id: 'model:churn', mapped: true });
  });

  it('merges the events of one run and ignores what it cannot read', () => {
    const events = parseRuntimeEvents([
      JSON.stringify({ eventType: 'START', run: { runId: 'r1' }, job: { namespace: 'n', name: 'j' }, inputs: [{ namespace: 'a', name: 'x' }] }),
      '[1, 2]',
      JSON.stringify({ hello: 'world' }),
      JSON.stringify({ eventType: 'COMPLETE', run: { runId: 'r1' }, job: { namespace: 'n', name: 'j' }, outputs: [{ namespace: 'a', name: 'y' }, { namespace: 'a', name: 'x' }] }),
    ].join('\n'));
    expect(events.observations).toEqual([{ from: { dataset: { namespace: 'a', name: 'x' } }, to: { dataset: { namespace: 'a', name: 'y' } }, job: 'n/j', line: 1 }]);
    expect(events.problems).toEqual([
      { line: 2, detail: 'not a JSON object' },
      { line: 3, detail: 'neither an OpenLineage event with a job nor a {"from", "to"} record' },
    ]);
  });
});
