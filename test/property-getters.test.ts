/**
 * Properties: a method decorated `@property` (or a cached property) runs when its attribute is read, so
 * `account.display_name` is what the getter returns for that object, not a method. On plain objects, on rows of
 * mapped classes (through a relation too), and in a getter that reaches a sink itself.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { extractText } from './helpers/extract.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flows = (report: Report) => report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset ? `${f.source.asset}.${f.source.column ?? '*'}` : f.source.name}`);

describe('properties', () => {
  it('mark getters and setters, not plain methods', async () => {
    const facts = await extractText('app/accounts.py', [
      'import functools',
      'from functools import cached_property',
      'from django.utils.functional import cached_property as django_cached',
      '',
      'class Account:',
      '    @property',
      '    def email(self):',
      '        return self._email',
      '',
      '    @email.setter',
      '    def email(self, value):',
      '        self._email = value',
      '',
      '    @cached_property',
      '    def domain(self):',
      '        return self._email.split("@")[1]',
      '',
      '    @functools.cached_property',
      '    def handle(self):',
      '        return self._email.split("@")[0]',
      '',
      '    @django_cached',
      '    def initials(self):',
      '        return self.name[:2]',
      '',
      '    @staticmethod',
      '    def normalise(value):',
      '        return value.lower()',
      '',
      '    def describe(self):',
      '        return self.email',
      '',
    ].join('\n'));
    expect(facts.units.filter((u) => u.kind === 'method').map((u) => `${u.name}${u.accessor ? ' accessor' : ''}${u.setter ? ' setter' : ''}`)).toEqual([
      'Account.email accessor',
      'Account.email@11 setter',
      'Account.domain accessor',
      'Account.handle accessor',
      'Account.initials accessor',
      'Account.normalise',
      'Account.describe',
    ]);
  });

  it('give what the getter returns for the object read, in other functions and in its own methods', async () => {
    const report = await scanReport(writeTree({
      'app/accounts.py': [
        'import logging',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'class Account:',
        '    def __init__(self, login, first_name, last_name):',
        '        self.login = login',
        '        self.first_name = first_name',
        '        self.last_name = last_name',
        '',
        '    @property',
        '    def display_name(self):',
        '        return f"{self.first_name} {self.last_name}"',
        '',
        '    @property',
        '    def greeting(self):',
        '        # A property that reads another.',
        '        return "Dear " + self.display_name',
        '',
        '    @property',
        '    def kind(self):',
        '        return "member"',
        '',
        '    def describe(self):',
        '        log.info("account %s", self.greeting)',
        '',
        'def audit(account):',
        '    log.info("kind %s", account.kind)',
        '    log.info("name %s", account.display_name)',
        '',
        'def register(form):',
        '    account = Account(form["user"], form["given"], form["family"])',
        '    audit(account)',
        '    account.describe()',
        '',
      ].join('\n'),
    }));
    // The form's keys say nothing; the names the constructor gives them do, read through both getters (and the
    // property's own name, as any attribute read by a telling name). `kind` is a constant.
    expect(flows(report)).toEqual([
      'app/accounts.py:25 log <- last_name',
      'app/accounts.py:25 log <- first_name',
      'app/accounts.py:29 log <- first_name',
      'app/accounts.py:29 log <- account.display_name',
      'app/accounts.py:29 log <- last_name',
    ]);
    const path = report.flows.find((f) => f.sink.line === 29)!.path.map((p) => `${p.line} ${p.note}`);
    expect(path).toContain('13 returned by Account.display_name');
  });

  it('run on rows of mapped classes, through a relation too; a property of no sensitive column is no flow', async () => {
    const report = await scanReport(writeTree({
      'crm/__init__.py': '',
      'crm/models.py': [
        'from django.db import models',
        'from django.utils.functional import cached_property',
        '',
        'class Customer(models.Model):',
        '    full_name = models.CharField(max_length=200)',
        '    email = models.EmailField()',
        '    plan = models.CharField(max_length=20)',
        '',
        '    @property',
        '    def mailing_name(self):',
        '        return f"{self.full_name} <{self.email}>"',
        '',
        '    @cached_property',
        '    def tier(self):',
        '        return self.plan.upper()',
        '',
        'class Ticket(models.Model):',
        '    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)',
        '    subject = models.CharField(max_length=200)',
        '',
      ].join('\n'),
      'crm/sync.py': [
        'import logging',
        '',
        'import requests',
        '',
        'from crm.models import Customer, Ticket',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def push(customer_id):',
        '    customer = Customer.objects.get(pk=customer_id)',
        '    log.info("tier %s", customer.tier)',
        '    requests.post("https://api.mailer.example/v1/recipients", json={"to": customer.mailing_name})',
        '',
        'def escalate(ticket_id):',
        '    ticket = Ticket.objects.get(pk=ticket_id)',
        '    log.warning("escalating for %s", ticket.customer.mailing_name)',
        '',
      ].join('\n'),
    }));
    expect(flows(report)).toEqual([
      'crm/sync.py:12 third_party <- table:crm_customer.email',
      'crm/sync.py:12 third_party <- table:crm_customer.full_name',
      'crm/sync.py:16 log <- table:crm_customer.full_name',
      'crm/sync.py:16 log <- table:crm_customer.email',
    ]);
    const escalated = report.flows.find((f) => f.sink.line === 16)!.path.map((p) => `${p.line} ${p.note}`);
    expect(escalated).toEqual(['16 read through the property Customer.mailing_name', '11 returned by Customer.mailing_name', '16 log sink logging.Logger.warning']);
    const push = report.jobs.find((j) => j.unit === 'push')!;
    expect(push.columnLineage?.map((c) => `${c.output.column} <- ${c.inputs.map((i) => i.column).join(', ')}`)).toEqual(['to <- email, full_name']);
  });

  it('run a SQLAlchemy hybrid property on the rows a query gives', async () => {
    const report = await scanReport(writeTree({
      'app/__init__.py': '',
      'app/models.py': [
        'from sqlalchemy import Column, Integer, String',
        'from sqlalchemy.ext.hybrid import hybrid_property',
        'from sqlalchemy.orm import declarative_base',
        '',
        'Base = declarative_base()',
        '',
        'class Member(Base):',
        '    __tablename__ = "members"',
        '    id = Column(Integer, primary_key=True)',
        '    first_name = Column(String)',
        '    last_name = Column(String)',
        '',
        '    @hybrid_property',
        '    def full_name(self):',
        '        return self.first_name + " " + self.last_name',
        '',
      ].join('\n'),
      'app/roster.py': [
        'import logging',
        'from app.models import Member',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def roster(session):',
        '    for member in session.query(Member).all():',
        '        log.info("member %s", member.full_name)',
        '',
      ].join('\n'),
    }));
    expect(flows(report)).toEqual(['app/roster.py:8 log <- table:members.first_name', 'app/roster.py:8 log <- table:members.last_name']);
  });

  it('follow what a getter does itself, and end where getters read each other', async () => {
    const report = await scanReport(writeTree({
      'crm/__init__.py': '',
      'crm/models.py': [
        'import logging',
        '',
        'from django.db import models',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'class Lead(models.Model):',
        '    phone = models.CharField(max_length=40)',
        '    source = models.CharField(max_length=40)',
        '',
        '    @property',
        '    def callback_number(self):',
        '        log.debug("callback number read: %s", self.phone)',
        '        return self.phone',
        '',
        '    @property',
        '    def left(self):',
        '        return self.right',
        '',
        '    @property',
        '    def right(self):',
        '        return self.left',
        '',
      ].join('\n'),
      'crm/dialer.py': [
        'from crm.models import Lead',
        '',
        'def queue_call(lead_id):',
        '    lead = Lead.objects.get(pk=lead_id)',
        '    print(lead.left)',
        '    return lead.callback_number',
        '',
      ].join('\n'),
    }));
    // The getter logs the phone column of the row it is read for; the two getters that read each other give
    // nothing, and the scan ends.
    expect(flows(report)).toEqual(['crm/models.py:13 log <- table:crm_lead.phone']);
    expect(report.flows[0]!.path.map((p) => `${p.line} ${p.note}`)).toContain('6 read through the property Lead.callback_number');
  });

  it('run a setter when the attribute is assigned, which sets what it sets', async () => {
    const report = await scanReport(writeTree({
      'app/members.py': [
        'import hashlib',
        'import logging',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'class Member:',
        '    def __init__(self, login, password, phone):',
        '        self.login = login',
        '        self.password = password',
        '        self.phone = phone',
        '',
        '    @property',
        '    def password(self):',
        '        raise AttributeError("password is write-only")',
        '',
        '    @password.setter',
        '    def password(self, raw):',
        '        self._password_hash = hashlib.sha256(raw.encode()).hexdigest()',
        '',
        '    @property',
        '    def phone(self):',
        '        return self._phone',
        '',
        '    @phone.setter',
        '    def phone(self, value):',
        '        log.debug("phone set to %s", value)',
        '        self._phone = value.strip()',
        '',
        'def register(form):',
        '    member = Member(form["user"], form["secret"], form["tel"])',
        '    log.info("member %s", vars(member))',
        '',
      ].join('\n'),
    }));
    // The password's setter keeps only its hash: the object shown whole holds no password. The phone's setter logs
    // what it is given, and keeps it.
    expect(flows(report)).toEqual([
      'app/members.py:26 log <- phone',
      'app/members.py:26 log <- form.tel',
      'app/members.py:31 log <- login',
      'app/members.py:31 log <- phone',
      'app/members.py:31 log <- form.tel',
    ]);
  });
});
