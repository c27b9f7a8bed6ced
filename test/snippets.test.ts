/** Findings carry the trimmed code line they point at, read from the scanned tree a few files at a time. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachSnippets } from '../src/analyze/snippets.js';
import type { Finding } from '../src/report/json/schema.js';

const finding = (file: string, line: number): Finding => ({
  ruleId: 'policy', level: 'error', message: 'customer e-mail logged', file, line, fingerprint: `${file}:${line}`,
});

describe('finding snippets', () => {
  it('gives each finding its line, trimmed and cut at 200 characters, across many files', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lineage-snippets-'));
    mkdirSync(path.join(root, 'etl'));
    const long = `    log.info("${'x'.repeat(186)}😀 %s", user.email)`;
    writeFileSync(path.join(root, 'etl/export.py'), `import logging\r\n\r\n    logger.info("exporting customer %s", user.email)  \r\n${long}\n`);
    const many = Array.from({ length: 40 }, (_, index) => `etl/job_${index}.py`);
    for (const file of many) writeFileSync(path.join(root, file), `def run(user):\n    send(user.ssn)\n`);
    const findings = [
      finding('etl/export.py', 3), finding('etl/export.py', 4), finding('etl/export.py', 2), finding('etl/export.py', 99),
      finding('etl/missing.py', 1), ...many.map((file) => finding(file, 2)),
    ];
    const attached = await attachSnippets(findings, root);
    expect(attached.map((f) => f.snippet)).toEqual([
      'logger.info("exporting customer %s", user.email)',
      // The cut falls inside the emoji's surrogate pair: its first half stays, as before.
      `${long.trim().slice(0, 197)}...`,
      undefined, undefined, undefined,
      ...many.map(() => 'send(user.ssn)'),
    ]);
    expect(attached[1]!.snippet!.charCodeAt(196)).toBe(0xd83d);
    expect(attached[2]).toBe(findings[2]);
  });
});
