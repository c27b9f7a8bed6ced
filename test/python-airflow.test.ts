/**
 * Apache Airflow DAGs (fixtures/python-airflow): SQL run by operators and hooks, transfer operators between buckets
 * and tables, and TaskFlow tasks (functions nested in the DAG function). Expectations reviewed by hand against the
 * fixture files.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

let report: Report;

beforeAll(async () => {
  report = await scanReport(path.join(REPO_ROOT, 'fixtures/python-airflow'));
});

describe('Airflow DAGs (fixtures/python-airflow)', () => {
  it('gives operators and hooks their jobs: SQL they run, transfers, and the tasks a DAG function calls', () => {
    expect(report.jobs.map((j) => `${j.id} ${j.kind} ${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      // The TaskFlow DAG function calls its tasks: it owns what they write with the rows one of them returns.
      'dags/crm_sync.py#1 function crm_sync: table:crm.contacts -> api:api.mailvendor.example/v1/contacts, table:crm.sync_log',
      'dags/crm_sync.py#2 sql crm_sync.extract_contacts: table:crm.contacts -> ',
      // BigQueryInsertJobOperator's configuration["query"]["query"], a module constant (its job is where the text is).
      'dags/marketing_events.py#1 sql <module>: table:analytics.raw_events -> table:analytics.sessions',
      // SnowflakeOperator(sql=[...]): each statement of the list.
      'dags/marketing_events.py#2 sql <module>: table:crm.optouts -> table:crm.marketing_contacts',
      'dags/marketing_events.py#3 sql <module>: table:crm.optouts -> table:crm.optout_audit',
      'dags/marketing_events.py#4 function <module>: bucket:acme-events -> table:analytics.raw_events',
      'dags/orders_daily.py#1 sql <module>: table:raw.customers, table:raw.orders -> table:marts.customer_orders',
      // The two transfer operators of the DAG's body.
      'dags/orders_daily.py#2 function <module>: bucket:acme-exports, table:marts.daily_revenue -> bucket:acme-finance, table:raw.orders',
      // sql="sql/refresh_daily_revenue.sql" names a template file, which is read on its own.
      'dags/sql/refresh_daily_revenue.sql#1 sql script:  -> table:marts.daily_revenue',
      'dags/sql/refresh_daily_revenue.sql#2 sql script: table:marts.customer_orders -> table:marts.daily_revenue',
    ]);
    expect(report.gaps).toEqual([]);
  });

  it('joins the DAGs into one path from the landing bucket to the finance bucket, with no edge between two transfers', () => {
    expect(report.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual([
      'bucket:acme-events -> table:analytics.raw_events',
      'bucket:acme-exports -> table:raw.orders',
      'table:analytics.raw_events -> table:analytics.sessions',
      'table:crm.contacts -> api:api.mailvendor.example/v1/contacts',
      'table:crm.contacts -> table:crm.sync_log',
      'table:crm.optouts -> table:crm.marketing_contacts',
      'table:crm.optouts -> table:crm.optout_audit',
      'table:marts.customer_orders -> table:marts.daily_revenue',
      'table:marts.daily_revenue -> bucket:acme-finance',
      'table:raw.customers -> table:marts.customer_orders',
      'table:raw.orders -> table:marts.customer_orders',
    ]);
  });

  it('traces the columns a hook reads into the API a task posts them to', () => {
    const sync = report.jobs.find((j) => j.unit === 'crm_sync')!;
    expect(sync.columnLineage.map((c) => `${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      'email <- table:crm.contacts.email',
      'id <- table:crm.contacts.id',
      'phone <- table:crm.contacts.phone',
      // record_sync inserts `(row[0],)` tuples into crm.sync_log with target_fields=["contact_id"]: the first item of
      // each row goes to that column.
      'contact_id <- table:crm.contacts.id',
    ]);
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      'dags/crm_sync.py:26 third_party <- table:crm.contacts.email',
      'dags/crm_sync.py:26 third_party <- table:crm.contacts.phone',
    ]);
  });
});

describe('functions defined inside functions', () => {
  it('are what their names mean in the function that defines them and in its other nested functions', async () => {
    const report = await scanReport(writeTree({
      'job.py': [
        'import requests',
        '',
        '',
        'def sync(conn):',
        '    def load():',
        '        return conn.execute("SELECT email FROM customers").fetchall()',
        '',
        '    def send(rows):',
        '        for row in rows:',
        '            requests.post("https://api.example.com/contacts", json={"email": row.email})',
        '',
        '    def run():',
        '        send(load())',
        '',
        '    run()',
        '',
        '',
        'def unrelated():',
        '    # A module-level name, not the nested `send` of sync.',
        '    send("hello")',
        '',
        '',
        'def shadowed(conn):',
        '    def load():',
        '        return conn.execute("SELECT email FROM customers").fetchall()',
        '',
        '    load = list',
        '    requests.post("https://api.example.com/other", json={"rows": load()})',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.target} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      '10 api.example.com/contacts <- table:customers.email',
    ]);
    expect(report.jobs.filter((j) => j.kind === 'function').map((j) => `${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      // run() moves the rows load() returns into send(): it owns the job.
      'sync.run: table:customers -> api:api.example.com/contacts',
      // `load` assigned in the body is no longer the nested function.
      'shadowed:  -> api:api.example.com/other',
    ]);
  });
});

describe('closures', () => {
  it('read the names of the function they are defined in, its parameters aside', async () => {
    const report = await scanReport(writeTree({
      'export.py': [
        'import pandas as pd',
        '',
        '',
        'def export_active(engine, since):',
        '    users = pd.read_sql("SELECT id, email, last_login FROM crm.users", engine)',
        '',
        '    def active(cutoff):',
        '        return users[users.last_login >= cutoff]',
        '',
        '    active(since).to_csv("exports/active_users.csv")',
        '',
        '',
        'def export_raw(engine):',
        '    def write(path):',
        '        # `engine` is the enclosing function\'s parameter: no data of this closure\'s callers.',
        '        pd.read_sql("SELECT id FROM crm.accounts", engine).to_csv(path)',
        '',
        '    write("exports/accounts.csv")',
        '',
      ].join('\n'),
    }));
    expect(report.jobs.filter((j) => j.kind === 'function').map((j) => `${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')} `
      + j.columnLineage.map((c) => `${c.output.column}<-${c.inputs.map((i) => i.column).join('+')}`).join(' '))).toEqual([
      'export_active: table:crm.users -> file:exports/active_users.csv email<-email id<-id last_login<-last_login',
      'export_raw: table:crm.accounts -> file:exports/accounts.csv id<-id',
    ]);
  });
});

describe('function jobs', () => {
  it('have an edge only where a write carries the input\'s data', async () => {
    const report = await scanReport(writeTree({
      'copy.py': [
        'import shutil',
        '',
        '',
        'def copy_both(conn, out):',
        '    emails = conn.execute("SELECT email FROM customers").fetchall()',
        '    out.execute("INSERT INTO mailing (email) VALUES (%s)", (emails[0][0],))',
        '    skus = conn.execute("SELECT sku FROM products").fetchall()',
        '    out.execute("INSERT INTO catalog (sku) VALUES (%s)", (skus[0][0],))',
        '',
      ].join('\n'),
    }));
    expect(report.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(['table:customers -> table:mailing', 'table:products -> table:catalog']);
  });
});

describe('SQL operators given a list held in a name', () => {
  it('run each statement of a module constant or a local list', async () => {
    const report = await scanReport(writeTree({
      'dags/refresh.py': [
        'from airflow import DAG',
        'from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator',
        '',
        'REFRESH = [',
        '    "DELETE FROM marts.active_customers",',
        '    "INSERT INTO marts.active_customers (id, email) SELECT id, email FROM raw.customers WHERE active",',
        ']',
        '',
        'with DAG("refresh", schedule="@daily") as dag:',
        '    refresh = SQLExecuteQueryOperator(task_id="refresh", conn_id="warehouse", sql=REFRESH)',
        '',
        '',
        'def churn_task():',
        '    steps = ["TRUNCATE marts.churned", "INSERT INTO marts.churned (id) SELECT id FROM raw.customers WHERE NOT active"]',
        '    return SQLExecuteQueryOperator(task_id="churn", conn_id="warehouse", sql=steps)',
        '',
      ].join('\n'),
    }));
    expect(report.jobs.map((j) => `${j.unit}: ${j.operation} ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      '<module>: delete  -> table:marts.active_customers',
      '<module>: insert table:raw.customers -> table:marts.active_customers',
      'churn_task: truncate  -> table:marts.churned',
      'churn_task: insert table:raw.customers -> table:marts.churned',
    ]);
    expect(report.gaps).toEqual([]);
  });
});

describe('lists of statements held in names', () => {
  it('are read as written, in loops too, and only when their texts are statements', async () => {
    const report = await scanReport(writeTree({
      'dags/loads.py': [
        'from airflow import DAG',
        'from airflow.providers.postgres.operators.postgres import PostgresOperator',
        '',
        'TABLES = ["orders", "refunds"]',
        'CMD = ["git", "pull", "--rebase"]',
        '',
        'with DAG("loads", schedule="@daily") as dag:',
        '    for table in TABLES:',
        '        steps = [f"DELETE FROM mart.{table}", f"INSERT INTO mart.{table} SELECT * FROM app.{table}"]',
        '        PostgresOperator(task_id=f"load_{table}", sql=steps)',
        '',
        '',
        'def build():',
        '    q = "INSERT INTO mart.e1 SELECT id FROM app.e"',
        '    later = [q]',
        '    q = "INSERT INTO mart.e2 SELECT id FROM app.e"',
        '    return PostgresOperator(task_id="e", sql=later)',
        '',
        '',
        'def deploy(shell):',
        '    shell.execute(CMD)',
        '',
      ].join('\n'),
    }));
    // The loop's table names are built at run time (a gap per statement); the simulator fills them in from TABLES,
    // the same name in both places of one text;
    // `CMD` is no statement, and `later` holds a name that changes after the list is built: no statement is made up.
    expect(report.gaps.map((g) => `${g.kind} ${g.line}`)).toEqual(['dynamic-sql 10', 'dynamic-sql 10']);
    expect(report.jobs.map((j) => `${j.unit}: ${j.operation} ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      '<module>: delete  -> table:mart.orders',
      '<module>: delete  -> table:mart.refunds',
      '<module>: insert table:app.orders -> table:mart.orders',
      '<module>: insert table:app.refunds -> table:mart.refunds',
    ]);
  });
});
