/**
 * Keys taken out of a dict before it leaves (`del record["email"]`, `record.pop("password")`): what remains goes to
 * the sink, and what was popped is a value of its own.
 */
import { describe, expect, it } from 'vitest';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

describe('keys removed from a dict', () => {
  it('do not reach the sink the rest of the dict reaches; a popped value still flows where it goes', async () => {
    const report = await scanReport(writeTree({
      'audit/events.py': [
        'import logging',
        'import requests',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def audit(event):',
        '    record = {"user": event["user_id"], "email": event["email"], "phone": event["phone"], "action": event["action"]}',
        '    contact = record.pop("email")',
        '    del record["phone"]',
        '    log.info("audit %s", record)',
        '    requests.post("https://hooks.partner.example/v1/contacts", json={"to": contact}, timeout=5)',
        '',
        'def nested(event):',
        '    envelope = {"meta": {"ip": event["ip"], "ssn": event["ssn"]}, "kind": "signup"}',
        '    del envelope["meta"]["ssn"]',
        '    log.info("signup %s", envelope)',
        '',
        'def positions(event):',
        '    # A position taken out moves the rest up: the list keeps what it holds.',
        '    queue = [event["email"], event["phone"]]',
        '    queue.pop(0)',
        '    log.info("left %s", queue)',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.name}`)).toEqual([
      '11 third_party <- event.email',
      '16 log <- event.ip',
      '22 log <- event.phone',
      '22 log <- event.email',
    ]);
  });

  it('are not in what a function given the dict returns or sends after taking them out, at each caller', async () => {
    const report = await scanReport(writeTree({
      'audit/payloads.py': [
        'import logging',
        'import requests',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def without_contact(event):',
        '    event.pop("email", None)',
        '    del event["phone"]',
        '    return event',
        '',
        'def log_without_ssn(event):',
        '    event.pop("ssn")',
        '    log.info("event %s", event)',
        '',
        'def handle(user):',
        '    payload = {"email": user.email, "phone": user.phone, "name": user.full_name, "ssn": user.ssn}',
        '    log.info("clean %s", without_contact(payload))',
        '    log_without_ssn({"ssn": user.ssn, "name": user.full_name})',
        '    requests.post("https://api.example.com/x", json=without_contact({"email": user.email, "city": user.city}), timeout=5)',
        '',
        'def other_key(user):',
        '    payload = {"email": user.email}',
        '    forget_name(payload)',
        '    log.info("x %s", payload)',
        '',
        'def forget_name(d):',
        '    d.pop("name")',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.name}`)).toEqual([
      // The function logs what it was given without the SSN: the name only.
      '13 log <- user.full_name',
      // What it returns lacks the e-mail address and the phone number, at both callers.
      '17 log <- user.full_name',
      '17 log <- user.ssn',
      // Another key taken out leaves the e-mail address where it was.
      '24 log <- user.email',
    ]);
  });

  it('are not among the columns of a row a function is given whole and sends after taking them out', async () => {
    const report = await scanReport(writeTree({
      'shop/__init__.py': '',
      'shop/models.py': [
        'from django.db import models',
        '',
        'class Customer(models.Model):',
        '    email = models.EmailField()',
        '    full_name = models.CharField(max_length=100)',
        '',
      ].join('\n'),
      'shop/export.py': [
        'import requests',
        'from django.forms.models import model_to_dict',
        'from shop.models import Customer',
        '',
        'def without_email(d):',
        '    d.pop("email")',
        '    return d',
        '',
        'def export(pk):',
        '    data = model_to_dict(Customer.objects.get(pk=pk))',
        '    requests.post("https://crm.example.com/v1/contacts", json=without_email(data), timeout=5)',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.asset} [${f.categories.join(', ')}]`)).toEqual([
      '11 third_party <- table:shop_customer [user.name]',
    ]);
  });
});
