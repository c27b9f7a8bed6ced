/**
 * `sep.join(...)` builds text from its items: a list written out is SQL the scan can read, and a generator
 * expression passed as the only argument is still a loop over its iterable (its items keep their origin).
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flows = (report: Report) => report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset ? `${f.source.asset}.${f.source.column ?? '*'}` : f.source.name}`);

const REPORTS = [
  'import logging',
  'import sqlite3',
  '',
  'log = logging.getLogger(__name__)',
  'conn = sqlite3.connect("hr.db")',
  '',
  '',
  'def payroll_ids(region):',
  '    query = " ".join(["SELECT ssn, salary", "FROM employees", "WHERE region = ?"])',
  '    cur = conn.cursor()',
  '    cur.execute(query, (region,))',
  '    log.warning("payroll %s", cur.fetchall())',
  '',
  '',
  'def mailing_list(rows):',
  '    log.info("\\n".join(r["email"] for r in rows))',
  '',
  '',
  'def weekly():',
  '    rows = conn.execute("SELECT id, email FROM contacts").fetchall()',
  '    mailing_list(rows)',
  '',
].join('\n');

describe('joined strings', () => {
  it('read SQL joined from a list of literals as one statement', async () => {
    const report = await scanReport(writeTree({ 'hr/reports.py': REPORTS }));
    const job = report.jobs.find((j) => j.kind === 'sql' && j.inputs.includes('table:employees'));
    expect(job && { line: job.line, op: job.operation, call: job.callee }).toEqual({ line: 9, op: 'select', call: 'cur.execute' });
    expect(report.gaps.filter((g) => g.kind === 'dynamic-sql')).toEqual([]);
    expect(flows(report)).toContain('hr/reports.py:12 log <- table:employees.ssn');
  });

  it('keep the origin of the items a generator expression joins', async () => {
    const report = await scanReport(writeTree({ 'hr/reports.py': REPORTS }));
    expect(flows(report)).toContain('hr/reports.py:16 log <- table:contacts.email');
    expect(flows(report).filter((f) => f.startsWith('hr/reports.py:16'))).toEqual(['hr/reports.py:16 log <- table:contacts.email']);
  });

  it('leave a hole for an item that is not a literal', async () => {
    const report = await scanReport(writeTree({
      'hr/columns.py': [
        'import sqlite3',
        'conn = sqlite3.connect("hr.db")',
        '',
        'def pick(column):',
        '    return conn.execute(" ".join(["SELECT", column, "FROM employees"])).fetchall()',
        '',
      ].join('\n'),
    }));
    const job = report.jobs.find((j) => j.kind === 'sql');
    expect(job?.inputs).toEqual(['table:employees']);
  });
});
