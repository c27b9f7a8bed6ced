/**
 * Adding one element to a container (`rows.append(row)`, `s.add(x)`, PHP's `array_push($rows, $row)`) stores it as
 * an element (`rows[*]`): a row appended as a tuple keeps its positions, and pushing twice keeps both values.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flowsOf = (report: Report) =>
  report.flows.map((f) => `${f.source.asset}.${f.source.column} -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`).sort();

describe('elements added to containers', () => {
  it('keep the positions of a tuple appended in Python', async () => {
    const root = writeTree({
      'jobs/phones.py': [
        'import logging',
        '',
        '',
        'def phones(db):',
        '    rows = []',
        '    for email, phone in db.execute("SELECT email, phone FROM users"):',
        '        rows.append((email, phone))',
        '    for row in rows:',
        '        logging.info("calling %s", row[1])',
        '',
      ].join('\n'),
    });
    // Before, the tuple joined the list as a whole and `row[1]` read both columns.
    expect(flowsOf(await scanReport(root))).toEqual(['table:users.phone -> log jobs/phones.py:9']);
  });

  it('stay with the object they are added to, not every object of its class', async () => {
    const root = writeTree({
      'mail/recipients.py': [
        'import logging',
        '',
        '',
        'class Recipients(list):',
        '    def __init__(self, title):',
        '        self.title = title',
        '',
        '    def add(self, member):',
        '        self.append(member)',
        '',
        '',
        'def notify(user):',
        '    weekly = Recipients("weekly")',
        '    weekly.add(user.email)',
        '    for recipient in weekly:',
        '        logging.info("weekly to %s", recipient)',
        '    monthly = Recipients("monthly")',
        '    for recipient in monthly:',
        '        logging.info("monthly to %s", recipient)',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(report.flows.map((f) => `${f.source.name} -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`)).toEqual([
      'user.email -> log mail/recipients.py:16',
    ]);
  });

  it('keep every value pushed in PHP', async () => {
    const root = writeTree({
      'src/export.php': [
        '<?php',
        '',
        'function export_contacts(PDO $pdo)',
        '{',
        '    $row = $pdo->query("SELECT email, phone FROM users")->fetch();',
        '    $contacts = [];',
        "    array_push(\$contacts, \$row['email']);",
        "    array_push(\$contacts, \$row['phone']);",
        '    error_log("contacts: " . implode(",", $contacts));',
        '}',
        '',
      ].join('\n'),
    });
    // Before, each array_push replaced the array, and only the last value reached the log.
    expect(flowsOf(await scanReport(root))).toEqual([
      'table:users.email -> log src/export.php:9',
      'table:users.phone -> log src/export.php:9',
    ]);
  });
});
