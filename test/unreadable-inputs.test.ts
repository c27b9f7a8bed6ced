/**
 * Inputs a user names that cannot be read whole: one clear line saying why and exit code 2. A device without an
 * end (`/dev/zero`) used to fill memory first (`lineage sql /dev/zero` ran out of it) or say "(error)".
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBounded } from '../src/util/read-bounded.js';
import { readFailure } from '../src/util/read-failure.js';
import { DEMO, REPO_ROOT, runCli } from './helpers/cli.js';

describe('inputs that cannot be read', () => {
  it('are described by the system\'s code, or as too large', () => {
    expect(readFailure(Object.assign(new Error('x'), { code: 'EISDIR' }))).toBe('EISDIR');
    expect(readFailure(new RangeError('Invalid string length'))).toBe('too large to read');
    expect(readFailure(new Error('stream closed'))).toBe('stream closed');
  });

  it('are read up to a bound, one byte past it at most', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lineage-bounded-'));
    writeFileSync(path.join(dir, 'small.sql'), 'SELECT 1;\n');
    writeFileSync(path.join(dir, 'large.sql'), 'x'.repeat(3 * 1024 * 1024 + 1));
    expect((await readBounded(path.join(dir, 'small.sql'), 10)).toString()).toBe('SELECT 1;\n');
    expect((await readBounded(path.join(dir, 'large.sql'), 3 * 1024 * 1024 + 1)).length).toBe(3 * 1024 * 1024 + 1);
    const error = await readBounded(path.join(dir, 'large.sql'), 3 * 1024 * 1024).catch((e: unknown) => e);
    expect(readFailure(error)).toBe('larger than 3 MiB');
    if (existsSync('/dev/zero')) expect(readFailure(await readBounded('/dev/zero', 2 * 1024 * 1024).catch((e: unknown) => e))).toBe('larger than 2 MiB');
  });

  it.runIf(existsSync('/dev/zero')).each([
    [['scan', DEMO, '--manifest', '/dev/zero'], 'lineage: error: /dev/zero: cannot read the manifest (larger than 512 MiB)\n'],
    [['scan', DEMO, '--baseline', '/dev/zero'], 'lineage: error: --baseline: /dev/zero: cannot read it (larger than 512 MiB)\n'],
    [['sql', '/dev/zero'], 'lineage: error: /dev/zero: cannot read the file (larger than 512 MiB)\n'],
    [['diff', '/dev/zero', '/dev/zero'], 'lineage: error: /dev/zero: cannot read the report file (larger than 512 MiB)\n'],
  ])('%j says why, with exit code 2', (args, message) => {
    const result = runCli([...args, '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(message);
  });

  it.runIf(existsSync('/dev/zero'))('lineage sql reads stdin up to the same bound', () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/lineage.js'), 'sql'], { stdio: [zero, 'pipe', 'pipe'], encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe('lineage: error: <stdin>: cannot read the SQL (larger than 512 MiB)\n');
    } finally {
      closeSync(zero);
    }
  });

  it('lineage sql reports invalid UTF-8 on stdin as in a file (the bytes used to be decoded twice)', () => {
    const sql = Buffer.concat([Buffer.from('INSERT INTO mart.cafe SELECT caf'), Buffer.from([0xe9]), Buffer.from(' FROM raw.cafe;\n')]);
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/lineage.js'), 'sql', '--format', 'json'], { input: sql, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).gaps.map((g: { kind: string }) => g.kind)).toContain('invalid-utf8');
  });
});
