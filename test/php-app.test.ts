/**
 * A Laravel-style PHP app (fixtures/php-app): Eloquent models, a controller with a constructor-promoted service,
 * the DB facade's query builder, Stripe's and Segment's SDKs, and a job on PDO. Expectations reviewed by hand
 * against the fixture files.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { extractFixture } from './helpers/extract.js';
import { scanReport } from './helpers/scan.js';

const ROOT = path.join(REPO_ROOT, 'fixtures/php-app');
let report: Report;

beforeAll(async () => {
  report = await scanReport(ROOT);
});

describe('Laravel-style app (fixtures/php-app)', () => {
  it('maps the Eloquent models to their tables, by property and by convention, with the columns they list', async () => {
    const customer = (await extractFixture(ROOT, 'app/Models/Customer.php')).units.find((u) => u.kind === 'class')!;
    // $hidden: left out of the model's serialised form (a whole customer in a log context holds no tax id).
    // `orders()` returns `$this->hasMany(Order::class)`: `$customer->orders` are rows of the orders.
    expect(customer.asset).toEqual({
      kind: 'table', name: 'crm.customers', columns: ['country_code', 'email', 'full_name', 'phone', 'tax_id'], hidden: ['tax_id'],
      relations: [{ field: 'orders', target: 'App.Models.Order.Order' }],
    });
    expect(customer.bases).toEqual(['Illuminate.Database.Eloquent.Model.Model']);
    const order = (await extractFixture(ROOT, 'app/Models/Order.php')).units.find((u) => u.kind === 'class')!;
    // `customer()` returns `$this->belongsTo(Customer::class)`: its key is in `customer_id`.
    expect(order.asset).toEqual({
      kind: 'table', name: 'orders', columns: ['customer_id', 'status', 'total_cents'],
      relations: [{ field: 'customer', target: 'App.Models.Customer.Customer', column: 'customer_id' }],
    });
  });

  it('gives jobs to the units that move data: the create, the CSV export and the nightly PDO job', () => {
    const jobs = report.jobs.map((j) => `${j.id} ${j.kind === 'function' ? j.unit : j.operation}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`);
    expect(jobs).toEqual([
      // Customer::create([...request input...]): the class maps crm.customers.
      // It also queues SyncCustomerToCrm::dispatch($customer->id, $customer->email): the job's handle() posts them.
      'app/Http/Controllers/CustomerController.php#1 CustomerController.store: table:crm.customers -> api:api.crm-vendor.example/v3/contacts, table:crm.customers',
      // DB::table('crm.customers')->select(...)->...->get() written with fputcsv to storage_path('exports/...').
      'app/Http/Controllers/CustomerController.php#2 CustomerController.export: table:crm.customers -> file:exports/customers-de.csv',
      'app/Jobs/BuildOrderFacts.php#1 select: table:crm.customers, table:orders -> ',
      'app/Jobs/BuildOrderFacts.php#2 insert:  -> table:reporting.order_facts',
      // The rows of the SELECT are bound to the prepared INSERT in the loop.
      'app/Jobs/BuildOrderFacts.php#3 BuildOrderFacts.handle: table:crm.customers, table:orders -> table:reporting.order_facts',
      'app/Jobs/SyncCustomerToCrm.php#1 SyncCustomerToCrm.handle: table:crm.customers -> api:api.crm-vendor.example/v3/contacts',
      'database/schema.sql#1 create_table:  -> table:crm.customers',
      'database/schema.sql#2 create_table:  -> table:orders',
    ]);
  });

  it('traces the columns of the rows the job binds into its INSERT', () => {
    const job = report.jobs.find((j) => j.id === 'app/Jobs/BuildOrderFacts.php#3')!;
    // $insert->execute([$row['id'], $row['customer_id'], $row['total_cents'], $row['country_code'], $day]) on
    // INSERT INTO reporting.order_facts (order_id, customer_id, total_cents, country_code, day) VALUES (?, ?, ?, ?, ?)
    expect(job.columnLineage.map((c) => `${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      'country_code <- table:crm.customers.country_code',
      'customer_id <- table:orders.customer_id',
      'order_id <- table:orders.id',
      'total_cents <- table:orders.total_cents',
    ]);
  });

  it('reports the e-mail logged, the CSV of phone numbers, and what reaches Stripe and Segment across files', () => {
    const flows = report.flows.map((f) => `${path.basename(f.sink.file)}:${f.sink.line} ${f.sink.kind} ${f.sink.callee} <- ${f.source.asset ? `${f.source.asset}.${f.source.column}` : f.source.name}`);
    expect(flows).toEqual([
      // Log::info("customer profile viewed: {$customer->email}") after Customer::findOrFail($id).
      'CustomerController.php:22 log Illuminate.Support.Facades.Log.info <- table:crm.customers.email',
      'CustomerController.php:48 file fputcsv <- table:crm.customers.full_name',
      'CustomerController.php:48 file fputcsv <- table:crm.customers.phone',
      // `\Auth::user()->email`: the signed-in user, a row of Laravel's users table (the app has no User model).
      'CustomerController.php:51 log Illuminate.Support.Facades.Log.info <- table:users.email',
      // `$order->customer->email`: the order's belongsTo gives its customer, a row of crm.customers.
      'ChaseUnpaidOrders.php:18 log Illuminate.Support.Facades.Log.warning <- table:crm.customers.email',
      // The queued job's `contact` property holds the address the controller dispatched it with.
      'SyncCustomerToCrm.php:26 third_party Illuminate.Http.Client.PendingRequest.post <- request.email',
      // Analytics::identify($customer->id, $customer->email, ...) from the controller; in Analytics, the parameter `$email`.
      'Analytics.php:11 third_party Segment.Segment.identify <- email',
      'Analytics.php:11 third_party Segment.Segment.identify <- request.email',
      // $this->billing->registerCustomer($customer) on the promoted `BillingGateway $billing`; the record created holds
      // the request's input and is a row of crm.customers (its tax id).
      'BillingGateway.php:19 third_party Stripe.StripeClient.customers.create <- table:crm.customers.tax_id',
      'BillingGateway.php:19 third_party Stripe.StripeClient.customers.create <- customer.full_name',
      'BillingGateway.php:19 third_party Stripe.StripeClient.customers.create <- customer.email',
      'BillingGateway.php:19 third_party Stripe.StripeClient.customers.create <- request.email',
      'BillingGateway.php:19 third_party Stripe.StripeClient.customers.create <- request.full_name',
    ]);
    const toStripe = report.flows.find((f) => f.source.name === 'request.email' && f.sink.file.endsWith('BillingGateway.php'))!;
    expect(toStripe.path.map((p) => `${path.basename(p.file)}:${p.line} ${p.note}`)).toEqual([
      'CustomerController.php:28 read request.email',
      'CustomerController.php:33 passed to BillingGateway.registerCustomer()',
      'BillingGateway.php:17 customer = …',
      'BillingGateway.php:19 third_party sink Stripe.StripeClient.customers.create',
    ]);
  });

  it('does not mistake the program own Analytics class for an SDK, and logs no e-mail when only the id is logged', () => {
    expect(report.flows.some((f) => f.sink.callee.startsWith('App.'))).toBe(false);
    expect(report.flows.some((f) => f.sink.file.endsWith('CustomerController.php') && f.sink.line === 36)).toBe(false);
  });
});
