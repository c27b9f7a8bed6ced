/** How findings name a sink: with the article its kind takes when read aloud. */
import { describe, expect, it } from 'vitest';
import { sinkLabel } from '../src/analyze/describe.js';

const sink = (kind: string, callee: string, target?: string) => ({ file: 'app/notify.py', line: 12, kind, callee, ...(target ? { target } : {}) });

describe('sink labels', () => {
  it('take "an" before a vowel sound and "a" otherwise', () => {
    expect(sinkLabel(sink('email', 'smtplib.SMTP.sendmail'))).toBe('an email sink (smtplib.SMTP.sendmail)');
    expect(sinkLabel(sink('http', 'requests.post', 'api.segment.io'))).toBe('an http sink (requests.post -> api.segment.io)');
    expect(sinkLabel(sink('log', 'logging.info'))).toBe('a log sink (logging.info)');
    expect(sinkLabel(sink('third_party', 'stripe.Customer.create'))).toBe('a third_party sink (stripe.Customer.create)');
    expect(sinkLabel(sink('stdout', 'print'))).toBe('a stdout sink (print)');
  });
});
