import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../src/util/collect-garbage.js';

describe('a full garbage collection on demand', () => {
  it('frees what nothing references any more', () => {
    let held: number[][] | null = Array.from({ length: 2000 }, (_, i) => Array.from({ length: 1000 }, (_, j) => i * j + 0.5));
    collectGarbage();
    const withData = process.memoryUsage().heapUsed;
    expect(held.length).toBe(2000);
    held = null;
    collectGarbage();
    // About 16 MB of doubles were freed.
    expect(withData - process.memoryUsage().heapUsed).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('can run again and again', () => {
    for (let i = 0; i < 3; i++) collectGarbage();
  });
});
