/**
 * Making the cache folders. Node's recursive mkdir never returns when a folder exists but making a child in it
 * fails with ENOENT (a path under /proc): `lineage scan --cache-dir /proc/...` hung at full CPU. Each case runs
 * in a child process with a time limit, so a regression fails instead of hanging the test run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectory } from '../src/util/make-directory.js';
import { DEMO, REPO_ROOT, TEST_CACHE_HOME } from './helpers/cli.js';

/** Runs makeDirectory in a child process (the built module); its error code, or 'made', or 'timeout'. */
function makeInChild(dir: string): string {
  const script = `import('${path.join(REPO_ROOT, 'dist/util/make-directory.js')}').then(({ makeDirectory }) => {
    try { makeDirectory(${JSON.stringify(dir)}); process.stdout.write('made'); } catch (error) { process.stdout.write(String(error.code)); }
  });`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
  return child.error ? 'timeout' : child.stdout;
}

describe('making folders', () => {
  it('makes every missing folder of a path, and accepts one that exists', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lineage-mkdir-'));
    const deep = path.join(root, 'a', 'b', 'c');
    makeDirectory(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeDirectory(deep);
    makeDirectory(root);
  });

  it('fails at once under a dangling symlink, under /proc and under a file', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lineage-mkdir-'));
    symlinkSync(path.join(root, 'unmounted-volume'), path.join(root, 'cache-link'));
    expect(makeInChild(path.join(root, 'cache-link'))).toBe('ENOENT');
    expect(makeInChild(path.join(root, 'cache-link', 'lineage', 'facts-v1'))).toBe('ENOENT');
    expect(existsSync(path.join(root, 'unmounted-volume'))).toBe(false);
    if (existsSync('/proc/self')) expect(makeInChild('/proc/lineage-no-such-folder/facts-v1')).toBe('ENOENT');
    writeFileSync(path.join(root, 'file'), '');
    expect(makeInChild(path.join(root, 'file', 'cache'))).toBe('ENOTDIR');
    mkdirSync(path.join(root, 'made'));
    expect(makeInChild(path.join(root, 'made', 'x', 'y'))).toBe('made');
  });

  it('lets a scan whose cache folder cannot be made go on without the cache', () => {
    // Under /proc where there is one (the folder Node's recursive mkdir never returned from), else a dangling link.
    const root = mkdtempSync(path.join(tmpdir(), 'lineage-mkdir-'));
    symlinkSync(path.join(root, 'unmounted-volume'), path.join(root, 'cache-link'));
    const cacheDir = existsSync('/proc/self') ? '/proc/lineage-no-such-folder/lineage' : path.join(root, 'cache-link', 'lineage');
    const scan = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/lineage.js'), 'scan', DEMO, '--cache-dir', cacheDir, '--format', 'json'], {
      encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: TEST_CACHE_HOME },
    });
    expect(scan.error).toBeUndefined();
    expect(scan.status).toBe(0);
    expect(scan.stderr).toContain(`cache folder ${cacheDir} is not writable (ENOENT); scanning without the cache`);
    expect(JSON.parse(scan.stdout).summary.files).toBeGreaterThan(20);
  });
});
