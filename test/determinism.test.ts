import { describe, expect, it } from 'vitest';
import { DEMO, runCli } from './helpers/cli.js';
import { scanJson } from './helpers/scan.js';
import { shuffled } from './helpers/tree.js';

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
