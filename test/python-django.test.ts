/**
 * A Django app (fixtures/python-django-app): ORM models mapped to tables by Django's conventions, views reading
 * request fields, tasks reading the ORM, a Celery task queued by a view. Expectations reviewed by hand against the fixture files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { openLineageEvents } from '../src/report/openlineage/index.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

let report: Report;

/** The line of the fixture file holding `text` (so the negative tests follow the file when it changes). */
function lineOf(file: string, text: string): number {
  const lines = readFileSync(path.join(REPO_ROOT, 'fixtures/python-django-app', file), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(text));
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

beforeAll(async () => {
  report = await scanReport(path.join(REPO_ROOT, 'fixtures/python-django-app'));
});

describe('Django app (fixtures/python-django-app)', () => {
  it('maps models to tables: <app>_<model> by default, Meta.db_table when set, with their field columns', () => {
    const tables = report.assets.filter((a) => a.kind === 'table').map((a) => [a.id, a.columns, a.locations.map((l) => `${l.file}:${l.line}`)]);
    expect(tables).toEqual([
      // Django's own groups and users (`shop/staff.py`), which the program imports or gets from get_user_model():
      // the framework's tables and columns, named where the program uses them (where it writes them, if it does).
      ['table:auth_group', ['id', 'name'], ['shop/staff.py:6']],
      ['table:auth_user', ['date_joined', 'email', 'first_name', 'id', 'is_active', 'is_staff', 'is_superuser', 'last_login', 'last_name', 'password', 'username'], ['shop/staff.py:31']],
      // The customer's one-to-one field to the user model is stored in `user_id`.
      ['table:shop_customer', ['created_at', 'date_of_birth', 'email', 'full_name', 'id', 'marketing_opt_in', 'phone', 'user_id'], ['shop/api.py:29', 'shop/models.py:5', 'shop/views.py:14', 'shop/viewsets.py:51']],
      // Django's implicit key `id` is a column of every model that declares no primary key.
      // The foreign key `customer` is stored in `customer_id`, as Django names its column.
      ['table:shop_orders', ['customer_id', 'id', 'shipping_address', 'status', 'total_cents'], ['shop/fulfilment.py:37', 'shop/models.py:21', 'shop/views.py:35']],
    ]);
    expect(report.assets.find((a) => a.id === 'table:shop_customer')?.categories).toEqual([
      'user.contact.email', 'user.contact.phone_number', 'user.demographic.date_of_birth', 'user.name',
    ]);
  });

  it('gives views and tasks that write through the ORM or to files their jobs', () => {
    expect(report.jobs.map((j) => `${j.kind} ${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      // REST framework: a serializer made with the request's data and saved writes its Meta.model's table, in a view
      // function and in a viewset's create (which the framework calls). A serializer's save() is no job of its own.
      'function register:  -> table:shop_customer',
      // A delivery sheet of each order's address and its customer's name (`order.customer.full_name`): both tables.
      'function write_delivery_sheet: table:shop_customer, table:shop_orders -> file:exports/deliveries.csv',
      // `Order.objects.create(customer=previous.customer, ...)`: the customer's key into the foreign key's column.
      'function reorder: table:shop_customer -> table:shop_orders',
      // values_list("id", "customer__email"): a lookup through the foreign key reads the customers' table too.
      'function export_open_order_contacts: table:shop_customer, table:shop_orders -> file:exports/open_order_contacts.csv',
      // The customer's `mailing_name` property (its name and e-mail) posted to a courier: the customers' table.
      'function notify_courier: table:shop_customer -> api:api.courier.example/v1/notices',
      // Staff accounts are Django's users (get_user_model(), no custom user model): read, and written by create_user.
      'function sync_staff_newsletter: table:auth_user -> api:us1.api.mailchimp.com/3.0/lists/staff/members',
      'function invite_support_agent:  -> table:auth_user',
      'function nightly_export: table:shop_customer -> file:exports/customers.json',
      // Customer.objects.raw("SELECT ..."): the statement, and the function that writes its rows to a file.
      'sql lapsed_customers_report: table:shop_customer -> ',
      'function lapsed_customers_report: table:shop_customer -> file:exports/lapsed.csv',
      // model_to_dict(customer) posted whole to a helpdesk, and two of its fields to an analytics vendor.
      'function push_to_helpdesk: table:shop_customer -> api:api.helpdesk.example/v1/users, api:collect.analytics.example/v1/identify',
      // The Celery task it queues (`sync_to_crm.delay(...)`) posts to the CRM with the arguments it is given.
      'function signup:  -> api:api.crmvendor.example/v2/contacts, table:shop_customer',
      // `customer=request.user.customer`: the signed-in user's customer (the one-to-one field's other side), its key.
      'function checkout: table:shop_customer -> table:shop_orders',
      'function CustomerSignup.create:  -> table:shop_customer',
    ]);
  });

  it('reports request fields and model columns that reach logs, cookies, vendors, mail and files', () => {
    const source = (f: Report['flows'][number]) => (!f.source.asset ? f.source.name
      : f.source.column ? `${f.source.asset}.${f.source.column} as ${f.source.name}` : `all of ${f.source.asset}`);
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} ${f.sink.callee} <- ${source(f)}`)).toEqual([
      // Django REST framework serializers: the customer and the order as their Meta lists them.
      'shop/api.py:13 response rest_framework.response.Response <- all of table:shop_customer',
      'shop/api.py:24 http requests.post <- all of table:shop_customer',
      'shop/api.py:24 http requests.post <- all of table:shop_orders',
      // Fields a serializer declares: the recipient's name by `source="customer.full_name"`, the phone its
      // get_phone() returns; the customer's key (PrimaryKeyRelatedField) is no data.
      'shop/api.py:39 http requests.post <- all of table:shop_orders',
      'shop/api.py:39 http requests.post <- table:shop_customer.full_name as instance.customer.full_name',
      'shop/api.py:39 http requests.post <- table:shop_customer.phone as instance.customer.phone',
      // A nested serializer: each order's customer as CustomerSerializer shows them.
      'shop/api.py:46 response rest_framework.response.Response <- all of table:shop_customer',
      // Through the orders' foreign key: `order.customer` is a customer's row, so its columns are the customers'.
      'shop/fulfilment.py:15 log logging.Logger.warning <- table:shop_customer.email as order.customer.email',
      'shop/fulfilment.py:22 file csv.writer.writerow <- table:shop_orders.shipping_address as order.shipping_address',
      'shop/fulfilment.py:22 file csv.writer.writerow <- table:shop_customer.full_name as order.customer.full_name',
      'shop/fulfilment.py:47 file csv.writer.writerows <- table:shop_customer.email as customer__email',
      // A property read runs its getter: `order.customer.mailing_name` is the customer's name and e-mail, as it reads them.
      'shop/fulfilment.py:53 third_party requests.post <- table:shop_customer.email as self.email',
      'shop/fulfilment.py:53 third_party requests.post <- table:shop_customer.full_name as self.full_name',
      // Staff members' addresses and names to the newsletter vendor, by position of values_list's tuples; a dormant
      // account's user name logged.
      'shop/staff.py:18 third_party requests.post <- table:auth_user.first_name as first_name',
      'shop/staff.py:18 third_party requests.post <- table:auth_user.email as email',
      'shop/staff.py:28 log logging.Logger.warning <- table:auth_user.username as user.username',
      'shop/tasks.py:13 email django.core.mail.send_mail <- table:shop_customer.full_name as customer.full_name',
      'shop/tasks.py:19 file json.dump <- table:shop_customer.email as email',
      'shop/tasks.py:29 file io.TextIOWrapper.write <- table:shop_customer.phone as customer.phone',
      // The task's parameter `contact` says nothing; the address the signup view queued it with does.
      'shop/tasks.py:35 third_party requests.post <- request.POST.email',
      // model_to_dict shows every field of the customer, whatever its class's __str__ would show.
      'shop/tasks.py:45 third_party requests.post <- all of table:shop_customer',
      'shop/views.py:17 log logging.Logger.info <- request.POST.email',
      'shop/views.py:20 cookie django.http.JsonResponse.set_cookie <- request.POST.email',
      // request.user is the signed-in user: a row of Django's user table (the shop has no user model of its own).
      'shop/views.py:30 third_party sentry_sdk.set_user <- table:auth_user.email as request.user.email',
      'shop/views.py:41 third_party stripe.Charge.create <- table:auth_user.email as request.user.email',
      // REST framework views the framework calls: each responds with its rows through its serializer.
      'shop/viewsets.py:7 response rest_framework.response.Response <- all of table:shop_customer',
      'shop/viewsets.py:14 response rest_framework.response.Response <- all of table:shop_customer',
      'shop/viewsets.py:32 response self.get_paginated_response <- all of table:shop_orders',
      // FlaggedCustomers runs the list() of its base BackofficeList (line 57) with its own queryset and serializer.
      'shop/viewsets.py:57 response rest_framework.response.Response <- all of table:shop_customer',
    ]);
    const flagged = report.flows.find((f) => f.sink.file === 'shop/viewsets.py' && f.sink.line === 57)!;
    expect(flagged.path.map((p) => `${p.line} ${p.note}`)).toContain(`${lineOf('shop/viewsets.py', 'class FlaggedCustomers')} run with objects of FlaggedCustomers`);
    expect(report.flows.find((f) => f.sink.kind === 'file' && f.sink.file === 'shop/tasks.py')?.sink.target).toBe('exports/customers.json');
  });

  it('shows through a REST framework serializer the fields its Meta lists, all for "__all__", none it excludes', () => {
    const at = (line: number) => report.flows.filter((f) => f.sink.file === 'shop/api.py' && f.sink.line === line)
      .map((f) => `${f.source.asset} [${f.categories.join(', ')}]`);
    // fields = ["id", "email", "full_name", "phone"]
    expect(at(lineOf('shop/api.py', 'return Response(CustomerSerializer(customer).data)'))).toEqual([
      'table:shop_customer [user.contact.email, user.contact.phone_number, user.name]',
    ]);
    // The order with every field, and the customer without the e-mail address, phone number and birth date.
    expect(at(lineOf('shop/api.py', 'requests.post(f"{settings.FULFILMENT_URL}/shipments"'))).toEqual([
      'table:shop_customer [user.name]',
      'table:shop_orders [user.contact.address]',
    ]);
  });

  it('responds from REST framework views and viewsets with their rows, as their serializer shows them', () => {
    const at = (line: number) => report.flows.filter((f) => f.sink.file === 'shop/viewsets.py' && f.sink.line === line)
      .map((f) => `${f.source.asset} [${f.categories.join(', ')}]`);
    // A read-only viewset: `queryset` through `serializer_class` (e-mail, name, phone), for list and retrieve alike.
    expect(at(lineOf('shop/viewsets.py', 'class CustomerDirectory('))).toEqual([
      'table:shop_customer [user.contact.email, user.contact.phone_number, user.name]',
    ]);
    // A list view whose own get_queryset() gives the rows; its serializer leaves out the contact fields.
    expect(at(lineOf('shop/viewsets.py', 'class PartnerRecipients('))).toEqual(['table:shop_customer [user.name]']);
    // A list written in the view, through get_serializer(...) and a paginated response: the shipping address.
    expect(at(lineOf('shop/viewsets.py', 'return self.get_paginated_response(serializer.data)'))).toEqual([
      'table:shop_orders [user.contact.address]',
    ]);
    // A view whose get_serializer_class() gives a serializer that shows the id and status only.
    expect(at(lineOf('shop/viewsets.py', 'class OrderStatus('))).toEqual([]);
  });

  it('does not report the profile page: the customer object is rendered, no sensitive field is read, and a model without __str__ shows none', () => {
    const line = lineOf('shop/views.py', 'return render(request, "shop/profile.html"');
    expect(report.flows.filter((f) => f.sink.file === 'shop/views.py' && f.sink.line === line)).toEqual([]);
  });

  it('does not report the fields model_to_dict is told to show when none of them is sensitive', () => {
    const line = lineOf('shop/tasks.py', '"https://collect.analytics.example/v1/identify"') - 1;
    expect(report.flows.filter((f) => f.sink.file === 'shop/tasks.py' && f.sink.line === line)).toEqual([]);
  });

  it('gives the helpdesk\'s API every category of the customer posted whole and the analytics API none, with no `*` column', () => {
    const categories = (id: string) => report.assets.find((a) => a.id === id)?.categories;
    expect(categories('api:api.helpdesk.example/v1/users')).toEqual([
      'user.contact.email', 'user.contact.phone_number', 'user.demographic.date_of_birth', 'user.name',
    ]);
    expect(categories('api:collect.analytics.example/v1/identify')).toEqual([]);
    // The customers' phone numbers written into a CSV line: that column's category only.
    expect(categories('file:exports/lapsed.csv')).toEqual(['user.contact.phone_number']);
    expect(report.assets.filter((a) => a.columns.includes('*'))).toEqual([]);
    const job = report.jobs.find((j) => j.unit === 'push_to_helpdesk')!;
    expect(job.columnLineage.map((c) => `${c.output.asset}.${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      'api:api.helpdesk.example/v1/users.* <- table:shop_customer.*',
      // The fields listed: the implicit key `id` and the opt-in flag.
      'api:collect.analytics.example/v1/identify.* <- table:shop_customer.id, table:shop_customer.marketing_opt_in',
    ]);
    // Into an output as a whole is no field of OpenLineage's column lineage.
    expect(JSON.stringify(openLineageEvents(report))).not.toContain('"*"');
  });

  it('does not report an order looked up by the customer\'s address: query criteria are not row data', () => {
    const line = lineOf('shop/views.py', 'logger.info("resending receipt');
    expect(report.flows.filter((f) => f.sink.file === 'shop/views.py' && f.sink.line === line)).toEqual([]);
  });
});

describe('Django models, case by case', () => {
  it('shows through a view\'s get_serializer(...) the rows it is given, where nothing else makes that serializer', async () => {
    const found = await scanReport(writeTree({
      'crm/__init__.py': '',
      'crm/models.py': [
        'from django.db import models',
        '',
        'class Lead(models.Model):',
        '    email = models.EmailField()',
        '    source = models.CharField(max_length=40)',
        '',
      ].join('\n'),
      'crm/views.py': [
        'from rest_framework import serializers, viewsets',
        'from rest_framework.response import Response',
        '',
        'from .models import Lead',
        '',
        '',
        'class LeadSerializer(serializers.ModelSerializer):',
        '    class Meta:',
        '        model = Lead',
        '        fields = ["id", "email", "source"]',
        '',
        '',
        'class LeadViewSet(viewsets.GenericViewSet):',
        '    queryset = Lead.objects.all()',
        '    serializer_class = LeadSerializer',
        '',
        '    def list(self, request):',
        '        serializer = self.get_serializer(self.get_queryset(), many=True)',
        '        return Response({"leads": serializer.data})',
        '',
      ].join('\n'),
    }));
    // get_serializer passes what it is given on to the serializer class as `*args`: the constructor's `instance`.
    expect(found.flows.map((f) => `${f.sink.file}:${f.sink.line} <- ${f.source.asset} [${f.categories.join(', ')}]`)).toEqual([
      'crm/views.py:19 <- table:crm_lead [user.contact.email]',
    ]);
  });

  it('shows the fields a serializer declares: by source, by method, and nested serializers as they show their object', () => {
    const at = (line: number) => report.flows.filter((f) => f.sink.file === 'shop/api.py' && f.sink.line === line)
      .map((f) => `${f.source.asset}${f.source.column ? `.${f.source.column}` : ''} [${f.categories.join(', ')}]`);
    expect(at(lineOf('shop/api.py', 'json=ShippingLabelSerializer(order).data'))).toEqual([
      'table:shop_orders [user.contact.address]',
      'table:shop_customer.full_name [user.name]',
      'table:shop_customer.phone [user.contact.phone_number]',
    ]);
    // CustomerSerializer's fields (no birth date), for every order of the list.
    expect(at(lineOf('shop/api.py', 'OrderHistorySerializer(orders, many=True)'))).toEqual([
      'table:shop_customer [user.contact.email, user.contact.phone_number, user.name]',
    ]);
  });

  it('follows a slug field, a method field\'s method_name and a nested serializer\'s source; a key field shows nothing', async () => {
    const found = await scanReport(writeTree({
      'shop/__init__.py': '',
      'shop/models.py': [
        'from django.db import models',
        '',
        'class Customer(models.Model):',
        '    email = models.EmailField()',
        '    phone = models.CharField(max_length=40)',
        '',
        'class Ticket(models.Model):',
        '    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)',
        '    subject = models.CharField(max_length=200)',
        '',
      ].join('\n'),
      'shop/api.py': [
        'from rest_framework import serializers',
        'from rest_framework.decorators import api_view',
        'from rest_framework.response import Response',
        'from .models import Ticket',
        '',
        'class EmailOnly(serializers.Serializer):',
        '    email = serializers.EmailField()',
        '',
        'class TicketSerializer(serializers.ModelSerializer):',
        '    reply_to = serializers.SlugRelatedField(source="customer", slug_field="email", read_only=True)',
        '    callback = serializers.SerializerMethodField(method_name="callback_number")',
        '    owner = serializers.PrimaryKeyRelatedField(source="customer", read_only=True)',
        '    contact = EmailOnly(source="customer")',
        '',
        '    class Meta:',
        '        model = Ticket',
        '        fields = ["id", "subject", "reply_to", "callback", "owner", "contact"]',
        '',
        '    def callback_number(self, ticket):',
        '        return ticket.customer.phone',
        '',
        '@api_view(["GET"])',
        'def ticket(request, pk):',
        '    return Response(TicketSerializer(Ticket.objects.get(pk=pk)).data)',
        '',
      ].join('\n'),
    }));
    expect(found.flows.map((f) => `${f.sink.line} <- ${f.source.asset}.${f.source.column ?? '*'} [${f.categories.join(', ')}]`)).toEqual([
      '24 <- table:shop_customer.phone [user.contact.phone_number]',
      // The slug field and the nested serializer both show the customer's e-mail address: one flow.
      '24 <- table:shop_customer.email [user.contact.email]',
    ]);
  });

  it('traces a row written by position (a CSV line) to the columns at its positions, and gives the file only their categories', () => {
    const sheet = report.jobs.find((j) => j.unit === 'write_delivery_sheet')!;
    expect(sheet.columnLineage.map((c) => `${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      '* <- table:shop_customer.full_name, table:shop_orders.id, table:shop_orders.shipping_address',
    ]);
    // The customer's name and the address; not every category of the customers' table, which the job also reads.
    expect(report.assets.find((a) => a.id === 'file:exports/deliveries.csv')?.categories).toEqual(['user.contact.address', 'user.name']);
  });

  it('reads a lookup through a foreign key (`customer__email`) as the related table\'s column', () => {
    const contacts = report.jobs.find((j) => j.unit === 'export_open_order_contacts')!;
    expect(contacts.columnLineage.map((c) => `${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      'customer__email <- table:shop_customer.email',
      'id <- table:shop_orders.id',
    ]);
  });

  it('writes an object given to a foreign key as the related row\'s key, into the key\'s column', () => {
    const reorder = report.jobs.find((j) => j.unit === 'reorder')!;
    expect(reorder.columnLineage.map((c) => `${c.output.asset}.${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      'table:shop_orders.customer_id <- table:shop_customer.id',
    ]);
    // `customer=request.user.customer`: the customer of the signed-in user (the other side of its one-to-one field
    // to Django's user), not the user.
    const checkout = report.jobs.find((j) => j.unit === 'checkout')!;
    expect(checkout.columnLineage.map((c) => `${c.output.asset}.${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      'table:shop_orders.customer_id <- table:shop_customer.id',
    ]);
  });

  it('gives a model the implicit key `id` unless one of its fields is the primary key', async () => {
    const found = await scanReport(writeTree({
      'billing/__init__.py': '',
      'billing/models.py': [
        'from django.db import models',
        '',
        'class Invoice(models.Model):',
        '    number = models.CharField(max_length=20)',
        '    amount_cents = models.IntegerField()',
        '',
        'class Vendor(models.Model):',
        '    code = models.CharField(max_length=8, primary_key=True)',
        '    name = models.CharField(max_length=200)',
        '',
        'class Note(models.Model):',
        '    key = models.IntegerField(primary_key=False)',
        '',
      ].join('\n'),
    }));
    expect(found.assets.filter((a) => a.kind === 'table').map((a) => `${a.id} ${a.columns.join(',')}`)).toEqual([
      'table:billing_invoice amount_cents,id,number',
      'table:billing_note id,key',
      'table:billing_vendor code,name',
    ]);
  });
});
