/** Asset ids from the names code uses (src/simulate/naming.ts). */
import { describe, expect, it } from 'vitest';
import { assetId, isAssetId } from '../src/simulate/naming.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

describe('assetId', () => {
  it('folds unquoted table names to lower case and keeps quoted ones', () => {
    expect(assetId('table', 'Billing.Customers')).toBe('table:billing.customers');
    expect(assetId('table', '"Billing".customers')).toBe('table:Billing.customers');
    expect(assetId('table', 'select * from t')).toBeUndefined();
  });

  it('keeps file paths as written, without a leading ./', () => {
    expect(assetId('file', './exports/Report 2024.csv')).toBe('file:exports/Report 2024.csv');
    expect(assetId('file', '~\\AppData\\Local\\Temp')).toBe('file:~\\AppData\\Local\\Temp');
  });

  it('makes no file of a piece of a path being built: a name without a letter or digit', () => {
    for (const piece of ['$', '%', '\\', '{', '}', '/', '..', ' - ']) expect(assetId('file', piece)).toBeUndefined();
    expect(assetId('file', '%APPDATA%')).toBe('file:%APPDATA%');
    expect(assetId('file', 'données/été.csv')).toBe('file:données/été.csv');
  });
});

describe('asset names a caller completes', () => {
  it('are held to the same rule as names written out: a helper given "$" writes no file', async () => {
    const report = await scanReport(writeTree({
      'export.py': [
        'def write_to(path, text):',
        '    with open(path, "w") as handle:',
        '        handle.write(text)',
        '',
        '',
        'def main(rows):',
        '    write_to("$", rows)',
        '    write_to("reports/out.txt", rows)',
        '',
      ].join('\n'),
    }));
    expect(report.assets.filter((a) => a.kind === 'file').map((a) => a.id)).toEqual(['file:reports/out.txt']);
    expect(isAssetId('file:$')).toBe(false);
    expect(isAssetId('file:reports/out.txt')).toBe(true);
  });
});
