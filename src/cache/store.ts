/**
 * The content-addressed cache of per-file facts. An entry is keyed by the extraction fingerprint, the file's
 * path, language and content hash, and lives at `<dir>/facts-v1/<2 hex>/<key>.json`. Entries are written
 * atomically (temporary file, then rename) and never trusted: one that is not valid JSON, carries another key
 * or does not match the FileFacts schema is ignored (and replaced by the next write).
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { canonicalJson, canonicalMatcher } from '../facts/canonical.js';
import { FileFacts, type Language } from '../facts/schema.js';
import { makeDirectory } from '../util/make-directory.js';

const ENTRY_FORMAT = 'lineage-facts-cache/1';
const LAYOUT_DIR = 'facts-v1';
const factsJson = canonicalJson(FileFacts);
const isCanonicalFacts = canonicalMatcher(FileFacts);

interface Entry {
  format: string;
  key: string;
  facts: unknown;
}

/** An entry's text up to its facts: the same bytes JSON.stringify gives for the entry object. */
const entryHead = (key: string) => `{"format":${JSON.stringify(ENTRY_FORMAT)},"key":${JSON.stringify(key)},"facts":`;

let tempCounter = 0;

/**
 * Writes a file so readers see either the old or the new content, never a torn one. Synchronous, like the
 * reads (see readRaw): entries are small and many.
 */
export function writeAtomic(file: string, content: string | ((fd: number) => void)): void {
  const temp = `${file}.${process.pid}.${threadId}.${++tempCounter}.tmp`;
  try {
    if (typeof content === 'string') writeFileSync(temp, content);
    else {
      // Written through a descriptor: a large entry is written a piece at a time, never held whole.
      const fd = openSync(temp, 'w');
      try {
        content(fd);
      } finally {
        closeSync(fd);
      }
    }
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Never written.
    }
    throw error;
  }
}

export class FactsCache {
  private readonly root: string;

  constructor(dir: string, private readonly fingerprint: string) {
    this.root = path.join(dir, LAYOUT_DIR);
  }

  key(file: string, language: Language, hash: string): string {
    return createHash('sha256').update(`${this.fingerprint}\0${language}\0${file}\0${hash}`).digest('hex');
  }

  private entryPath(key: string): string {
    return path.join(this.root, key.slice(0, 2), `${key}.json`);
  }

  /**
   * Cached facts for exactly this file content and settings, or null. Never throws. Synchronous: see readRaw.
   * They are what parsing their canonical JSON text gives (the form facts travel in, see outcome-text.ts): an
   * entry `put` wrote holds that text, so its parsed facts are kept as they are; any other valid entry has its
   * facts written canonically and parsed again.
   */
  getFacts(file: string, language: Language, hash: string): FileFacts | null {
    const key = this.key(file, language, hash);
    let text: string;
    let entry: Entry;
    try {
      text = readFileSync(this.entryPath(key), 'utf8');
      entry = JSON.parse(text) as Entry;
    } catch {
      return null;
    }
    if (typeof entry !== 'object' || entry === null || entry.format !== ENTRY_FORMAT || entry.key !== key) return null;
    const head = entryHead(key);
    let facts: FileFacts;
    if (text.startsWith(head) && isCanonicalFacts(entry.facts, text, head.length, text.length - 1)) facts = entry.facts as FileFacts;
    else {
      const checked = factsJson(entry.facts);
      if (!checked.success) return null;
      facts = JSON.parse(checked.text) as FileFacts;
    }
    return facts.file === file && facts.language === language && facts.hash === hash ? facts : null;
  }

  /**
   * Stores facts; false when the cache cannot be written (the scan goes on without it). `factsText`, when the
   * caller has it, is `JSON.stringify(facts)`: the entry is then that text wrapped, not serialised again.
   */
  put(facts: FileFacts, factsText?: string): boolean {
    const key = this.key(facts.file, facts.language, facts.hash);
    const file = this.entryPath(key);
    const text = factsText === undefined
      ? JSON.stringify({ format: ENTRY_FORMAT, key, facts } satisfies Entry)
      // The same bytes JSON.stringify gives for the entry object.
      : `${entryHead(key)}${factsText}}`;
    try {
      try {
        writeAtomic(file, text);
      } catch (error) {
        // The entry's folder is made on first use only: one system call less per entry.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        makeDirectory(path.dirname(file));
        writeAtomic(file, text);
      }
      return true;
    } catch {
      return false;
    }
  }

  /** Creates the cache folder and checks it is writable; the reason when it is not. */
  prepare(): string | null {
    try {
      makeDirectory(this.root);
      const probe = path.join(this.root, '.probe');
      writeAtomic(probe, '');
      unlinkSync(probe);
      return null;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code ?? String(error);
    }
  }
}
