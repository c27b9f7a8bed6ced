import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { slices, writeFileChunked } from '../src/cli/write-text.js';

describe('writing large texts in slices', () => {
  it('never cuts a surrogate pair, and the slices join to the text', () => {
    const text = `ab😀cd😀😀e`;
    for (let size = 1; size <= text.length; size++) {
      const parts = [...slices(text, size)];
      expect(parts.join('')).toBe(text);
      for (const part of parts) expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
    }
  });

  it('writes a report-sized text byte for byte', async () => {
    const text = `{"name":"Zoë ✓ 😀"}\n`.repeat(200_000);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lineage-write-')), 'big.json');
    await writeFileChunked(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
