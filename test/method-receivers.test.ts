/**
 * A method called on data read through a path (`form["email"].strip()`): the receiver is data known by that path's
 * name, as when it is assigned first (`email = form["email"]`). An object of the program's classes is not named so:
 * its methods say what they return.
 */
import { describe, expect, it } from 'vitest';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

describe('method receivers', () => {
  it('name data read through a path that a method is called on, and not the program\'s objects', async () => {
    const report = await scanReport(writeTree({
      'app/signup.py': [
        'import logging',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'class PasswordHasher:',
        '    def rounds(self):',
        '        return 12',
        '',
        'class Service:',
        '    def __init__(self):',
        '        self.password_hasher = PasswordHasher()',
        '',
        '    def describe(self):',
        '        log.info("rounds %s", self.password_hasher.rounds())',
        '',
        'def normalise(form):',
        '    cleaned = form["email"].strip().lower()',
        '    log.info("signing up %s", cleaned)',
        '    log.info("country %s", form["country"].upper())',
        '    log.info("number %s", form["phone"].replace(" ", ""))',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.source.name} [${f.categories.join(', ')}]`)).toEqual([
      '18 form.email [user.contact.email]',
      '20 form.phone [user.contact.phone_number]',
    ]);
  });
});
