/** A small synthetic polyglot repository (bench/generate.ts), large enough that scans use the worker pool. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateRepo } from '../../bench/generate.js';

export function syntheticRepo(lines = 6_000, seed = 3): { root: string; files: number } {
  const root = mkdtempSync(path.join(tmpdir(), 'lineage-synthetic-'));
  const { files } = generateRepo(root, { lines, seed });
  return { root, files };
}
