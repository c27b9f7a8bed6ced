/**
 * A query's result is a set of rows, told apart from one row: a position in the set picks a row (`rows[0]`), a
 * position in a row picks a column (`row[1]`), and the calls that return one row (`fetchone()`, `$stmt->fetch()`,
 * `mysql_fetch_row(res)`) are library models. Before, `cur.fetchall()[0][1]` read the first column and
 * `rows[0]["email"]` lost the table.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flowsOf = (report: Report) =>
  report.flows.map((f) => `${f.source.asset ?? f.source.name}.${f.source.column} -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`).sort();

describe('result sets and rows', () => {
  it('Python: a position picks a row of the set, then a column of the row', async () => {
    const root = writeTree({
      'crm/lookups.py': [
        'import logging',
        'import sqlite3',
        '',
        'log = logging.getLogger("crm.lookups")',
        '',
        '',
        'def first_contact(conn):',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT id, email FROM contacts ORDER BY id")',
        '    log.info("first contact %s", cur.fetchall()[0][1])',
        '',
        '',
        'def first_id(conn):',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT id, email FROM contacts ORDER BY id")',
        '    log.info("first id %s", cur.fetchall()[0][0])',
        '',
        '',
        'def newest(conn):',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT id, phone FROM contacts ORDER BY created_at DESC")',
        '    rows = cur.fetchall()',
        '    newest_row = rows[0]',
        '    log.info("newest %s", newest_row["phone"])',
        '',
        '',
        'def one_by_id(engine, contact_id):',
        '    with engine.connect() as conn:',
        '        result = conn.execute("SELECT id, email FROM contacts WHERE id = ?", (contact_id,))',
        '        contact = result.first()',
        '        print("found", contact[1])',
        '',
        '',
        'def email_of(engine, contact_id):',
        '    with engine.connect() as conn:',
        '        result = conn.execute("SELECT email, id FROM contacts WHERE id = ?", (contact_id,))',
        '        print("email", result.scalar())',
        '        other = conn.execute("SELECT id, email FROM contacts WHERE id = ?", (contact_id,))',
        '        print("id", other.scalar())',
        '',
      ].join('\n'),
    });
    expect(flowsOf(await scanReport(root))).toEqual([
      'table:contacts.email -> log crm/lookups.py:10',
      'table:contacts.email -> stdout crm/lookups.py:31',
      'table:contacts.email -> stdout crm/lookups.py:37',
      'table:contacts.phone -> log crm/lookups.py:24',
    ]);
  });

  it('Python: a column of a frame is that column of its rows, and a frame written keeps its column lineage', async () => {
    const root = writeTree({
      'etl/export.py': [
        'import logging',
        'import pandas as pd',
        '',
        'log = logging.getLogger("etl.export")',
        '',
        '',
        'def export_emails(engine):',
        '    frame = pd.read_sql("SELECT id, email FROM customers", engine)',
        '    log.info("sample %s", frame["email"])',
        '    frame.to_sql("customer_emails", engine)',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(flowsOf(report)).toEqual(['table:customers.email -> log etl/export.py:9']);
    const job = report.jobs.find((j) => j.outputs.includes('table:customer_emails'));
    expect(job?.columnLineage?.map((c) => `${c.inputs.map((i) => `${i.asset}.${i.column}`).join(',')} -> ${c.output.column}`).sort())
      .toEqual(['table:customers.email -> email', 'table:customers.id -> id']);
  });

  it('PHP: fetchAll() is the set, fetch() and mysqli_fetch_row() one row', async () => {
    const root = writeTree({
      'src/Reports.php': [
        '<?php',
        '',
        'class Reports',
        '{',
        '    public function firstCustomer(PDO $pdo): void',
        '    {',
        '        $stmt = $pdo->query("SELECT id, email FROM customers ORDER BY id");',
        '        $rows = $stmt->fetchAll();',
        '        error_log("first " . $rows[0]["email"]);',
        '    }',
        '',
        '    public function newest(PDO $pdo): void',
        '    {',
        '        $stmt = $pdo->query("SELECT id, phone FROM customers ORDER BY created_at DESC");',
        '        $row = $stmt->fetch(PDO::FETCH_NUM);',
        '        error_log("id " . $row[0]);',
        '        error_log("call " . $row[1]);',
        '    }',
        '',
        '    public function firstEmail(PDO $pdo): void',
        '    {',
        '        $stmt = $pdo->query("SELECT email, id FROM customers ORDER BY id");',
        '        error_log("email " . $stmt->fetchColumn());',
        '    }',
        '',
        '    public function legacy($link): void',
        '    {',
        '        $result = mysqli_query($link, "SELECT id, email FROM customers");',
        '        $row = mysqli_fetch_row($result);',
        '        error_log("legacy " . $row[1]);',
        '    }',
        '}',
        '',
      ].join('\n'),
    });
    expect(flowsOf(await scanReport(root))).toEqual([
      'table:customers.email -> log src/Reports.php:23',
      'table:customers.email -> log src/Reports.php:30',
      'table:customers.email -> log src/Reports.php:9',
      'table:customers.phone -> log src/Reports.php:17',
    ]);
  });

  it('C++: mysql_fetch_row(res)[i] is column i', async () => {
    const root = writeTree({
      'src/customer_export.cpp': [
        '#include <mysql/mysql.h>',
        '#include <iostream>',
        '',
        'void print_first_customer(MYSQL* conn) {',
        '  mysql_query(conn, "SELECT id, email FROM customers ORDER BY id");',
        '  MYSQL_RES* res = mysql_store_result(conn);',
        '  MYSQL_ROW row = mysql_fetch_row(res);',
        '  std::cout << "id " << row[0] << std::endl;',
        '  std::cout << "email " << row[1] << std::endl;',
        '  mysql_free_result(res);',
        '}',
        '',
      ].join('\n'),
    });
    expect(flowsOf(await scanReport(root))).toEqual(['table:customers.email -> stdout src/customer_export.cpp:9']);
  });
});
