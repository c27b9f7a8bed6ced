import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { tokenSoup } from './helpers/soup.js';
import { writeTree } from './helpers/tree.js';

describe('token soup', () => {
  it('every file of random tokens becomes facts or a gap, and the scan finishes in time', () => {
    const files = tokenSoup(12, 40_000, 2);
    const result = runCli(['scan', writeTree(files), '--format', 'json', '--no-cache'], { timeout: 120_000 });
    expect(result.code, 'the scan finished').toBe(0);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report.coverage.files.discovered).toBe(Object.keys(files).length);
    expect(report.coverage.files.analysed + report.coverage.files.skipped).toBe(Object.keys(files).length);
    expect(report.gaps.filter((g: { kind: string }) => g.kind === 'extractor-error')).toEqual([]);
  }, 180_000);
});
