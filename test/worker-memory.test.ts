import { describe, expect, it } from 'vitest';
import { LARGE_FILE_BYTES, typicalFileBytes, WORKER_YOUNG_GENERATION_MB, workerYoungGenerationMb } from '../src/parallel/worker-memory.js';

const GiB = 1024 ** 3;
const LARGE = 64 * 1024;

describe('the young generation of extraction workers', () => {
  it('is the measured size for trees of large files when memory allows it', () => {
    expect(workerYoungGenerationMb(2, LARGE, 24 * GiB)).toBe(WORKER_YOUNG_GENERATION_MB);
    expect(workerYoungGenerationMb(8, LARGE, 32 * GiB)).toBe(WORKER_YOUNG_GENERATION_MB);
  });

  it("keeps V8's default for trees of small files, where it gains nothing and costs memory", () => {
    expect(workerYoungGenerationMb(2, 2_900, 24 * GiB)).toBeUndefined();
    expect(workerYoungGenerationMb(2, LARGE_FILE_BYTES - 1, 24 * GiB)).toBeUndefined();
    expect(workerYoungGenerationMb(2, LARGE_FILE_BYTES, 24 * GiB)).toBe(WORKER_YOUNG_GENERATION_MB);
  });

  it('shrinks so that all workers together take at most a sixteenth of the memory', () => {
    // 2 GiB / 16 / 2 workers = 64 MB each.
    expect(workerYoungGenerationMb(2, LARGE, 2 * GiB)).toBe(64);
  });

  it("keeps V8's default when the share would be smaller than it", () => {
    expect(workerYoungGenerationMb(4, LARGE, 1 * GiB)).toBeUndefined();
    expect(workerYoungGenerationMb(64, LARGE, 24 * GiB)).toBeUndefined();
  });
});

describe('the typical file size of a tree', () => {
  it('is the size of the file the average byte is in', () => {
    expect(typicalFileBytes([1000, 1000, 1000])).toBe(1000);
    // One 90 KB file among ten 1 KB ones: most bytes are in the large file.
    expect(typicalFileBytes([90_000, ...Array(10).fill(1000)])).toBeCloseTo((90_000 ** 2 + 10 * 1000 ** 2) / 100_000);
    // One 10 KB file among a thousand 2 KB ones: most bytes are in small files.
    expect(typicalFileBytes([10_000, ...Array(1000).fill(2000)])).toBeLessThan(2100);
  });

  it('is 0 for an empty tree', () => {
    expect(typicalFileBytes([])).toBe(0);
    expect(typicalFileBytes([0, 0])).toBe(0);
  });
});
