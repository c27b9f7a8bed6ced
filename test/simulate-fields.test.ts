/**
 * Class fields in the simulation. A parameter label stands for a position in the unit being summarised, so what
 * a method stores from its own parameters must not reach other methods through the class's fields (there it would
 * stand for *their* parameters); callers store it, completed with their arguments. And a write to a file object
 * another unit opened still reaches a file sink.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flowsOf = (report: Report) =>
  report.flows.map((f) => `${f.source.name} ${f.source.file}:${f.source.line} -> ${f.sink.kind} ${f.sink.callee} ${f.sink.file}:${f.sink.line}`).sort();

describe('class fields in the simulation', () => {
  it('does not take a field stored from one method\'s parameter for another method\'s parameter', async () => {
    const root = writeTree({
      'notify/mailer.py': [
        'import logging',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'class Mailer:',
        '    def __init__(self, host, port):',
        '        self.host = host',
        '        self.port = port',
        '',
        '    def send(self, body):',
        '        log.info("connecting to %s:%s", self.host, self.port)',
        '        return len(body)',
        '',
        '',
        'def notify(user):',
        '    mailer = Mailer("smtp.example.com", 25)',
        '    return mailer.send(user.email)',
        '',
      ].join('\n'),
    });
    // The log line prints the host and port, never the body: the e-mail address does not reach it.
    expect(flowsOf(await scanReport(root))).toEqual([]);
  });

  it('follows data into sinks reached through fields a constructor stored from its arguments', async () => {
    const root = writeTree({
      'export/writer.py': [
        'import logging',
        '',
        '',
        'class TokenWriter:',
        '    def __init__(self, fp, logger):',
        '        self._fp = fp',
        '        self._log = logger',
        '',
        '    def write_token(self, value):',
        '        self._fp.write(value)',
        '',
        '    def note(self, value):',
        '        self._log.info("stored %s", value)',
        '',
        '',
        'def save(path, password):',
        '    writer = TokenWriter(open(path, "w"), logging.getLogger("export"))',
        '    writer.write_token(password)',
        '    writer.note(password)',
        '',
      ].join('\n'),
    });
    expect(flowsOf(await scanReport(root))).toEqual([
      'password export/writer.py:18 -> file self._fp.write export/writer.py:10',
      'password export/writer.py:19 -> log self._log.info export/writer.py:13',
    ]);
  });
});
