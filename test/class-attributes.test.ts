/**
 * What a class body sets is read through its objects and the class itself, in every language: a Python class
 * attribute (`table = "crm_customers"`, also from a base class), a PHP or Hack property default and class constant
 * (`$this->table`, `self::ARCHIVE`), a C++ member initialiser (`std::string table_ = "sessions";`). Such names used to
 * be unknown: SQL built from them named no table, and data a class attribute held (a Django view's `queryset`)
 * reached no sink.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const edgesOf = (report: Report) => report.edges.map((e) => `${e.from} -> ${e.to}`).sort();
const dynamicSqlLines = (report: Report) => report.gaps.filter((g) => g.kind === 'dynamic-sql').map((g) => `${g.file}:${g.line}`);

describe('class attributes', () => {
  it('name the tables of SQL built from them, in Python, also through a base class and the class name', async () => {
    const root = writeTree({
      'crm/store.py': [
        'import sqlite3',
        '',
        '',
        'class CustomerStore:',
        '    table = "crm_customers"',
        '',
        '    def __init__(self, path):',
        '        self.conn = sqlite3.connect(path)',
        '',
        '    def emails(self):',
        '        return self.conn.execute(f"SELECT email FROM {self.table}").fetchall()',
        '',
        '',
        'class ArchivingStore(CustomerStore):',
        '    archive = "crm_customers_archive"',
        '',
        '    def archive_all(self):',
        '        self.conn.execute(f"INSERT INTO {self.archive} SELECT * FROM {self.table}")',
        '',
        '    def restore(self):',
        '        self.conn.execute(f"INSERT INTO {CustomerStore.table} SELECT * FROM {ArchivingStore.archive}")',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(edgesOf(report)).toEqual([
      'table:crm_customers -> table:crm_customers_archive',
      'table:crm_customers_archive -> table:crm_customers',
    ]);
  });

  it('are PHP and Hack property defaults and class constants', async () => {
    const root = writeTree({
      'src/OrderRepository.php': [
        '<?php',
        'namespace App\\Repository;',
        '',
        'class OrderRepository',
        '{',
        '    private $table = \'orders\';',
        '    const ARCHIVE = \'orders_archive\';',
        '',
        '    public function __construct(private \\PDO $pdo) {}',
        '',
        '    public function archive(): void',
        '    {',
        '        $this->pdo->exec("INSERT INTO " . self::ARCHIVE . " SELECT * FROM " . $this->table);',
        '    }',
        '}',
        '',
      ].join('\n'),
      'www/EventStore.hack': [
        '<?hh',
        '',
        'final class EventStore {',
        '  private string $table = \'events\';',
        '  const string ARCHIVE = \'events_archive\';',
        '',
        '  public function __construct(private AsyncMysqlConnection $conn) {}',
        '',
        '  public async function archive(): Awaitable<void> {',
        '    await $this->conn->query("INSERT INTO ".self::ARCHIVE." SELECT * FROM ".$this->table);',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    expect(edgesOf(await scanReport(root))).toEqual([
      'table:events -> table:events_archive',
      'table:orders -> table:orders_archive',
    ]);
  });

  it('are C++ member initialisers, static constants included', async () => {
    const root = writeTree({
      'src/session_store.cc': [
        '#include <string>',
        '#include <pqxx/pqxx>',
        '',
        'class SessionStore {',
        ' public:',
        '  explicit SessionStore(pqxx::connection& conn) : conn_(conn) {}',
        '',
        '  void Archive() {',
        '    pqxx::work txn(conn_);',
        '    txn.exec("INSERT INTO " + std::string(kArchive) + " SELECT * FROM " + table_);',
        '    txn.commit();',
        '  }',
        '',
        ' private:',
        '  static constexpr const char* kArchive = "sessions_archive";',
        '  std::string table_ = "sessions";',
        '  pqxx::connection& conn_;',
        '};',
        '',
      ].join('\n'),
    });
    expect(edgesOf(await scanReport(root))).toEqual(['table:sessions -> table:sessions_archive']);
  });

  it('carry the data they hold to the sinks of the methods that read them', async () => {
    const root = writeTree({
      'shop/models.py': [
        'from django.db import models',
        '',
        '',
        'class Customer(models.Model):',
        '    email = models.EmailField()',
        '    full_name = models.CharField(max_length=200)',
        '',
      ].join('\n'),
      'shop/views.py': [
        'from django.http import JsonResponse',
        '',
        'from .models import Customer',
        '',
        '',
        'class CustomerExport:',
        '    rows = Customer.objects.all()',
        '',
        '    def get(self, request):',
        '        return JsonResponse({"customers": [c.email for c in self.rows]})',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(report.flows.map((f) => `${f.source.asset}.${f.source.column ?? '*'} -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`)).toEqual([
      'table:shop_customer.email -> response shop/views.py:10',
    ]);
  });

  it('leave a table unknown when the attribute is set only at run time', async () => {
    const root = writeTree({
      'crm/store.py': [
        'import sqlite3',
        '',
        '',
        'class Store:',
        '    def __init__(self, conn, table):',
        '        self.conn = conn',
        '        self.table = table',
        '',
        '    def count(self):',
        '        return self.conn.execute(f"SELECT count(*) FROM {self.table}").fetchone()',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(report.edges).toEqual([]);
    expect(report.assets.map((a) => a.id)).toEqual([]);
    expect(dynamicSqlLines(report)).toEqual(['crm/store.py:10']);
  });
});
