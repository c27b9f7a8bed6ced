import { describe, expect, it } from 'vitest';
import type { DiscoveredFile } from '../src/discover/walk.js';
import { DEMO, runCli } from './helpers/cli.js';
import { scanJson } from './helpers/scan.js';

/** A fixed pseudo-random permutation (mulberry32), so the test itself is repeatable. */
function shuffled(files: DiscoveredFile[], seed: number): DiscoveredFile[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...files];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('deterministic output', () => {
  it('gives byte-identical JSON for repeated scans of the demo', () => {
    const first = runCli(['scan', DEMO, '--format', 'json']);
    const second = runCli(['scan', DEMO, '--format', 'json']);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('gives byte-identical JSON whatever order files are discovered in', async () => {
    const natural = await scanJson(DEMO);
    expect(await scanJson(DEMO, { reorder: (files) => [...files].reverse() })).toBe(natural);
    for (const seed of [1, 7, 42]) expect(await scanJson(DEMO, { reorder: (files) => shuffled(files, seed) })).toBe(natural);
  });

  it('holds no timestamps or absolute paths', async () => {
    const json = await scanJson(DEMO);
    expect(json).not.toContain(DEMO);
    expect(json).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:/);
  });
});
