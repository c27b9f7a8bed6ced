/**
 * A name made by `functools.partial(fn, a, k=v)` and called later (`warn(x)`) calls `fn(a, x, k=v)`: a logging
 * sink, an HTTP client with its URL bound, or a function of the program.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flows = (report: Report) => report.flows.map((f) => `${f.sink.line} ${f.sink.kind} ${f.sink.callee}${f.sink.target ? ` -> ${f.sink.target}` : ''} <- ${f.source.asset}.${f.source.column}`);

const APP = [
  'import functools',
  'import logging',
  'from functools import partial',
  '',
  'import requests',
  '',
  'log = logging.getLogger(__name__)',
  'notify = partial(requests.post, "https://hooks.vendor.example/v1/events", timeout=5)',
  '',
  '',
  'def customers(conn):',
  '    return conn.execute("SELECT email, phone FROM customers").fetchall()',
  '',
  '',
  'def archive(path, row):',
  '    with open(path, "a") as fh:',
  '        fh.write(row[1])',
  '',
  '',
  'def nightly(conn, verbose):',
  '    warn = functools.partial(log.warning, "customer %s")',
  '    keep = partial(archive, "/srv/archive/phones.txt")',
  '    for row in customers(conn):',
  '        warn(row[0])',
  '        notify(json={"email": row[0]})',
  '        keep(row)',
  '',
  '',
  'def quiet(conn, verbose):',
  '    say = functools.partial(log.debug, "customer %s")',
  '    if verbose:',
  '        say = functools.partial(log.info, "customer %s")',
  '    for row in customers(conn):',
  '        say(row[1])',
  '',
].join('\n');

describe('functions with arguments bound', () => {
  it('call the function they bind, with the bound arguments first', async () => {
    const report = await scanReport(writeTree({ 'jobs/nightly.py': APP }));
    expect(flows(report).filter((f) => /^(24|25|17) /.test(f))).toEqual([
      '17 file io.TextIOWrapper.write -> /srv/archive/phones.txt <- table:customers.phone',
      '24 log logging.Logger.warning <- table:customers.email',
      '25 third_party requests.post -> hooks.vendor.example/v1/events <- table:customers.email',
    ]);
  });

  it('are not followed once the name may hold something else', async () => {
    const report = await scanReport(writeTree({ 'jobs/nightly.py': APP }));
    // `say` is one of two partials: neither is claimed (a name holding one of several is not followed).
    expect(flows(report).filter((f) => f.startsWith('34 '))).toEqual([]);
  });
});
