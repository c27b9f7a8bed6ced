/**
 * The test run's temporary folder (test/global-setup.ts): what tests, and the CLI runs they start, make under the
 * system's temporary folder goes into one folder per run, and that folder goes when the run ends.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import setup, { TEMP_VARIABLES } from './global-setup.js';

describe('temporary folders of a test run', () => {
  const saved = Object.fromEntries(TEMP_VARIABLES.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const name of TEMP_VARIABLES) process.env[name] = saved[name];
  });

  it('are made in the run\'s own folder, by tests and by the processes they start', () => {
    expect(path.basename(tmpdir())).toMatch(/^lineage-test-run-/);
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("node:os").tmpdir())'], { encoding: 'utf8' });
    expect(child.stdout).toBe(tmpdir());
  });

  it('are removed with everything in them when the run ends', () => {
    const teardown = setup();
    const root = tmpdir();
    expect(path.dirname(root)).toBe(saved.TMPDIR);
    const made = mkdtempSync(path.join(tmpdir(), 'lineage-tree-'));
    writeFileSync(path.join(made, 'app.py'), 'print(1)\n');
    teardown();
    expect(existsSync(made)).toBe(false);
    expect(existsSync(root)).toBe(false);
  });
});
