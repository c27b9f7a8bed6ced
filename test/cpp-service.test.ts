/**
 * A C++ service over several files (fixtures/cpp-service): declarations in include/billing/, definitions in src/,
 * a DAO over SQLite and one over libpqxx, a notifier that logs, posts and writes a file, wired by main().
 * Expectations reviewed by hand against the fixture files.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { extractFixture as extract } from './helpers/extract.js';
import { scanReport } from './helpers/scan.js';

const ROOT = path.join(REPO_ROOT, 'fixtures/cpp-service');
const extractFixture = (file: string) => extract(ROOT, file);

let report: Report;

beforeAll(async () => {
  report = await scanReport(ROOT);
});

const t = (name: string) => `table:${name}`;

describe('C++ billing service (fixtures/cpp-service)', () => {
  it('finds the SQL of both DAOs: prepared and bound statements, string-built SQL, libpqxx parameters', () => {
    const sql = report.jobs.flatMap((j) => (j.kind === 'sql' ? [`${j.file}:${j.line} ${j.callee}@${j.callLine} ${j.operation} ${j.inputs.join(',')} -> ${j.outputs.join(',')}`] : []));
    expect(sql).toEqual([
      // kSelectCustomer, a constant of two adjacent literals, prepared into &stmt at line 16.
      'src/customer_repository.cpp:10 sqlite3_prepare_v2@16 select table:customers -> ',
      // A literal over two lines passed directly; its five `?` are bound below.
      'src/customer_repository.cpp:38 sqlite3_prepare_v2@37 insert  -> table:customers',
      // "UPDATE customers SET full_name = '" + full_name + "' WHERE id = " + std::to_string(id)
      'src/customer_repository.cpp:54 sqlite3_exec@55 update  -> table:customers',
      // txn.exec_params on `pqxx::work txn{conn_}`.
      'src/invoice_store.cpp:8 pqxx.work.exec_params@7 insert  -> table:billing.invoices',
      'src/invoice_store.cpp:17 pqxx.work.exec_params@17 select table:billing.invoices -> ',
    ]);
  });

  it('keys the values bound to a prepared statement by the columns of its parameters, at the statement step', async () => {
    const insert = report.jobs.find((j) => j.kind === 'sql' && j.line === 38)!;
    expect(insert.kind === 'sql' && insert.sql).toBe('INSERT INTO customers (id, email, full_name, tax_id, country) \nVALUES (?, ?, ?, ?, ?)');
    const facts = await extractFixture('src/customer_repository.cpp');
    const save = facts.units.find((u) => u.name === 'CustomerRepository.save')!;
    const step = save.steps.find((s) => s.op === 'sql')!;
    // The sql step is placed where sqlite3_step runs it (line 46), after the five sqlite3_bind_* calls, and keeps
    // the line of the prepare; from there the handle holds the statement's rows.
    expect(step.line).toBe(37);
    expect(save.steps[save.steps.indexOf(step) + 1]).toEqual({ op: 'assign', line: 46, target: { name: 'stmt' }, value: [{ slot: 0 }], weak: true });
    expect(step.op === 'sql' && step.binds).toEqual([{ items: [
      { key: 'id', value: [{ ref: 'customer', path: ['id'] }] },
      { key: 'email', value: [{ ref: 'customer', path: ['email'] }] },
      { key: 'full_name', value: [{ ref: 'customer', path: ['full_name'] }] },
      { key: 'tax_id', value: [{ ref: 'customer', path: ['tax_id'] }] },
      { key: 'country', value: [{ ref: 'customer', path: ['country'] }] },
    ] }]);
  });

  it('reads result columns by position: sqlite3_column_text(stmt, 1) is the SELECT\'s email', async () => {
    const facts = await extractFixture('src/customer_repository.cpp');
    const find = facts.units.find((u) => u.name === 'CustomerRepository.find')!;
    const email = find.steps.find((s) => s.op === 'assign' && s.target.path?.[0] === 'email')!;
    const sql = find.steps.find((s) => s.op === 'sql')!;
    expect(email.op === 'assign' && email.value).toEqual([{ slot: sql.op === 'sql' ? sql.slot : -1, path: ['email'] }]);
  });

  it('gives main() the job its callees do: the customer row read through the repository, sent on and stored', () => {
    const functions = report.jobs.flatMap((j) => (j.kind === 'function' ? [`${j.id} ${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`] : []));
    expect(functions).toEqual([
      // customers.find() -> invoices.record() (INSERT INTO billing.invoices) and notifier.invoice_sent() (curl POST).
      'src/main.cpp#1 main: table:customers -> api:api.payvendor.example/v1/invoices, table:billing.invoices',
      // post_to_vendor() sends what its caller gives it to the URL bound with CURLOPT_URL.
      'src/notifier.cpp#1 Notifier.post_to_vendor:  -> api:api.payvendor.example/v1/invoices',
    ]);
    // txn.exec_params("INSERT INTO billing.invoices (customer_id, billing_email, ...) VALUES ($1, $2, ...)", customer.id, customer.email, ...)
    const main = report.jobs.find((j) => j.id === 'src/main.cpp#1')!;
    // The request body built of the id and the tax id: into the vendor's API as a whole (no field names it).
    expect(main.columnLineage.map((c) => `${c.output.asset}.${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      'api:api.payvendor.example/v1/invoices.* <- table:customers.id, table:customers.tax_id',
      'table:billing.invoices.billing_email <- table:customers.email',
      'table:billing.invoices.customer_id <- table:customers.id',
    ]);
    expect(report.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual([
      'table:customers -> api:api.payvendor.example/v1/invoices',
      'table:customers -> table:billing.invoices',
    ]);
  });

  it('gives the vendor\'s API the categories of the columns in the body it is sent, not all of the table\'s', () => {
    expect(report.assets.find((a) => a.id === 'api:api.payvendor.example/v1/invoices')?.categories).toEqual([
      'user.government_id.national_identification_number',
    ]);
  });

  it('reports the e-mail logged and written to the audit file and the tax id posted, from the column read in another file', () => {
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} ${f.sink.callee} <- ${f.source.asset}.${f.source.column}${f.sink.target ? ` -> ${f.sink.target}` : ''}`)).toEqual([
      'src/notifier.cpp:16 log spdlog.info <- table:customers.email',
      'src/notifier.cpp:25 file std.ofstream.operator<< <- table:customers.email',
      'src/notifier.cpp:34 third_party curl_easy_setopt <- table:customers.tax_id -> api.payvendor.example/v1/invoices',
    ]);
    const posted = report.flows[2]!;
    expect(posted.path.map((p) => `${p.file}:${p.line} ${p.note}`)).toEqual([
      'src/customer_repository.cpp:16 read table:customers.tax_id (sqlite3_prepare_v2)',
      'src/customer_repository.cpp:27 customer.tax_id = …',
      'src/customer_repository.cpp:29 found = …',
      'src/customer_repository.cpp:32 returned by CustomerRepository.find',
      'src/main.cpp:23 customer = …',
      'src/main.cpp:30 passed to Notifier.invoice_sent()',
      'src/notifier.cpp:19 body = …',
      'src/notifier.cpp:34 third_party sink curl_easy_setopt',
    ]);
  });

  it('parses every file cleanly and reports no blind spot', () => {
    expect(report.summary.languages.cpp).toEqual({ files: 8, lines: 237, parseErrorFiles: 0 });
    expect(report.gaps).toEqual([]);
  });
});
