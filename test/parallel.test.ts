/**
 * Worker threads never change a result: the JSON report is byte-identical with --jobs 1 (in-process) and
 * --jobs 2 (a piscina pool), whatever order files are discovered in.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTO_BYTES_PER_THREAD, POOL_MIN_FILES, threadsFor } from '../src/pipeline/extract-all.js';
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

  it('with the default --jobs, starts workers only for enough source to pay for them', async () => {
    const options = { root: repo.root, include: [], exclude: [], gitignore: true, dialect: resolveDialect('postgres')!, maxFileSize: 2 << 20 };
    // The synthetic repository is well over POOL_MIN_FILES files but far under AUTO_BYTES_PER_THREAD bytes.
    const auto = await extractTree({ ...options, jobs: 2, autoJobs: true });
    expect(auto.stats.extracted).toBeGreaterThan(POOL_MIN_FILES);
    expect(auto.stats.workers).toBe(0);
    expect(await scanJson(repo.root, { jobs: 2, autoJobs: true })).toBe(await scanJson(repo.root, { jobs: 2 }));
    // One thread, then one more per AUTO_BYTES_PER_THREAD of source, never more than the jobs allowed.
    const files = (megabytes: number[]) => megabytes.map((mb) => ({ size: mb * 1024 * 1024 }));
    expect(threadsFor(files([0.5, 1.2]), 2)).toBe(1);
    expect(threadsFor(files([2, 2.5]), 2)).toBe(2);
    expect(threadsFor(files([17]), 2)).toBe(2);
    expect(threadsFor(files([17]), 8)).toBe(1 + Math.floor(17 * 1024 * 1024 / AUTO_BYTES_PER_THREAD));
    expect(threadsFor([], 4)).toBe(1);
  });

  it.each([['0'], ['-1'], ['two'], ['1.5']])('rejects --jobs %s with exit code 2', (value) => {
    const result = runCli(['scan', DEMO, '--jobs', value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`lineage: error: --jobs: expected a whole number of threads, 1 or more, got '${value}'\n`);
  });
});
