/** Asset ids from the names code uses (src/simulate/naming.ts). */
import { describe, expect, it } from 'vitest';
import { assetId } from '../src/simulate/naming.js';

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
