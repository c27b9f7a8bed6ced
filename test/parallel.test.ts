/**
 * Worker threads never change a result: the JSON report is byte-identical with --jobs 1 (in-process) and
 * --jobs 2 (a piscina pool), whatever order files are discovered in.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { POOL_MIN_FILES } from '../src/pipeline/extract-all.js';
import { extractTree } from '../src/pipeline/scan.js';
import { resolveDialect } from '../src/extract/sql/dialects.js';
import { DEMO, runCli } from './helpers/cli.js';
import { scanJson } from './helpers/scan.js';
import { syntheticRepo } from './helpers/synthetic.js';
import { shuffled } from './helpers/tree.js';

let repo: { root: string; files: number };

beforeAll(() => {
  repo = syntheticRepo();
});

describe('parallel extraction', () => {
  it('uses worker threads for a repository of this size', async () => {
    expect(repo.files).toBeGreaterThan(POOL_MIN_FILES * 2);
    const tree = await extractTree({
      root: repo.root, include: [], exclude: [], gitignore: true, dialect: resolveDialect('postgres')!, maxFileSize: 2 << 20, jobs: 2,
    });
    expect(tree.stats.workers).toBe(2);
    expect(tree.stats.extracted).toBe(tree.stats.files);
    expect(tree.files.some((f) => f.units.length > 0)).toBe(true);
  });

  it('gives byte-identical JSON with --jobs 1 and --jobs 2', () => {
    const one = runCli(['scan', repo.root, '--format', 'json', '--no-cache', '--jobs', '1']);
    const two = runCli(['scan', repo.root, '--format', 'json', '--no-cache', '--jobs', '2']);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(JSON.parse(one.stdout).summary.jobs).toBeGreaterThan(100);
    expect(two.stdout).toBe(one.stdout);
  });

  it('gives byte-identical JSON in the pool whatever order files are discovered in', async () => {
    const natural = await scanJson(repo.root, { jobs: 1 });
    for (const seed of [5, 11]) {
      expect(await scanJson(repo.root, { jobs: 2, reorder: (files) => shuffled(files, seed) })).toBe(natural);
    }
  });

  it('keeps small scans in-process, with the same result', async () => {
    const options = { root: DEMO, include: [], exclude: [], gitignore: true, dialect: resolveDialect('postgres')!, maxFileSize: 2 << 20 };
    const small = await extractTree({ ...options, jobs: 2 });
    expect(small.stats.files).toBeLessThan(POOL_MIN_FILES);
    expect(small.stats.workers).toBe(0);
    expect(await scanJson(DEMO, { jobs: 2 })).toBe(await scanJson(DEMO, { jobs: 1 }));
  });

  it.each([['0'], ['-1'], ['two'], ['1.5']])('rejects --jobs %s with exit code 2', (value) => {
    const result = runCli(['scan', DEMO, '--jobs', value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`lineage: error: --jobs: expected a whole number of threads, 1 or more, got '${value}'\n`);
  });
});
