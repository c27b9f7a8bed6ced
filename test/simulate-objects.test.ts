/**
 * Data joined into a program object as a whole (a container model such as `*.add` or `*.update` applied to
 * `store.add(token)`) does not reach the members its class declares: `store.label`, set from a constant, is no
 * token. Such whole-object data used to reach every attribute read later, which on real code made long false
 * chains (a secret handed to a session object showing up in every log line that read one of its settings).
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flowsOf = (report: Report) => report.flows.map((f) => `${f.source.name ?? f.source.asset} -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`).sort();

describe('members of program objects', () => {
  it('are what their class puts there, not data joined into the object as a whole', async () => {
    const root = writeTree({
      'cache/store.py': [
        'import logging',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'class TokenStore:',
        '    def __init__(self, region):',
        '        self.items = []',
        '        self.label = "tokens"',
        '        self.region = region',
        '',
        '    def add(self, item):',
        '        self.items.append(item)',
        '',
        '',
        'def remember(api_token, region):',
        '    store = TokenStore(region)',
        '    store.add(api_token)',
        '    log.info("store %s in %s", store.label, store.region)',
        '    log.debug("items %s", store.items)',
        '',
      ].join('\n'),
    });
    expect(flowsOf(await scanReport(root))).toEqual([
      'api_token -> log cache/store.py:20',
    ]);
  });

  it('still carry what callers pass for them', async () => {
    const root = writeTree({
      'accounts/profile.py': [
        'import logging',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'class Profile:',
        '    def __init__(self, email, theme):',
        '        self.email = email',
        '        self.theme = theme',
        '',
        '    def describe(self):',
        '        log.info("profile of %s", self.email)',
        '        log.info("theme %s", self.theme)',
        '',
        '',
        'def show(request):',
        '    profile = Profile(request.form["contact"], "dark")',
        '    profile.describe()',
        '',
      ].join('\n'),
    });
    expect(flowsOf(await scanReport(root))).toEqual([
      'email -> log accounts/profile.py:12',
    ]);
  });
});

describe('parameter defaults', () => {
  it("are read where the callee is defined, not in the caller's module", async () => {
    const root = writeTree({
      'app/archive.py': [
        'import os',
        '',
        'ZIP_STORED = 0',
        'DEFAULT_RECIPIENT = os.environ["SUPPORT_EMAIL"]',
        '',
        '',
        'class Archive:',
        '    def __init__(self, path, compression=ZIP_STORED):',
        '        self.compression = compression',
        '',
        '    def describe(self):',
        '        raise ValueError("compression %r" % self.compression)',
        '',
        '',
        'def notify(text, recipient=DEFAULT_RECIPIENT):',
        '    print("sending", text, "to", recipient)',
        '',
      ].join('\n'),
      'app/jobs.py': [
        'from app import archive',
        '',
        '',
        'def check(path):',
        '    archive.Archive(path).describe()',
        '    archive.notify("archive checked")',
        '',
      ].join('\n'),
    });
    // ZIP_STORED is the callee module's constant 0 (no data); read in jobs.py, which has no such name, it used to
    // be an unknown value named like a postal code.
    expect(flowsOf(await scanReport(root))).toEqual([
      'os.environ.SUPPORT_EMAIL -> stdout app/archive.py:16',
    ]);
  });
});

describe('objects made by a function from its parameters', () => {
  it('carry what each caller passes (a factory)', async () => {
    const root = writeTree({
      'auth/tokens.py': [
        'import logging',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'class Envelope:',
        '    def __init__(self, body=None, sender="auth"):',
        '        self.body = body',
        '        self.sender = sender',
        '',
        '',
        'def wrap(body):',
        '    return Envelope(body)',
        '',
        '',
        'def wrap_all(*args, **kwargs):',
        '    return Envelope(*args, **kwargs)',
        '',
        '',
        'def send(password, region):',
        '    log.info("sending %s", wrap(password).body)',
        '    log.info("from %s", wrap(region).sender)',
        '    log.debug("sending %s", wrap_all(password).body)',
        '',
      ].join('\n'),
    });
    // The objects `wrap` makes hold what its callers pass (the password as the body; the region is no sender), as
    // objects made in place do: an attribute of the class. Spread arguments reach a parameter with a default too.
    expect([...new Set(flowsOf(await scanReport(root)))]).toEqual([
      'password -> log auth/tokens.py:21',
      'password -> log auth/tokens.py:23',
    ]);
  });
});

describe('a method of the program named like a modelled one', () => {
  it('is followed when the object is of the program\'s own class (`save()` of a class that is no model)', async () => {
    const root = writeTree({
      'audit/log.py': [
        'class AuditLog:',
        '    def __init__(self, path):',
        '        self.path = path',
        '',
        '    def save(self, record):',
        '        with open(self.path, "a") as out:',
        '            out.write(record)',
        '',
        '',
        'def remember(password):',
        '    AuditLog("audit.log").save(password)',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(report.flows.map((f) => `${f.source.name} -> ${f.sink.kind} ${f.sink.target ?? '?'} ${f.sink.file}:${f.sink.line}`)).toEqual([
      'password -> file audit.log audit/log.py:7',
    ]);
  });
});
