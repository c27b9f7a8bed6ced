/**
 * Mutated copies of the fixtures, for robustness tests: every fixture file, copied `variants` times with a few
 * seeded random edits each — byte flips, truncations, deleted and duplicated spans, inserted brackets, quotes,
 * template tags, NUL and non-UTF-8 bytes. Same seed, same bytes.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seededRandom } from '../../bench/generate.js';
import { REPO_ROOT } from './cli.js';

const INSERTIONS = ['(', ')', '[', ']', '{', '}', '"', "'", '"""', '`', ';', '\n', '\\', '{{', '}}', '{%', '%}', '/*', '--', '#', '<?hh', '$$', '\0', '\xff'];

function fixtureFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) out.push(...fixtureFiles(dir, child));
    else if (entry.isFile()) out.push(child);
  }
  return out.sort();
}

export function mutate(input: Buffer, random: () => number): Buffer {
  let bytes = Buffer.from(input);
  const at = () => Math.floor(random() * (bytes.length + 1));
  for (let edits = 1 + Math.floor(random() * 4); edits > 0; edits--) {
    const kind = Math.floor(random() * 5);
    if (kind === 0 && bytes.length > 0) {
      const i = Math.min(at(), bytes.length - 1);
      bytes[i] = bytes[i]! ^ (1 << Math.floor(random() * 8));
    } else if (kind === 1) {
      bytes = bytes.subarray(0, at());
    } else if (kind === 2) {
      const from = at();
      bytes = Buffer.concat([bytes.subarray(0, from), bytes.subarray(Math.min(bytes.length, from + Math.floor(random() * 200)))]);
    } else if (kind === 3) {
      const from = at();
      const span = bytes.subarray(from, Math.min(bytes.length, from + Math.floor(random() * 300)));
      bytes = Buffer.concat([bytes.subarray(0, from), span, span, bytes.subarray(from)]);
    } else {
      const insert = INSERTIONS[Math.floor(random() * INSERTIONS.length)]!;
      const from = at();
      bytes = Buffer.concat([bytes.subarray(0, from), Buffer.from(insert.repeat(1 + Math.floor(random() * 3)), 'latin1'), bytes.subarray(from)]);
    }
  }
  return bytes;
}

/** A tree `variant-<k>/<fixture path>` of mutated fixture copies; returns its root and the files written. */
export function mutatedFixtures(variants: number, seed: number): { root: string; files: string[] } {
  const fixtures = path.join(REPO_ROOT, 'fixtures');
  const sources = fixtureFiles(fixtures);
  const root = mkdtempSync(path.join(tmpdir(), 'lineage-mutated-'));
  const random = seededRandom(seed);
  const files: string[] = [];
  for (let variant = 0; variant < variants; variant++) {
    for (const source of sources) {
      const rel = `variant-${variant}/${source}`;
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), mutate(readFileSync(path.join(fixtures, source)), random));
      files.push(rel);
    }
  }
  return { root, files };
}
