/**
 * `lineage explain`: the sentences for the churn model and for raw.users.email, on the enriched report (column
 * lineage, annotations, flows, findings, a model) and on the plain demo (table level). Checked by hand against
 * fixtures/reports/demo-enriched.json and fixtures/demo.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { explain, listText } from '../src/graph/explain.js';
import { indexReport } from '../src/graph/lineage-index.js';
import type { Report } from '../src/report/json/schema.js';
import { DEMO, REPO_ROOT, runCli } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const ENRICHED_FILE = path.join(REPO_ROOT, 'fixtures/reports/demo-enriched.json');
const enriched = indexReport(JSON.parse(readFileSync(ENRICHED_FILE, 'utf8')) as Report);

describe('explain on a report with column lineage and a model', () => {
  it('explains the churn model: how it is trained, on what, and which personal data does not reach it', () => {
    expect(explain(enriched, { asset: 'model:churn' }).sentences).toEqual([
      'model:churn is trained in ml/train_churn.py:20 on mart.customer_features (churned, orders_90d, returns_90d, revenue_90d_cents), '
        + 'which warehouse/models/marts/customer_features.sql builds from staging.stg_orders, staging.stg_returns and staging.stg_users.',
      'Its data comes from 10 upstream assets, originally from audit.erasure_requests, raw.order_items, raw.orders, raw.returns and staging.storefront_live_users.',
      'raw.orders.shipping_address (user.contact.address), raw.users.date_of_birth (user.demographic.date_of_birth), raw.users.email (user.contact.email), '
        + 'raw.users.full_name (user.name), raw.users.phone (user.contact.phone_number) and raw.users.ssn (user.government_id.national_identification_number) '
        + 'are personal data and do not reach the model.',
      'Nothing in the lineage graph is built from model:churn.',
    ]);
  });

  it('explains raw.users.email: its category, where it flows, that it does not reach the model, the sink and the finding', () => {
    expect(explain(enriched, { asset: 'table:raw.users', column: 'email' }).sentences).toEqual([
      'raw.users.email is personal data (user.contact.email), declared in the manifest by identity-team.',
      'raw.users is written in etl/load_users.py:31, etl/load_users.py:32, warehouse/ddl/raw_tables.sql:4 and warehouse/scripts/retention.sql:16.',
      'Its values flow into audit.user_exports.email and staging.stg_users.email.',
      'It does not reach model:churn.',
      'raw.users.email reaches a log sink: logging.Logger.info at etl/export_users.py:24.',
      'Finding (error, no-pii-in-logs-or-vendors) at etl/export_users.py:24: user.contact.email from raw.users.email reaches a log sink (logging.Logger.info).',
    ]);
  });

  it('says which sensitive columns reach an unannotated table, and that it lacks an annotation', () => {
    const sentences = explain(enriched, { asset: 'table:audit.user_exports' }).sentences;
    expect(sentences).toContain('It holds personal data (user.contact.email, user.government_id.national_identification_number) but has no manifest annotation.');
    expect(sentences).toContain('raw.users.email (user.contact.email) and raw.users.ssn (user.government_id.national_identification_number) are personal data and reach audit.user_exports.');
  });

  it('gives the same text every time', () => {
    const once = JSON.stringify(explain(enriched, { asset: 'model:churn' }));
    expect(JSON.stringify(explain(indexReport(JSON.parse(readFileSync(ENRICHED_FILE, 'utf8')) as Report), { asset: 'model:churn' }))).toBe(once);
  });

  it('lists like a person would', () => {
    expect(listText(['a'])).toBe('a');
    expect(listText(['a', 'b'])).toBe('a and b');
    expect(listText(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listText(['a', 'b', 'c', 'd'], 3)).toBe('a, b and 2 more');
  });
});

describe('lineage explain (CLI) on the demo', () => {
  it('explains raw.users.email through column lineage', () => {
    const result = runCli(['explain', 'raw.users.email', DEMO]);
    expect(result.code).toBe(0);
    const text = result.stdout.replace(/\n/g, ' ');
    expect(text).toContain('raw.users.email is personal data (user.contact.email), declared in the manifest by identity-team.');
    // Column lineage: the e-mail is copied into the audit export and the staging view, and stops there.
    expect(text).toContain('Its values flow into api:api.crmvendor.example/v2/contacts.email, audit.user_exports.email and staging.stg_users.email.');
    expect(text).toContain('It does not reach model:models/churn.joblib.');
    expect(text).toContain('raw.users.email reaches a log sink: logging.Logger.info at etl/export_users.py:24.');
    expect(text).toContain('raw.users.email reaches a third_party sink: GuzzleHttp.Client.post at web/app/Services/CrmSync.php:25 (api.crmvendor.example/v2/contacts).');
    expect(text).not.toContain('mart.customer_features');
  });

  it('explains a mart: the job that builds it and what it is built from', () => {
    const result = runCli(['explain', 'mart.customer_features', DEMO, '--format', 'json']);
    const sentences = JSON.parse(result.stdout).sentences as string[];
    expect(sentences[0]).toBe('mart.customer_features is built in warehouse/models/marts/customer_features.sql:4 from staging.stg_orders (items_total_cents, placed_at, shipping_cents), staging.stg_returns and staging.stg_users (country_code, user_id).');
    expect(sentences).toContain('raw.orders.shipping_address (user.contact.address), raw.users.date_of_birth (user.demographic.date_of_birth), raw.users.email (user.contact.email), raw.users.full_name (user.name), raw.users.phone (user.contact.phone_number) and raw.users.ssn (user.government_id.national_identification_number) are personal data and do not reach mart.customer_features.');
    expect(sentences).toContain('1 asset depends on it: model:models/churn.joblib.');
  });

  it('refuses an unknown asset with exit code 2', () => {
    const result = runCli(['explain', 'model:churn', DEMO]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no asset named 'model:churn'");
  });
});

describe('explain on a function that writes two assets from different inputs', () => {
  it('names only the inputs whose data each asset receives, as the edges do', async () => {
    const report = await scanReport(writeTree({
      'sync.py': [
        'import pandas as pd',
        '',
        '',
        'def sync(engine):',
        '    customers = pd.read_sql("SELECT id, email FROM crm.customers", engine)',
        '    orders = pd.read_sql("SELECT id, total FROM shop.orders", engine)',
        '    customers.to_csv("exports/customers.csv")',
        '    orders.to_csv("exports/orders.csv")',
        '',
      ].join('\n'),
    }));
    expect(explain(indexReport(report), { asset: 'file:exports/orders.csv' }).sentences[0])
      .toBe('file:exports/orders.csv is built in sync.py:4 from shop.orders (id, total).');
  });
});
