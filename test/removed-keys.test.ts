/**
 * Keys taken out of a dict before it leaves (`del record["email"]`, `record.pop("password")`): what remains goes to
 * the sink, and what was popped is a value of its own.
 */
import { describe, expect, it } from 'vitest';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

describe('keys removed from a dict', () => {
  it('do not reach the sink the rest of the dict reaches; a popped value still flows where it goes', async () => {
    const report = await scanReport(writeTree({
      'audit/events.py': [
        'import logging',
        'import requests',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def audit(event):',
        '    record = {"user": event["user_id"], "email": event["email"], "phone": event["phone"], "action": event["action"]}',
        '    contact = record.pop("email")',
        '    del record["phone"]',
        '    log.info("audit %s", record)',
        '    requests.post("https://hooks.partner.example/v1/contacts", json={"to": contact}, timeout=5)',
        '',
        'def nested(event):',
        '    envelope = {"meta": {"ip": event["ip"], "ssn": event["ssn"]}, "kind": "signup"}',
        '    del envelope["meta"]["ssn"]',
        '    log.info("signup %s", envelope)',
        '',
        'def positions(event):',
        '    # A position taken out moves the rest up: the list keeps what it holds.',
        '    queue = [event["email"], event["phone"]]',
        '    queue.pop(0)',
        '    log.info("left %s", queue)',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.name}`)).toEqual([
      '11 third_party <- event.email',
      '16 log <- event.ip',
      '22 log <- event.phone',
      '22 log <- event.email',
    ]);
  });
});
