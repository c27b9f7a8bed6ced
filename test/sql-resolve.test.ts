/**
 * The resolution pass: schema knowledge from the whole scan (DDL in other files, --schema, dbt schema.yml and
 * target/manifest.json, lineage.yaml fields) applied after per-file extraction; per-path dialects.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report, ReportJob } from '../src/report/json/schema.js';
import { formatJson } from '../src/report/json/index.js';
import { runCli } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';
import { scanFolder } from './helpers/sql-fixtures.js';
import { writeTree as tree } from './helpers/tree.js';
import { resolveDialect } from '../src/extract/sql/dialects.js';
import { FileFacts } from '../src/facts/schema.js';
import { scan } from '../src/pipeline/scan.js';


const job = (report: Report, file: string, n = 0): ReportJob => report.jobs.filter((j) => j.file === file)[n]!;
const direct = (j: ReportJob) =>
  j.columnLineage.flatMap((c) => c.inputs.filter((i) => i.type === 'DIRECT').map((i) => `${c.output.column} <- ${i.asset.slice(6)}.${i.column}`));

describe('SQL resolution pass', () => {
  it('expands * and resolves unqualified columns with CREATE TABLE from another file', async () => {
    const root = tree({
      'ddl/raw.sql': 'create table raw.a (id int, email text);\ncreate table raw.b (a_id int, total int);\n',
      'jobs/load.sql': 'insert into mart.x select * from raw.a;\ninsert into mart.y select email, total from raw.a join raw.b on b.a_id = a.id;\n',
    });
    const report = await scanReport(root);
    expect(direct(job(report, 'jobs/load.sql', 0))).toEqual(['email <- raw.a.email', 'id <- raw.a.id']);
    expect(direct(job(report, 'jobs/load.sql', 1))).toEqual(['email <- raw.a.email', 'total <- raw.b.total']);
  });

  it('without a schema keeps * and lists every candidate table of an ambiguous column', async () => {
    const root = tree({ 'jobs/load.sql': 'insert into mart.y select email from raw.a join raw.b on b.a_id = a.id;\n' });
    const report = await scanReport(root);
    expect(direct(job(report, 'jobs/load.sql'))).toEqual(['email <- raw.a.email', 'email <- raw.b.email']);
  });

  it('maps INSERT without a column list by position only onto columns declared in the same file or by --schema', async () => {
    const root = tree({
      'ddl.sql': 'create table mart.t (user_id int, user_email text);\n',
      'other.sql': 'insert into mart.t select id, email from raw.users;\n',
      'same.sql': 'create table mart.s (user_id int, user_email text);\ninsert into mart.s select id, email from raw.users;\n',
    });
    const report = await scanReport(root);
    expect(direct(job(report, 'other.sql'))).toEqual(['email <- raw.users.email', 'id <- raw.users.id']);
    expect(direct(job(report, 'same.sql', 1))).toEqual(['user_email <- raw.users.email', 'user_id <- raw.users.id']);
    const withSchema = await scanReport(root, { schemaColumns: { 'table:mart.t': ['user_id', 'user_email'] } });
    expect(direct(job(withSchema, 'other.sql'))).toEqual(['user_email <- raw.users.email', 'user_id <- raw.users.id']);
  });

  it('reads dbt schema.yml columns and target/manifest.json schemas, aliases and columns', async () => {
    const root = tree({
      'dbt_project.yml': 'name: shop\nmodel-paths: ["models"]\n',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: stg_users\n    columns:\n      - name: user_id\n      - name: email\n',
      'models/stg_users.sql': "select id as user_id, email from {{ source('app', 'users') }}\n",
      'models/users_wide.sql': "select * from {{ ref('stg_users') }}\n",
      'models/orders.sql': "select * from {{ source('app', 'orders') }}\n",
      'target/manifest.json': JSON.stringify({
        nodes: {
          'model.shop.orders': { resource_type: 'model', name: 'orders', schema: 'analytics', alias: 'fct_orders', columns: {} },
        },
        sources: {
          'source.shop.app.orders': { source_name: 'app', name: 'orders', schema: 'raw_app', identifier: 'orders', columns: { id: { name: 'id' }, total: { name: 'total' } } },
        },
      }),
    });
    const report = await scanReport(root);
    expect(direct(job(report, 'models/users_wide.sql'))).toEqual(['email <- stg_users.email', 'user_id <- stg_users.user_id']);
    const orders = job(report, 'models/orders.sql');
    expect(orders.outputs).toEqual(['table:analytics.fct_orders']);
    expect(direct(orders)).toEqual(['id <- raw_app.orders.id', 'total <- raw_app.orders.total']);
  });

  it('uses lineage.yaml field names to tell ambiguous columns apart, and its per-path dialects', async () => {
    const root = tree({
      'lineage.yaml': 'version: 1\nassets:\n  - id: table:raw.b\n    fields:\n      email: { categories: [user.contact.email] }\nsettings:\n  - { path: "warehouse/**", dialect: bigquery }\n',
      'jobs/load.sql': 'insert into mart.y select email from raw.a join raw.b on b.a_id = a.id;\n',
      'warehouse/q.sql': 'insert into `proj.ds.out` select * except (ssn) from `proj.ds.users`;\n',
    });
    const report = await scanReport(root);
    expect(direct(job(report, 'jobs/load.sql'))).toEqual(['email <- raw.b.email']);
    expect(job(report, 'warehouse/q.sql')).toMatchObject({ dialect: 'bigquery', confidence: 'high', inputs: ['table:proj.ds.users'] });
  });

  it('rejects an unknown dialect in lineage.yaml settings with exit code 2', () => {
    const root = tree({ 'lineage.yaml': 'version: 1\nsettings:\n  - { path: "x/**", dialect: klingon }\n', 'x/q.sql': 'select 1;\n' });
    const result = runCli(['scan', root]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^lineage: error: \S*lineage\.yaml:3:30: settings\[0\]\.dialect: unknown SQL dialect 'klingon'; expected one of .*snowflake.*\n$/);
  });

  it('keeps the facts serialisable and valid, column plans included', async () => {
    const result = await scan({
      root: path.resolve('fixtures/sql/snowflake'), include: [], exclude: [], gitignore: true,
      dialect: resolveDialect('snowflake')!, maxFileSize: 2 * 1024 * 1024,
    });
    const statements = result.files.flatMap((f) => f.units.flatMap((u) => u.steps.map((s) => s.statement)));
    expect(statements.some((s) => s.columnPlans && s.columnPlans.length > 0)).toBe(true);
    for (const facts of result.files) expect(FileFacts.parse(JSON.parse(JSON.stringify(facts)))).toEqual(facts);
  });

  it('gives byte-identical JSON for the SQL fixtures whatever order files are processed in', async () => {
    const forward = formatJson(await scanFolder('postgres'));
    const root = path.resolve('fixtures/sql/postgres');
    const backward = formatJson(await scanReport(root, { reorder: (files) => [...files].reverse() }));
    expect(backward).toBe(forward);
  });
});
