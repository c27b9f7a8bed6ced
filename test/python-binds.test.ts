/**
 * Values bound to a statement's parameters in Python, keyed by the columns the parameters stand for: DB-API's
 * `%s` and `%(name)s`, asyncpg's `$1` with the values after the text. They give the job its column lineage.
 * asyncpg's `fetch` is the result set, `fetchrow` one row and `fetchval` one value (the first column).
 */
import { describe, expect, it } from 'vitest';
import { columnsInto, scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';


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
    expect(columnsInto(report, 'table:mailing_list')).toEqual(['table:users.email -> address']);
    expect(columnsInto(report, 'table:sms_list')).toEqual(['table:users.phone -> number']);
    expect(columnsInto(report, 'table:archived')).toEqual(['table:users.email -> contact']);
    expect(report.flows.map((f) => `${f.source.asset}.${f.source.column} -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`).sort()).toEqual([
      'table:users.email -> log sync/async_contacts.py:8',
      'table:users.phone -> log sync/async_contacts.py:11',
    ]);
  });

  it('bind each value after the text to its $n in asyncpg, and every row in executemany', async () => {
    const root = writeTree({
      'archive/async_archive.py': [
        'async def archive(conn, user_id):',
        '    email = await conn.fetchval("SELECT email FROM users WHERE id = $1", user_id)',
        '    phone = await conn.fetchval("SELECT phone FROM users WHERE id = $1", user_id)',
        '    await conn.execute("INSERT INTO archived (contact, number, user_id) VALUES ($1, $2, $3)", email, phone, user_id)',
        '    await conn.execute("INSERT INTO last_contact (contact) VALUES ($1)", email)',
        '    # Numbered out of order: $2 is the second value whatever its place in the text.',
        '    await conn.execute("INSERT INTO swapped (number, contact) VALUES ($2, $1)", email, phone)',
        '    await conn.executemany("INSERT INTO batch (contact, number) VALUES ($1, $2)", [(email, phone)])',
        '',
      ].join('\n'),
      'archive/export.py': [
        'import sqlite3',
        '',
        '',
        'def export_contacts(src: sqlite3.Connection, dst: sqlite3.Connection):',
        '    rows = []',
        '    for email, phone in src.execute("SELECT email, phone FROM users"):',
        '        rows.append((email, phone))',
        '    dst.executemany("INSERT INTO contacts (address, number) VALUES (?, ?)", rows)',
        '    leads = [{"e": mail, "p": tel} for mail, tel in src.execute("SELECT email, phone FROM customers")]',
        '    dst.executemany("INSERT INTO leads (lead_email, lead_phone) VALUES (:e, :p)", leads)',
        '    # DB-API: one sequence of values after the text, `?` parameters.',
        '    dst.execute("INSERT INTO single (address) VALUES (?)", (email,))',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(columnsInto(report, 'table:archived')).toEqual(['table:users.email -> contact', 'table:users.phone -> number']);
    expect(columnsInto(report, 'table:last_contact')).toEqual(['table:users.email -> contact']);
    expect(columnsInto(report, 'table:swapped')).toEqual(['table:users.email -> contact', 'table:users.phone -> number']);
    expect(columnsInto(report, 'table:batch')).toEqual(['table:users.email -> contact', 'table:users.phone -> number']);
    expect(columnsInto(report, 'table:leads')).toEqual(['table:customers.email -> lead_email', 'table:customers.phone -> lead_phone']);
    expect(columnsInto(report, 'table:single')).toEqual(['table:users.email -> address']);
    // Rows appended in a loop: `rows.append((email, phone))` adds one element, so each column gets what its
    // position in the row holds.
    expect(columnsInto(report, 'table:contacts')).toEqual(['table:users.email -> address', 'table:users.phone -> number']);
  });
});
