/**
 * A Symfony service on the Doctrine ORM (fixtures/php-symfony): entities mapped by attributes and by docblock
 * annotations, repositories (looked up and injected), getters, persist and remove. Expectations reviewed by hand
 * against the fixture files.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

let report: Report;

beforeAll(async () => {
  report = await scanReport(path.join(REPO_ROOT, 'fixtures/php-symfony'));
});

describe('Symfony and Doctrine (fixtures/php-symfony)', () => {
  it('maps entities to tables: #[ORM\\Table] or @ORM\\Table names, else the class in snake_case; columns likewise', () => {
    const tables = report.assets.filter((a) => a.kind === 'table').map((a) => [a.id, a.columns, a.locations.map((l) => `${l.file}:${l.line}`)]);
    expect(tables).toEqual([
      // Docblock annotations (the table's name after a nested index annotation), a column named by `name=`.
      ['table:billing_invoices', ['billing_email', 'iban', 'id'], ['src/Entity/Invoice.php:16']],
      // `fullName` is `full_name`; `#[ORM\Column(name: 'phone_number')] $phone` is `phone_number`.
      ['table:crm_customers', ['email', 'full_name', 'id', 'phone_number'], ['src/Entity/Customer.php:8', 'src/Service/Newsletter.php:19']],
      // No #[ORM\Table]: the class name; the ManyToOne's join columns: `customer_id` by default, one named.
      ['table:customer_order', ['customer_id', 'id', 'ship_to_address_id', 'status', 'total_amount'], [
        'src/Entity/CustomerOrder.php:9', 'src/Service/Checkout.php:15',
      ]],
    ]);
    expect(report.assets.find((a) => a.id === 'table:crm_customers')?.columnCategories).toEqual({
      email: ['user.contact.email'], full_name: ['user.name'], phone_number: ['user.contact.phone_number'],
    });
  });

  it('gives persist and reads through repositories their jobs', () => {
    expect(report.jobs.map((j) => `${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      // An injected repository whose query-builder method returns the entity's rows.
      'ExportUnpaidCommand.execute: table:billing_invoices -> file:var/export/unpaid.csv',
      'Checkout.place:  -> table:customer_order',
      'Newsletter.subscribe:  -> table:crm_customers',
      'Newsletter.sync: table:crm_customers -> api:api.newsletter.example/v1/contacts',
    ]);
    // fputcsv($handle, [$invoice->getBillingEmail(), $invoice->getIban()]): a row by position, the file's columns.
    const unpaid = report.jobs.find((j) => j.unit === 'ExportUnpaidCommand.execute')!;
    expect(unpaid.columnLineage.map((c) => `${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      '* <- table:billing_invoices.billing_email, table:billing_invoices.iban',
    ]);
    const sync = report.jobs.find((j) => j.unit === 'Newsletter.sync')!;
    expect(sync.columnLineage.map((c) => `${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      'email <- table:crm_customers.email',
      'name <- table:crm_customers.full_name',
    ]);
  });

  it('reports the column a getter returns, and nothing for getId() or a lookup by e-mail address', () => {
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} ${f.sink.callee} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      'src/Command/ExportUnpaidCommand.php:21 file fputcsv <- table:billing_invoices.iban',
      'src/Command/ExportUnpaidCommand.php:21 file fputcsv <- table:billing_invoices.billing_email',
      'src/Controller/SupportController.php:21 response Symfony.Component.HttpFoundation.JsonResponse <- table:crm_customers.full_name',
      'src/Controller/SupportController.php:27 log Psr.Log.LoggerInterface.warning <- table:crm_customers.email',
      // `$order->getCustomer()->getEmail()`: the order's ManyToOne gives a customer, whose getter is that table's column.
      'src/Service/Dispatch.php:19 log Psr.Log.LoggerInterface.warning <- table:crm_customers.email',
      'src/Service/Newsletter.php:31 third_party Symfony.Contracts.HttpClient.HttpClientInterface.request <- table:crm_customers.full_name',
      'src/Service/Newsletter.php:31 third_party Symfony.Contracts.HttpClient.HttpClientInterface.request <- table:crm_customers.email',
    ]);
    // SupportController.php:20 and Newsletter.php:34 log getId() of customers.
    expect(report.flows.filter((f) => f.sink.line === 20 || f.sink.line === 34)).toEqual([]);
    expect(report.gaps).toEqual([]);
  });
});

describe('a repository two entities name', () => {
  it('reads both tables, whatever the files are called', async () => {
    const entity = (name: string, table: string) => [
      '<?php', 'namespace App\\Entity;', 'use App\\Repository\\PeopleRepository;', 'use Doctrine\\ORM\\Mapping as ORM;',
      `#[ORM\\Entity(repositoryClass: PeopleRepository::class)]`, `#[ORM\\Table(name: '${table}')]`,
      `class ${name} {`, '  #[ORM\\Column]', '  private $email;', '}', '',
    ].join('\n');
    const files = {
      'src/Repository/PeopleRepository.php': '<?php\nnamespace App\\Repository;\nuse Doctrine\\ORM\\EntityRepository;\nclass PeopleRepository extends EntityRepository {}\n',
      'src/Service/Mailer.php': [
        '<?php', 'namespace App\\Service;', 'use App\\Repository\\PeopleRepository;',
        'class Mailer {', '  public function __construct(private PeopleRepository $people) {}',
        '  public function run() { foreach ($this->people->findAll() as $p) { error_log($p->getEmail()); } }', '}', '',
      ].join('\n'),
    };
    const sources = async (names: [string, string]) => {
      const report = await scanReport(writeTree({ ...files, [`src/Entity/${names[0]}.php`]: entity(names[0], 'alpha_people'), [`src/Entity/${names[1]}.php`]: entity(names[1], 'beta_people') }));
      return report.flows.map((f) => `${f.source.asset}.${f.source.column}`).sort();
    };
    const expected = ['table:alpha_people.email', 'table:beta_people.email'];
    expect(await sources(['Alpha', 'Beta'])).toEqual(expected);
    expect(await sources(['Zeta', 'Beta'])).toEqual(expected);
  });
});
