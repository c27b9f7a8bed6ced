/**
 * A Django app (fixtures/python-django-app): ORM models mapped to tables by Django's conventions, views reading
 * request fields, a task reading the ORM. Expectations reviewed by hand against the fixture files.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';

let report: Report;

beforeAll(async () => {
  report = await scanReport(path.join(REPO_ROOT, 'fixtures/python-django-app'));
});

describe('Django app (fixtures/python-django-app)', () => {
  it('maps models to tables: <app>_<model> by default, Meta.db_table when set, with their field columns', () => {
    const tables = report.assets.filter((a) => a.kind === 'table').map((a) => [a.id, a.columns, a.locations.map((l) => `${l.file}:${l.line}`)]);
    expect(tables).toEqual([
      ['table:shop_customer', ['created_at', 'date_of_birth', 'email', 'full_name', 'id', 'marketing_opt_in', 'phone'], ['shop/models.py:4', 'shop/views.py:13']],
      ['table:shop_orders', ['customer', 'shipping_address', 'status', 'total_cents'], ['shop/models.py:13', 'shop/views.py:33']],
    ]);
    expect(report.assets.find((a) => a.id === 'table:shop_customer')?.categories).toEqual([
      'user.contact.email', 'user.contact.phone_number', 'user.demographic.date_of_birth', 'user.name',
    ]);
  });

  it('gives views and tasks that write through the ORM or to files their jobs', () => {
    expect(report.jobs.map((j) => `${j.kind} ${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      'function nightly_export: table:shop_customer -> file:exports/customers.json',
      // Customer.objects.raw("SELECT ..."): the statement, and the function that writes its rows to a file.
      'sql lapsed_customers_report: table:shop_customer -> ',
      'function lapsed_customers_report: table:shop_customer -> file:exports/lapsed.csv',
      'function signup:  -> table:shop_customer',
      'function checkout:  -> table:shop_orders',
    ]);
  });

  it('reports request fields and model columns that reach logs, cookies, vendors, mail and files', () => {
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} ${f.sink.callee} <- ${f.source.asset ? `${f.source.asset}.${f.source.column} as ` : ''}${f.source.name}`)).toEqual([
      'shop/tasks.py:10 email django.core.mail.send_mail <- table:shop_customer.full_name as customer.full_name',
      'shop/tasks.py:16 file json.dump <- table:shop_customer.email as email',
      'shop/tasks.py:26 file io.TextIOWrapper.write <- table:shop_customer.phone as customer.phone',
      'shop/views.py:16 log logging.Logger.info <- request.POST.email',
      'shop/views.py:18 cookie django.http.JsonResponse.set_cookie <- request.POST.email',
      'shop/views.py:28 third_party sentry_sdk.set_user <- request.user.email',
      'shop/views.py:39 third_party stripe.Charge.create <- request.user.email',
    ]);
    expect(report.flows.find((f) => f.sink.kind === 'file')?.sink.target).toBe('exports/customers.json');
  });

  it('does not report the profile page: the customer object is rendered, no sensitive field is read', () => {
    expect(report.flows.filter((f) => f.sink.line === 24)).toEqual([]);
  });

  it('does not report an order looked up by the customer\'s address: query criteria are not row data', () => {
    expect(report.flows.filter((f) => f.sink.file === 'shop/views.py' && f.sink.line === 47)).toEqual([]);
  });
});
