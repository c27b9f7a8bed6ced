/**
 * The hostile corpus (test/helpers/hostile-corpus.ts): every file becomes facts or a gap, nothing crashes, hangs
 * or overflows the stack, and the result is the same in-process and in worker threads.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { runCli } from './helpers/cli.js';
import { hostileCorpus, type HostileCorpus } from './helpers/hostile-corpus.js';
import { scanReport } from './helpers/scan.js';

let corpus: HostileCorpus;
let inProcess: string;
let report: Report;

beforeAll(() => {
  corpus = hostileCorpus();
  const result = runCli(['scan', corpus.root, '--format', 'json', '--no-cache', '--jobs', '1']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  inProcess = result.stdout;
  report = JSON.parse(inProcess) as Report;
});

describe('a hostile corpus', () => {
  it('gives the same JSON in worker threads as in-process', () => {
    const pooled = runCli(['scan', corpus.root, '--format', 'json', '--no-cache', '--jobs', '2']);
    expect(pooled.code).toBe(0);
    expect(pooled.stdout).toBe(inProcess);
  });

  it('reports every expected problem as a gap on its file, and no extractor failure', () => {
    for (const [file, kinds] of corpus.expectations) {
      const found = report.gaps.filter((gap) => gap.file === file).map((gap) => gap.kind);
      for (const kind of kinds) expect(found, file).toContain(kind);
    }
    expect(report.gaps.filter((gap) => gap.kind === 'extractor-error')).toEqual([]);
    for (const gap of report.gaps) expect(gap.detail.length, gap.file).toBeGreaterThan(10);
  });

  it('accounts for every discovered file: analysed, or skipped with a gap', () => {
    const { discovered, analysed, skipped } = report.coverage.files;
    expect(analysed + skipped).toBe(discovered);
    const skippedKinds = new Set(['binary-file', 'empty-file', 'file-too-large', 'unreadable-file']);
    const skippedFiles = new Set(report.gaps.filter((gap) => skippedKinds.has(gap.kind)).map((gap) => gap.file));
    // The file whose name is not UTF-8 cannot even be looked at: it is a discovery gap, not a discovered file.
    expect(skippedFiles.size).toBe(skipped + 1);
    // Source files written by the generator, minus links (reported, never counted as files).
    const sources = [...corpus.expectations.keys()].filter((file) => !file.startsWith('links/'));
    expect(discovered + 1).toBe(sources.length);
  });

  it('still finds the lineage in files with BOMs, CR or CRLF line ends, late NUL bytes and template bombs', () => {
    const outputs = (file: string) => report.jobs.filter((job) => job.file === file).flatMap((job) => [...job.inputs, ...job.outputs]);
    expect(outputs('encoding/bom.py')).toEqual(['table:raw.src', 'table:raw.bom']);
    expect(outputs('encoding/bom.sql')).toEqual(['table:raw.bom', 'table:mart.bom']);
    expect(outputs('lines/crlf.py')).toEqual(['table:raw.crlf']);
    expect(outputs('lines/crlf.sql')).toEqual(['table:raw.crlf', 'table:mart.crlf']);
    expect(outputs('lines/cr-only.sql')).toEqual(['table:raw.cr', 'table:mart.cr']);
    expect(outputs('binary/late-nul.py')).toEqual(['table:raw.nul']);
    expect(outputs('deep/sql-arg.py')).toEqual(['table:raw.deep_arg']);
    expect(outputs('template/open-blocks.sql')).toEqual(['table:raw.tpl', 'table:mart.tpl']);
    expect(outputs('size/dump.sql')).toEqual(['table:raw.dump']);
    expect(outputs('size/huge-query.sql')).toEqual(['table:raw.dump', 'table:mart.picked']);
    expect(report.jobs.find((job) => job.file === 'size/huge-query.sql')?.confidence).toBe('low');
    expect(report.gaps.find((gap) => gap.file === 'binary/late-nul.py')).toMatchObject({ kind: 'nul-bytes', line: 901 });
    expect(report.gaps.find((gap) => gap.kind === 'unreadable-file')?.detail).toBe('cannot read file (its name is not valid UTF-8 and cannot be opened (ENOENT))');
  });
});

describe('files that change during a scan', () => {
  function tree(): string {
    const root = mkdtempSync(path.join(tmpdir(), 'lineage-changing-'));
    writeFileSync(path.join(root, 'kept.sql'), 'INSERT INTO mart.kept SELECT * FROM raw.kept;\n');
    writeFileSync(path.join(root, 'vanishing.sql'), 'INSERT INTO mart.gone SELECT * FROM raw.gone;\n');
    writeFileSync(path.join(root, 'growing.sql'), 'SELECT 1;\n');
    writeFileSync(path.join(root, 'piped.py'), 'x = 1\n');
    return root;
  }

  it('reports a vanished file, a file grown past the limit and a file replaced by a FIFO, and goes on', async () => {
    const root = tree();
    const changed = await scanReport(root, {
      maxFileSize: 4096,
      reorder: (files) => {
        rmSync(path.join(root, 'vanishing.sql'));
        appendFileSync(path.join(root, 'growing.sql'), '-- padding\n'.repeat(1000));
        rmSync(path.join(root, 'piped.py'));
        expect(spawnSync('mkfifo', [path.join(root, 'piped.py')]).status).toBe(0);
        return files;
      },
    });
    expect(changed.gaps.map((gap) => `${gap.kind} ${gap.file} ${gap.detail}`)).toEqual([
      'file-too-large growing.sql 11010 bytes exceeds the limit of 4096 bytes (--max-file-size)',
      'unreadable-file piped.py cannot read file (no longer a regular file)',
      'unreadable-file vanishing.sql cannot read file (ENOENT)',
    ]);
    expect(changed.jobs.map((job) => job.id)).toEqual(['kept.sql#1']);
    expect(changed.coverage.files).toMatchObject({ discovered: 4, analysed: 1, skipped: 3 });
  });
});
