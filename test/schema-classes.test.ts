/**
 * marshmallow schemas: `CustomerSchema().dump(customer)` is the customer's fields the schema declares (by name, or
 * the attribute `attribute=` names); a schema generated from a model shows every column its `Meta` leaves; a schema
 * made where it dumps with `only=` or `exclude=` keeps or drops those fields.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flows = (report: Report) => report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset ? `${f.source.asset}.${f.source.column ?? '*'}` : f.source.name}`);

const MODELS = [
  'from flask_sqlalchemy import SQLAlchemy',
  '',
  'db = SQLAlchemy()',
  '',
  'class Customer(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    email = db.Column(db.String(120))',
  '    full_name = db.Column(db.String(120))',
  '    phone = db.Column(db.String(40))',
  '    date_of_birth = db.Column(db.Date)',
  '',
].join('\n');

describe('schema classes', () => {
  it('dump the fields a schema declares, by name or by attribute=, and what only= and exclude= leave', async () => {
    const report = await scanReport(writeTree({
      'app/__init__.py': '',
      'app/models.py': MODELS,
      'app/schemas.py': [
        'from marshmallow import Schema, fields',
        '',
        'class CustomerSchema(Schema):',
        '    id = fields.Int()',
        '    name = fields.Str(attribute="full_name")',
        '',
        'class CustomerContactSchema(Schema):',
        '    id = fields.Int()',
        '    email = fields.Email()',
        '    phone = fields.Str()',
        '',
        '# A schema of the program extended: the base\'s fields and its own.',
        'class CustomerProfileSchema(CustomerSchema):',
        '    born = fields.Date(attribute="date_of_birth")',
        '',
      ].join('\n'),
      'app/views.py': [
        'import logging',
        'import requests',
        'from flask import jsonify',
        'from app.models import Customer',
        'from app.schemas import CustomerContactSchema, CustomerProfileSchema, CustomerSchema',
        '',
        'log = logging.getLogger(__name__)',
        'customer_schema = CustomerSchema()',
        '',
        'def show(cid):',
        '    customer = Customer.query.get_or_404(cid)',
        '    return jsonify(customer_schema.dump(customer))',
        '',
        'def sync(cid):',
        '    customer = Customer.query.get_or_404(cid)',
        '    requests.post("https://api.crm.example/v1/contacts", json=CustomerContactSchema(exclude=("phone",)).dump(customer))',
        '',
        'def text_me(cid):',
        '    customer = Customer.query.get_or_404(cid)',
        '    log.info("sms to %s", CustomerContactSchema(only=["phone"]).dumps(customer))',
        '',
        'def profile(cid):',
        '    return jsonify(CustomerProfileSchema().dump(Customer.query.get_or_404(cid)))',
        '',
      ].join('\n'),
    }));
    expect(flows(report)).toEqual([
      // `name` shows the customer's full_name; the birth date, which no schema declares, is never shown.
      'app/views.py:12 response <- table:customer.full_name',
      'app/views.py:16 third_party <- table:customer.email',
      'app/views.py:20 log <- table:customer.phone',
      'app/views.py:23 response <- table:customer.date_of_birth',
      'app/views.py:23 response <- table:customer.full_name',
    ]);
  });

  it('dump every column of a schema generated from its model, but those Meta.exclude lists', async () => {
    const report = await scanReport(writeTree({
      'app/__init__.py': '',
      'app/models.py': MODELS,
      'app/schemas.py': [
        'from marshmallow_sqlalchemy import SQLAlchemyAutoSchema',
        'from app.models import Customer',
        '',
        'class CustomerExportSchema(SQLAlchemyAutoSchema):',
        '    class Meta:',
        '        model = Customer',
        '        exclude = ("date_of_birth", "phone")',
        '',
      ].join('\n'),
      'app/export.py': [
        'import json',
        'from app.models import Customer',
        'from app.schemas import CustomerExportSchema',
        '',
        'def export_all():',
        '    rows = Customer.query.all()',
        '    with open("exports/customers.json", "w") as out:',
        '        json.dump(CustomerExportSchema(many=True).dump(rows), out)',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.source.asset} [${f.categories.join(', ')}]`)).toEqual([
      'app/export.py:8 table:customer [user.contact.email, user.name]',
    ]);
    const job = report.jobs.find((j) => j.unit === 'export_all')!;
    expect(`${job.inputs.join(', ')} -> ${job.outputs.join(', ')}`).toBe('table:customer -> file:exports/customers.json');
  });

  it('dump a nested schema\'s form of a related object', async () => {
    const report = await scanReport(writeTree({
      'app/__init__.py': '',
      'app/models.py': [
        MODELS,
        'class Order(db.Model):',
        '    id = db.Column(db.Integer, primary_key=True)',
        '    customer_id = db.Column(db.Integer, db.ForeignKey("customer.id"))',
        '    customer = db.relationship("Customer")',
        '    shipping_address = db.Column(db.String(200))',
        '',
      ].join('\n'),
      'app/schemas.py': [
        'from marshmallow import Schema, fields',
        '',
        'class BuyerSchema(Schema):',
        '    full_name = fields.Str()',
        '',
        'class OrderSchema(Schema):',
        '    id = fields.Int()',
        '    customer = fields.Nested(BuyerSchema)',
        '',
        'class ParcelSchema(Schema):',
        '    shipping_address = fields.Str()',
        '    customer = fields.Nested("BuyerSchema")',
        '',
      ].join('\n'),
      'app/views.py': [
        'import requests',
        'from app.models import Order',
        'from app.schemas import OrderSchema, ParcelSchema',
        '',
        'def confirm(order_id):',
        '    order = Order.query.get(order_id)',
        '    requests.post("https://api.shop-analytics.example/v1/orders", json=OrderSchema().dump(order))',
        '',
        'def ship(order_id):',
        '    order = Order.query.get(order_id)',
        '    requests.post("https://api.carrier.example/v1/parcels", json=ParcelSchema().dump(order))',
        '',
      ].join('\n'),
    }));
    // The buyer's name through the nested schema (named by the class or by its name), never the e-mail, which
    // BuyerSchema does not declare; the shipping address only where the schema declares it.
    expect(flows(report)).toEqual([
      'app/views.py:7 third_party <- table:customer.full_name',
      'app/views.py:11 third_party <- table:order.shipping_address',
      'app/views.py:11 third_party <- table:customer.full_name',
    ]);
  });
});
