/**
 * Model training code (fixtures/python-ml): `fit` moves the training data into the model, `joblib.dump`,
 * `mlflow.*.log_model` and Keras `save` write `model` assets, a feature store is read and written as `feature`
 * assets. Expectations reviewed by hand against the fixture files.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';

let report: Report;

beforeAll(async () => {
  report = await scanReport(path.join(REPO_ROOT, 'fixtures/python-ml'));
});

describe('training code (fixtures/python-ml)', () => {
  it('links the data a model is fitted on to the model files and registry entries it is saved as', () => {
    const jobs = report.jobs.flatMap((j) => (j.kind === 'function' ? [`${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`] : []));
    expect(jobs).toEqual([
      // store.write_to_online_store("customer_stats", frame) with frame = read_sql_table("customer_features", schema="mart")
      'refresh: table:mart.customer_features -> feature:customer_stats',
      // labels from a parquet file joined with feature-store features (entity_df), fitted, logged to MLflow and dumped
      'main: feature:transactions, file:s3://acme-ml/labels/fraud.parquet -> model:artifacts/fraud.joblib, model:fraud-model',
      // a Keras model fitted on review bodies and ratings, saved with model.save(...)
      'train: table:app.reviews -> model:artifacts/review_sentiment.keras',
    ]);
  });

  it('keeps the feature columns the fraud model was fitted on', () => {
    const main = report.jobs.find((j) => j.unit === 'main')!;
    expect(main.columnLineage.map((c) => `${c.output.asset} ${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      'model:artifacts/fraud.joblib amount_30d <- feature:transactions.amount_30d',
      'model:artifacts/fraud.joblib count_7d <- feature:transactions.count_7d',
      'model:artifacts/fraud.joblib countries_30d <- feature:transactions.countries_30d',
      'model:fraud-model amount_30d <- feature:transactions.amount_30d',
      'model:fraud-model count_7d <- feature:transactions.count_7d',
      'model:fraud-model countries_30d <- feature:transactions.countries_30d',
    ]);
  });

  it('reports no flow: the reviewer e-mail only filters rows, the training log prints a metric', () => {
    expect(report.flows).toEqual([]);
  });
});
