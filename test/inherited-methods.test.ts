/**
 * A method a class inherits runs with the class's objects: a base's `run()` reading `self.table` or calling
 * `self.fetch()` sees what the subclass sets (the template-method pattern of export jobs, views and reports). Such
 * methods used to run only with the base's objects: SQL built from the subclass's table named none, and the
 * subclass's data reached no sink. Each subclass that changes what a method reads gets the method's job, named
 * `Subclass.method` at the subclass, with `inherited` saying where the code is.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { extractTree } from '../src/pipeline/scan.js';
import { Program } from '../src/simulate/program.js';
import { scanOptions, scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const sqlJobs = (report: Report) => report.jobs.flatMap((j) => (j.kind === 'sql' ? [`${j.id} ${j.unit}: ${j.sql}`] : []));
const functionJobs = (report: Report) => report.jobs.flatMap((j) => (j.kind === 'function'
  ? [`${j.id} ${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}${j.inherited ? ` (${j.inherited.unit} at ${j.inherited.file}:${j.inherited.line})` : ''}`]
  : []));

const EXPORT_BASE = [
  'import csv',
  'import sqlite3',
  '',
  '',
  'class Export:',
  '    table = None',
  '    path = None',
  '',
  '    def fetch(self):',
  '        conn = sqlite3.connect("/srv/app.db")',
  '        return conn.execute("SELECT * FROM " + self.table).fetchall()',
  '',
  '    def transform(self, rows):',
  '        return rows',
  '',
  '    def run(self):',
  '        rows = self.transform(self.fetch())',
  '        with open(self.path, "w") as out:',
  '            csv.writer(out).writerows(rows)',
  '',
].join('\n');

const EXPORTS = [
  'import logging',
  '',
  'from jobs.base import Export',
  '',
  'log = logging.getLogger(__name__)',
  '',
  '',
  'class CustomerExport(Export):',
  '    table = "customers"',
  '    path = "/srv/exports/customers.csv"',
  '',
  '    def transform(self, rows):',
  '        for row in rows:',
  '            log.info("exporting %s", row["email"])',
  '        return rows',
  '',
  '',
  'class OrderExport(Export):',
  '    table = "orders"',
  '    path = "/srv/exports/orders.csv"',
  '',
  '',
  'class GzipOrderExport(OrderExport):',
  '    """Changes nothing the export reads: it runs the order export\'s copy."""',
  '',
  '    compression = "gzip"',
  '',
].join('\n');

describe('inherited methods', () => {
  it('run with each subclass\'s attributes and methods, as jobs of the subclass', async () => {
    const root = writeTree({
      'jobs/base.py': EXPORT_BASE,
      'jobs/exports.py': EXPORTS,
    });
    const report = await scanReport(root);
    expect(functionJobs(report)).toEqual([
      'jobs/exports.py#1 CustomerExport.run: table:customers -> file:/srv/exports/customers.csv (Export.run at jobs/base.py:16)',
      'jobs/exports.py#2 OrderExport.run: table:orders -> file:/srv/exports/orders.csv (Export.run at jobs/base.py:16)',
    ]);
    expect(report.jobs.find((j) => j.unit === 'CustomerExport.run')!.line).toBe(8);
    // The log in CustomerExport.transform, reached from the base's run(): the rows are the customers table's.
    const flow = report.flows.find((f) => f.sink.kind === 'log')!;
    expect([flow.source.asset, flow.source.column, `${flow.sink.file}:${flow.sink.line}`]).toEqual(['table:customers', 'email', 'jobs/exports.py:14']);
    expect(flow.path.map((s) => `${s.file}:${s.line} ${s.note}`)).toEqual([
      'jobs/base.py:11 read table:customers (conn.execute)',
      'jobs/base.py:17 passed to CustomerExport.transform()',
      'jobs/exports.py:13 row = …',
      'jobs/exports.py:8 run with objects of CustomerExport',
      'jobs/exports.py:14 log sink logging.Logger.info',
    ]);
  });

  it('give each subclass its own flows, whose path names the subclass', async () => {
    const root = writeTree({
      'views.py': [
        'from rest_framework import generics',
        '',
        'from .models import Customer, Partner',
        'from .serializers import CustomerSerializer, PartnerSerializer',
        '',
        '',
        'class BackofficeList(generics.ListAPIView):',
        '    ordering = ("-id",)',
        '',
        '',
        'class FlaggedCustomers(BackofficeList):',
        '    queryset = Customer.objects.filter(flagged=True)',
        '    serializer_class = CustomerSerializer',
        '',
        '',
        'class PartnerContacts(BackofficeList):',
        '    queryset = Partner.objects.all()',
        '    serializer_class = PartnerSerializer',
        '',
      ].join('\n'),
      'models.py': [
        'from django.db import models',
        '',
        '',
        'class Customer(models.Model):',
        '    email = models.EmailField()',
        '    flagged = models.BooleanField()',
        '',
        '',
        'class Partner(models.Model):',
        '    phone = models.CharField(max_length=20)',
        '',
      ].join('\n'),
      'serializers.py': [
        'from rest_framework import serializers',
        '',
        'from .models import Customer, Partner',
        '',
        '',
        'class CustomerSerializer(serializers.ModelSerializer):',
        '    class Meta:',
        '        model = Customer',
        '        fields = ["id", "email"]',
        '',
        '',
        'class PartnerSerializer(serializers.ModelSerializer):',
        '    class Meta:',
        '        model = Partner',
        '        fields = ["id", "phone"]',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    const flows = report.flows.filter((f) => f.sink.kind === 'response')
      .map((f) => `${f.source.asset} ${f.categories.join(',')} -> ${f.sink.file}:${f.sink.line} via ${f.path.filter((s) => s.note.startsWith('run with')).map((s) => `${s.line} ${s.note}`).join('')}`);
    expect(flows).toEqual([
      'table:models_partner user.contact.phone_number -> views.py:7 via 16 run with objects of PartnerContacts',
      'table:models_customer user.contact.email -> views.py:7 via 11 run with objects of FlaggedCustomers',
    ]);
    expect(new Set(report.flows.map((f) => f.id)).size).toBe(report.flows.length);
  });

  it('follow PHP property defaults a subclass redeclares', async () => {
    const root = writeTree({
      'src/Export.php': [
        '<?php',
        'namespace App\\Export;',
        '',
        'abstract class Export',
        '{',
        '    protected $table = \'events\';',
        '    protected $path = \'/srv/exports/events.json\';',
        '',
        '    public function run(\\PDO $pdo): void',
        '    {',
        '        $rows = $pdo->query("SELECT * FROM " . $this->table)->fetchAll();',
        '        file_put_contents($this->path, json_encode($rows));',
        '    }',
        '}',
        '',
      ].join('\n'),
      'src/CustomerExport.php': [
        '<?php',
        'namespace App\\Export;',
        '',
        'final class CustomerExport extends Export',
        '{',
        '    protected $table = \'customers\';',
        '    protected $path = \'/srv/exports/customers.json\';',
        '}',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(functionJobs(report)).toEqual([
      'src/CustomerExport.php#1 CustomerExport.run: table:customers -> file:/srv/exports/customers.json (Export.run at src/Export.php:9)',
      'src/Export.php#3 Export.run: table:events -> file:/srv/exports/events.json',
    ]);
    // The statement as each class runs it.
    expect(sqlJobs(report)).toEqual(['src/Export.php#1 Export.run: SELECT * FROM events', 'src/Export.php#2 Export.run: SELECT * FROM customers']);
  });

  it('follow C++ virtual methods, and not data members a subclass shadows', async () => {
    const root = writeTree({
      'report.h': [
        '#pragma once',
        '#include <fstream>',
        '#include <string>',
        '#include <pqxx/pqxx>',
        '',
        'class Report {',
        ' public:',
        '  virtual ~Report() = default;',
        '  void Publish(pqxx::work& txn) {',
        '    pqxx::result rows = txn.exec(Query());',
        '    std::ofstream out(dir_ + Name() + ".csv");',
        '    for (const auto& row : rows) out << row[0].c_str() << "\\n";',
        '  }',
        '  virtual std::string Query() const = 0;',
        '  virtual std::string Name() const = 0;',
        '',
        ' protected:',
        '  std::string dir_ = "/srv/reports/";',
        '};',
        '',
        'class ChurnReport : public Report {',
        ' public:',
        '  std::string Query() const override { return "SELECT customer_id, email FROM churned_customers"; }',
        '  std::string Name() const override { return "churn"; }',
        '',
        ' protected:',
        '  // Shadows Report::dir_: Publish() still reads the base\'s member.',
        '  std::string dir_ = "/tmp/";',
        '};',
        '',
      ].join('\n'),
    });
    expect(functionJobs(await scanReport(root))).toEqual([
      'report.h#2 ChurnReport.Publish: table:churned_customers -> file:/srv/reports/churn.csv (Report.Publish at report.h:9)',
    ]);
  });

  it('are copied only where a subclass changes something that matters for data', async () => {
    const root = writeTree({
      'codec.py': [
        'import codecs',
        '',
        '',
        'class Writer:',
        '    def __init__(self, stream):',
        '        self.stream = stream',
        '',
        '    def encode(self, text):',
        '        return text',
        '',
        '    def write(self, text):',
        '        self.stream.write(self.encode(text))',
        '',
        '',
        'class Utf8Writer(Writer):',
        '    # Only computes: the data written is the same whatever encode() does.',
        '    def encode(self, text):',
        '        return codecs.utf_8_encode(text)[0]',
        '',
        '',
        'class Latin1Writer(Writer):',
        '    encode = codecs.latin_1_encode',
        '',
        '',
        'class FileWriter(Writer):',
        '    # Reaches data: write() run with these objects differs.',
        '    def encode(self, text):',
        '        with open("/var/log/app.log", "a") as log:',
        '            log.write(text)',
        '        return text',
        '',
      ].join('\n'),
    });
    const program = new Program((await extractTree(await scanOptions(root))).files);
    const copies = program.units.filter((u) => u.copyOf !== undefined).map((u) => program.resultName(u.index));
    expect(copies).toEqual(['FileWriter.write']);
  });

  it('stop at the inherited-copies budget with a gap', async () => {
    const root = writeTree({ 'jobs/base.py': EXPORT_BASE, 'jobs/exports.py': EXPORTS });
    const report = await scanReport(root, { budgets: { 'inherited-copies': 2 } });
    expect(functionJobs(report)).toEqual([
      'jobs/exports.py#1 CustomerExport.run: table:customers -> file:/srv/exports/customers.csv (Export.run at jobs/base.py:16)',
    ]);
    expect(report.gaps.filter((g) => g.kind === 'budget-exceeded').map((g) => `${g.file}:${g.line} ${g.detail}`)).toEqual([
      'jobs/exports.py:18 copies of inherited methods run with a subclass\'s objects: more than 2 (budget inherited-copies; raise it with --budget inherited-copies=<n>); 2 inherited methods, from OrderExport on, run with their own class\'s objects only',
    ]);
  });
});

describe('calls of a base\'s method from a subclass', () => {
  it('runs the base\'s method for super() in Python and parent:: in PHP, with the same object', async () => {
    const root = writeTree({
      'app.py': [
        'import logging',
        'import sqlite3',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'class Store:',
        '    def __init__(self, path, table):',
        '        self.conn = sqlite3.connect(path)',
        '        self.table = table',
        '',
        '    def save(self, row):',
        '        self.conn.execute(f"INSERT INTO {self.table} (email) VALUES (?)", (row["email"],))',
        '',
        '',
        'class AuditedStore(Store):',
        '    def __init__(self, path):',
        '        super().__init__(path, "customers")',
        '',
        '    def save(self, row):',
        '        log.info("saving %s", row["email"])',
        '        super().save(row)',
        '',
        '',
        'def handle(request):',
        '    AuditedStore("/srv/app.db").save({"email": request.POST["email"]})',
        '',
      ].join('\n'),
      'src/Store.php': [
        '<?php',
        'namespace App;',
        '',
        'class Store',
        '{',
        '    protected $table;',
        '    private $pdo;',
        '',
        '    public function __construct(\\PDO $pdo, string $table)',
        '    {',
        '        $this->pdo = $pdo;',
        '        $this->table = $table;',
        '    }',
        '',
        '    public function save(array $row): void',
        '    {',
        '        $this->pdo->prepare("INSERT INTO " . $this->table . " (email) VALUES (?)")->execute([$row[\'email\']]);',
        '    }',
        '}',
        '',
        'class AuditedStore extends Store',
        '{',
        '    public function __construct(\\PDO $pdo)',
        '    {',
        '        parent::__construct($pdo, \'subscribers\');',
        '    }',
        '',
        '    public function save(array $row): void',
        '    {',
        '        error_log(\'saving \' . $row[\'email\']);',
        '        parent::save($row);',
        '    }',
        '}',
        '',
        'function handle(\\PDO $pdo, array $input): void',
        '{',
        '    (new AuditedStore($pdo))->save([\'email\' => $input[\'email\']]);',
        '}',
        '',
      ].join('\n'),
    });
    // The table the subclass gives the base's constructor, written by the base's save().
    const report = await scanReport(root);
    expect(sqlJobs(report)).toEqual([
      'app.py#1 Store.save: INSERT INTO customers (email) VALUES (?)',
      'src/Store.php#1 Store.save: INSERT INTO subscribers (email) VALUES (?)',
    ]);
    expect(functionJobs(report)).toEqual([]);
  });

  it('runs the base\'s method for Base::Method() in C++, with this object', async () => {
    const root = writeTree({
      'store.h': [
        '#pragma once',
        '#include <string>',
        '#include <pqxx/pqxx>',
        '',
        'class Store {',
        ' public:',
        '  virtual ~Store() = default;',
        '  explicit Store(std::string table) : table_(std::move(table)) {}',
        '  virtual void Save(pqxx::work& txn, const std::string& email) {',
        '    txn.exec_params("INSERT INTO " + table_ + " (email) VALUES ($1)", email);',
        '  }',
        '',
        ' protected:',
        '  std::string table_;',
        '};',
        '',
        'class AuditedStore : public Store {',
        ' public:',
        '  AuditedStore() : Store("subscribers") {}',
        '  void Save(pqxx::work& txn, const std::string& email) override {',
        '    txn.exec_params("INSERT INTO audit_log (email) VALUES ($1)", email);',
        '    Store::Save(txn, email);',
        '  }',
        '};',
        '',
        'void Handle(pqxx::work& txn, const std::string& email) {',
        '  AuditedStore store;',
        '  store.Save(txn, email);',
        '}',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    // The table the base's constructor was given (`: Store("subscribers")`), written by the base's Save().
    expect(sqlJobs(report)).toEqual([
      'store.h#1 Store.Save: INSERT INTO subscribers (email) VALUES ($1)',
      'store.h#2 AuditedStore.Save: INSERT INTO audit_log (email) VALUES ($1)',
    ]);
    expect(functionJobs(report)).toEqual([]);
  });

  it('runs a base\'s copy for super() where the subclass sets what it reads', async () => {
    const root = writeTree({
      'jobs/base.py': EXPORT_BASE,
      'jobs/exports.py': [
        'import logging',
        '',
        'from jobs.base import Export',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'class CustomerExport(Export):',
        '    table = "customers"',
        '    path = "/srv/exports/customers.csv"',
        '',
        '    def run(self):',
        '        log.info("customer export starting")',
        '        super().run()',
        '',
      ].join('\n'),
    });
    // The job is the base's run() with the subclass's objects, which the subclass's own run() calls.
    expect(functionJobs(await scanReport(root))).toEqual([
      'jobs/exports.py#1 CustomerExport.run: table:customers -> file:/srv/exports/customers.csv (Export.run at jobs/base.py:16)',
    ]);
  });
});
