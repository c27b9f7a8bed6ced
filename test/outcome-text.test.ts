/**
 * File outcomes cross threads and are held as read back from JSON text (src/parallel/outcome-text.ts): the facts
 * read back are the facts extracted, and the facts cache stores the same text it always did.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FactsCache } from '../src/cache/store.js';
import { OutcomeReader, outcomeText } from '../src/parallel/outcome-text.js';
import { extractTree } from '../src/pipeline/scan.js';
import { DEMO } from './helpers/cli.js';
import { scanOptions } from './helpers/scan.js';

const entryTexts = (dir: string) => {
  const root = path.join(dir, 'facts-v1');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
    .sort();
};

describe('outcomes as text', () => {
  it('reads back the facts of every demo file exactly, each file its own objects', async () => {
    const tree = await extractTree(await scanOptions(DEMO, { jobs: 1 }));
    expect(tree.files.length).toBeGreaterThan(10);
    const reader = new OutcomeReader();
    for (const facts of tree.files) {
      const text = outcomeText(facts);
      const first = reader.read(text);
      const second = reader.read(text);
      expect(first).toEqual(facts);
      expect(outcomeText(first)).toBe(text);
      expect(second).toEqual(first);
      expect(second).not.toBe(first);
    }
    const gap = { kind: 'binary-file', file: 'data/blob.bin', line: 0, detail: 'binary content', severity: 'info' } as const;
    expect(reader.read(outcomeText(gap))).toEqual(gap);
  });

  it('writes the same cache entry from the facts or from their text', async () => {
    const tree = await extractTree(await scanOptions(DEMO, { jobs: 1 }));
    const fingerprint = 'a'.repeat(64);
    const fromFacts = mkdtempSync(path.join(tmpdir(), 'lineage-entries-'));
    const fromText = mkdtempSync(path.join(tmpdir(), 'lineage-entries-'));
    for (const facts of tree.files) {
      expect(new FactsCache(fromFacts, fingerprint).put(facts)).toBe(true);
      expect(new FactsCache(fromText, fingerprint).put(facts, outcomeText(facts))).toBe(true);
    }
    expect(entryTexts(fromText)).toEqual(entryTexts(fromFacts));
    expect(entryTexts(fromText)).toHaveLength(tree.files.length);
    const cache = new FactsCache(fromText, fingerprint);
    for (const facts of tree.files) expect(outcomeText(cache.getFacts(facts.file, facts.language, facts.hash)!)).toBe(outcomeText(facts));
  });
});
