/**
 * Warehouse clients beyond DB-API (fixtures/python-warehouse): Google BigQuery's client, Snowflake's write_pandas,
 * polars and awswrangler. Expectations reviewed by hand against the fixture files.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';

let report: Report;

beforeAll(async () => {
  report = await scanReport(path.join(REPO_ROOT, 'fixtures/python-warehouse'));
});

describe('warehouse clients (fixtures/python-warehouse)', () => {
  it('gives queries, loads and data-frame files their jobs', () => {
    expect(report.jobs.map((j) => `${j.kind} ${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      'sql build_features: table:crm.customers -> ',
      'function build_features: file:s3://acme-lake/events/daily.parquet, table:crm.customers -> file:s3://acme-ml/churn/features.parquet',
      // The scores come from the caller: the job only names the table.
      'function publish_scores:  -> table:ml.churn_scores',
      'function archive_contacts: file:exports/contacts.csv -> file:s3://acme-archive/contacts/contacts.parquet',
      'sql sync_paying_customers: table:billing.subscriptions -> ',
      // write_pandas into CRM.PAYING_CUSTOMERS (unquoted names fold to lower case), then the run's row count into BigQuery.
      'function sync_paying_customers: table:billing.subscriptions -> table:crm.paying_customers, table:ops.sync_runs',
    ]);
    expect(report.gaps).toEqual([]);
  });

  it('traces the columns of a BigQuery query into the Snowflake table the frame is loaded into', () => {
    const sync = report.jobs.find((j) => j.kind === 'function' && j.unit === 'sync_paying_customers')!;
    expect(sync.columnLineage.filter((c) => c.output.asset === 'table:crm.paying_customers')
      .map((c) => `${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      'customer_id <- table:billing.subscriptions.customer_id',
      'email <- table:billing.subscriptions.email',
      'mrr <- table:billing.subscriptions.mrr',
      'plan <- table:billing.subscriptions.plan',
    ]);
  });

  it('reports the archived contact details reaching a file, and no warehouse load as a third party', () => {
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} ${f.sink.callee} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      'pipelines/churn_features.py:23 file awswrangler.s3.to_parquet <- file:exports/contacts.csv.email',
      'pipelines/churn_features.py:23 file awswrangler.s3.to_parquet <- file:exports/contacts.csv.phone',
    ]);
  });
});
