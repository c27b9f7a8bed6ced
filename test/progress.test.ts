import { describe, expect, it } from 'vitest';
import { nameSensitivity } from '../src/classify/sensitivity.js';
import { progressDisplay, progressLine } from '../src/cli/progress.js';
import { simulate } from '../src/simulate/index.js';
import { DEMO, runCli } from './helpers/cli.js';
import { extractText } from './helpers/extract.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (text: string) => (writes.push(text), true) }, writes };
}

describe('progress on stderr', () => {
  it('shows files done of total, the rate and the time left', () => {
    expect(progressLine(250, 1000, 5000)).toBe('lineage: 250/1,000 files · 50 files/s · 15s left');
    expect(progressLine(100, 100_000, 1000)).toBe('lineage: 100/100,000 files · 100 files/s · 16m39s left');
    expect(progressLine(0, 10, 0)).toBe('lineage: 0/10 files · 0 files/s · ? left');
  });

  it('redraws in place at most ten times a second, always the last file, and clears the line at the end', () => {
    let now = 0;
    const { stream, writes } = fakeStream(true);
    const progress = progressDisplay(stream, true, () => now);
    for (let done = 1; done <= 100; done++) {
      now += 5;
      progress.update(done, 100);
    }
    progress.finish();
    // 500 ms of updates: one at the start, one per 100 ms, the final one, and the clearing.
    expect(writes).toHaveLength(7);
    expect(writes[0]).toBe('\r\x1b[Klineage: 1/100 files · 200 files/s · 1s left');
    expect(writes[5]).toBe('\r\x1b[Klineage: 100/100 files · 200 files/s · 0s left');
    expect(writes[6]).toBe('\r\x1b[K');
  });

  it('follows the simulation: units run at least once, of all, with the time it has taken', () => {
    let now = 0;
    const { stream, writes } = fakeStream(true);
    const progress = progressDisplay(stream, true, () => now);
    progress.update(10, 10);
    now += 1000;
    progress.simulating(512, 70_000);
    now += 61_000;
    progress.simulating(40_000, 70_000);
    progress.finish();
    expect(writes).toEqual([
      '\r\x1b[Klineage: 10/10 files · 0 files/s · ? left',
      '\r\x1b[Klineage: simulating · 512/70,000 units run · 0s',
      '\r\x1b[Klineage: simulating · 40,000/70,000 units run · 1m01s',
      '\r\x1b[K',
    ]);
  });

  it('hears from the simulation every 512 runs and once at the end, with every unit run', async () => {
    const lines = ['import logging', ''];
    for (let i = 0; i < 1200; i++) lines.push(`def f_${i}(x):`, `    return f_${Math.max(0, i - 1)}(x) if x else None`, '');
    const facts = await extractText('many/units.py', lines.join('\n'));
    const calls: Array<[number, number]> = [];
    simulate([facts], { sensitivity: nameSensitivity, onProgress: (ran, total) => calls.push([ran, total]) });
    // 1,201 units (the module and its functions) in about 1,200 runs: two reports during the run, one at the end.
    expect(calls).toHaveLength(3);
    expect(calls.map(([ran]) => ran)).toEqual([...calls.map(([ran]) => ran)].sort((a, b) => a - b));
    expect(calls[0]![0]).toBeGreaterThan(500);
    expect(calls[2]).toEqual([1201, 1201]);
  });

  it('is silent when stderr is not a terminal, or with --quiet', () => {
    for (const [isTTY, enabled] of [[false, true], [true, false]] as const) {
      const { stream, writes } = fakeStream(isTTY);
      const progress = progressDisplay(stream, enabled, () => 0);
      progress.update(1, 2);
      progress.finish();
      expect(writes).toEqual([]);
    }
    // The CLI's stderr is a pipe here: nothing but the report.
    expect(runCli(['scan', DEMO, '--format', 'json']).stderr).toBe('');
  });
});
