/**
 * A multi-module ETL package (fixtures/python-etl): helpers reached through absolute, relative and aliased imports,
 * a class with `self` methods, constants of other modules naming tables, topics and buckets. Expectations reviewed
 * by hand against the fixture files.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';

let report: Report;

beforeAll(async () => {
  report = await scanReport(path.join(REPO_ROOT, 'fixtures/python-etl'));
});

describe('ETL package (fixtures/python-etl)', () => {
  it('gives each function whose code moves data a job, with the assets its helpers name', () => {
    const jobs = report.jobs.flatMap((j) => (j.kind === 'function' ? [`${j.id} ${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`] : []));
    expect(jobs).toEqual([
      // fetch_rows() in io/warehouse.py runs the query the caller passes; KafkaProducer.send in _publish() names the topic.
      'pipelines/customers.py#1 CustomerSync.run: table:crm.customers -> topic:customer-events',
      // spark.table(...) ... .write.mode("overwrite").saveAsTable(...)
      'pipelines/events.py#1 build_daily: table:raw.events -> table:mart.events_daily',
      // csv.DictWriter on open(local_path, "w"), then io/storage.upload() re-reads the file into s3.put_object.
      'pipelines/exports.py#1 export_contacts: file:/tmp/contacts.csv, table:crm.customers -> bucket:acme-exports, file:/tmp/contacts.csv',
      // The base feed's run() with its own attributes (None): only the bucket its upload names.
      'pipelines/feeds.py#1 PartnerFeed.run:  -> bucket:acme-exports',
      // Each feed runs the base's run() with its own query, file and key (CarrierFeed also with its own rows()).
      'pipelines/feeds.py#2 LoyaltyFeed.run: file:/tmp/loyalty_members.csv, table:crm.customers -> bucket:acme-exports, file:/tmp/loyalty_members.csv',
      'pipelines/feeds.py#3 CarrierFeed.run: file:/tmp/carrier_pickups.csv, table:sales.orders -> bucket:acme-exports, file:/tmp/carrier_pickups.csv',
      // PySpark on Delta Lake: a JDBC read named by .option("dbtable", ...), a Delta path saved, a Delta table merged
      // into (DeltaTable.forName(...).alias(...).merge(source, ...)) and a JDBC write named by its option.
      'pipelines/lakehouse.py#1 refresh_customer_totals: file:s3://acme-lake/bronze/orders, table:public.customers -> file:s3://acme-lake/silver/orders_enriched, table:gold.customer_totals, table:public.customer_ltv',
      // write_frame(frame, "orders") with schema=STAGING_SCHEMA, a constant of pipelines/settings.py imported relatively.
      'pipelines/orders.py#1 load_orders: file:exports/orders.csv -> table:staging.orders',
    ]);
  });

  it('traces columns through helpers: the frame the orders load selects, the event the sync publishes', () => {
    const lineage = (unit: string) => report.jobs.find((j) => j.unit === unit)!.columnLineage
      .map((c) => `${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`);
    expect(lineage('load_orders')).toEqual([
      'customer_id <- file:exports/orders.csv.customer_id',
      'order_id <- file:exports/orders.csv.order_id',
      'placed_at <- file:exports/orders.csv.placed_at',
      'status <- file:exports/orders.csv.status',
      'total_cents <- file:exports/orders.csv.total',
    ]);
    expect(lineage('CustomerSync.run')).toEqual([
      'country <- table:crm.customers.country_code',
      'email <- table:crm.customers.email',
      'id <- table:crm.customers.id',
      'phone <- table:crm.customers.phone',
    ]);
  });

  it('resolves the SQL a helper runs from the constants its callers pass', () => {
    const sql = report.jobs.flatMap((j) => (j.kind === 'sql' ? [`${j.file}:${j.line} ${j.callee} ${j.inputs.join(', ')}`] : []));
    expect(sql).toEqual([
      'pipelines/io/warehouse.py:18 conn.execute table:crm.customers',
      'pipelines/io/warehouse.py:18 conn.execute table:crm.customers',
      'pipelines/io/warehouse.py:18 conn.execute table:sales.orders',
      'pipelines/io/warehouse.py:18 conn.execute table:crm.customers',
    ]);
    expect(report.jobs.filter((j) => j.kind === 'sql').map((j) => (j.kind === 'sql' ? j.sql.split(/\s+/).slice(0, 4).join(' ') : ''))).toEqual([
      'SELECT c.id, c.email, c.phone,', 'SELECT id, email, full_name', 'SELECT order_id, shipping_address FROM', 'SELECT id, email, loyalty_tier',
    ]);
  });

  // Whole rows written to the file keep their column names; fields read from a row are named as the code reads them.
  it('reports the customer data that reaches the topic, the log and the export file, from the table columns', () => {
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} ${f.source.asset}.${f.source.column} as ${f.source.name}`)).toEqual([
      'pipelines/customers.py:31 queue table:crm.customers.email as row.email',
      'pipelines/customers.py:31 queue table:crm.customers.phone as row.phone',
      'pipelines/customers.py:32 log table:crm.customers.phone as row.phone',
      'pipelines/exports.py:19 file table:crm.customers.full_name as full_name',
      'pipelines/exports.py:19 file table:crm.customers.email as email',
      // The feeds' rows, written by the base's run(): the carrier's addresses and the loyalty members' e-mails.
      'pipelines/feeds.py:27 file table:sales.orders.shipping_address as shipping_address',
      'pipelines/feeds.py:27 file table:crm.customers.email as email',
    ]);
    const published = report.flows[0]!;
    expect(published.sink.target).toBe('customer-events');
    expect(published.path.map((p) => `${p.file}:${p.line} ${p.note}`)).toEqual([
      'pipelines/io/warehouse.py:18 read table:crm.customers.email (conn.execute)',
      'pipelines/customers.py:25 row = …',
      'pipelines/customers.py:26 passed to CustomerSync._publish()',
      'pipelines/customers.py:30 event = …',
      'pipelines/customers.py:31 queue sink self.producer.send',
    ]);
  });

  it('reports nothing for a hash of the e-mail sent to analytics, or for counts logged', () => {
    expect(report.flows.filter((f) => f.sink.file === 'pipelines/analytics.py' || f.sink.file === 'pipelines/orders.py')).toEqual([]);
  });
});
