/**
 * Data read from an asset as a whole (a `SELECT *` row, a table read into a data frame, an ORM model) holds every
 * column of it that is known before the simulation (fixtures/backoffice). Expectations reviewed by hand against the
 * fixture files.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectColumns } from '../src/extract/sql/select-columns.js';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flowsOf = (report: Report) => report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset ?? f.source.name}${f.source.column ? `.${f.source.column}` : ''} [${f.categories.join(', ')}]`);

const ALL_OF_CUSTOMERS = 'user.contact.email, user.contact.phone_number, user.government_id, user.name';
const SERIALISED_CUSTOMER = 'user.contact.email, user.contact.phone_number, user.name';

let report: Report;

beforeAll(async () => {
  report = await scanReport(path.join(REPO_ROOT, 'fixtures/backoffice'));
});

describe('whole rows and tables (fixtures/backoffice)', () => {
  it('gives data read as a whole the categories of every column the schema and the manifest know', () => {
    expect(flowsOf(report)).toEqual([
      // An Eloquent model in a log context, then in the view's data: without its $hidden tax id.
      `admin/app/Http/Controllers/Admin/CustomerAdminController.php:15 log <- table:crm.customers [${SERIALISED_CUSTOMER}]`,
      `admin/app/Http/Controllers/Admin/CustomerAdminController.php:17 response <- table:crm.customers [${SERIALISED_CUSTOMER}]`,
      // A `SELECT *` row (tax_id by the manifest, the rest by the columns' names).
      `tools/customer_lookup.py:15 log <- table:crm.customers [${ALL_OF_CUSTOMERS}]`,
      // `lower(email)`: the column, not the whole table.
      'tools/customer_lookup.py:46 log <- table:crm.customers.email [user.contact.email]',
      // pd.read_sql_table, then .to_dict().
      `tools/helpdesk_sync.py:11 third_party <- table:crm.customers [${ALL_OF_CUSTOMERS}]`,
    ]);
  });

  it('judges them by the manifest\'s policies, naming the asset as a whole', () => {
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([
      'policy-violation admin/app/Http/Controllers/Admin/CustomerAdminController.php:15 all of crm.customers (user.contact.email, user.contact.phone_number) reaches a log sink (Illuminate.Support.Facades.Log.debug): policy \'no-contact-or-ids-in-logs-or-vendors\' denies log sinks.',
      'policy-violation tools/customer_lookup.py:15 all of crm.customers (user.contact.email, user.contact.phone_number, user.government_id) reaches a log sink (logging.Logger.info): policy \'no-contact-or-ids-in-logs-or-vendors\' denies log sinks.',
      'policy-violation tools/customer_lookup.py:46 crm.customers.email (user.contact.email) reaches a log sink (logging.Logger.debug): policy \'no-contact-or-ids-in-logs-or-vendors\' denies log sinks.',
      'policy-violation tools/helpdesk_sync.py:11 all of crm.customers (user.contact.email, user.contact.phone_number, user.government_id) reaches a third_party sink (requests.post -> api.helpdesk-vendor.example/v2/customers/import): policy \'no-contact-or-ids-in-logs-or-vendors\' denies third_party sinks.',
    ]);
  });
});

describe('whole rows, case by case', () => {
  const schema = 'CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT, full_name TEXT, created_at TIMESTAMP);\nCREATE TABLE tickets (id BIGINT, user_id BIGINT, subject TEXT);\n';

  /** A lookup of one user by `SELECT *` whose row reaches the log through `logged` (lines of the function). */
  const lookup = (...logged: string[]) => scanReport(writeTree({
    'schema.sql': schema,
    'lookup.py': [
      'import logging',
      'log = logging.getLogger(__name__)',
      '',
      'def lookup(conn, user_id):',
      '    cur = conn.cursor()',
      '    cur.execute("SELECT * FROM users WHERE id = %s", (user_id,))',
      '    row = cur.fetchone()',
      ...logged.map((line) => `    ${line}`),
      '',
    ].join('\n'),
  }));

  it('classifies a whole row by its columns\' names when no manifest speaks of the table', async () => {
    const found = await lookup('log.info("user %s", row)', 'log.info("user id %s", row["id"])');
    expect(flowsOf(found)).toEqual(['lookup.py:8 log <- table:users [user.contact.email, user.name]']);
  });

  it('reports the columns, not the whole row, where both reach the same sink', async () => {
    const found = await lookup('log.info("user %s <%s>: %s", row["full_name"], row["email"], row)');
    expect(flowsOf(found)).toEqual([
      'lookup.py:8 log <- table:users.full_name [user.name]',
      'lookup.py:8 log <- table:users.email [user.contact.email]',
    ]);
  });

  it('keeps a name-only source beside a whole row at the same sink: the row says nothing of where the name comes from', async () => {
    const found = await lookup('log.info("%s invited by %s", request.form["email"], row)');
    expect(flowsOf(found)).toEqual([
      'lookup.py:8 log <- request.form.email [user.contact.email]',
      'lookup.py:8 log <- table:users [user.contact.email, user.name]',
    ]);
  });

  it('reads a record of known columns through members of its type as the same record (row._mapping, row.items())', async () => {
    const found = await scanReport(writeTree({
      'schema.sql': schema,
      'audit.py': [
        'import logging',
        'log = logging.getLogger(__name__)',
        '',
        'def audit(conn, user_id):',
        '    row = conn.execute("SELECT id, email, created_at FROM users WHERE id = %s", (user_id,)).fetchone()',
        '    log.info("user %s", dict(row._mapping))',
        '    log.info("id %s", row._mapping["id"])',
        '    for key, value in row._mapping.items():',
        '        log.debug("%s=%s", key, value)',
        '    log.info("contact %s", row.tuple()[1])',
        '',
      ].join('\n'),
    }));
    expect(flowsOf(found)).toEqual([
      'audit.py:6 log <- table:users.email [user.contact.email]',
      'audit.py:9 log <- table:users.email [user.contact.email]',
      'audit.py:10 log <- table:users.email [user.contact.email]',
    ]);
  });

  it('gives a cursor the rows of the last statement it ran, and a CTE\'s rows what the CTE selects', async () => {
    const found = await scanReport(writeTree({
      'schema.sql': schema,
      'report.py': [
        'import logging',
        'log = logging.getLogger(__name__)',
        '',
        'def report(conn, user_id):',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT email FROM users WHERE id = %s", (user_id,))',
        '    email = cur.fetchone()[0]',
        '    cur.execute("WITH c AS (SELECT id, created_at FROM users) SELECT * FROM c")',
        '    log.info("signups %s", cur.fetchall())',
        '    cur.execute("WITH c AS (SELECT id, full_name AS who FROM users) SELECT c.who FROM c")',
        '    log.info("names %s", [row["who"] for row in cur.fetchall()])',
        '    for table in ("users", "tickets"):',
        '        cur.execute("SELECT count(*) FROM tickets")',
        '    log.info("tickets %s", cur.fetchone())',
        '    return email',
        '',
      ].join('\n'),
    }));
    // Line 9 logs rows of ids and dates: not the address the cursor fetched before, nor all of users. A statement run
    // in a loop may not run at all, so after it the cursor may still hold the names (line 14).
    expect(flowsOf(found)).toEqual([
      'report.py:11 log <- table:users.full_name [user.name]',
      'report.py:14 log <- table:users.full_name [user.name]',
    ]);
  });

  it('gives a whole row in one column (row_to_json(u)) all of its table, and a column read from it that column', async () => {
    const found = await lookup(
      'cur.execute("SELECT u.id, row_to_json(u) AS doc FROM users u WHERE u.id = %s", (user_id,))',
      'doc = cur.fetchone()["doc"]',
      'log.info("doc %s", doc)',
      'log.info("name %s", doc["full_name"])',
      'log.info("id %s", cur.fetchone()["id"])',
    );
    expect(flowsOf(found)).toEqual([
      'lookup.py:10 log <- table:users [user.contact.email, user.name]',
      'lookup.py:11 log <- table:users.full_name [user.name]',
    ]);
  });

  it('gives the rows a write returns (RETURNING) the columns it lists of the table written, or all of it', async () => {
    const found = await scanReport(writeTree({
      'schema.sql': schema,
      'signup.py': [
        'import logging',
        'log = logging.getLogger(__name__)',
        '',
        'def signup(conn, address, name):',
        '    cur = conn.cursor()',
        '    cur.execute("INSERT INTO users (email, full_name) VALUES (%s, %s) RETURNING id", (address, name))',
        '    log.info("created user %s", cur.fetchone()[0])',
        '    cur.execute("INSERT INTO users (email, full_name) VALUES (%s, %s) RETURNING *", (address, name))',
        '    log.info("created %s", cur.fetchone())',
        '    cur.execute("UPDATE users SET full_name = %s WHERE id = 1 RETURNING id, lower(email) AS contact", (name,))',
        '    log.info("renamed %s", cur.fetchone()["contact"])',
        '    cur.execute("DELETE FROM tickets WHERE user_id = 1 RETURNING id")',
        '    log.info("deleted %s", cur.fetchall())',
        '',
      ].join('\n'),
    }));
    expect(flowsOf(found)).toEqual([
      'signup.py:9 log <- table:users [user.contact.email, user.name]',
      'signup.py:11 log <- table:users.email [user.contact.email]',
    ]);
  });

  it('gives a result set\'s own members (cur.rowcount, df.columns, df.dtypes) no row data', async () => {
    const found = await scanReport(writeTree({
      'schema.sql': schema,
      'meta.py': [
        'import logging',
        'import pandas as pd',
        'log = logging.getLogger(__name__)',
        '',
        'def meta(conn, engine):',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT id, email FROM users WHERE created_at > now()")',
        '    log.info("fetched %d rows", cur.rowcount)',
        '    df = pd.read_sql("SELECT id, email FROM users", engine)',
        '    log.info("columns %s, types %s", list(df.columns), df.dtypes)',
        '    log.info("emails %s", df["email"])',
        '',
      ].join('\n'),
    }));
    expect(flowsOf(found)).toEqual(['meta.py:11 log <- table:users.email [user.contact.email]']);
  });

  it('gives a column written hashed into a text lineage without its data (masking)', async () => {
    const found = await scanReport(writeTree({
      'schema.sql': schema,
      'export.py': [
        'import hashlib',
        '',
        'def export(conn):',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT id, email FROM users")',
        '    with open("/data/hashed.csv", "w") as fh:',
        '        for uid, email in cur.fetchall():',
        '            fh.write(f"{uid},{hashlib.sha256(email.encode()).hexdigest()}\\n")',
        '',
      ].join('\n'),
    }));
    expect(found.assets.find((a) => a.id === 'file:/data/hashed.csv')?.categories).toEqual([]);
    const job = found.jobs.find((j) => j.kind === 'function')!;
    expect(job.columnLineage.map((c) => `${c.output.column} <- ${c.inputs.map((i) => `${i.column}${i.masking ? ' masking' : ''}`).join(', ')}`)).toEqual([
      '* <- email masking, id',
    ]);
  });

  it('reads a manifest\'s fields as its own entries: a column named constructor is no declaration', async () => {
    const found = await scanReport(writeTree({
      'schema.sql': 'CREATE TABLE contracts (id BIGINT PRIMARY KEY, constructor TEXT, owner_email TEXT);\n',
      'lineage.yaml': 'version: 1\nassets:\n  - id: table:contracts\n    owner: legal\n    fields:\n      owner_email: { categories: [user.contact.email] }\n',
      'contracts.py': [
        'import logging',
        'log = logging.getLogger(__name__)',
        '',
        'def show(cur, contract_id):',
        '    cur.execute("SELECT * FROM contracts WHERE id = %s", (contract_id,))',
        '    row = cur.fetchone()',
        '    log.info("contract %s by %s", row, row["constructor"])',
        '',
      ].join('\n'),
    }));
    expect(flowsOf(found)).toEqual(['contracts.py:7 log <- table:contracts [user.contact.email]']);
  });

  it('gives counts, constants and the columns of another table of a join no data of the whole table', async () => {
    const found = await scanReport(writeTree({
      'schema.sql': schema,
      'stats.py': [
        'import logging',
        'log = logging.getLogger(__name__)',
        '',
        'def stats(conn, email):',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT count(*), max(created_at) FROM users")',
        '    log.info("users: %s", cur.fetchone())',
        '    cur.execute("SELECT 1 FROM users WHERE email = %s", (email,))',
        '    log.info("exists: %s", cur.fetchone())',
        '',
        'def tickets(conn):',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT u.*, t.subject FROM tickets t JOIN users u ON u.id = t.user_id")',
        '    for row in cur.fetchall():',
        '        log.info("ticket %s of %s", row["subject"], row["id"])',
        '',
      ].join('\n'),
    }));
    expect(flowsOf(found)).toEqual([]);
  });

  it('leaves out of an Eloquent model\'s whole row what its $hidden leaves out and keeps only its $visible', async () => {
    const found = await scanReport(writeTree({
      'database/schema.sql': 'CREATE TABLE users (id BIGINT, full_name TEXT, email TEXT, password TEXT, remember_token TEXT);\nCREATE TABLE staff (id BIGINT, full_name TEXT, email TEXT, phone TEXT);\n',
      'app/Models/User.php': [
        '<?php', 'namespace App\\Models;', 'use Illuminate\\Foundation\\Auth\\User as Authenticatable;', '',
        'class User extends Authenticatable', '{',
        "    protected $fillable = ['full_name', 'email', 'password'];",
        "    protected $hidden = ['password', 'remember_token'];",
        '}', '',
      ].join('\n'),
      'app/Models/Staff.php': [
        '<?php', 'namespace App\\Models;', 'use Illuminate\\Database\\Eloquent\\Model;', '',
        'class Staff extends Model', '{',
        "    protected $table = 'staff';",
        "    protected $visible = ['id', 'full_name'];",
        '}', '',
      ].join('\n'),
      'app/Http/Controllers/LoginController.php': [
        '<?php', 'namespace App\\Http\\Controllers;', 'use App\\Models\\Staff;', 'use App\\Models\\User;', 'use Illuminate\\Support\\Facades\\Log;', '',
        'class LoginController', '{',
        '    public function login(int $id)', '    {',
        '        $user = User::findOrFail($id);',
        "        Log::info('login', ['user' => $user]);",
        '        $staff = Staff::findOrFail($id);',
        "        Log::info('staff', ['staff' => $staff]);",
        '    }', '}', '',
      ].join('\n'),
    }));
    expect(flowsOf(found)).toEqual([
      // Not the password ($hidden); the staff's name only ($visible), not the e-mail address or phone number.
      'app/Http/Controllers/LoginController.php:12 log <- table:users [user.contact.email, user.name]',
      'app/Http/Controllers/LoginController.php:14 log <- table:staff [user.name]',
    ]);
  });

  it('reads the columns a SELECT returns through functions of one column, and none through counts and digests', () => {
    expect(selectColumns('SELECT count(*), lower(u.email), trim(coalesce(u.full_name, \'\')) AS name, md5(u.email) AS digest, max(created_at), 1 FROM users u')).toEqual({
      star: false,
      starOf: null,
      columns: [
        { name: 'count' },
        { name: 'email', from: [{ asset: 'table:users', column: 'email' }] },
        { name: 'name', from: [{ asset: 'table:users', column: 'full_name' }] },
        { name: 'digest' },
        { name: 'created_at', from: [{ asset: 'table:users', column: 'created_at' }] },
        { name: '?column?' },
      ],
    });
  });

  it('reads the columns of expressions it does not take apart, and none under a digest', () => {
    const read = (sql: string) => selectColumns(sql)!.columns.map((c) => `${c.name}: ${(c.from ?? []).map((f) => `${f.asset}.${f.column}`).join(', ')}`);
    expect(read('SELECT full_name || \' <\' || email || \'>\' AS contact, coalesce(phone, email), email::text, CAST(phone AS varchar(20)) FROM users')).toEqual([
      'contact: table:users.full_name, table:users.email',
      'coalesce: table:users.phone, table:users.email',
      '?column?: table:users.email',
      'cast: table:users.phone',
    ]);
    // Thousands of calls deep (hostile text): followed a bounded way, then read as the columns named.
    expect(read(`SELECT ${'lower('.repeat(5000)}email${')'.repeat(5000)} FROM users`)).toEqual(['lower: table:users.email']);
    expect(read('SELECT encode(digest(email, \'sha256\'), \'hex\') AS hashed, CASE WHEN u.country = \'US\' THEN 1 ELSE 0 END AS us FROM users u')).toEqual([
      'hashed: ', 'us: table:users.country',
    ]);
  });

  it('tells SQL\'s words in an expression from columns by where they stand, as the SQL lineage does', () => {
    const read = (sql: string) => selectColumns(sql)!.columns.map((c) => `${c.name}: ${(c.from ?? []).map((f) => `${f.asset}.${f.column}`).join(', ')}`);
    expect(read([
      'SELECT extract(epoch FROM created_at) || \'-\' || id AS stamp,',
      '  dateadd(day, 7, signup_at) + 0 AS renewal,',
      '  convert(varchar, phone) + \'\' AS dial,',
      '  created_at + INTERVAL 7 DAY AS due,',
      '  coalesce(day, month) AS period,',
      '  current_date - "date" AS age,',
      '  last_seen AT TIME ZONE \'UTC\' AS seen',
      'FROM visits',
    ].join('\n'))).toEqual([
      // Date parts and types are arguments of the functions that take them; `day` and `month` elsewhere are columns.
      'stamp: table:visits.created_at, table:visits.id',
      'renewal: table:visits.signup_at',
      'dial: table:visits.phone',
      'due: table:visits.created_at',
      'period: table:visits.day, table:visits.month',
      // A quoted "date" is a column; current_date is a function called without parentheses (functions.yaml).
      'age: table:visits.date',
      'seen: table:visits.last_seen',
    ]);
  });

  it('reads CTEs and derived tables as what their SELECT returns, a star over one too', () => {
    const read = (sql: string) => {
      const list = selectColumns(sql)!;
      return [...list.columns.map((c) => `${c.name}: ${(c.from ?? []).map((f) => `${f.asset}.${f.column}`).join(', ')}`), `star: ${list.star} ${list.starOf?.join(', ') ?? '?'}`];
    };
    expect(read('WITH c AS (SELECT id, country FROM users) SELECT * FROM c')).toEqual([
      'id: table:users.id', 'country: table:users.country', 'star: false ?',
    ]);
    // A CTE's column list renames; a later CTE reads an earlier one; a qualified column goes through both.
    expect(read([
      'WITH RECURSIVE contacts (uid, contact) AS (SELECT id, email FROM users),',
      '  recent AS (SELECT k.contact AS address, count(*) AS n FROM contacts k GROUP BY k.contact)',
      'SELECT r.address, upper(r.address) AS shout, r.n FROM recent r',
    ].join('\n'))).toEqual([
      'address: table:users.email', 'shout: table:users.email', 'n: ', 'star: false ?',
    ]);
    // Derived tables, by alias; a star inside one returns every column of its table.
    expect(read('SELECT t.* FROM (SELECT id, full_name FROM users) t')).toEqual(['id: table:users.id', 'full_name: table:users.full_name', 'star: false ?']);
    expect(read('SELECT d.email, o.total FROM (SELECT * FROM users) AS d JOIN orders o ON o.user_id = d.id')).toEqual([
      'email: table:users.email', 'total: table:orders.total', 'star: false ?',
    ]);
    expect(read('SELECT * FROM (SELECT * FROM users WHERE active) AS live')).toEqual(['star: true table:users']);
    // A derived table's column list renames its columns; when the counts differ, they are unknown.
    expect(read('SELECT t.contact FROM (SELECT id, email FROM users) AS t(uid, contact)')).toEqual(['contact: table:users.email', 'star: false ?']);
    expect(read('SELECT * FROM (SELECT id, email FROM users) t (uid, contact) WHERE t.uid > 0')).toEqual([
      'uid: table:users.id', 'contact: table:users.email', 'star: false ?',
    ]);
    expect(selectColumns('SELECT t.contact FROM (SELECT id, email FROM users) AS t(uid)')!.columns).toEqual([{ name: 'contact' }]);
    // A CTE named like the table it reads reads that table (only a recursive one reads itself).
    expect(read('WITH users AS (SELECT id, email FROM users WHERE active) SELECT email FROM users')).toEqual(['email: table:users.email', 'star: false ?']);
    expect(read('WITH users AS (SELECT * FROM users WHERE active) SELECT u.* FROM users u')).toEqual(['star: true table:users']);
    expect(read('WITH tree AS (SELECT id FROM nodes UNION ALL SELECT n.id FROM nodes n JOIN tree t ON n.parent = t.id) SELECT * FROM tree'))
      .toEqual(['id: table:nodes.id', 'star: false ?']);
    // What cannot be read stays unknown: a recursive CTE's own rows, a set-returning function.
    expect(read('WITH RECURSIVE tree AS (SELECT id FROM nodes UNION ALL SELECT n.id FROM nodes n JOIN tree t ON n.parent = t.id) SELECT * FROM tree'))
      .toEqual(['id: table:nodes.id', 'star: false ?']);
    expect(read('SELECT * FROM users u, generate_series(1, 3) g')).toEqual(['star: true ?']);
    // A set operation's columns hold what they hold in any branch (EXCEPT: the first's), a recursive CTE's too.
    expect(read('WITH RECURSIVE r AS (SELECT id, country FROM users UNION ALL SELECT l.id, l.email FROM leads l JOIN r ON r.id = l.id) SELECT * FROM r'))
      .toEqual(['id: table:users.id, table:leads.id', 'country: table:users.country, table:leads.email', 'star: false ?']);
    expect(read('SELECT id, email FROM users EXCEPT SELECT id, email FROM bounced')).toEqual(['id: table:users.id', 'email: table:users.email', 'star: false ?']);
    // Thousands of derived tables deep (hostile text): read a bounded depth, then unknown.
    expect(read(`SELECT * FROM ${'(SELECT * FROM '.repeat(5000)}users${') t'.repeat(5000)}`)).toEqual(['star: true ?']);
  });

  it('gives a star the tables of its own FROM clause only: a table a subquery or a join only filters by is none of the row', async () => {
    const found = await scanReport(writeTree({
      'schema.sql': schema,
      'orders.py': [
        'import logging',
        'log = logging.getLogger(__name__)',
        '',
        'def tickets_of(conn, email):',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT * FROM tickets WHERE user_id IN (SELECT id FROM users WHERE email = %s)", (email,))',
        '    log.info("tickets %s", cur.fetchall())',
        '',
        'def us_tickets(conn):',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT t.* FROM tickets t JOIN users u ON u.id = t.user_id WHERE u.full_name LIKE \'A%\'")',
        '    log.info("tickets %s", cur.fetchall())',
        '',
        'def first_ids(conn):',
        '    cur = conn.cursor()',
        '    cur.execute("SELECT * FROM users")',
        '    for uid, *_ in cur.fetchall():',
        '        log.info("user %s", uid)',
        '    log.info("first %s", cur.fetchone()[0])',
        '',
      ].join('\n'),
    }));
    expect(flowsOf(found)).toEqual([]);
  });

  it('gives Eloquent\'s counts, keys and picked columns no data of the whole table', async () => {
    const found = await scanReport(writeTree({
      'database/schema.sql': 'CREATE TABLE users (id BIGINT, full_name TEXT, email TEXT, country TEXT);\n',
      'app/Models/User.php': ['<?php', 'namespace App\\Models;', 'use Illuminate\\Database\\Eloquent\\Model;', '', 'class User extends Model', '{', '}', ''].join('\n'),
      'app/Stats.php': [
        '<?php', 'namespace App;', 'use App\\Models\\User;', 'use Illuminate\\Support\\Facades\\DB;', 'use Illuminate\\Support\\Facades\\Log;', '',
        'class Stats', '{',
        '    public function run(int $id)', '    {',
        "        Log::info('users', ['n' => User::count(), 'any' => User::where('country', 'US')->exists()]);",
        "        Log::info('ids', ['ids' => User::where('country', 'US')->pluck('id'), 'n' => DB::table('users')->count()]);",
        '        $user = User::findOrFail($id);',
        "        Log::info('user', ['key' => $user->getKey(), 'user' => $user->only(['id', 'country'])]);",
        "        Log::info('user', ['emails' => User::pluck('email')]);",
        '    }', '}', '',
      ].join('\n'),
    }));
    expect(flowsOf(found)).toEqual(['app/Stats.php:15 log <- table:users.email [user.contact.email]']);
  });

  it('gives a Python ORM object formatted whole the columns its own __str__ or __repr__ may show, and none without one', async () => {
    const found = await scanReport(writeTree({
      'shop/__init__.py': '',
      'shop/models.py': [
        'from django.db import models',
        'from sqlalchemy import Column, Integer, String',
        'from sqlalchemy.orm import declarative_base',
        '',
        'Base = declarative_base()',
        '',
        'class Customer(models.Model):',
        '    email = models.EmailField()',
        '    full_name = models.CharField(max_length=200)',
        '',
        'class Supplier(models.Model):',
        '    contact_email = models.EmailField()',
        '',
        '    def __str__(self):',
        '        return self.contact_email',
        '',
        'class User(Base):',
        '    __tablename__ = "users"',
        '    id = Column(Integer, primary_key=True)',
        '    email = Column(String(255))',
        '',
      ].join('\n'),
      'shop/views.py': [
        'import logging',
        'from django.shortcuts import get_object_or_404',
        'from .models import Customer, Supplier, User',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def saved(request, pk):',
        '    customer = get_object_or_404(Customer, pk=pk)',
        '    log.info("saved %s", customer)',
        '    supplier = get_object_or_404(Supplier, pk=pk)',
        '    log.info("supplier %s", supplier)',
        '',
        'def deactivate(session, uid):',
        '    user = session.get(User, uid)',
        '    log.info("deactivated %r", user)',
        '    log.info("address %s", user.email)',
        '',
      ].join('\n'),
    }));
    // Django's default __str__ is "Customer object (1)", SQLAlchemy's repr `<User object at 0x...>`.
    expect(flowsOf(found)).toEqual([
      'shop/views.py:11 log <- table:shop_supplier [user.contact.email]',
      'shop/views.py:16 log <- table:users.email [user.contact.email]',
    ]);
  });

  it('gives an ORM object serialised whole every column, or those the call lists, whatever its class formats', async () => {
    const found = await scanReport(writeTree({
      'accounts/__init__.py': '',
      'accounts/models.py': [
        'from sqlalchemy import Column, Integer, String',
        'from sqlalchemy.orm import declarative_base',
        '',
        'Base = declarative_base()',
        '',
        'class User(Base):',
        '    __tablename__ = "users"',
        '    id = Column(Integer, primary_key=True)',
        '    email = Column(String(255))',
        '    full_name = Column(String(200))',
        '    plan = Column(String(20))',
        '',
      ].join('\n'),
      'accounts/api.py': [
        'import logging',
        'import requests',
        'from fastapi.encoders import jsonable_encoder',
        'from .models import User',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def export(session, uid):',
        '    user = session.get(User, uid)',
        '    log.info("user %s", vars(user))',
        '    requests.post("https://crm.example.com/users", json=jsonable_encoder(user, exclude={"email"}))',
        '    requests.post("https://stats.example.com/users", json=jsonable_encoder(user, include={"id", "plan"}))',
        '    log.info("plan %s", jsonable_encoder(user)["plan"])',
        '    log.info("total %s", jsonable_encoder({"total": len(session.query(User).all()), "n": session.query(User).count()}))',
        '',
      ].join('\n'),
    }));
    // Formatted, the object would show no column (no __repr__); serialised, it shows them all.
    expect(flowsOf(found)).toEqual([
      'accounts/api.py:10 log <- table:users [user.contact.email, user.name]',
      'accounts/api.py:11 third_party <- table:users [user.name]',
    ]);
  });

  it('gives a frame its columns picked or dropped by name, in flows and in what the vendors\' APIs are given', async () => {
    const found = await scanReport(writeTree({
      'schema.sql': 'CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL, full_name TEXT, country TEXT, plan TEXT);\n',
      'share.py': [
        'import pandas as pd',
        'import requests',
        'from pyspark.sql import SparkSession',
        '',
        'spark = SparkSession.builder.getOrCreate()',
        '',
        'def share(engine):',
        '    users = pd.read_sql_table("users", engine)',
        '    requests.post("https://a.example.com/u", json=users.drop(columns=["email", "full_name"]).to_dict("records"))',
        '    requests.post("https://b.example.com/u", json=users.drop(columns=["email"]).to_dict("records"))',
        '    requests.post("https://c.example.com/u", json=users.filter(items=["id", "plan"]).to_dict("records"))',
        '    frame = pd.read_sql("SELECT id, email, plan FROM users", engine)',
        '    requests.post("https://d.example.com/u", json=frame.reindex(columns=["id", "plan"]).to_dict("records"))',
        '    requests.post("https://e.example.com/u", json=frame.drop(columns=["plan"]).to_dict("records"))',
        '    requests.post("https://i.example.com/u", json=users.drop(["email", "full_name"], axis=1).to_dict("records"))',
        '    slim = users.drop(columns=["email"])',
        '    slim = slim.drop(columns=["full_name"])',
        '    requests.post("https://j.example.com/u", json=slim.to_dict("records"))',
        '    requests.post("https://k.example.com/u", json=users.filter(items=["id", "email"]).drop(columns=["email"]).to_dict("records"))',
        '',
        'def spark_share():',
        '    people = spark.read.table("users")',
        '    requests.post("https://f.example.com/u", json=people.select("id", "plan").toPandas().to_dict("records"))',
        '    requests.post("https://g.example.com/u", json=people.select("*").toPandas().to_dict("records"))',
        '    requests.post("https://h.example.com/u", json=people.drop("email").toPandas().to_dict("records"))',
        '    people.select("id", "plan").write.mode("overwrite").saveAsTable("analytics.plans")',
        '',
      ].join('\n'),
    }));
    expect(flowsOf(found)).toEqual([
      'share.py:10 third_party <- table:users [user.name]',
      'share.py:14 third_party <- table:users.email [user.contact.email]',
      'share.py:24 third_party <- table:users [user.contact.email, user.name]',
      'share.py:25 third_party <- table:users [user.name]',
    ]);
    expect(found.assets.filter((a) => a.kind === 'api').map((a) => `${a.id} [${a.categories.join(', ')}]`)).toEqual([
      'api:a.example.com/u []',
      'api:b.example.com/u [user.name]',
      'api:c.example.com/u []',
      'api:d.example.com/u []',
      'api:e.example.com/u [user.contact.email]',
      'api:f.example.com/u []',
      'api:g.example.com/u [user.contact.email, user.name]',
      'api:h.example.com/u [user.name]',
      'api:i.example.com/u []',
      // Projections one after the other: what both keep.
      'api:j.example.com/u []',
      'api:k.example.com/u []',
    ]);
    // Written through Spark's writer, what the projection kept.
    expect(found.assets.find((a) => a.id === 'table:analytics.plans')?.categories).toEqual([]);
  });

  /** A Django model of the table `users`: e-mail, name, plan (and the implicit `id`). */
  const DJANGO_USERS = [
    'from django.db import models',
    '',
    'class User(models.Model):',
    '    email = models.EmailField()',
    '    full_name = models.CharField(max_length=200)',
    '    plan = models.CharField(max_length=20)',
    '',
    '    class Meta:',
    '        db_table = "users"',
    '',
  ].join('\n');

  it('shows whole, at each call, what a helper serialises from its parameter', async () => {
    const found = await scanReport(writeTree({
      'app/__init__.py': '',
      'app/models.py': DJANGO_USERS,
      'app/payloads.py': [
        'from django.forms.models import model_to_dict',
        '',
        'def full(obj):',
        '    return model_to_dict(obj)',
        '',
        'def public(obj):',
        '    return model_to_dict(obj, fields=["id", "plan"])',
        '',
        'def tagged(obj, tag):',
        '    return {"tag": tag, "user": model_to_dict(obj, exclude=["email"])}',
        '',
      ].join('\n'),
      'app/share.py': [
        'import requests',
        'from .models import User',
        'from .payloads import full, public, tagged',
        '',
        'def share(uid):',
        '    user = User.objects.get(pk=uid)',
        '    requests.post("https://a.example.com/u", json=full(user))',
        '    requests.post("https://b.example.com/u", json=public(user))',
        '    requests.post("https://c.example.com/u", json=tagged(user, "weekly"))',
        '',
      ].join('\n'),
    }));
    expect(flowsOf(found)).toEqual([
      'app/share.py:7 third_party <- table:users [user.contact.email, user.name]',
      'app/share.py:9 third_party <- table:users [user.name]',
    ]);
  });

  it('resolves the fields a serialiser or a projection is given by a name of the program (a list, a tuple, one text)', async () => {
    const found = await scanReport(writeTree({
      'schema.sql': 'CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL, full_name TEXT, plan TEXT);\n',
      'app/__init__.py': '',
      'app/settings.py': [
        'PUBLIC_FIELDS = ["id", "plan"]',
        'PII = ("email", "full_name")',
        '',
      ].join('\n'),
      'app/models.py': DJANGO_USERS,
      'app/share.py': [
        'import pandas as pd',
        'import requests',
        'from django.forms.models import model_to_dict',
        'from .models import User',
        'from .settings import PUBLIC_FIELDS, PII',
        'from . import settings',
        '',
        'CONTACT = "email"',
        '',
        'def share(engine, uid, chosen):',
        '    user = User.objects.get(pk=uid)',
        '    requests.post("https://a.example.com/u", json=model_to_dict(user, fields=PUBLIC_FIELDS))',
        '    requests.post("https://b.example.com/u", json=model_to_dict(user, exclude=settings.PII))',
        '    requests.post("https://c.example.com/u", json=model_to_dict(user, exclude=CONTACT))',
        '    requests.post("https://d.example.com/u", json=model_to_dict(user, fields=chosen))',
        '    users = pd.read_sql_table("users", engine)',
        '    requests.post("https://e.example.com/u", json=users.drop(columns=PII).to_dict("records"))',
        '    requests.post("https://f.example.com/u", json=users.filter(items=PUBLIC_FIELDS).to_dict("records"))',
        '    requests.post("https://g.example.com/u", json=users.drop(columns=chosen).to_dict("records"))',
        '',
      ].join('\n'),
    }));
    expect(found.assets.filter((a) => a.kind === 'api').map((a) => `${a.id} [${a.categories.join(', ')}]`)).toEqual([
      'api:a.example.com/u []',
      'api:b.example.com/u []',
      'api:c.example.com/u [user.name]',
      // A list only the caller knows: every column may be shown.
      'api:d.example.com/u [user.contact.email, user.name]',
      'api:e.example.com/u []',
      'api:f.example.com/u []',
      'api:g.example.com/u [user.contact.email, user.name]',
    ]);
  });
});
