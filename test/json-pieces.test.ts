/**
 * Large reports are written a piece at a time (the JSON report file and the report cache entry); the pieces must
 * join to exactly the text `JSON.stringify` gives, or the report would change with its size.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ReportCache } from '../src/cache/results.js';
import { formatJson, formatJsonPieces } from '../src/report/json/index.js';
import { jsonPieces } from '../src/util/json-pieces.js';
import { DEMO } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';

const joined = (value: unknown, indent: string, levels?: number) => [...jsonPieces(value, indent, levels)].join('');

describe('JSON in pieces', () => {
  const values: unknown[] = [
    { a: 1, b: [1, 2, { c: 'd' }], e: {}, f: [], g: null, h: true, i: -0, j: Number.NaN, k: 1.5e300 },
    { skipped: undefined, fn: () => 1, sym: Symbol('s'), kept: 'yes', nested: { only: undefined } },
    { allSkipped: undefined },
    [undefined, () => 1, Symbol('s'), 'x', [[], [{}]], { deep: { deeper: { deepest: [1, [2, [3]]] } } }],
    { when: new Date(Date.UTC(2030, 0, 2)), custom: { toJSON: () => ({ replaced: 'by toJSON' }) }, map: new Map([[1, 2]]) },
    { text: 'Zoë ✓ 😀 "quoted" \\ back\nslash \u2028 \ud800 lone', '': 'empty key', 'key "with" quotes': [] },
    [], {}, 'a string', 42, null, undefined,
  ];

  it('joins to JSON.stringify, compact and indented, at every depth it opens', () => {
    for (const value of values) {
      for (const indent of ['', '  ', '\t']) {
        for (const levels of [1, 2, 3, 6]) {
          const expected = JSON.stringify(value, null, indent) as string | undefined;
          expect(joined(value, indent, levels)).toBe(expected ?? '');
        }
      }
    }
  });

  it('gives the JSON report of a real scan byte for byte, in batches of about a megabyte', async () => {
    const report = await scanReport(DEMO);
    expect([...formatJsonPieces(report)].join('')).toBe(formatJson(report));
    const big = { rows: Array.from({ length: 30_000 }, (_, index) => ({ index, name: `row ${index} ✓`, tags: ['a', 'b'] })) };
    const batches = [...jsonPieces(big, '  ')];
    expect(batches.join('')).toBe(JSON.stringify(big, null, 2));
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches.slice(0, -1)) expect(batch.length).toBeGreaterThanOrEqual(1 << 20);
  });

  it('writes report cache entries as before: a header line with the sha256 of the compact JSON, then that JSON', async () => {
    const report = await scanReport(DEMO);
    const dir = mkdtempSync(path.join(tmpdir(), 'lineage-pieces-'));
    const cache = new ReportCache(dir);
    const key = 'f'.repeat(64);
    expect(cache.put(key, report)).toBe(true);
    const entries = readdirSync(path.join(dir, 'reports-v1'));
    expect(entries).toEqual([`${key}.json`]);
    const body = JSON.stringify(report);
    const header = { format: 'lineage-report-cache/1', key, sha256: createHash('sha256').update(body).digest('hex') };
    expect(readFileSync(path.join(dir, 'reports-v1', entries[0]!), 'utf8')).toBe(`${JSON.stringify(header)}\n${body}`);
    expect(formatJson(cache.get(key)!)).toBe(formatJson(report));
  });
});
