/**
 * Values bound to a statement's parameters in Python, keyed by the columns the parameters stand for: DB-API's
 * `%s` and `%(name)s`, asyncpg's `$1` with the values after the text. They give the job its column lineage.
 * asyncpg's `fetch` is the result set, `fetchrow` one row and `fetchval` one value (the first column).
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const columnsOf = (report: Report, output: string) =>
  report.jobs.flatMap((j) => j.columnLineage ?? []).filter((c) => c.output.asset === output)
    .map((c) => `${c.inputs.map((i) => `${i.asset}.${i.column}`).join(',')} -> ${c.output.column}`).sort();

describe('bound values in Python SQL calls', () => {
  it('are keyed by the columns of %s, %(name)s and $1 parameters', async () => {
    const root = writeTree({
      'sync/contacts.py': [
        'import psycopg2',
        '',
        '',
        'def copy_contact(conn, user_id):',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT email, phone FROM users WHERE id = %s", (user_id,))',
        '    email, phone = cur.fetchone()',
        '    cur.execute("INSERT INTO mailing_list (address, user_id) VALUES (%s, %s)", (email, user_id))',
        '    cur.execute(',
        '        "INSERT INTO sms_list (number, owner) VALUES (%(number)s, %(owner)s)",',
        '        {"owner": user_id, "number": phone},',
        '    )',
        '',
      ].join('\n'),
      'sync/async_contacts.py': [
        'import logging',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'async def newest(pool):',
        '    row = await pool.fetchrow("SELECT id, email FROM users ORDER BY created_at DESC LIMIT 1")',
        '    log.info("newest %s", row["email"])',
        '    rows = await pool.fetch("SELECT id, phone FROM users WHERE active = $1", True)',
        '    for r in rows:',
        '        log.info("phone %s", r[1])',
        '',
        '',
        'async def archive(conn, user_id):',
        '    email = await conn.fetchval("SELECT email FROM users WHERE id = $1", user_id)',
        '    await conn.fetch("INSERT INTO archived (contact, user_id) VALUES ($1, $2) RETURNING id", email, user_id)',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(columnsOf(report, 'table:mailing_list')).toEqual(['table:users.email -> address']);
    expect(columnsOf(report, 'table:sms_list')).toEqual(['table:users.phone -> number']);
    expect(columnsOf(report, 'table:archived')).toEqual(['table:users.email -> contact']);
    expect(report.flows.map((f) => `${f.source.asset}.${f.source.column} -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`).sort()).toEqual([
      'table:users.email -> log sync/async_contacts.py:8',
      'table:users.phone -> log sync/async_contacts.py:11',
    ]);
  });
});
