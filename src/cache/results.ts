/**
 * Whole reports, cached by everything that decides them: the extraction fingerprint, the digest of every file's
 * content (see treeState in pipeline/extract-all.ts) and the whole-program settings (manifest, schema, date).
 * A rescan of an unchanged tree with unchanged settings then costs discovery, a read and a hash per file, and
 * reading one file — the whole-program stages (simulation, analysis) do not run again.
 *
 * An entry is a header line `{format, key, sha256}` and the report's JSON text; it is used only when the key
 * matches and the text hashes to the recorded sha256 (a torn, damaged or foreign entry is ignored and replaced).
 * Only the few most recent entries are kept: reports of large trees are large.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../report/json/schema.js';
import { jsonPieces } from '../util/json-pieces.js';
import { makeDirectory } from '../util/make-directory.js';
import { stableStringify } from './fingerprint.js';
import { writeAtomic } from './store.js';

const ENTRY_FORMAT = 'lineage-report-cache/1';
const LAYOUT_DIR = 'reports-v1';
/** Entries kept; older ones are deleted when a new one is written. */
export const KEPT_REPORTS = 6;

interface Header {
  format: string;
  key: string;
  sha256: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class ReportCache {
  private readonly root: string;

  constructor(dir: string) {
    this.root = path.join(dir, LAYOUT_DIR);
  }

  private entryPath(key: string): string {
    return path.join(this.root, `${key}.json`);
  }

  /** The cached report for exactly this key, or null. Never throws. */
  get(key: string): Report | null {
    try {
      const text = readFileSync(this.entryPath(key), 'utf8');
      const newline = text.indexOf('\n');
      const header = JSON.parse(text.slice(0, newline)) as Header;
      const body = text.slice(newline + 1);
      if (header.format !== ENTRY_FORMAT || header.key !== key || header.sha256 !== sha256(body)) return null;
      return JSON.parse(body) as Report;
    } catch {
      return null;
    }
  }

  /** Stores a report and prunes old entries; false when the cache cannot be written (nothing is lost). */
  put(key: string, report: Report): boolean {
    try {
      makeDirectory(this.root);
      writeEntry(this.entryPath(key), key, report);
      this.prune();
      return true;
    } catch {
      return false;
    }
  }

  private prune(): void {
    const entries = readdirSync(this.root)
      .filter((name) => name.endsWith('.json'))
      .map((name) => {
        const file = path.join(this.root, name);
        try {
          return { file, time: statSync(file).mtimeMs };
        } catch {
          return null;
        }
      })
      .filter((entry): entry is { file: string; time: number } => entry !== null)
      .sort((a, b) => b.time - a.time || (a.file < b.file ? -1 : 1));
    for (const { file } of entries.slice(KEPT_REPORTS)) {
      try {
        unlinkSync(file);
      } catch {
        // Another scan pruned it first.
      }
    }
  }
}

const headerLine = (key: string, hash: string) => `${JSON.stringify({ format: ENTRY_FORMAT, key, sha256: hash } satisfies Header)}\n`;

/**
 * Writes an entry without holding the report's JSON text: the body is written (and hashed) a piece at a time
 * after a placeholder header of the same length, which is then overwritten with the real one. Atomically
 * (writeAtomic), so readers never see a torn entry.
 */
function writeEntry(file: string, key: string, report: Report): void {
  writeAtomic(file, (fd) => {
    const placeholder = headerLine(key, '0'.repeat(64));
    let position = writeAll(fd, placeholder, 0);
    const hash = createHash('sha256');
    for (const piece of jsonPieces(report)) {
      hash.update(piece);
      position += writeAll(fd, piece, position);
    }
    const header = headerLine(key, hash.digest('hex'));
    if (header.length !== placeholder.length) throw new Error('report cache header changed length');
    writeAll(fd, header, 0);
  });
}

/** Writes all of a text at a position (a write may be partial); its length in bytes. */
function writeAll(fd: number, text: string, position: number): number {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, position + written);
  return bytes.length;
}

/** The key of a report: the tree's state and every whole-program input, as one digest. */
export function reportKey(treeState: string, fingerprint: string, program: unknown): string {
  return sha256(`${fingerprint}\0${treeState}\0${stableStringify(program)}`);
}
