/**
 * Calls that only wrap SQL text (`sqlWrappers` models): SQLAlchemy's `text()` held in a name before it runs, and
 * psycopg's composition (`sql.SQL(...).format(sql.Identifier(...))`), whose identifiers name tables.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const sqlJobs = (report: Report) => report.jobs.filter((j) => j.kind === 'sql').map((j) => `${j.unit} ${j.operation}: ${j.sql}`);
const dynamicGaps = (report: Report) => report.gaps.filter((g) => g.kind === 'dynamic-sql').map((g) => `${g.file}:${g.line}`);

describe('SQL wrappers', () => {
  it('read text() kept in a name, as at the call', async () => {
    const report = await scanReport(writeTree({
      'app/queries.py': [
        'from sqlalchemy import text',
        '',
        'ACTIVE = text("SELECT id, email FROM accounts WHERE active")',
        '',
        '',
        'def active_accounts(session):',
        '    return session.execute(ACTIVE).fetchall()',
        '',
        '',
        'def closed_accounts(session):',
        '    stmt = text("SELECT id, email FROM accounts WHERE closed_at IS NOT NULL")',
        '    return session.execute(stmt).fetchall()',
        '',
      ].join('\n'),
    }));
    expect(sqlJobs(report)).toEqual([
      'active_accounts select: SELECT id, email FROM accounts WHERE active',
      'closed_accounts select: SELECT id, email FROM accounts WHERE closed_at IS NOT NULL',
    ]);
  });

  it('read psycopg composition: SQL(), format() and Identifier()', async () => {
    const report = await scanReport(writeTree({
      'etl/purge.py': [
        'import logging',
        'import psycopg2',
        'from psycopg2 import sql',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'def copy_contacts(conn):',
        '    query = sql.SQL("INSERT INTO {} (email) SELECT email FROM {} WHERE region = {}").format(',
        '        sql.Identifier("contacts_eu"), sql.Identifier("contacts"), sql.Literal("eu"))',
        '    conn.cursor().execute(query)',
        '',
        '',
        'def audit(conn, table):',
        '    with conn.cursor() as cur:',
        '        cur.execute(sql.SQL("SELECT ssn FROM {}").format(sql.Identifier(table)))',
        '        for (ssn,) in cur:',
        '            log.info("checked %s", ssn)',
        '',
        '',
        'def qualified(conn):',
        '    conn.cursor().execute(sql.SQL("DELETE FROM {}").format(sql.Identifier("audit", "log")))',
        '',
        '',
        'def main():',
        '    conn = psycopg2.connect("dbname=hr")',
        '    audit(conn, "employees")',
        '',
      ].join('\n'),
    }));
    // Constant names are read where the text is built; a value's hole stays a placeholder, shown as `?` (docs/report.md).
    // The table a caller passes (`audit(conn, "employees")`) is written out at that call.
    expect(sqlJobs(report)).toEqual([
      'copy_contacts insert: INSERT INTO contacts_eu (email) SELECT email FROM contacts WHERE region = ?',
      'audit select: SELECT ssn FROM employees',
      // A qualified name in parts.
      'qualified delete: DELETE FROM audit.log',
    ]);
    const copy = report.jobs.find((j) => j.operation === 'insert');
    expect(copy && `${copy.inputs} -> ${copy.outputs}`).toBe('table:contacts -> table:contacts_eu');
    // The text a caller completes is built at run time.
    expect(dynamicGaps(report)).toEqual(['etl/purge.py:16']);
    expect(report.flows.map((f) => `${f.sink.line} ${f.source.asset}.${f.source.column}`)).toEqual(['18 table:employees.ssn']);
  });
});
