/**
 * SQLAlchemy Core, the ORM and Alembic migrations (fixtures/python-sqlalchemy): tables declared in code with their
 * columns, statements built on them (select, insert, update) and the rows they return, column by column.
 * Expectations reviewed by hand against the fixture files.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { extractText } from './helpers/extract.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

let report: Report;

beforeAll(async () => {
  report = await scanReport(path.join(REPO_ROOT, 'fixtures/python-sqlalchemy'));
});

describe('SQLAlchemy and Alembic (fixtures/python-sqlalchemy)', () => {
  it('declares the tables Core, the ORM and the migrations name, with their columns and where they are declared', () => {
    const tables = report.assets.filter((a) => a.kind === 'table').map((a) => [a.id, a.columns, a.locations.map((l) => `${l.file}:${l.line}`)]);
    expect(tables).toEqual([
      // Column(...), mapped_column(...) and SQLAlchemy 2.0's bare annotation (`plan: Mapped[Optional[str]]`).
      // ... and written by 2.0's bulk INSERT (archive.py:32).
      ['table:accounts', ['email', 'id', 'password_hash', 'plan'], ['billing/accounts.py:18', 'billing/archive.py:32', 'billing/models.py:11']],
      // Core's Table(..., schema="billing"), then Alembic's create_table and add_column (iban), then the data migration.
      // (archive.py:27 updates it with conn.execute(update(...).where(...), values).)
      ['table:billing.customers', ['email', 'full_name', 'iban', 'id'], [
        'billing/archive.py:27', 'billing/tables.py:7', 'migrations/versions/3f2a1c_create_billing.py:15',
        'migrations/versions/7b9e04_iban_and_plans.py:20', 'migrations/versions/7b9e04_iban_and_plans.py:22',
      ]],
      ['table:billing.invoices', ['amount', 'customer_id', 'due_at', 'id', 'status'], [
        'billing/dunning.py:33', 'billing/tables.py:17', 'migrations/versions/3f2a1c_create_billing.py:23',
      ]],
      ['table:contact_archive', ['archived_name', 'customer_id', 'email'], ['billing/archive.py:9', 'billing/archive.py:18']],
      ['table:dunning_reminders', ['amount', 'invoice_id', 'recipient'], ['billing/dunning.py:24', 'billing/tables.py:28']],
      // SQLModel's table=True on a subclass of a data model: the class name; its annotated fields and its base's.
      ['table:payment', ['amount_cents', 'card_last4', 'currency', 'id', 'payer_email'], ['billing/payments.py:15']],
      ['table:plans', ['code', 'monthly_fee'], ['migrations/versions/7b9e04_iban_and_plans.py:12', 'migrations/versions/7b9e04_iban_and_plans.py:19']],
      // Flask-Login's user model (a Flask-SQLAlchemy model with UserMixin).
      ['table:staff_member', ['email', 'id', 'role'], ['billing/auth.py:12']],
      // Flask-SQLAlchemy's db.Model without __tablename__, through an abstract base: the class name in snake_case.
      ['table:support_note', ['body', 'customer_email', 'id'], ['billing/support.py:14', 'billing/support.py:20']],
    ]);
    expect(report.assets.find((a) => a.id === 'table:billing.customers')?.columnCategories).toEqual({
      email: ['user.contact.email'], full_name: ['user.name'], iban: ['user.financial.bank_account'],
    });
  });

  it('gives the functions that write through Core statements their jobs, and declarations none', () => {
    expect(report.jobs.map((j) => `${j.kind} ${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      'function upgrade:  -> table:accounts',
      // conn.execute(statement, rows): Core's executemany and 2.0's bulk INSERT/UPDATE write what they are given.
      'function archive_contacts: table:billing.customers -> table:contact_archive',
      'function restore_contact: table:contact_archive -> table:billing.customers',
      'function import_accounts:  -> table:accounts',
      // conn.execute("SELECT ...", params) stays SQL.
      'sql count_archived: table:contact_archive -> ',
      'function remind: table:billing.customers, table:billing.invoices -> api:api.mailvendor.example/v3/send, table:dunning_reminders',
      'function mark_reminded:  -> table:billing.invoices',
      // SQLAlchemy 1.x's select([...]): the IBAN selected but not written is no input of the file.
      'function export_open_invoices: table:billing.invoices -> file:exports/open_invoices.csv',
      'function add_note:  -> table:support_note',
      // op.execute("UPDATE ...") in the data migration, then its bulk_insert into plans.
      'sql upgrade:  -> table:billing.customers',
      'function upgrade:  -> table:plans',
    ]);
  });

  it('traces the columns a select lists into the columns an insert writes', () => {
    const remind = report.jobs.find((j) => j.unit === 'remind')!;
    expect(remind.columnLineage.map((c) => `${c.output.asset}.${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      'api:api.mailvendor.example/v3/send.amount <- table:billing.invoices.amount',
      'api:api.mailvendor.example/v3/send.name <- table:billing.customers.full_name',
      'api:api.mailvendor.example/v3/send.to <- table:billing.customers.email',
      'table:dunning_reminders.amount <- table:billing.invoices.amount',
      'table:dunning_reminders.invoice_id <- table:billing.invoices.id',
      'table:dunning_reminders.recipient <- table:billing.customers.email',
    ]);
  });

  it('maps the records a statement is executed with onto its columns, a list of them as one row', () => {
    const lineage = (unit: string) => report.jobs.find((j) => j.unit === unit)!.columnLineage
      .map((c) => `${c.output.asset}.${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`);
    expect(lineage('archive_contacts')).toEqual([
      'table:contact_archive.archived_name <- table:billing.customers.full_name',
      'table:contact_archive.customer_id <- table:billing.customers.id',
      'table:contact_archive.email <- table:billing.customers.email',
    ]);
    expect(lineage('restore_contact')).toEqual(['table:billing.customers.email <- table:contact_archive.email']);
  });

  it('reports the columns that reach sinks, and neither criteria nor the other columns of a row', () => {
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} ${f.sink.callee} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      // select(Account): the mapped class's rows, read through a column.
      'billing/accounts.py:27 log logging.Logger.info <- table:accounts.email',
      // select(models.Account): a class through its module, not a column named `Account`.
      'billing/accounts.py:32 log logging.Logger.info <- table:accounts.email',
      // Flask-Login's current_user: the staff member its user_loader loads (db.session.get(StaffMember, ...)).
      'billing/auth.py:25 log logging.Logger.info <- table:staff_member.email',
      'billing/dunning.py:29 third_party requests.post <- table:billing.customers.full_name',
      'billing/dunning.py:29 third_party requests.post <- table:billing.customers.email',
      // SQLModel's session.exec(select(Payment).where(...)).one(), returned by a FastAPI route.
      'billing/payments.py:28 response fastapi.FastAPI.get <- table:payment.payer_email',
      // session.get(Payment, id): a row of the class's table.
      'billing/payments.py:34 response fastapi.FastAPI.get <- table:payment.payer_email',
    ]);
    // dunning.py:30 logs row.id (the invoice's id) of a row that also holds an address; accounts.py:14 and :22 and
    // exports.py:24 log an account or a customer looked up by address (users.select().where(...) in the last), and
    // support.py:29 a note looked up by it (Model.query.filter_by(...)); payments.py:41 returns the payer's address
    // from a route whose response_model (PaymentRead) does not declare it.
    const quiet = ['billing/dunning.py:30', 'billing/accounts.py:14', 'billing/accounts.py:22', 'billing/exports.py:24', 'billing/support.py:29', 'billing/payments.py:41'];
    expect(report.flows.filter((f) => quiet.includes(`${f.sink.file}:${f.sink.line}`))).toEqual([]);
    expect(report.flows.filter((f) => f.sink.file === 'billing/exports.py')).toEqual([]);
    expect(report.gaps).toEqual([]);
  });
});

describe('library models that say what a call returns, beside the program\'s own code', () => {
  it('follows a method of the program that has the name of a modelled query method (`*.query.**.filter`)', async () => {
    // `self.query.filter(ssn)` is Query.filter of this program, which posts to an API: not SQLAlchemy's criteria.
    const report = await scanReport(writeTree({
      'audit/__init__.py': '',
      'audit/client.py': [
        'import requests',
        '',
        '',
        'class Query:',
        '    def filter(self, value):',
        '        return requests.post("https://audit.example.com/q", json={"ssn": value}).json()',
        '',
        '',
        'class Repo:',
        '    def __init__(self):',
        '        self.query = Query()',
        '',
        '    def by_ssn(self, ssn):',
        '        return self.query.filter(ssn)',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.name}`)).toContain('audit/client.py:6 third_party <- ssn');
    expect(report.jobs.map((j) => `${j.unit}: -> ${j.outputs.join(', ')}`)).toEqual(['Repo.by_ssn: -> api:audit.example.com/q']);
  });
});

describe('session.get', () => {
  it('reads a row of a mapped class, and makes no table of a web session\'s get(key)', async () => {
    const report = await scanReport(writeTree({
      'models.py': 'from sqlalchemy import Column, Integer, String\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass User(Base):\n    __tablename__ = "users"\n    id = Column(Integer, primary_key=True)\n    email = Column(String)\n',
      'app.py': [
        'import requests', '', 'from models import User', '', '',
        'def sync_prefs(session):', '    theme = session.get("theme")', '    requests.post("https://api.example.com/prefs", json={"theme": theme})', '', '',
        'def show(session, uid):', '    user = session.get(User, uid)', '    requests.post("https://api.example.com/users", json={"email": user.email})', '',
      ].join('\n'),
    }));
    expect(report.assets.filter((a) => a.kind === 'table').map((a) => a.id)).toEqual(['table:users']);
    expect(report.flows.map((f) => `${f.sink.line} <- ${f.source.asset}.${f.source.column}`)).toEqual(['13 <- table:users.email']);
  });
});

describe('statements executed with their rows', () => {
  it('evaluate the call\'s arguments once, for the SQL reading and the write alike', async () => {
    const facts = await extractText('load.py', [
      'from sqlalchemy import insert',
      'from app.tables import audit',
      '',
      '',
      'def load(conn, source):',
      '    conn.execute(audit.insert(), build_rows(source))',
      '',
    ].join('\n'));
    const steps = facts.units.find((u) => u.name === 'load')!.steps;
    // audit.insert() and build_rows(...) are each one call step; then the query step and the write.
    expect(steps.filter((s) => s.op !== 'assign').map((s) => `${s.op}${'callee' in s && s.callee ? ` ${s.callee}` : ''}`)).toEqual([
      'call app.tables.audit.insert', 'call build_rows', 'query conn.execute', 'write conn.execute',
    ]);
  });

  it('write through a statement held in a name since it was built', async () => {
    const report = await scanReport(writeTree({
      'copy.py': [
        'from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select',
        '',
        'metadata = MetaData()',
        'users = Table("users", metadata, Column("id", Integer), Column("email", String))',
        'audit = Table("audit_log", metadata, Column("user_id", Integer), Column("contact", String))',
        '',
        '',
        'def copy_contacts(conn):',
        '    rows = conn.execute(select(users.c.id, users.c.email)).fetchall()',
        '    stmt = insert(audit)',
        '    conn.execute(stmt, [{"user_id": r.id, "contact": r.email} for r in rows])',
        '',
        '',
        'def copy_again(conn):',
        '    rows = conn.execute(select(users.c.id, users.c.email)).fetchall()',
        '    statement = audit.insert()',
        '    conn.execute(statement, [{"user_id": r.id, "contact": r.email} for r in rows])',
        '',
      ].join('\n'),
    }));
    expect(report.jobs.map((j) => `${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')} `
      + j.columnLineage.map((c) => `${c.output.column}<-${c.inputs.map((i) => i.column).join('+')}`).join(' '))).toEqual([
      'copy_contacts: table:users -> table:audit_log contact<-email user_id<-id',
      'copy_again: table:users -> table:audit_log contact<-email user_id<-id',
    ]);
  });
});
