/**
 * Closures a collection or an array function runs with each element (`$users->each(fn ($u) => ...)`,
 * `array_map(fn ($r) => ..., $rows)`, Python's `map(lambda r: ..., rows)`): the closure's parameter is an element,
 * so what the closure reads of it is a column of the rows, and `map` is what the closure returns.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flows = (report: Report) => report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.asset ?? f.source.name}${f.source.column ? `.${f.source.column}` : ' (whole rows)'}`);

const CUSTOMER = [
  '<?php',
  '',
  'namespace App\\Models;',
  '',
  'use Illuminate\\Database\\Eloquent\\Model;',
  '',
  'class Customer extends Model',
  '{',
  "    protected $table = 'customers';",
  "    protected $fillable = ['email', 'phone', 'date_of_birth', 'plan'];",
  '}',
  '',
].join('\n');

const DIGEST = [
  '<?php',
  '',
  'namespace App\\Jobs;',
  '',
  'use App\\Models\\Customer;',
  'use Illuminate\\Support\\Facades\\Http;',
  'use Illuminate\\Support\\Facades\\Log;',
  '',
  'class WeeklyDigest',
  '{',
  '    public function handle(): void',
  '    {',
  "        $customers = Customer::where('plan', 'pro')->get();",
  '        $customers->each(function (Customer $customer) {',
  "            Log::info('digest queued', ['email' => $customer->email]);",
  '        });',
  '        $phones = $customers->map(fn ($c) => $c->phone);',
  "        Http::post('https://sms.vendor.example/v1/batch', ['to' => $phones->all()]);",
  "        $adults = $customers->filter(fn ($c) => $c->date_of_birth !== null);",
  "        Log::debug('adults', ['first' => $adults->first()]);",
  '    }',
  '',
  '    public function export(array $rows): void',
  '    {',
  "        $emails = array_map(fn ($row) => $row->email, Customer::all()->all());",
  "        file_put_contents('/srv/exports/emails.txt', implode(\"\\n\", $emails));",
  "        $total = array_reduce($rows, fn ($sum, $row) => $sum + $row['amount'], 0);",
  "        Log::info('total', ['total' => $total]);",
  '    }',
  '}',
  '',
].join('\n');

describe('closures run with each element of a collection', () => {
  it('read the rows\' columns, and map is what the closure returns', async () => {
    const report = await scanReport(writeTree({ 'app/Models/Customer.php': CUSTOMER, 'app/Jobs/WeeklyDigest.php': DIGEST }));
    expect(flows(report)).toEqual([
      '15 log <- table:customers.email',
      // Only the phone numbers are sent: not every column of the customers.
      '18 third_party <- table:customers.phone',
      // `filter` keeps whole rows, and `first()` is one of them.
      '20 log <- table:customers (whole rows)',
      '26 file <- table:customers.email',
    ]);
  });
});

const RETENTION = [
  'import functools',
  'import logging',
  '',
  'log = logging.getLogger(__name__)',
  '',
  '',
  'def churn_report(conn):',
  '    rows = conn.execute("SELECT email, phone, last_login FROM crm.customers").fetchall()',
  '    emails = list(map(lambda r: r["email"], rows))',
  '    log.info("churned: %s", ", ".join(emails))',
  '    recent = sorted(rows, key=lambda r: r["last_login"])',
  '    log.info("most recent phone %s", recent[-1]["phone"])',
  '    oldest = min(rows, key=lambda r: r["last_login"])',
  '    log.info("oldest %s", oldest["email"])',
  '    reachable = filter(lambda r: r["phone"] is not None, rows)',
  '    for row in reachable:',
  '        log.debug("reachable %s", row["email"])',
  '    digest = functools.reduce(lambda acc, r: acc + r["phone"], rows, "")',
  '    log.debug("digest %s", digest)',
  '',
].join('\n');

describe('lambdas run with each element of a collection', () => {
  it('read the rows\' columns: map is what the lambda returns, sorted, min and filter keep the rows', async () => {
    const report = await scanReport(writeTree({ 'jobs/churn.py': RETENTION }));
    expect(flows(report)).toEqual([
      // Only the emails: the lambda picks them (before, every column the lambda or the rows held).
      '10 log <- table:crm.customers.email',
      // The key only orders the rows: the phone read from a row is the phone.
      '12 log <- table:crm.customers.phone',
      '14 log <- table:crm.customers.email',
      '17 log <- table:crm.customers.email',
      '19 log <- table:crm.customers.phone',
    ]);
  });
});

const CLEAN = [
  'import logging',
  '',
  'import pandas as pd',
  'import requests',
  '',
  'log = logging.getLogger(__name__)',
  '',
  '',
  'def clean(engine):',
  '    df = pd.read_sql("SELECT email, phone, first_name, last_name, plan FROM crm.customers", engine)',
  '    df["domain"] = df["email"].apply(lambda e: e.split("@")[1])',
  '    df["label"] = df.apply(lambda r: r["plan"].upper(), axis=1)',
  '    log.info("labels %s", df["label"].tolist())',
  '    names = df.apply(lambda r: f"{r[\'first_name\']} {r[\'last_name\']}", axis=1)',
  '    requests.post("https://api.vendor.example/names", json={"names": names.tolist()})',
  '    df.to_csv("/srv/out/clean.csv")',
  '',
].join('\n');

describe('pandas apply', () => {
  it('runs the lambda with each row or value: a new column comes from the columns the lambda reads', async () => {
    const report = await scanReport(writeTree({ 'etl/clean.py': CLEAN }));
    // The label is the plan alone (before, every column of the frame reached the log); the names sent are the names.
    expect(flows(report).filter((f) => /^(13|15) /.test(f))).toEqual([
      '15 third_party <- table:crm.customers.first_name',
      '15 third_party <- table:crm.customers.last_name',
    ]);
    const job = report.jobs.find((j) => j.kind === 'function')!;
    expect(job.columnLineage.map((c) => `${c.output.column} <- ${c.inputs.map((i) => i.column).join(', ')}`)).toEqual([
      'names <- first_name, last_name',
      'domain <- email',
      'label <- plan',
    ]);
  });
});

const NOTIFY = [
  'import itertools',
  'import logging',
  'from multiprocessing import Pool',
  '',
  'log = logging.getLogger(__name__)',
  '',
  '',
  'def notify(email, phone):',
  '    log.info("notifying %s", email)',
  '',
  '',
  'def audit(phone, email):',
  '    log.info("audited %s", phone)',
  '',
  '',
  'def run(conn):',
  '    rows = conn.execute("SELECT email, phone FROM crm.customers").fetchall()',
  '    list(itertools.starmap(notify, rows))',
  '    with Pool(4) as pool:',
  '        pool.starmap(audit, [(r["phone"], r["email"]) for r in rows])',
  '',
].join('\n');

describe('starmap', () => {
  it('calls the function with each element\'s items as its arguments, in order', async () => {
    const report = await scanReport(writeTree({ 'jobs/notify.py': NOTIFY }));
    // Each function logs its first parameter only: the email in `notify`, the phone in `audit`.
    expect([...new Set(flows(report))]).toEqual([
      '9 log <- table:crm.customers.email',
      '13 log <- table:crm.customers.phone',
    ]);
  });
});

const ITERATE = [
  'import logging',
  '',
  'import pandas as pd',
  '',
  'log = logging.getLogger(__name__)',
  '',
  '',
  'def report(engine):',
  '    df = pd.read_sql("SELECT email, phone, plan FROM crm.customers", engine)',
  '    for _, row in df.iterrows():',
  '        log.info("plan %s", row["plan"])',
  '    for name, column in df.items():',
  '        log.info("column %s", name)',
  '    for index, row in df.iterrows():',
  '        log.info("phone %s", row["phone"])',
  '',
].join('\n');

describe('pandas iteration', () => {
  it('iterrows() and items() pair an index or a column name with a row or a column', async () => {
    const report = await scanReport(writeTree({ 'etl/report.py': ITERATE }));
    // Before, the index stood for the first column (email) and the row for the second (phone): lines 11 and 13
    // logged them.
    expect(flows(report)).toEqual(['15 log <- table:crm.customers.phone']);
  });
});
