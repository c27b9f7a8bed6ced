/**
 * Mutated fixtures (test/helpers/mutate.ts): a few thousand damaged copies of real files (16 of each fixture),
 * scanned with worker threads in well under a minute. Nothing crashes, every discovered file is analysed or
 * skipped with a gap, and no extractor fails on any of them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { runCli } from './helpers/cli.js';
import { seededRandom } from '../bench/generate.js';
import { mutate, mutatedFixtures } from './helpers/mutate.js';

describe('mutated fixtures', () => {
  it('are the same bytes for the same seed', () => {
    const input = Buffer.from('SELECT id, email FROM raw.users WHERE id IN (SELECT user_id FROM raw.orders);\n');
    expect(mutate(input, seededRandom(9))).toEqual(mutate(input, seededRandom(9)));
    expect(mutate(input, seededRandom(9))).not.toEqual(mutate(input, seededRandom(10)));
  });

  it('never crash a scan, and every file becomes facts or a gap', () => {
    const { root, files } = mutatedFixtures(16, 2024);
    expect(files.length).toBeGreaterThan(3000);
    const facts = path.join(root, '..', `${path.basename(root)}.facts`);
    const result = runCli(['scan', root, '--format', 'json', '--no-cache', '--jobs', '2', '--facts-out', facts, '-q']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.gaps.filter((gap) => gap.kind === 'extractor-error')).toEqual([]);

    const records = readFileSync(facts, 'utf8').trim().split('\n').slice(1).map((line) => JSON.parse(line) as {
      facts?: { file: string };
      skipped?: { file: string };
    });
    const analysed = records.flatMap((record) => (record.facts ? [record.facts.file] : []));
    const skipped = new Set(records.flatMap((record) => (record.skipped ? [record.skipped.file] : [])));
    expect(analysed.filter((file) => skipped.has(file))).toEqual([]);
    expect(report.coverage.files.analysed).toBe(analysed.length);
    expect(report.coverage.files.discovered).toBe(analysed.length + skipped.size);
    expect(report.summary.files).toBeGreaterThan(1500);
  }, 60_000);
});
