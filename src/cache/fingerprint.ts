/**
 * The extraction fingerprint: everything besides a file's own path and bytes that decides its facts — the tool
 * version, the program's own code, the library models under grammars/, and the whole extraction context
 * (dialect, dbt projects, budgets, and whatever is added to it later). It keys the facts cache and ties the
 * shards of one scan together, so a change to any of these invalidates cached facts and refuses mixed shards.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExtractContext } from '../extract/index.js';
import { toolVersion } from '../version.js';

const MODULE_DIR = path.dirname(fileURLToPath(import.meta.url));
/** The program's code folder: dist/ when built, src/ when run from sources. */
const CODE_DIR = path.resolve(MODULE_DIR, '..');
const GRAMMARS_DIR = path.resolve(MODULE_DIR, '../../grammars');

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 over every file below `dir` whose name passes `keep`, by relative path; '' when the folder is missing. */
export function folderDigest(dir: string, keep: (name: string) => boolean = () => true): string {
  const hash = createHash('sha256');
  const stack = [''];
  const files: string[] = [];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) stack.push(child);
      else if (entry.isFile() && keep(entry.name)) files.push(child);
    }
  }
  files.sort();
  for (const file of files) hash.update(file).update('\0').update(readFileSync(path.join(dir, file))).update('\0');
  return hash.digest('hex');
}

let codeDigestMemo: string | undefined;
let grammarsDigestMemo: string | undefined;

/** The running program's code: a rebuilt extractor invalidates cached facts even without a version bump. */
export function codeDigest(): string {
  codeDigestMemo ??= folderDigest(CODE_DIR, (name) => /\.(js|ts)$/.test(name) && !name.endsWith('.d.ts'));
  return codeDigestMemo;
}

/** The library models and other data under grammars/. */
export function grammarsDigest(): string {
  grammarsDigestMemo ??= folderDigest(GRAMMARS_DIR);
  return grammarsDigestMemo;
}

export interface FingerprintParts {
  tool: string;
  code: string;
  grammars: string;
  /** The manifest's per-path settings (a file's SQL dialect) and anything else outside the context that changes facts. */
  settings: unknown;
}

export function extractionFingerprint(context: ExtractContext, parts: Partial<FingerprintParts> = {}): string {
  const inputs = {
    tool: parts.tool ?? toolVersion(),
    code: parts.code ?? codeDigest(),
    grammars: parts.grammars ?? grammarsDigest(),
    context,
    settings: parts.settings ?? null,
  };
  return createHash('sha256').update(stableStringify(inputs)).digest('hex');
}
