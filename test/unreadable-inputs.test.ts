/**
 * Inputs a user names that cannot be read whole: one clear line saying why and exit code 2. A device without an
 * end (`/dev/zero`) used to say "(error)".
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFailure } from '../src/util/read-failure.js';
import { DEMO, runCli } from './helpers/cli.js';

describe('inputs that cannot be read', () => {
  it('are described by the system\'s code, or as too large', () => {
    expect(readFailure(Object.assign(new Error('x'), { code: 'EISDIR' }))).toBe('EISDIR');
    expect(readFailure(new RangeError('Invalid string length'))).toBe('too large to read');
    expect(readFailure(new Error('stream closed'))).toBe('stream closed');
  });

  it.runIf(existsSync('/dev/zero')).each([
    [['--manifest', '/dev/zero'], 'lineage: error: /dev/zero: cannot read the manifest (too large to read)\n'],
    [['--baseline', '/dev/zero'], 'lineage: error: --baseline: /dev/zero: cannot read it (too large to read)\n'],
  ])('scan %j says why, with exit code 2', (args, message) => {
    const result = runCli(['scan', DEMO, ...args, '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(message);
  });
});
