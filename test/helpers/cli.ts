/** Runs the built CLI (`bin/lineage.js`) as a user would, capturing output and exit code. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO = path.join(REPO_ROOT, 'fixtures/demo');

/** The facts cache of CLI runs in tests: a fresh folder, never the user's own cache. */
export const TEST_CACHE_HOME = mkdtempSync(path.join(tmpdir(), 'lineage-cache-home-'));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `timeout` (ms) kills a run that hangs; its code is then -1. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string; timeout?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/lineage.js'), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: TEST_CACHE_HOME, ...options.env },
    encoding: 'utf8',
    ...(options.input !== undefined ? { input: options.input } : {}),
    maxBuffer: 64 * 1024 * 1024,
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
