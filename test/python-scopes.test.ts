/**
 * Python scopes the simulation keeps apart: a comprehension's loop variables are its own (Python 3), so the
 * function's variable of the same name still holds what it held before, and the comprehension's data reaches only
 * what the comprehension makes. Names inside a comprehension are shown and classified as written.
 */
import { describe, expect, it } from 'vitest';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

describe('comprehension scopes in Python', () => {
  it('leave the function variable of the same name alone', async () => {
    const root = writeTree({
      'reports/digest.py': [
        'import logging',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'def digest(db):',
        '    email = db.execute("SELECT email FROM users WHERE id = 1").fetchone()[0]',
        '    names = [email.title() for email in db.execute("SELECT full_name FROM customers")]',
        '    pairs = {owner: phone for owner, phone in db.execute("SELECT owner, phone FROM devices")}',
        '    log.info("digest for %s", email)',
        '    log.info("sent %s %s", names, pairs)',
        '    # A generator expression with two clauses: the second iterable reads the first variable.',
        '    return sum(len(tag) for note in db.execute("SELECT note FROM memos") for tag in note)',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    const flows = report.flows.map((f) => `${f.source.asset}.${f.source.column} -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`).sort();
    // Before, the comprehension's `email` replaced the function's: customers.full_name reached the log on line 10
    // and users.email did not.
    expect(flows).toContain('table:users.email -> log reports/digest.py:10');
    expect(flows).not.toContain('table:customers.full_name -> log reports/digest.py:10');
    expect(flows.filter((f) => f.endsWith(':10'))).toEqual(['table:users.email -> log reports/digest.py:10']);
    // What the comprehensions make still carries their data (`owner` is no personal data).
    expect(flows.filter((f) => f.endsWith(':11'))).toEqual([
      'table:customers.full_name -> log reports/digest.py:11',
      'table:devices.phone -> log reports/digest.py:11',
    ]);
  });

  it('show a comprehension variable in flow paths by the name it is written with', async () => {
    const root = writeTree({
      'notify/single.py': [
        'import logging',
        '',
        '',
        'def notify(user):',
        '    contact = user.email',
        '    sent = [logging.info("mailing %s", addr) for addr in [contact]]',
        '    return sent',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(report.flows.map((f) => `${f.source.name} -> ${f.sink.file}:${f.sink.line}: ${f.path.map((p) => p.note).join(' | ')}`)).toEqual([
      'user.email -> notify/single.py:6: read user.email | addr = …',
    ]);
  });

  it('classify a comprehension variable by the name it is written with', async () => {
    const root = writeTree({
      'notify/batch.py': [
        'import logging',
        '',
        '',
        'def notify(users):',
        '    sent = [logging.info("mailing %s", email) for email in users]',
        '    return sent',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(report.flows.map((f) => `${f.source.name} [${f.categories.join(',')}] -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`))
      .toEqual(['email [user.contact.email] -> log notify/batch.py:5']);
    expect(report.flows[0]!.path.map((p) => p.note)).toContain('read email');
  });
});
