/**
 * `--facts-out` to something other than a regular file: a pipe is written to, not replaced. Facts files are
 * written to a temporary file and renamed over the target, so that no reader sees half of one; renamed over a
 * pipe or a device (`--facts-out /dev/stdout | gzip`, as root), that replaced it with a file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, REPO_ROOT, runCli, TEST_CACHE_HOME } from './helpers/cli.js';

const hasMkfifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0;

describe('--facts-out to a pipe', () => {
  it.runIf(hasMkfifo)('writes the facts into the pipe and leaves it a pipe', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lineage-fifo-'));
    const fifo = path.join(dir, 'facts.pipe');
    const received = path.join(dir, 'received.facts');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const cli = [process.execPath, path.join(REPO_ROOT, 'bin/lineage.js'), 'scan', DEMO, '--shard', '1/1', '--facts-out', fifo, '-q'];
    // The reader runs in the background; were the pipe replaced, it would wait forever and the time limit fails the test.
    const run = spawnSync('sh', ['-c', 'pipe=$1 out=$2; shift 2; cat "$pipe" > "$out" & "$@"; status=$?; wait; exit $status', 'sh', fifo, received, ...cli], {
      encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: TEST_CACHE_HOME },
    });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
    // What came through the pipe is a whole facts file: merged, it gives the report of a scan.
    expect(readFileSync(received, 'utf8')).toMatch(/^\{"format":"lineage-facts"/);
    const merged = runCli(['merge', received, '--format', 'json']);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(runCli(['scan', DEMO, '--format', 'json']).stdout);
  });
});
