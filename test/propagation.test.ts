/**
 * Category propagation: table level on the demo's SQL (no column lineage yet), column level on a graph shaped as
 * the column-lineage engine reports it (a dbt project that hashes e-mails and joins orders).
 */
import { describe, expect, it } from 'vitest';
import { indexAnnotations } from '../src/analyze/annotations.js';
import { computeSensitivity } from '../src/analyze/sensitivity.js';
import type { ColumnInput } from '../src/facts/schema.js';
import type { Job, LineageGraph } from '../src/graph/model.js';
import { parseManifest } from '../src/manifest/index.js';
import { scanFixture } from './helpers/flows.js';

const EMAIL = 'user.contact.email';
const SSN = 'user.government_id.national_identification_number';

describe('on the demo (table level)', () => {
  it('gives each asset the categories of everything upstream', async () => {
    const demo = await scanFixture('fixtures/demo');
    // Table level on purpose: without column lineage every category of an input reaches every output.
    const graph = { ...demo.result.graph, jobs: demo.result.graph.jobs.map((job) => ({ ...job, columnLineage: [] })) };
    const sensitivity = computeSensitivity(graph, indexAnnotations(demo.manifest.assets, graph.assets.map((a) => a.id)));
    const users = [EMAIL, 'user.contact.phone_number', 'user.demographic.date_of_birth', SSN, 'user.name'];
    const categories = Object.fromEntries([...sensitivity].map(([id, s]) => [id.startsWith('table:') ? id.slice(6) : id, s.categories]));
    expect(categories).toEqual({
      // the CRM export posts what it read from raw.users (table level: all of it)
      'api:api.crmvendor.example/v2/contacts': users,
      'audit.erasure_requests': [],
      // its own columns (email, ssn) and, at table level, everything raw.users holds
      'audit.user_exports': users,
      // raw.users -> staging.stg_users -> mart.customer_features; raw.orders.shipping_address via staging.stg_orders
      'mart.customer_features': ['user.contact.address', ...users].sort(),
      'mart.daily_revenue': ['user.contact.address'],
      // trained on mart.customer_features
      'model:models/churn.joblib': ['user.contact.address', ...users].sort(),
      'file:exports/returns.jsonl': [],
      // the order service's SQLite table, annotated in the manifest
      'orders': ['user.contact.address'],
      'raw.click_events': ['user.device.ip_address'],
      'raw.marketing_consents': [],
      'raw.order_items': [],
      'raw.orders': ['user.contact.address'],
      'raw.returns': [],
      'raw.users': users,
      'raw.web_sessions': ['user.device.ip_address'],
      'raw.web_sessions_daily': ['user.device.ip_address'],
      'staging.stg_orders': ['user.contact.address'],
      'staging.stg_returns': ['user.contact.address'],
      'staging.stg_users': users,
      'staging.storefront_live_users': [],
    });
    // Declared columns come from the manifest, the others from the classifier.
    expect(sensitivity.get('table:raw.users')?.columns).toEqual({
      date_of_birth: ['user.demographic.date_of_birth'], email: [EMAIL], full_name: ['user.name'],
      phone: ['user.contact.phone_number'], ssn: [SSN],
    });
    expect(sensitivity.get('table:audit.user_exports')?.columns).toEqual({ email: [EMAIL], ssn: [SSN] });
    expect(sensitivity.get('table:audit.user_exports')?.annotation).toBeNull();
    expect(sensitivity.get('table:raw.users')?.annotation?.owner).toBe('identity-team');
  });
});

