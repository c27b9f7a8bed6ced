/**
 * Relations between ORM-mapped classes: `order.customer` is the customer's row (Django's ForeignKey and
 * OneToOneField, SQLAlchemy's relationship(), SQLModel's Relationship), `customer.order_set` the orders, and a
 * foreign key is stored in its own column (`customer_id`), which holds the related row's key.
 */
import { describe, expect, it } from 'vitest';
import { columnLineageOf, flowLines } from './helpers/report-lines.js';
import { CUSTOM_USER_MODEL } from './helpers/django-apps.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';


const DJANGO_MODELS = [
  'from django.db import models',
  '',
  'class Customer(models.Model):',
  '    email = models.EmailField()',
  '    full_name = models.CharField(max_length=200)',
  '',
  'class Profile(models.Model):',
  '    # A one-to-one relation by the class\'s name in the app ("crm.Customer"); customer.profile is the other side.',
  '    customer = models.OneToOneField("crm.Customer", on_delete=models.CASCADE)',
  '    phone = models.CharField(max_length=40)',
  '',
  'class Order(models.Model):',
  '    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="orders")',
  '    placed_by = models.ForeignKey(to="Customer", on_delete=models.PROTECT, related_name="+", db_column="agent")',
  '    shipping_address = models.TextField()',
  '',
  'class Tag(models.Model):',
  '    label = models.CharField(max_length=40)',
  '    orders = models.ManyToManyField(Order)',
  '',
].join('\n');

/** Orders related to the user model the settings name, and to a class the program does not have. */
const ORDERS_OF_USERS = [
  'from django.conf import settings',
  'from django.db import models',
  '',
  'class Order(models.Model):',
  '    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")',
  '    invoice = models.ForeignKey("billing.Invoice", on_delete=models.PROTECT)',
  '    total_cents = models.IntegerField()',
  '',
].join('\n');

