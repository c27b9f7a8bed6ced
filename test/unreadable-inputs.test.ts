/**
 * Inputs a user names that cannot be read whole: one clear line saying why and exit code 2. A device without an
 * end (`/dev/zero`) used to fill memory first (`lineage sql /dev/zero` ran out of it) or say "(error)".
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBounded } from '../src/util/read-bounded.js';
import { readFailure } from '../src/util/read-failure.js';
import { DEMO, runCli } from './helpers/cli.js';

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
});
