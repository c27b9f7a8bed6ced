/**
 * Imports in the simulation: names are followed from module to module, and a cycle of imports (modules that
 * import a name from each other and define it nowhere, as vendored packages and re-exports do) ends the lookup
 * instead of overflowing the stack; the rest of the program is still followed.
 */
import { describe, expect, it } from 'vitest';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

describe('imports in the simulation', () => {
  it('ends a cycle of imports and keeps the flows around it', async () => {
    const root = writeTree({
      'vendor/__init__.py': 'from vendor.compat import quote\n',
      'vendor/compat.py': 'from vendor.shims import quote\n',
      'vendor/shims.py': 'from vendor import quote\n',
      'vendor/text.py': 'def shout(value):\n    return value.upper()\n',
      'app/handlers.py': [
        'import logging',
        'from vendor.compat import quote',
        'from vendor.text import shout',
        '',
        '',
        'def register(user):',
        '    logging.info("registered %s", shout(user.email))',
        '    return quote(user.phone)',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(report.flows.map((f) => `${f.source.name} ${f.source.file}:${f.source.line} -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`))
      .toEqual(['user.email app/handlers.py:7 -> log app/handlers.py:7']);
    expect(report.gaps).toEqual([]);
  });
});