describe('ORM relations', () => {
  it('follows Django foreign keys both ways, by class, by name and by the app\'s name, and one-to-one fields', async () => {
    const report = await scanReport(writeTree({
      'crm/__init__.py': '',
      'crm/models.py': DJANGO_MODELS,
      'crm/jobs.py': [
        'import logging',
        'from .models import Customer, Order, Profile, Tag',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def chase(order_id):',
        '    order = Order.objects.get(pk=order_id)',
        '    log.info("chasing %s", order.customer.email)',
        '',
        'def addresses(customer_id):',
        '    customer = Customer.objects.get(pk=customer_id)',
        '    for order in customer.orders.all():',
        '        log.info("ships to %s", order.shipping_address)',
        '',
        'def call(profile_id):',
        '    profile = Profile.objects.get(pk=profile_id)',
        '    log.info("calling %s at %s", profile.customer.full_name, profile.phone)',
        '',
        'def phone_of(customer_id):',
        '    log.info("phone %s", Customer.objects.get(pk=customer_id).profile.phone)',
        '',
        'def tagged(tag_id):',
        '    for order in Tag.objects.get(pk=tag_id).orders.all():',
        '        log.info("tagged %s", order.shipping_address)',
        '',
        'def agent(order_id):',
        '    # Only the key is logged: `customer_id` is the foreign key\'s column.',
        '    order = Order.objects.get(pk=order_id)',
        '    log.info("order of %s placed by %s", order.customer_id, order.agent)',
        '',
      ].join('\n'),
    }));
    expect(flowLines(report)).toEqual([
      'crm/jobs.py:8 log <- table:crm_customer.email',
      'crm/jobs.py:13 log <- table:crm_order.shipping_address',
      'crm/jobs.py:17 log <- table:crm_profile.phone',
      'crm/jobs.py:17 log <- table:crm_customer.full_name',
      'crm/jobs.py:20 log <- table:crm_profile.phone',
      'crm/jobs.py:24 log <- table:crm_order.shipping_address',
    ]);
    // A foreign key's column is `<field>_id` unless db_column names it; a many-to-many field has no column.
    expect(report.assets.filter((a) => a.kind === 'table').map((a) => `${a.id} ${a.columns.join(',')}`)).toEqual([
      'table:crm_customer email,full_name,id',
      'table:crm_order agent,customer_id,id,shipping_address',
      'table:crm_profile customer_id,id,phone',
      'table:crm_tag id,label',
    ]);
  });

  it('reads Django lookups through relations, several deep, and keeps a lookup it cannot follow on the table', async () => {
    const report = await scanReport(writeTree({
      'crm/__init__.py': '',
      'crm/models.py': DJANGO_MODELS,
      'crm/export.py': [
        'import json',
        'from .models import Order, Tag',
        '',
        'def export():',
        '    with open("exports/tags.json", "w") as out:',
        '        json.dump(list(Tag.objects.values("label", "orders__customer__email", "orders__customer__profile__phone", "orders__courier__name")), out)',
        '',
      ].join('\n'),
    }));
    expect(columnLineageOf(report, 'export')).toEqual([
      'label <- table:crm_tag.label',
      'orders__courier__name <- table:crm_tag.orders__courier__name',
      'orders__customer__email <- table:crm_customer.email',
      'orders__customer__profile__phone <- table:crm_profile.phone',
    ]);
  });

  it('reads a column an earlier annotate(name=F("relation__column")) names as that related column', async () => {
    const report = await scanReport(writeTree({
      'crm/__init__.py': '',
      'crm/models.py': DJANGO_MODELS,
      'crm/contacts.py': [
        'import csv',
        'from django.db.models import F',
        'from .models import Order',
        '',
        'def export_contacts():',
        '    rows = Order.objects.filter(shipping_address__isnull=False).annotate(',
        '        contact=F("customer__email"), phone=F("customer__profile__phone"),',
        '    ).values_list("id", "contact", "phone")',
        '    with open("exports/contacts.csv", "w") as out:',
        '        csv.writer(out).writerows(rows)',
        '',
      ].join('\n'),
    }));
    expect(columnLineageOf(report, 'export_contacts')).toEqual([
      'contact <- table:crm_customer.email',
      'id <- table:crm_order.id',
      'phone <- table:crm_profile.phone',
    ]);
  });

  it('reads a relation named last in a lookup as its key column', async () => {
    const report = await scanReport(writeTree({
      'crm/__init__.py': '',
      'crm/models.py': DJANGO_MODELS,
      'crm/keys.py': [
        'import json',
        'from .models import Order, Profile',
        '',
        'def export_keys():',
        '    with open("exports/order_keys.json", "w") as out:',
        '        json.dump(list(Order.objects.values("id", "customer", "placed_by")), out)',
        '        json.dump(list(Profile.objects.values("phone", "customer__profile")), out)',
        '',
      ].join('\n'),
    }));
    // `customer` is stored in `customer_id`, `placed_by` in its db_column `agent`; the other side of a one-to-one
    // field (`customer.profile`) is no column of the customers' table: it is the profile's key.
    expect(columnLineageOf(report, 'export_keys')).toEqual([
      'customer <- table:crm_order.customer_id',
      'customer__profile <- table:crm_profile.id',
      'id <- table:crm_order.id',
      'phone <- table:crm_profile.phone',
      'placed_by <- table:crm_order.agent',
    ]);
  });

  it('relates settings.AUTH_USER_MODEL to Django\'s auth_user without a user model of the program, and an unknown class to nothing', async () => {
    const report = await scanReport(writeTree({
      'shop/__init__.py': '',
      'shop/models.py': ORDERS_OF_USERS,
      'shop/jobs.py': [
        'import logging',
        'from .models import Order',
        '',
        'def chase():',
        '    for order in Order.objects.all():',
        '        logging.info("mailing %s", order.user.email)',
        '        logging.info("paying with %s", order.invoice.iban)',
        '',
      ].join('\n'),
    }));
    // The invoices' class is nowhere in the program: the IBAN is known by its name, and is no column of the orders.
    expect(flowLines(report)).toEqual(['shop/jobs.py:6 log <- table:auth_user.email', 'shop/jobs.py:7 log <- name order.invoice.iban']);
    // Django's user table is an asset, named where the relation is, with Django's user columns.
    const users = report.assets.find((a) => a.id === 'table:auth_user');
    expect(users?.locations).toEqual([{ file: 'shop/models.py', line: 5 }]);
    expect(users?.columns).toEqual(expect.arrayContaining(['email', 'first_name', 'last_name', 'password', 'username']));
  });

  it('maps a custom user model with Django\'s user columns, and follows settings.AUTH_USER_MODEL to it', async () => {
    const report = await scanReport(writeTree({
      'accounts/__init__.py': '',
      'accounts/models.py': CUSTOM_USER_MODEL,
      'shop/__init__.py': '',
      'shop/models.py': ORDERS_OF_USERS,
      'shop/jobs.py': [
        'import logging',
        'from accounts.models import User',
        'from .models import Order',
        '',
        'def chase():',
        '    for order in Order.objects.all():',
        '        logging.info("mailing %s, calling %s", order.user.email, order.user.phone)',
        '',
        'def spend(user_id):',
        '    for order in User.objects.get(pk=user_id).orders.all():',
        '        logging.info("%s spent %s", order.user.username, order.total_cents)',
        '',
      ].join('\n'),
    }));
    expect(flowLines(report)).toEqual([
      'shop/jobs.py:7 log <- table:accounts_user.email',
      'shop/jobs.py:7 log <- table:accounts_user.phone',
      'shop/jobs.py:11 log <- table:accounts_user.username',
    ]);
    expect(report.assets.find((a) => a.id === 'table:accounts_user')?.columns).toEqual([
      'date_joined', 'email', 'first_name', 'id', 'is_active', 'is_staff', 'is_superuser', 'last_login', 'last_name', 'password', 'phone', 'username',
    ]);
    // The program's user model stands for Django's: no auth_user.
    expect(report.assets.some((a) => a.id === 'table:auth_user')).toBe(false);
  });

  it('gives a foreign key written with an object the related row\'s key, in the key\'s column', async () => {
    const report = await scanReport(writeTree({
      'crm/__init__.py': '',
      'crm/models.py': DJANGO_MODELS,
      'crm/reorder.py': [
        'from .models import Order',
        '',
        'def reorder(order_id):',
        '    previous = Order.objects.get(pk=order_id)',
        '    Order.objects.create(customer=previous.customer, placed_by=previous.customer, shipping_address=previous.shipping_address)',
        '',
      ].join('\n'),
    }));
    expect(report.jobs.find((j) => j.unit === 'reorder')!.inputs).toEqual(['table:crm_customer']);
    expect(columnLineageOf(report, 'reorder')).toEqual([
      'agent <- table:crm_customer.id',
      'customer_id <- table:crm_customer.id',
    ]);
  });

  it('follows SQLAlchemy relationships (by argument, annotation and backref) and SQLModel Relationship fields', async () => {
    const report = await scanReport(writeTree({
      'billing/__init__.py': '',
      'billing/models.py': [
        'from typing import List, Optional',
        'from sqlalchemy import Column, ForeignKey, Integer, String',
        'from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship',
        'from sqlmodel import Field, Relationship, SQLModel',
        '',
        'class Base(DeclarativeBase):',
        '    pass',
        '',
        'class Account(Base):',
        '    __tablename__ = "accounts"',
        '    id: Mapped[int] = mapped_column(primary_key=True)',
        '    email: Mapped[str] = mapped_column(String(200))',
        '    invoices: Mapped[List["Invoice"]] = relationship(back_populates="account")',
        '',
        'class Invoice(Base):',
        '    __tablename__ = "invoices"',
        '    id: Mapped[int] = mapped_column(primary_key=True)',
        '    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))',
        '    billing_address: Mapped[str]',
        '    account: Mapped["Account"] = relationship(back_populates="invoices")',
        '',
        'class Card(Base):',
        '    __tablename__ = "cards"',
        '    id = Column(Integer, primary_key=True)',
        '    account_id = Column(Integer, ForeignKey("accounts.id"))',
        '    phone = Column(String(40))',
        '    account = relationship("Account", backref="cards")',
        '',
        'class Team(SQLModel, table=True):',
        '    id: Optional[int] = Field(default=None, primary_key=True)',
        '    name: str',
        '    heroes: list["Hero"] = Relationship(back_populates="team")',
        '',
        'class Hero(SQLModel, table=True):',
        '    id: Optional[int] = Field(default=None, primary_key=True)',
        '    phone: str',
        '    team_id: Optional[int] = Field(default=None, foreign_key="team.id")',
        '    team: Team | None = Relationship(back_populates="heroes")',
        '',
      ].join('\n'),
      'billing/jobs.py': [
        'import logging',
        'from sqlalchemy import select',
        'from .models import Account, Card, Invoice, Team',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def remind(session):',
        '    for invoice in session.scalars(select(Invoice)):',
        '        log.warning("unpaid invoice for %s", invoice.account.email)',
        '',
        'def addresses(session, account_id):',
        '    account = session.get(Account, account_id)',
        '    for invoice in account.invoices:',
        '        log.info("bill to %s", invoice.billing_address)',
        '    for card in account.cards:',
        '        log.info("card of %s", card.phone)',
        '',
        'def card_owner(session, card_id):',
        '    log.info("owner %s", session.get(Card, card_id).account.email)',
        '',
        'def roster(session, team_id):',
        '    for hero in session.get(Team, team_id).heroes:',
        '        log.info("call %s", hero.phone)',
        '',
      ].join('\n'),
    }));
    expect(flowLines(report)).toEqual([
      'billing/jobs.py:9 log <- table:accounts.email',
      'billing/jobs.py:14 log <- table:invoices.billing_address',
      'billing/jobs.py:16 log <- table:cards.phone',
      'billing/jobs.py:19 log <- table:accounts.email',
      'billing/jobs.py:23 log <- table:hero.phone',
    ]);
    // A relationship is no column: its foreign key is declared apart (`account_id`).
    expect(report.assets.filter((a) => a.kind === 'table').map((a) => `${a.id} ${a.columns.join(',')}`)).toEqual([
      'table:accounts email,id',
      'table:cards account_id,id,phone',
      'table:hero id,phone,team_id',
      'table:invoices account_id,billing_address,id',
      'table:team id,name',
    ]);
  });

  it('follows Eloquent relationship methods both ways, a belongsTo key named by its second argument', async () => {
    const model = (name: string, body: string[]) => ['<?php', 'namespace App\\Models;', 'use Illuminate\\Database\\Eloquent\\Model;', '', `class ${name} extends Model`, '{', ...body, '}', ''].join('\n');
    const report = await scanReport(writeTree({
      'app/Models/Customer.php': model('Customer', [
        "    protected $fillable = ['email', 'full_name'];",
        '    public function orders() { return $this->hasMany(Order::class); }',
      ]),
      'app/Models/Order.php': model('Order', [
        "    protected $fillable = ['total_cents', 'delivery_address'];",
        '    public function customer() { return $this->belongsTo(Customer::class); }',
        "    public function courier() { return $this->belongsTo(\\App\\Models\\Courier::class, 'carrier_id'); }",
      ]),
      'app/Models/Courier.php': model('Courier', ["    protected $fillable = ['phone'];"]),
      'app/Jobs/Notify.php': [
        '<?php',
        'namespace App\\Jobs;',
        'use App\\Models\\Customer;',
        'use App\\Models\\Order;',
        'use Illuminate\\Support\\Facades\\Log;',
        '',
        'class Notify',
        '{',
        '    public function handle(int $id): void',
        '    {',
        '        $order = Order::findOrFail($id);',
        '        Log::info("mailing {$order->customer->email}");',
        '        Log::info("courier {$order->courier->phone}");',
        '        foreach (Customer::findOrFail($id)->orders as $placed) {',
        '            Log::info("ships to {$placed->delivery_address}");',
        '        }',
        '        // The relationship method called: its query gives the related model\'s rows.',
        '        $first = Customer::findOrFail($id)->orders()->where(\'status\', \'open\')->first();',
        '        Log::info("first ships to {$first->delivery_address}");',
        '        Log::info("buyer {$order->customer()->first()->email}");',
        '    }',
        '}',
        '',
      ].join('\n'),
    }));
    expect(flowLines(report)).toEqual([
      'app/Jobs/Notify.php:12 log <- table:customers.email',
      'app/Jobs/Notify.php:13 log <- table:couriers.phone',
      'app/Jobs/Notify.php:15 log <- table:orders.delivery_address',
      'app/Jobs/Notify.php:19 log <- table:orders.delivery_address',
      'app/Jobs/Notify.php:20 log <- table:customers.email',
    ]);
    // belongsTo keys: `customer_id` by the method's name, `carrier_id` as given.
    expect(report.assets.find((a) => a.id === 'table:orders')?.columns).toEqual(['carrier_id', 'customer_id', 'delivery_address', 'total_cents']);
  });

  it('follows Doctrine associations through their getters, by targetEntity (a class or a name) or the property\'s type', async () => {
    const report = await scanReport(writeTree({
      'src/Entity/Customer.php': [
        '<?php',
        'namespace App\\Entity;',
        'use Doctrine\\ORM\\Mapping as ORM;',
        '',
        '#[ORM\\Entity]',
        'class Customer',
        '{',
        '    #[ORM\\Column]',
        '    private ?string $email = null;',
        "    #[ORM\\OneToMany(targetEntity: Shipment::class, mappedBy: 'customer')]",
        '    private $shipments;',
        '    public function getEmail(): ?string { return $this->email; }',
        '    public function getShipments() { return $this->shipments; }',
        '}',
        '',
      ].join('\n'),
      'src/Entity/Shipment.php': [
        '<?php',
        'namespace App\\Entity;',
        'use Doctrine\\ORM\\Mapping as ORM;',
        '',
        '/** @ORM\\Entity */',
        'class Shipment',
        '{',
        '    /** @ORM\\Column(type="string") */',
        '    private $recipientAddress;',
        '    /** @ORM\\ManyToOne(targetEntity="Customer", inversedBy="shipments") */',
        '    private $customer;',
        '    #[ORM\\ManyToOne]',
        '    private ?Customer $payer = null;',
        '    public function getRecipientAddress() { return $this->recipientAddress; }',
        '    public function getCustomer() { return $this->customer; }',
        '    public function getPayer(): ?Customer { return $this->payer; }',
        '}',
        '',
      ].join('\n'),
      'src/Service/Tracking.php': [
        '<?php',
        'namespace App\\Service;',
        'use App\\Entity\\Customer;',
        'use App\\Entity\\Shipment;',
        'use Doctrine\\ORM\\EntityManagerInterface;',
        'use Psr\\Log\\LoggerInterface;',
        '',
        'class Tracking',
        '{',
        '    public function __construct(private EntityManagerInterface $em, private LoggerInterface $logger) {}',
        '',
        '    public function late(int $id): void',
        '    {',
        '        $shipment = $this->em->getRepository(Shipment::class)->find($id);',
        "        $this->logger->warning('late', ['to' => $shipment->getCustomer()->getEmail()]);",
        "        $this->logger->warning('payer', ['to' => $shipment->getPayer()->getEmail()]);",
        '        foreach ($this->em->getRepository(Customer::class)->find($id)->getShipments() as $other) {',
        "            $this->logger->info('also', ['address' => $other->getRecipientAddress()]);",
        '        }',
        '    }',
        '}',
        '',
      ].join('\n'),
    }));
    expect(flowLines(report)).toEqual([
      'src/Service/Tracking.php:15 log <- table:customer.email',
      'src/Service/Tracking.php:16 log <- table:customer.email',
      'src/Service/Tracking.php:18 log <- table:shipment.recipient_address',
    ]);
  });
});
