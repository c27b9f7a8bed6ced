import { describe, expect, it } from 'vitest';
import { WORKER_YOUNG_GENERATION_MB, workerYoungGenerationMb } from '../src/parallel/worker-memory.js';

const GiB = 1024 ** 3;

describe('the young generation of extraction workers', () => {
  it('is the measured size when memory allows it', () => {
    expect(workerYoungGenerationMb(2, 24 * GiB)).toBe(WORKER_YOUNG_GENERATION_MB);
    expect(workerYoungGenerationMb(8, 32 * GiB)).toBe(WORKER_YOUNG_GENERATION_MB);
  });

  it('shrinks so that all workers together take at most a sixteenth of the memory', () => {
    // 2 GiB / 16 / 2 workers = 64 MB each.
    expect(workerYoungGenerationMb(2, 2 * GiB)).toBe(64);
  });

  it("keeps V8's default when the share would be smaller than it", () => {
    expect(workerYoungGenerationMb(4, 1 * GiB)).toBeUndefined();
    expect(workerYoungGenerationMb(64, 24 * GiB)).toBeUndefined();
  });
});
