/**
 * Rows of a query read by position. DB-API cursors return tuples: `for user_id, email in cur.fetchall()` and
 * `row[1]` read the columns of the SELECT list by position, so the flow names the column at that position; the
 * position `enumerate()` pairs with each row is no data.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flowsOf = (report: Report) =>
  report.flows.map((f) => `${f.source.asset}.${f.source.column} -> ${f.sink.kind} ${f.sink.callee} ${f.sink.file}:${f.sink.line}`).sort();

describe('rows read by position', () => {
  it('name the column at that position of the SELECT list', async () => {
    const root = writeTree({
      'reports/digest.py': [
        'import logging',
        'import sqlite3',
        '',
        'log = logging.getLogger("reports.digest")',
        '',
        '',
        'def weekly_digest(path):',
        '    conn = sqlite3.connect(path)',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT id, email, signup_source FROM customers WHERE active = 1")',
        '    for customer_id, who, source in cur.fetchall():',
        '        log.info("customer %s from %s", customer_id, source)',
        '        log.debug("mailing %s", who)',
        '',
        '',
        'def newest_phone(conn):',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT id, phone FROM customers ORDER BY created_at DESC LIMIT 1")',
        '    row = cur.fetchone()',
        '    print("newest customer", row[0])',
        '    print("call them at", row[1])',
        '',
      ].join('\n'),
    });
    // Only the positions holding contact data reach the sinks: id and signup_source are not sensitive.
    expect(flowsOf(await scanReport(root))).toEqual([
      'table:customers.email -> log logging.Logger.debug reports/digest.py:13',
      'table:customers.phone -> stdout print reports/digest.py:21',
    ]);
  });
  it('take the position enumerate() gives for no data, and the row for a row', async () => {
    const root = writeTree({
      'billing/rows.py': [
        'import logging',
        'import sqlite3',
        '',
        'log = logging.getLogger("billing.rows")',
        '',
        '',
        'def audit_accounts(path):',
        '    con = sqlite3.connect(path)',
        '    for i, row in enumerate(con.execute("SELECT email, plan FROM accounts")):',
        '        con.execute("INSERT INTO audit_rows(position) VALUES (?)", (i,))',
        '        log.info("row %s plan %s", i, row[1])',
        '        log.debug("contact %s", row[0])',
        '    print([r[0] for n, r in enumerate(con.execute("SELECT email FROM accounts"), 1)])',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(flowsOf(report)).toEqual([
      'table:accounts.email -> log logging.Logger.debug billing/rows.py:12',
      'table:accounts.email -> stdout print billing/rows.py:13',
    ]);
    // The position is no data of accounts: the INSERT reads nothing.
    expect(report.jobs.filter((j) => j.outputs.includes('table:audit_rows')).map((j) => j.inputs)).toEqual([[]]);
  });
});
