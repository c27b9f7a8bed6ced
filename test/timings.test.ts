/**
 * `--timings`: how long each stage of a scan took, on stderr, in the order the stages ran; the report itself
 * is the same byte for byte (it must never depend on the clock).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PhaseTimer } from '../src/util/timings.js';
import { runCli } from './helpers/cli.js';

const ROW = /^(\S.*?)\s+(\d+\.\d\d) s\s+(\d+\.\d)%\s+(\d+\.\d\d) s$/;

function phasesOf(stderr: string): string[] {
  return stderr.split('\n').filter((line) => ROW.test(line)).map((line) => ROW.exec(line)![1]!);
}

describe('--timings', () => {
  it('prints the stages of a scan in order on stderr and leaves the report unchanged', () => {
    const plain = runCli(['scan', 'fixtures/demo', '--format', 'json', '--no-cache']);
    const timed = runCli(['scan', 'fixtures/demo', '--format', 'json', '--no-cache', '--timings']);
    expect(timed.code).toBe(plain.code);
    expect(timed.stdout).toBe(plain.stdout);
    expect(plain.stderr).not.toMatch(/phase/);
    expect(timed.stderr.split('\n')[0]).toMatch(/^phase\s+wall\s+share\s+cpu$/);
    expect(phasesOf(timed.stderr)).toEqual(['discover', 'extract', 'sql columns', 'simulate', 'graph', 'analyze', 'report', 'format and write', 'total']);
  });

  it('shows a rescan served from the report cache as such', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'lineage-timings-'));
    runCli(['scan', 'fixtures/demo', '--format', 'json', '--cache-dir', cacheDir]);
    const warm = runCli(['scan', 'fixtures/demo', '--format', 'json', '--cache-dir', cacheDir, '--timings']);
    expect(phasesOf(warm.stderr)).toEqual(['discover', 'extract', 'cached report', 'format and write', 'total']);
  });

  it('times a merge of shards too, from reading the facts files to writing the report', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lineage-timings-merge-'));
    const shards = [1, 2].map((i) => path.join(dir, `${i}.facts`));
    shards.forEach((file, i) => expect(runCli(['scan', 'fixtures/demo', '--shard', `${i + 1}/2`, '--facts-out', file, '-q', '--no-cache']).code).toBe(0));
    const plain = runCli(['merge', ...shards, '--format', 'json']);
    const timed = runCli(['merge', ...shards, '--format', 'json', '--timings']);
    expect(timed.stdout).toBe(plain.stdout);
    expect(phasesOf(timed.stderr)).toEqual(['read facts', 'sql columns', 'simulate', 'graph', 'analyze', 'report', 'format and write', 'total']);
  });

  it('adds up the phases into the total, with shares of the wall-clock time', () => {
    const timer = new PhaseTimer();
    timer.phases.push({ phase: 'extract', wall: 3, cpu: 5.5 }, { phase: 'simulate', wall: 1, cpu: 1 });
    expect(timer.format().split('\n')).toEqual([
      'phase           wall   share         cpu',
      'extract       3.00 s   75.0%      5.50 s',
      'simulate      1.00 s   25.0%      1.00 s',
      'total         4.00 s  100.0%      6.50 s',
      '',
    ]);
  });
});
