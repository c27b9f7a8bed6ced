/**
 * A checkout with CRLF line ends (Git for Windows converts to them by default) is the same tree as one with LF:
 * the same facts, the same JSON and SARIF, statement texts included. Python's tokenizer and C and C++ translation
 * read CRLF as a line break too, so a triple-quoted query's value has LF line breaks.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSource } from '../src/discover/read.js';
import { formatSarif } from '../src/report/sarif/index.js';
import { scanJson, scanReport } from './helpers/scan.js';

/** Every file below a folder. */
function filesBelow(root: string): string[] {
  const files: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) pending.push(file);
      else files.push(file);
    }
  }
  return files;
}

/** A copy of a fixture with every line of every file ended by CRLF. */
function crlfCopy(fixture: string): string {
  const root = path.join(mkdtempSync(path.join(tmpdir(), 'lineage-crlf-')), path.basename(fixture));
  cpSync(fixture, root, { recursive: true });
  for (const file of filesBelow(root)) writeFileSync(file, readFileSync(file).toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
  return root;
}

/** CRLF line ends in all files below a folder. */
function countCrlf(root: string): number {
  return filesBelow(root).reduce((count, file) => count + readFileSync(file, 'latin1').split('\r\n').length - 1, 0);
}

describe('CRLF line ends', () => {
  it.each(['python-etl', 'sql', 'php-app', 'cpp-service', 'hack-service', 'demo'])('give %s the same JSON report as LF', async (name) => {
    const fixture = path.resolve('fixtures', name);
    const copy = crlfCopy(fixture);
    expect(countCrlf(copy)).toBeGreaterThan(50);
    expect(await scanJson(copy)).toBe(await scanJson(fixture));
  });

  it('give the same SARIF, and queries in Python strings keep LF line breaks', async () => {
    const fixture = path.resolve('fixtures/python-etl');
    const copy = crlfCopy(fixture);
    const report = await scanReport(copy);
    const multiLine = report.jobs.filter((job) => job.sql?.includes('\n'));
    expect(multiLine.length).toBeGreaterThan(0);
    for (const job of multiLine) expect(job.sql).not.toContain('\r');
    expect(formatSarif(report)).toBe(formatSarif(await scanReport(fixture)));
  });

  it('read as LF without moving lines; a lone CR stays', () => {
    const read = decodeSource('q.sql', Buffer.from('SELECT a\r\nFROM t\r\n-- x\ry\r\n'));
    expect(read.ok && read.source.text).toBe('SELECT a\nFROM t\n-- x\ry\n');
    expect(read.ok && read.source.lines).toBe(3);
    expect(read.ok && read.source.bytes).toBe(26);
  });
});
