/**
 * Doctrine's DQL, a query over mapped classes (`SELECT m FROM App\\Entity\\Member m`), read as the SQL it runs over
 * the classes' tables: the entities' names are their tables, attributes their columns, association joins the
 * related tables. And the entity manager's query builder (`->from(Member::class, 'm')`) reads the entity's rows.
 */
import { describe, expect, it } from 'vitest';
import { entityQuerySql } from '../src/extract/sql/entity-query.js';
import type { QueriedClass } from '../src/simulate/index.js';
import type { Report } from '../src/report/json/schema.js';
import { CLUB_MEMBER } from './helpers/doctrine-apps.js';
import { extractText } from './helpers/extract.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flows = (report: Report) => report.flows
  .map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset ?? f.source.name}${f.source.column ? `.${f.source.column}` : ' (whole rows)'}`)
  .sort();

const BOOKING = [
  '<?php',
  '',
  'namespace App\\Entity;',
  '',
  'use Doctrine\\ORM\\Mapping as ORM;',
  '',
  '#[ORM\\Entity]',
  "#[ORM\\Table(name: 'club_bookings')]",
  'class Booking',
  '{',
  '    #[ORM\\Id]',
  '    #[ORM\\GeneratedValue]',
  '    #[ORM\\Column]',
  '    private ?int $id = null;',
  '',
  '    #[ORM\\ManyToOne(targetEntity: Member::class)]',
  "    #[ORM\\JoinColumn(name: 'member_id')]",
  '    private ?Member $member = null;',
  '',
  '    #[ORM\\Column(length: 64)]',
  '    private ?string $courtName = null;',
  '}',
  '',
].join('\n');

const BOOKINGS = [
  '<?php',
  '',
  'namespace App\\Service;',
  '',
  'use App\\Entity\\Booking;',
  'use Doctrine\\ORM\\EntityManagerInterface;',
  'use Symfony\\Contracts\\HttpClient\\HttpClientInterface;',
  '',
  'class Bookings',
  '{',
  '    public function __construct(private EntityManagerInterface $em, private HttpClientInterface $client)',
  '    {',
  '    }',
  '',
  '    public function shareWithPartner(string $court): void',
  '    {',
  '        $rows = $this->em',
  "            ->createQuery('SELECT b.courtName, m.fullName, m.phone FROM ' . Booking::class . ' b JOIN b.member m WHERE b.courtName = :court')",
  "            ->setParameter('court', $court)",
  '            ->getArrayResult();',
  "        $this->client->request('POST', 'https://courts.partner.example/v1/bookings', ['json' => $rows]);",
  '    }',
  '}',
  '',
].join('\n');

const AUDIT = [
  '<?php',
  '',
  'namespace App\\Service;',
  '',
  'use Doctrine\\ORM\\EntityManagerInterface;',
  'use Psr\\Log\\LoggerInterface;',
  '',
  'class Audit',
  '{',
  '    public function __construct(private EntityManagerInterface $em, private LoggerInterface $logger)',
  '    {',
  '    }',
  '',
  '    public function phones(): void',
  '    {',
  "        $rows = $this->em->createQuery('SELECT m.phone, m.fullName FROM App\\Entity\\Member m WHERE m.id > 10')->getArrayResult();",
  '        foreach ($rows as $row) {',
  "            $this->logger->info('audit', ['phone' => $row['phone']]);",
  '        }',
  '    }',
  '',
  '    public function owners(): void',
  '    {',
  '        $query = $this->em->createQueryBuilder()',
  "            ->select('m')",
  "            ->from('App\\Entity\\Member', 'm')",
  '            ->getQuery();',
  '        foreach ($query->getResult() as $member) {',
  "            $this->logger->info('owner ' . $member->label());",
  '        }',
  '    }',
  '}',
  '',
].join('\n');

describe('DQL read as SQL', () => {
  const members: QueriedClass = { table: 'club_members', attributes: { fullName: 'full_name', phone: 'mobile_phone' } };
  const bookings: QueriedClass = { table: 'club_bookings', attributes: { courtName: 'court_name' }, relations: [{ field: 'member', column: 'member_id' }] };
  const classes = {
    classNamed: (name: string) => ({ 'App\\Entity\\Member': members, 'App\\Entity\\Booking': bookings })[name.replace(/^\\/, '')],
    related: (of: QueriedClass, field: string) => (of === bookings && field === 'member' ? members : undefined),
  };

  it.each([
    ['SELECT m FROM App\\Entity\\Member m WHERE m.phone LIKE :p', 'SELECT m.* FROM club_members m WHERE m.mobile_phone LIKE ?'],
    // Scalars keep the attribute's name, as the array result's keys do.
    ['SELECT m.phone, m.fullName FROM \\App\\Entity\\Member AS m WHERE m.id > ?1', 'SELECT m.mobile_phone AS phone, m.full_name AS fullName FROM club_members AS m WHERE m.id > ?'],
    ['SELECT b, m FROM App\\Entity\\Booking b JOIN b.member m WITH m.phone IS NOT NULL',
      'SELECT b.*, m.* FROM club_bookings b JOIN club_members m ON 1 = 1 AND m.mobile_phone IS NOT NULL'],
    ['SELECT b FROM App\\Entity\\Booking b LEFT JOIN b.member m', 'SELECT b.* FROM club_bookings b LEFT JOIN club_members m ON 1 = 1'],
    ['SELECT b FROM App\\Entity\\Booking b JOIN App\\Entity\\Member m WITH b.member = m',
      'SELECT b.* FROM club_bookings b JOIN club_members m ON b.member_id = m.id'],
    ['SELECT partial m.{id, fullName} FROM App\\Entity\\Member m', 'SELECT m.id, m.full_name AS fullName FROM club_members m'],
    ['SELECT NEW App\\Dto\\Contact(m.fullName, m.phone) FROM App\\Entity\\Member m', 'SELECT m.full_name AS fullName, m.mobile_phone FROM club_members m'],
    ['SELECT IDENTITY(b.member), COUNT(b) FROM App\\Entity\\Booking b GROUP BY b.member',
      'SELECT IDENTITY(b.member_id), COUNT(b.id) FROM club_bookings b GROUP BY b.member_id'],
    ['UPDATE App\\Entity\\Member m SET m.phone = :phone WHERE m.id = :id', 'UPDATE club_members m SET m.mobile_phone = ? WHERE m.id = ?'],
    ['DELETE App\\Entity\\Member m WHERE m.id = 3', 'DELETE FROM club_members m WHERE m.id = 3'],
    ['DELETE FROM App\\Entity\\Member m WHERE m.fullName = \'a.b\'', 'DELETE FROM club_members m WHERE m.full_name = \'a.b\''],
  ])('%s', (query, sql) => {
    expect(entityQuerySql(query, classes)).toBe(sql);
  });

  it('gives nothing for a class the program does not map, or an association it does not know', () => {
    expect(entityQuerySql('SELECT x FROM App\\Entity\\Invoice x', classes)).toBeUndefined();
    expect(entityQuerySql('SELECT m FROM App\\Entity\\Member m JOIN m.bookings b', classes)).toBeUndefined();
  });
});

describe('Doctrine queries in a program', () => {
  it('lists the classes a query names, also in a query with a very long word (found in time linear in its length)', async () => {
    // A pattern tried from every letter of a 300,000-letter word scanned the rest of the word each time: minutes.
    const word = 'x'.repeat(300_000);
    const facts = await extractText('src/Service/Report.php', [
      '<?php',
      '',
      'namespace App\\Service;',
      '',
      'class Report',
      '{',
      '    public function run()',
      '    {',
      `        return $this->em->createQuery('SELECT m.${word}, b FROM App\\Entity\\Member m JOIN \\App\\Entity\\Booking b WITH b.member = m')->getResult();`,
      '    }',
      '}',
      '',
    ].join('\n'));
    const query = facts.units.flatMap((u) => u.steps).find((step) => step.op === 'query');
    expect(query && 'entities' in query ? query.entities?.map((e) => e.name) : undefined).toEqual(['App\\Entity\\Member', '\\App\\Entity\\Booking']);
  });

  it('createQuery: the columns a query selects reach the sink, under the names the program reads them by', async () => {
    const report = await scanReport(writeTree({ 'src/Entity/Member.php': CLUB_MEMBER, 'src/Service/Audit.php': AUDIT }));
    // Line 18 reads `$row['phone']` of `SELECT m.phone, m.fullName`: before, the query was no statement at all and
    // the row known by the name `phone` only. Line 29 runs a method of each member the query builder gives.
    expect(flows(report)).toEqual([
      'src/Service/Audit.php:18 log <- table:club_members.mobile_phone',
      'src/Service/Audit.php:29 log <- table:club_members.full_name',
      'src/Service/Audit.php:29 log <- table:club_members.mobile_phone',
    ]);
    expect(report.jobs.find((j) => j.unit === 'Audit.phones')?.sql).toBe('SELECT m.mobile_phone AS phone, m.full_name AS fullName FROM club_members m WHERE m.id > 10');
  });

  it('an association join reads the related table, and the rows sent are the columns selected', async () => {
    const report = await scanReport(writeTree({ 'src/Entity/Member.php': CLUB_MEMBER, 'src/Entity/Booking.php': BOOKING, 'src/Service/Bookings.php': BOOKINGS }));
    const job = report.jobs.find((j) => j.unit === 'Bookings.shareWithPartner' && j.outputs.length > 0)!;
    expect(job.inputs).toEqual(['table:club_bookings', 'table:club_members']);
    expect(job.columnLineage.flatMap((c) => c.inputs.map((i) => `${i.asset}.${i.column}`))).toEqual([
      'table:club_bookings.court_name', 'table:club_members.full_name', 'table:club_members.mobile_phone',
    ]);
    expect(flows(report)).toEqual([
      'src/Service/Bookings.php:21 third_party <- table:club_members.full_name',
      'src/Service/Bookings.php:21 third_party <- table:club_members.mobile_phone',
    ]);
  });
});
