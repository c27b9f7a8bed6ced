/**
 * dbt Python models (fixtures/python-dbt): `def model(dbt, session)` in a dbt project's model folder reads what
 * `dbt.ref` and `dbt.source` name and writes the frame it returns to the model's table, named as the SQL models'
 * tables are. Expectations reviewed by hand against the fixture files.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

describe('dbt Python models (fixtures/python-dbt)', () => {
  it('join the SQL models before and after them into one path', async () => {
    const report = await scanReport(path.join(REPO_ROOT, 'fixtures/python-dbt'));
    expect(report.jobs.map((j) => `${j.kind} ${j.file}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      'sql models/marts/retention_targets.sql: table:ml.churn_scores -> table:marts.retention_targets',
      // The model function reads its refs (in the staging schema) and writes its own table (its folder's +schema).
      'function models/ml/churn_scores.py: table:staging.stg_customers, table:staging.stg_subscriptions -> table:ml.churn_scores',
      'sql models/staging/stg_customers.sql: table:raw_billing.customers -> table:staging.stg_customers',
      'sql models/staging/stg_subscriptions.sql: table:raw_billing.subscriptions -> table:staging.stg_subscriptions',
    ]);
    expect(report.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual([
      'table:ml.churn_scores -> table:marts.retention_targets',
      'table:raw_billing.customers -> table:staging.stg_customers',
      'table:raw_billing.subscriptions -> table:staging.stg_subscriptions',
      'table:staging.stg_customers -> table:ml.churn_scores',
      'table:staging.stg_subscriptions -> table:ml.churn_scores',
    ]);
    expect(report.gaps).toEqual([]);
  });

  it('read sources, take the schema and alias a model configures in code, and leave other Python files alone', async () => {
    const report = await scanReport(writeTree({
      'dbt_project.yml': 'name: shop\nconfig-version: 2\nmodel-paths: ["models"]\n',
      'models/sources.yml': 'version: 2\nsources:\n  - name: app\n    schema: raw_app\n    tables:\n      - name: orders\n        identifier: orders_v2\n',
      'models/order_features.py': [
        'def model(dbt, session):',
        '    dbt.config(materialized="table", schema="features", alias="orders_enriched")',
        '    return dbt.source("app", "orders")',
        '',
      ].join('\n'),
      // Not in a model folder: `model(...)` here is an ordinary function.
      'scripts/model.py': 'def model(dbt, session):\n    return dbt.ref("order_features")\n',
    }));
    expect(report.jobs.map((j) => `${j.kind} ${j.file}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      'function models/order_features.py: table:raw_app.orders_v2 -> table:features.orders_enriched',
    ]);
  });
});