describe('with column lineage', () => {
  const direct = (asset: string, column: string, extra: Partial<ColumnInput> = {}): ColumnInput => ({ asset, column, type: 'DIRECT', subtype: 'IDENTITY', ...extra });
  const job = (id: string, inputs: string[], output: string, lineage: Job['columnLineage']): Job => ({
    id, kind: 'sql', file: id.split('#')[0]!, line: 1, unit: 'script', operation: 'create_view', dialect: 'postgres', confidence: 'high',
    sql: '', inputs, outputs: [output], columnLineage: lineage,
  });
  // stg_customers: select id, md5(email) as email_hash, email, country from raw.customers
  // customer_orders: select c.id, c.email_hash, o.total from stg_customers c join raw.orders o on o.customer_id = c.id
  // mailing_list: select * from stg_customers
  const graph: LineageGraph = {
    assets: ['raw.customers', 'raw.orders', 'staging.stg_customers', 'mart.customer_orders', 'mart.mailing_list'].map((name) => ({
      id: `table:${name}`, kind: 'table', name,
      columns: {
        'raw.customers': ['country', 'email', 'id', 'ssn'], 'raw.orders': ['customer_id', 'total'],
        'staging.stg_customers': ['country', 'email', 'email_hash', 'id'], 'mart.customer_orders': ['email_hash', 'id', 'total'],
        'mart.mailing_list': [],
      }[name]!,
      locations: [{ file: `models/${name}.sql`, line: 1 }],
    })),
    jobs: [
      job('models/stg_customers.sql#1', ['table:raw.customers'], 'table:staging.stg_customers', [
        { output: { asset: 'table:staging.stg_customers', column: 'id' }, inputs: [direct('table:raw.customers', 'id')] },
        { output: { asset: 'table:staging.stg_customers', column: 'email_hash' }, inputs: [direct('table:raw.customers', 'email', { subtype: 'TRANSFORMATION', masking: true })] },
        { output: { asset: 'table:staging.stg_customers', column: 'email' }, inputs: [direct('table:raw.customers', 'email')] },
        { output: { asset: 'table:staging.stg_customers', column: 'country' }, inputs: [direct('table:raw.customers', 'country')] },
      ]),
      job('models/customer_orders.sql#1', ['table:raw.orders', 'table:staging.stg_customers'], 'table:mart.customer_orders', [
        { output: { asset: 'table:mart.customer_orders', column: 'id' }, inputs: [direct('table:staging.stg_customers', 'id'), { asset: 'table:raw.orders', column: 'customer_id', type: 'INDIRECT', subtype: 'JOIN' }] },
        { output: { asset: 'table:mart.customer_orders', column: 'email_hash' }, inputs: [direct('table:staging.stg_customers', 'email_hash')] },
        { output: { asset: 'table:mart.customer_orders', column: 'total' }, inputs: [direct('table:raw.orders', 'total')] },
      ]),
      job('models/mailing_list.sql#1', ['table:staging.stg_customers'], 'table:mart.mailing_list', [
        { output: { asset: 'table:mart.mailing_list', column: '*' }, inputs: [direct('table:staging.stg_customers', '*')] },
      ]),
    ],
    edges: [],
  };
  const manifest = parseManifest([
    'version: 1',
    'assets:',
    '  - id: table:raw.customers',
    '    fields:',
    '      country: { categories: [user.contact.address.country] }',
    '      ssn: { categories: [user.government_id.national_identification_number] }',
    '  - id: table:mart.*',
    '    owner: analytics',
  ].join('\n'), 'lineage.yaml');
  const sensitivity = computeSensitivity(graph, indexAnnotations(manifest.assets, graph.assets.map((a) => a.id)));
  const columns = (name: string) => sensitivity.get(`table:${name}`)?.columns;

  it('carries categories column by column along DIRECT inputs', () => {
    expect(columns('staging.stg_customers')).toEqual({ country: ['user.contact.address.country'], email: [EMAIL] });
  });

  it('drops them through masking functions and INDIRECT (join, filter) inputs', () => {
    expect(columns('mart.customer_orders')).toEqual({});
    expect(sensitivity.get('table:mart.customer_orders')?.categories).toEqual([]);
  });

  it('carries everything through SELECT * at table level', () => {
    expect(sensitivity.get('table:mart.mailing_list')?.categories).toEqual(['user.contact.address.country', EMAIL]);
    expect(sensitivity.get('table:mart.mailing_list')?.table).toEqual(['user.contact.address.country', EMAIL]);
  });

  it('keeps a column the SQL never selects (ssn) where it is', () => {
    expect(sensitivity.get('table:raw.customers')?.categories).toEqual(['user.contact.address.country', EMAIL, SSN]);
    expect(sensitivity.get('table:staging.stg_customers')?.categories).not.toContain(SSN);
  });

  it('annotates assets from globs, an exact id winning over a glob', () => {
    expect(sensitivity.get('table:mart.customer_orders')?.annotation?.id).toBe('table:mart.*');
    expect(sensitivity.get('table:raw.customers')?.annotation?.id).toBe('table:raw.customers');
    expect(sensitivity.get('table:raw.orders')?.annotation).toBeNull();
  });
});
