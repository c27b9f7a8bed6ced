/**
 * A scan whose root is itself a Python package (fixtures/python-package-root/billing: an `__init__.py` at the
 * top). Its modules import each other by absolute name (`from billing.db import customers_due`), so module names
 * start with the root folder's name, as Python's do: the scan of the package folder finds the same flows as the
 * scan of the folder above it.
 */
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleOf } from '../src/extract/python/imports.js';
import { rootPackageName } from '../src/extract/python/root-package.js';
import type { Report } from '../src/report/json/schema.js';
import { scanJson, scanReport } from './helpers/scan.js';

const FIXTURE = path.resolve('fixtures/python-package-root');
const PACKAGE = path.join(FIXTURE, 'billing');

function flowLines(report: Report, prefix = ''): string[] {
  return report.flows.map((f) => {
    const source = `${f.source.asset ?? ''}.${f.source.column ?? f.source.name} ${f.source.file.slice(prefix.length)}:${f.source.line}`;
    return `${source} -> ${f.sink.kind} ${f.sink.callee} ${f.sink.file.slice(prefix.length)}:${f.sink.line}`;
  }).sort();
}

/** The package copied into a fresh folder under the given name. */
function copyAs(name: string): string {
  const parent = mkdtempSync(path.join(tmpdir(), 'lineage-package-root-'));
  const root = path.join(parent, name);
  cpSync(PACKAGE, root, { recursive: true });
  return root;
}

const MAILER_FLOWS = [
  'table:customers.email db.py:11 -> log logging.Logger.info notify/mailer.py:14',
  'table:customers.email db.py:11 -> third_party requests.post notify/mailer.py:15',
  'table:customers.full_name db.py:11 -> third_party requests.post notify/mailer.py:15',
];

describe('a scan root that is a Python package', () => {
  it('follows the package\'s absolute imports of itself', async () => {
    const report = await scanReport(PACKAGE);
    expect(flowLines(report)).toEqual(MAILER_FLOWS);
    // The flow goes through the imported function's return, across files.
    const logged = report.flows.find((f) => f.sink.kind === 'log')!;
    expect(logged.path.map((step) => `${step.file}:${step.line} ${step.note}`)).toEqual([
      'db.py:11 read table:customers.email (conn.execute)',
      'db.py:17 returned by customers_due',
      'notify/mailer.py:13 email = …',
      'notify/mailer.py:14 log sink logging.Logger.info',
    ]);
  });

  it('finds the same flows as a scan of the folder above it', async () => {
    const above = await scanReport(FIXTURE);
    expect(flowLines(above, 'billing/')).toEqual(MAILER_FLOWS);
  });

  it('names the package by the real folder behind a link', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'lineage-package-link-'));
    const link = path.join(parent, 'checkout');
    symlinkSync(PACKAGE, link);
    expect(rootPackageName(link, [{ file: '__init__.py' }])).toBe('billing');
    expect(await scanJson(link)).toBe(await scanJson(PACKAGE));
  });

  it('leaves folders Python cannot import by name as they were', async () => {
    expect(rootPackageName(PACKAGE, [{ file: 'db.py' }])).toBeUndefined();
    expect(rootPackageName('/srv/billing-2.4', [{ file: '__init__.py' }])).toBeUndefined();
    expect(rootPackageName('/srv/facturación', [{ file: '__init__.py' }])).toBe('facturación');
    // Under a name that is no identifier, absolute imports of `billing` name no module of the tree, as before:
    // the mailer's rows come from a call nobody can follow, and only their names (`email`) make them sensitive.
    // Nothing ties them to the customers table, and the mailer's URL is unknown.
    const report = await scanReport(copyAs('billing-2.4'));
    expect(flowLines(report)).toEqual([
      '.email notify/mailer.py:14 -> log logging.Logger.info notify/mailer.py:14',
      '.email notify/mailer.py:15 -> http requests.post notify/mailer.py:15',
      '.full_name notify/mailer.py:15 -> http requests.post notify/mailer.py:15',
    ]);
  });

  it('does not reuse cached facts across root package names', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'lineage-package-cache-'));
    const asPackage = copyAs('billing');
    const asFolder = copyAs('billing-2.4');
    const cold = await scanJson(asFolder);
    expect(flowLines(await scanReport(asPackage, { cacheDir }))).toEqual(MAILER_FLOWS);
    // The same bytes under a name that is no package: the facts cached above (module names `billing.…`) would
    // resolve the imports; they must not be used.
    expect(await scanJson(asFolder, { cacheDir })).toBe(cold);
  });

  it('prefixes module and package names', () => {
    expect(moduleOf('db.py', 'billing')).toEqual({ module: 'billing.db', package: 'billing' });
    expect(moduleOf('__init__.py', 'billing')).toEqual({ module: 'billing', package: 'billing' });
    expect(moduleOf('notify/__init__.py', 'billing')).toEqual({ module: 'billing.notify', package: 'billing.notify' });
    expect(moduleOf('notify/mailer.py', 'billing')).toEqual({ module: 'billing.notify.mailer', package: 'billing.notify' });
    expect(moduleOf('notify/mailer.py')).toEqual({ module: 'notify.mailer', package: 'notify' });
  });
});
