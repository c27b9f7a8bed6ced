/**
 * One temporary folder per test run, removed when the run ends. Tests make their trees, caches and reports with
 * `mkdtempSync(tmpdir())`, and so do the CLI processes and browsers they start: `os.tmpdir()` follows TMPDIR
 * (TEMP and TMP on Windows), set here before any test worker starts, so all of it lands in this folder instead of
 * piling up in the system's (a run used to leave a few hundred folders, over 100 MB, behind).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TEMP_VARIABLES = ['TMPDIR', 'TEMP', 'TMP'] as const;

export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'lineage-test-run-'));
  for (const name of TEMP_VARIABLES) process.env[name] = root;
  return () => {
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
