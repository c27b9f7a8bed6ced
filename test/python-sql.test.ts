import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';

const ROOT = path.join(REPO_ROOT, 'fixtures/python-embedded-sql');
let report: Report;

beforeAll(async () => {
  report = await scanReport(ROOT);
});

const summary = (r: Report) =>
  r.jobs.flatMap((j) => (j.kind === 'sql' ? [j] : [])).map((j) => ({ at: `${j.file}:${j.line}`, call: `${j.callee}@${j.callLine}`, op: j.operation, in: j.inputs, out: j.outputs }));

describe('SQL in Python strings (fixtures/python-embedded-sql)', () => {
  it('finds every SQL string passed to a modelled call, with its tables, line and call', () => {
    expect(summary(report)).toEqual([
      { at: 'reporting/jobs.py:9', call: 'cur.execute@14', op: 'insert', in: ['table:billing.invoices'], out: ['table:archive.invoices'] },
      { at: 'reporting/jobs.py:15', call: 'cur.execute@15', op: 'delete', in: [], out: ['table:billing.invoices'] },
      { at: 'reporting/jobs.py:20', call: 'pandas.read_sql_query@19', op: 'select', in: ['table:billing.invoices', 'table:billing.refunds'], out: [] },
      { at: 'reporting/jobs.py:30', call: 'session.execute@27', op: 'select', in: ['table:billing.invoices', 'table:crm.customers'], out: [] },
      { at: 'reporting/jobs.py:44', call: 'db.executescript@43', op: 'drop', in: [], out: ['table:cache_rates'] },
      { at: 'reporting/jobs.py:45', call: 'db.executescript@43', op: 'create_table', in: [], out: ['table:cache_rates'] },
      { at: 'reporting/jobs.py:46', call: 'db.executescript@43', op: 'insert', in: ['table:fx_rates'], out: ['table:cache_rates'] },
      { at: 'reporting/jobs.py:53', call: 'spark.sql@53', op: 'insert', in: ['table:billing.invoices'], out: ['table:finance.daily_rollup'] },
      // The SQL is a constant of reporting/queries.py: the simulator follows the import and places the job at the call.
      { at: 'reporting/monthly.py:8', call: 'pandas.read_sql@8', op: 'select', in: ['table:billing.invoices'], out: [] },
    ]);
  });

  it('names the function each job belongs to', () => {
    expect([...new Set(report.jobs.map((j) => j.unit))]).toEqual([
      'archive_old_invoices', 'refunds_frame', 'customer_balances', 'rebuild_local_cache', 'spark_rollup', 'monthly',
    ]);
  });

  it('reports SQL built at run time as dynamic-sql gaps, and nothing for calls without SQL', () => {
    expect(report.gaps.map((g) => `${g.kind} ${g.file}:${g.line}`)).toEqual([
      'dynamic-sql reporting/jobs.py:54',
      'dynamic-sql reporting/jobs.py:59',
    ]);
    expect(report.coverage.dynamicSql).toBe(2);
  });

  it('joins table-level edges through the statements', () => {
    expect(report.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual([
      'table:billing.invoices -> file:monthly_revenue.csv',
      'table:billing.invoices -> table:archive.invoices',
      'table:billing.invoices -> table:finance.daily_rollup',
      'table:fx_rates -> table:cache_rates',
    ]);
  });
});
