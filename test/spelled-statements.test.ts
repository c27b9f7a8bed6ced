/**
 * SQL whose table names are interpolated (`f"SELECT ... FROM {TABLE}"`): a constant of the same file is read where
 * the text is written; a constant of another module, a loop over texts, or a table a caller passes is filled in by
 * the simulation, which analyses the text that runs and shows it as a job.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const sqlJobs = (report: Report) => report.jobs.filter((j) => j.kind === 'sql').map((j) => `${j.file}:${j.line} ${j.operation} ${j.inputs.join(',')} -> ${j.outputs.join(',')}`);
const dynamicGaps = (report: Report) => report.gaps.filter((g) => g.kind === 'dynamic-sql').map((g) => `${g.file}:${g.line}`);

describe('statements with interpolated table names', () => {
  it('read a constant of the same file in an f-string as its text', async () => {
    const report = await scanReport(writeTree({
      'crm/load.py': [
        'import psycopg2',
        '',
        'CONTACTS = "crm.contacts"',
        '',
        '',
        'def load(conn):',
        '    cur = conn.cursor()',
        '    cur.execute(f"SELECT email, phone FROM {CONTACTS} WHERE active")',
        '    return cur.fetchall()',
        '',
      ].join('\n'),
    }));
    expect(sqlJobs(report)).toEqual(['crm/load.py:8 select table:crm.contacts -> ']);
    expect(dynamicGaps(report)).toEqual([]);
  });

  it('show a statement filled with a constant of another module as a job', async () => {
    const report = await scanReport(writeTree({
      'crm/__init__.py': '',
      'crm/settings.py': 'CONTACTS = "crm.contacts"\nARCHIVE = "crm.contacts_archive"\n',
      'crm/archive.py': [
        'import logging',
        'from crm.settings import ARCHIVE, CONTACTS',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'def archive(conn):',
        '    cur = conn.cursor()',
        '    cur.execute(f"INSERT INTO {ARCHIVE} (email) SELECT email FROM {CONTACTS} WHERE closed")',
        '    cur.execute(f"SELECT phone FROM {CONTACTS}")',
        '    log.info("phones %s", cur.fetchall())',
        '',
      ].join('\n'),
    }));
    expect(sqlJobs(report)).toEqual([
      'crm/archive.py:9 insert table:crm.contacts -> table:crm.contacts_archive',
      'crm/archive.py:10 select table:crm.contacts -> ',
    ]);
    const insert = report.jobs.find((j) => j.operation === 'insert');
    expect(insert?.sql).toBe('INSERT INTO crm.contacts_archive (email) SELECT email FROM crm.contacts WHERE closed');
    expect(insert?.columnLineage.map((l) => `${l.inputs.map((i) => `${i.asset}.${i.column}`).join(',')} -> ${l.output.asset}.${l.output.column}`))
      .toEqual(['table:crm.contacts.closed,table:crm.contacts.email -> table:crm.contacts_archive.email']);
    expect(report.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(['table:crm.contacts -> table:crm.contacts_archive']);
    expect(report.flows.map((f) => `${f.sink.line} ${f.source.asset}.${f.source.column}`)).toEqual(['11 table:crm.contacts.phone']);
  });

  it('analyse each text a loop fills in, not the text with a hole', async () => {
    // `INSERT OR {}`: with a hole there, the statement seemed to write tables named after the conflict clause.
    const report = await scanReport(writeTree({
      'store/conflicts.py': [
        'import sqlite3',
        '',
        '',
        'def insert_each(cx):',
        '    cu = cx.cursor()',
        '    for clause in ("FAIL", "ABORT", "ROLLBACK"):',
        '        sql = "INSERT OR {} INTO events(kind) VALUES (?)"',
        '        cu.execute(sql.format(clause), (clause,))',
        '',
      ].join('\n'),
    }));
    expect(report.jobs.map((j) => `${j.kind} ${j.outputs.join(',')} ${j.sql ?? ''}`)).toEqual([
      'sql table:events INSERT OR ABORT INTO events(kind) VALUES (?)',
      'sql table:events INSERT OR FAIL INTO events(kind) VALUES (?)',
      'sql table:events INSERT OR ROLLBACK INTO events(kind) VALUES (?)',
    ]);
    expect(report.assets.map((a) => a.id)).toEqual(['table:events']);
  });

  it('write out a table that callers pass, once per caller, through helpers too', async () => {
    const report = await scanReport(writeTree({
      'crm/export.py': [
        'import json',
        '',
        '',
        'def rows_of(conn, table):',
        '    cur = conn.cursor()',
        '    cur.execute(f"SELECT email FROM {table}")',
        '    return cur.fetchall()',
        '',
        '',
        'def schema_rows(conn, name):',
        '    return rows_of(conn, "crm." + name)',
        '',
        '',
        'def export(conn):',
        '    with open("leads.json", "w") as fh:',
        '        json.dump(rows_of(conn, "crm.leads"), fh)',
        '    print(schema_rows(conn, "prospects"))',
        '',
      ].join('\n'),
    }));
    expect(sqlJobs(report)).toEqual(['crm/export.py:6 select table:crm.leads -> ', 'crm/export.py:6 select table:crm.prospects -> ']);
    // The helper's text is still built at run time; the caller's job reads the table it named.
    expect(dynamicGaps(report)).toEqual(['crm/export.py:6']);
    expect(report.jobs.filter((j) => j.kind === 'function').map((j) => `${j.unit} ${j.inputs.join(',')} -> ${j.outputs.join(',')}`))
      .toEqual(['export table:crm.leads -> file:leads.json']);
  });
});
