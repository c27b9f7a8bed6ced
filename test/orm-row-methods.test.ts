/**
 * Rows an ORM reads are objects of their mapped class: a method the class defines runs with the row as `self`
 * (`Customer.objects.get(pk=1).display_name()`, `$customer->mailingLine()` for each customer of a query), and a
 * Doctrine property whose column has another name (`$phone` in `mobile_phone`) is that column.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { extractText } from './helpers/extract.js';
import { CLUB_MEMBER } from './helpers/doctrine-apps.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flows = (report: Report) => report.flows
  .map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset ?? f.source.name}${f.source.column ? `.${f.source.column}` : ' (whole rows)'}`)
  .sort();

const DJANGO_MODELS = [
  'from django.db import models',
  '',
  '',
  'class Customer(models.Model):',
  '    email = models.EmailField()',
  '    first_name = models.CharField(max_length=50)',
  '    last_name = models.CharField(max_length=50)',
  '    ssn = models.CharField(max_length=11)',
  '    plan = models.CharField(max_length=20)',
  '',
  '    class Meta:',
  '        db_table = "crm_customer"',
  '',
  '    def display_name(self):',
  '        return f"{self.first_name} {self.last_name}"',
  '',
  '    def contact_line(self):',
  '        return "%s <%s>" % (self.display_name(), self.email)',
  '',
  '    @staticmethod',
  '    def masked(value):',
  '        return value[:2] + "***"',
  '',
].join('\n');

const DJANGO_VIEWS = [
  'import logging',
  '',
  'from .models import Customer',
  '',
  'log = logging.getLogger(__name__)',
  '',
  '',
  'def show(pk):',
  '    customer = Customer.objects.get(pk=pk)',
  '    log.info("viewing %s", customer.display_name())',
  '',
  '',
  'def weekly():',
  '    for customer in Customer.objects.filter(plan="pro"):',
  '        log.info(customer.contact_line())',
  '',
  '',
  'def audit():',
  '    log.info("masked %s", Customer.masked("n/a"))',
  '',
  '',
  'def first_plan():',
  '    c = Customer.objects.filter(plan="pro").first()',
  '    print(c.plan)',
  '',
].join('\n');

const AUTH_VIEWS = [
  'import logging',
  '',
  'from django.contrib.auth.models import User',
  'from django.contrib.auth import get_user_model',
  '',
  'log = logging.getLogger(__name__)',
  '',
  '',
  'def owner_label(owner_id):',
  '    owner = User.objects.get(pk=owner_id)',
  '    log.info("owner %s", owner.get_full_name())',
  '',
  '',
  'def staff():',
  '    for member in get_user_model().objects.filter(is_staff=True):',
  '        print(member.get_username())',
  '',
].join('\n');

const ALCHEMY_MODELS = [
  'from sqlalchemy import Column, Integer, String',
  'from sqlalchemy.orm import declarative_base',
  '',
  'Base = declarative_base()',
  '',
  '',
  'class Patient(Base):',
  '    __tablename__ = "patients"',
  '',
  '    id = Column(Integer, primary_key=True)',
  '    full_name = Column(String)',
  '    diagnosis = Column(String)',
  '    phone = Column(String)',
  '',
  '    def summary(self):',
  '        return f"{self.full_name}: {self.diagnosis}"',
  '',
].join('\n');

const ALCHEMY_JOBS = [
  'import logging',
  '',
  'import requests',
  'from sqlalchemy import select',
  'from sqlalchemy.orm import Session',
  '',
  'from .models import Patient',
  '',
  'log = logging.getLogger(__name__)',
  '',
  '',
  'def report(session: Session, patient_id: int):',
  '    patient = session.get(Patient, patient_id)',
  '    log.info("patient %s", patient.summary())',
  '',
  '',
  'def export_all(session: Session):',
  '    for p in session.scalars(select(Patient)).all():',
  '        requests.post("https://partner.example.com/patients", json={"summary": p.summary()})',
  '',
  '',
  'def legacy(session: Session):',
  '    p = session.query(Patient).filter(Patient.id == 3).one()',
  '    print(p.summary())',
  '',
].join('\n');

const ELOQUENT_MODEL = [
  '<?php',
  '',
  'namespace App\\Models;',
  '',
  'use Illuminate\\Database\\Eloquent\\Model;',
  '',
  'class Customer extends Model',
  '{',
  "    protected $table = 'customers';",
  '',
  '    public function displayName(): string',
  '    {',
  "        return $this->first_name . ' ' . $this->last_name;",
  '    }',
  '',
  '    public function mailingLine(): string',
  '    {',
  "        return $this->displayName() . ' <' . $this->email . '>';",
  '    }',
  '}',
  '',
].join('\n');

const ELOQUENT_CONTROLLER = [
  '<?php',
  '',
  'namespace App\\Http;',
  '',
  'use App\\Models\\Customer;',
  'use Illuminate\\Support\\Facades\\Log;',
  '',
  'class CustomerController',
  '{',
  '    public function show(int $id)',
  '    {',
  '        $customer = Customer::findOrFail($id);',
  "        Log::info('showing ' . $customer->displayName());",
  '    }',
  '',
  '    public function digest()',
  '    {',
  "        foreach (Customer::where('active', true)->get() as $customer) {",
  '            Log::info($customer->mailingLine());',
  '        }',
  '    }',
  '}',
  '',
].join('\n');

const ELOQUENT_MIGRATION = [
  '<?php',
  '',
  'use Illuminate\\Database\\Migrations\\Migration;',
  'use Illuminate\\Database\\Schema\\Blueprint;',
  'use Illuminate\\Support\\Facades\\Schema;',
  '',
  'return new class extends Migration',
  '{',
  '    public function up(): void',
  '    {',
  "        Schema::create('customers', function (Blueprint $table) {",
  '            $table->id();',
  "            $table->string('first_name');",
  "            $table->string('last_name');",
  "            $table->string('email')->unique();",
  "            $table->boolean('active')->default(true);",
  '            $table->timestamps();',
  '        });',
  '    }',
  '};',
  '',
].join('\n');

const DOCTRINE_SERVICE = [
  '<?php',
  '',
  'namespace App\\Service;',
  '',
  'use App\\Entity\\Member;',
  'use Doctrine\\ORM\\EntityManagerInterface;',
  'use Psr\\Log\\LoggerInterface;',
  '',
  'class Reminders',
  '{',
  '    public function __construct(private EntityManagerInterface $em, private LoggerInterface $logger)',
  '    {',
  '    }',
  '',
  '    public function send(int $id): void',
  '    {',
  '        $member = $this->em->find(Member::class, $id);',
  "        $this->logger->info('texting {phone}', ['phone' => $member->getPhone()]);",
  "        $this->logger->info('reminded ' . $member->label());",
  '    }',
  '}',
  '',
].join('\n');

const RENAMED_ALCHEMY_MODELS = [
  'from sqlalchemy import Column, ForeignKey, Integer, String',
  'from sqlalchemy.orm import declarative_base, relationship',
  '',
  'Base = declarative_base()',
  '',
  '',
  'class Account(Base):',
  '    __tablename__ = "legacy_accounts"',
  '',
  '    id = Column("acct_id", Integer, primary_key=True)',
  '    email = Column("email_address", String(255))',
  '    owner_id = Column(Integer, ForeignKey("owners.id"))',
  '    owner = relationship("Owner")',
  '',
].join('\n');

const RENAMED_ALCHEMY_EXPORT = [
  'import logging',
  '',
  'from sqlalchemy.orm import Session',
  '',
  'from .models import Account',
  '',
  'log = logging.getLogger(__name__)',
  '',
  '',
  'def show(session: Session, account_id: int):',
  '    account = session.get(Account, account_id)',
  '    log.info("account %s", account.email)',
  '',
].join('\n');

const RENAMED_DJANGO_MODELS = [
  'from django.db import models',
  '',
  '',
  'class Customer(models.Model):',
  '    email = models.EmailField(db_column="email_address")',
  '    phone = models.CharField(max_length=32, db_column="phone_no")',
  '    tier = models.CharField(max_length=16)',
  '',
  '    class Meta:',
  '        db_table = "shop_customers"',
  '',
].join('\n');

const RENAMED_DJANGO_TASKS = [
  'import requests',
  '',
  'from .models import Customer',
  '',
  '',
  'def push_contacts():',
  '    for customer in Customer.objects.filter(tier="gold"):',
  '        requests.post("https://crm.vendor.example/v2/contacts", json={"email": customer.email, "tier": customer.tier})',
  '',
  '',
  'def export_emails(writer):',
  '    for row in Customer.objects.filter(tier="gold").values("email", "tier"):',
  '        writer.writerow([row["email"], row["tier"]])',
  '    print(list(Customer.objects.values_list("phone", flat=True)))',
  '',
].join('\n');

const ACCESSOR_MODEL = [
  '<?php',
  '',
  'namespace App\\Models;',
  '',
  'use Illuminate\\Database\\Eloquent\\Casts\\Attribute;',
  'use Illuminate\\Database\\Eloquent\\Model;',
  '',
  'class Customer extends Model',
  '{',
  "    protected $table = 'customers';",
  '',
  "    protected $fillable = ['first_name', 'last_name', 'email', 'plan'];",
  '',
  '    public function getFullNameAttribute(): string',
  '    {',
  "        return $this->first_name . ' ' . $this->last_name;",
  '    }',
  '',
  '    protected function contactLine(): Attribute',
  '    {',
  '        return Attribute::make(',
  "            get: fn () => $this->full_name . ' <' . $this->email . '>',",
  '        );',
  '    }',
  '}',
  '',
].join('\n');

const ACCESSOR_CONTROLLER = [
  '<?php',
  '',
  'namespace App\\Http;',
  '',
  'use App\\Models\\Customer;',
  'use Illuminate\\Support\\Facades\\Log;',
  '',
  'class CustomerController',
  '{',
  '    public function show(int $id)',
  '    {',
  '        $customer = Customer::findOrFail($id);',
  "        Log::info('showing ' . $customer->full_name);",
  "        Log::info('contact ' . $customer->contact_line);",
  '    }',
  '',
  '    public function digest()',
  '    {',
  "        foreach (Customer::where('plan', 'pro')->get() as $customer) {",
  '            Log::debug($customer->full_name);',
  '        }',
  '    }',
  '}',
  '',
].join('\n');

describe('methods of ORM rows', () => {
  it('Django: a model method run on a row from get() or from a filtered queryset reads that row\'s columns', async () => {
    const report = await scanReport(writeTree({ 'crm/__init__.py': '', 'crm/models.py': DJANGO_MODELS, 'crm/views.py': DJANGO_VIEWS }));
    // Before, `display_name()` was a name only (no table) and `contact_line()` no flow at all. `Customer.masked()`,
    // a static method called on the class, is given no row.
    expect(flows(report)).toEqual([
      'crm/views.py:10 log <- table:crm_customer.first_name',
      'crm/views.py:10 log <- table:crm_customer.last_name',
      'crm/views.py:15 log <- table:crm_customer.email',
      'crm/views.py:15 log <- table:crm_customer.first_name',
      'crm/views.py:15 log <- table:crm_customer.last_name',
    ]);
  });

  it('Django: the framework user\'s getters hold for users read through User.objects and get_user_model()', async () => {
    const report = await scanReport(writeTree({ 'acct/__init__.py': '', 'acct/views.py': AUTH_VIEWS }));
    expect(flows(report)).toEqual([
      'acct/views.py:11 log <- table:auth_user.first_name',
      'acct/views.py:11 log <- table:auth_user.last_name',
      'acct/views.py:16 stdout <- table:auth_user.username',
    ]);
  });

  it('SQLAlchemy: session.get(), scalars(select(...)).all() and query().one() give objects of the class', async () => {
    const report = await scanReport(writeTree({ 'app/__init__.py': '', 'app/models.py': ALCHEMY_MODELS, 'app/jobs.py': ALCHEMY_JOBS }));
    // `phone` is read by no method: it reaches no sink.
    expect(flows(report)).toEqual([
      'app/jobs.py:14 log <- table:patients.diagnosis',
      'app/jobs.py:14 log <- table:patients.full_name',
      'app/jobs.py:19 third_party <- table:patients.diagnosis',
      'app/jobs.py:19 third_party <- table:patients.full_name',
      'app/jobs.py:24 stdout <- table:patients.diagnosis',
      'app/jobs.py:24 stdout <- table:patients.full_name',
    ]);
  });

  // Without a migration (and without `$fillable`) the model's empty list of columns read as a table of no columns:
  // every attribute was a member of the whole row (no column), beside a flow from the attribute's name alone.
  it.each([
    ['with a migration', { 'database/migrations/2024_01_10_000000_create_customers_table.php': ELOQUENT_MIGRATION }],
    ['without a migration or $fillable: the columns are unknown, not none', {}],
  ])('Eloquent: a model method on each row of a query\'s results reads those columns, not the whole row (%s)', async (_, migration) => {
    const report = await scanReport(writeTree({ 'app/Models/Customer.php': ELOQUENT_MODEL, 'app/Http/CustomerController.php': ELOQUENT_CONTROLLER, ...migration }));
    // Line 19 was the whole customers row (every column, `active` included).
    expect(flows(report)).toEqual([
      'app/Http/CustomerController.php:13 log <- table:customers.first_name',
      'app/Http/CustomerController.php:13 log <- table:customers.last_name',
      'app/Http/CustomerController.php:19 log <- table:customers.email',
      'app/Http/CustomerController.php:19 log <- table:customers.first_name',
      'app/Http/CustomerController.php:19 log <- table:customers.last_name',
    ]);
  });

  it('Eloquent accessors: getFullNameAttribute() and a method returning an Attribute make attributes of rows', async () => {
    const report = await scanReport(writeTree({ 'app/Models/Customer.php': ACCESSOR_MODEL, 'app/Http/CustomerController.php': ACCESSOR_CONTROLLER }));
    // Before, `full_name` was the customers' data known by the name only (no column), and `contact_line` nothing.
    expect(flows(report)).toEqual([
      'app/Http/CustomerController.php:13 log <- table:customers.first_name',
      'app/Http/CustomerController.php:13 log <- table:customers.last_name',
      'app/Http/CustomerController.php:14 log <- table:customers.email',
      'app/Http/CustomerController.php:14 log <- table:customers.first_name',
      'app/Http/CustomerController.php:14 log <- table:customers.last_name',
      'app/Http/CustomerController.php:20 log <- table:customers.first_name',
      'app/Http/CustomerController.php:20 log <- table:customers.last_name',
    ]);
  });

  it('Doctrine: a property mapped to a column of another name is that column, in getters and other methods', async () => {
    const facts = await extractText('src/Entity/Member.php', CLUB_MEMBER);
    expect(facts.units.find((u) => u.asset)?.asset?.attributes).toEqual({ fullName: 'full_name', phone: 'mobile_phone' });
    const report = await scanReport(writeTree({ 'src/Entity/Member.php': CLUB_MEMBER, 'src/Service/Reminders.php': DOCTRINE_SERVICE }));
    // `$em->find(Member::class, $id)` is a row of the members; before, `getPhone()` was a name only and `label()`
    // the whole row.
    expect(flows(report)).toEqual([
      'src/Service/Reminders.php:18 log <- table:club_members.mobile_phone',
      'src/Service/Reminders.php:19 log <- table:club_members.full_name',
      'src/Service/Reminders.php:19 log <- table:club_members.mobile_phone',
    ]);
  });
});

describe('attributes of ORM rows named otherwise than their columns', () => {
  it('SQLAlchemy: Column("email_address", ...) makes `account.email` that column', async () => {
    const facts = await extractText('app/models.py', RENAMED_ALCHEMY_MODELS);
    // `relationship("Owner")` names a class, not a column.
    expect(facts.units.find((u) => u.asset)?.asset).toMatchObject({
      columns: ['acct_id', 'email_address', 'owner_id'], attributes: { email: 'email_address', id: 'acct_id' }, key: 'acct_id',
    });
    const report = await scanReport(writeTree({ 'app/__init__.py': '', 'app/models.py': RENAMED_ALCHEMY_MODELS, 'app/export.py': RENAMED_ALCHEMY_EXPORT }));
    // Before, the flow named a column `email` the table does not have.
    expect(flows(report)).toEqual(['app/export.py:12 log <- table:legacy_accounts.email_address']);
  });

  it('Django: db_column makes the attribute that column, in flows, in column lineage and in values_list()', async () => {
    const report = await scanReport(writeTree({ 'shop/__init__.py': '', 'shop/models.py': RENAMED_DJANGO_MODELS, 'shop/tasks.py': RENAMED_DJANGO_TASKS }));
    expect(flows(report)).toEqual([
      'shop/tasks.py:14 stdout <- table:shop_customers.phone_no',
      'shop/tasks.py:8 third_party <- table:shop_customers.email_address',
    ]);
    expect(report.jobs.flatMap((j) => j.columnLineage).map((c) => `${c.output.column} <- ${c.inputs.map((i) => i.column).join(',')}`)).toEqual([
      'email <- email_address', 'tier <- tier',
    ]);
  });
});
