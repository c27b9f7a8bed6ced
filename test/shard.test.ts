/**
 * Shards: `scan --shard I/N --facts-out FILE` on any number of machines, then `merge FILES...`, reports exactly
 * what one scan of the whole tree reports, byte for byte.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseShard, shardOf } from '../src/pipeline/shard.js';
import { DEMO, runCli } from './helpers/cli.js';
import { syntheticRepo } from './helpers/synthetic.js';

const out = () => mkdtempSync(path.join(tmpdir(), 'lineage-shards-'));

/** Scans `root` in `count` shards and returns the facts files. */
function scanShards(root: string, count: number, extra: string[] = []): string[] {
  const dir = out();
  return Array.from({ length: count }, (_, i) => {
    const file = path.join(dir, `shard-${i + 1}.facts`);
    const result = runCli(['scan', root, '--shard', `${i + 1}/${count}`, '--facts-out', file, '-q', ...extra]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    return file;
  });
}

const factsPaths = (file: string) => readFileSync(file, 'utf8').trim().split('\n').slice(1)
  .map((line) => JSON.parse(line) as { facts?: { file: string }; skipped?: { file: string } })
  .map((record) => record.facts?.file ?? record.skipped!.file);

let synthetic: string;

beforeAll(() => {
  synthetic = syntheticRepo().root;
});

describe('shards', () => {
  it('assigns a path to a shard by a stable hash, so new files never move existing ones', () => {
    const paths = Array.from({ length: 1000 }, (_, i) => `src/module_${i}/file_${i % 7}.py`);
    const before = paths.map((p) => shardOf(p, 4));
    const grown = [...paths, ...Array.from({ length: 100 }, (_, i) => `new/file_${i}.sql`)];
    expect(grown.slice(0, 1000).map((p) => shardOf(p, 4))).toEqual(before);
    for (let shard = 1; shard <= 4; shard++) {
      const share = before.filter((s) => s === shard).length;
      expect(share).toBeGreaterThan(200);
      expect(share).toBeLessThan(300);
    }
  });

  it('parses I/N with 1 <= I <= N', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '-1/2', '1/2/3']) expect(parseShard(bad)).toBeNull();
  });

  it('merges into JSON byte-identical to a single scan (demo, 3 shards)', () => {
    const files = scanShards(DEMO, 3);
    const merged = runCli(['merge', ...files, '--format', 'json']);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(runCli(['scan', DEMO, '--format', 'json']).stdout);
    // Each shard holds only its own slice.
    files.forEach((file, i) => {
      for (const rel of factsPaths(file)) expect(shardOf(rel, 3)).toBe(i + 1);
    });
    // The manifest's findings and --fail-on are the single scan's too.
    const gate = ['--format', 'sarif', '--fail-on', 'policy'];
    const mergedSarif = runCli(['merge', ...files, ...gate]);
    const singleSarif = runCli(['scan', DEMO, ...gate]);
    expect(mergedSarif.code).toBe(1);
    expect(singleSarif.code).toBe(1);
    expect(mergedSarif.stdout).toBe(singleSarif.stdout);
  });

  it('refuses to merge with a manifest other than the one the shards were scanned with', () => {
    const files = scanShards(DEMO, 2);
    const other = path.join(out(), 'other.yaml');
    writeFileSync(other, `${readFileSync(path.join(DEMO, 'lineage.yaml'), 'utf8')}\n# edited\n`);
    const merged = runCli(['merge', ...files, '--manifest', other]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toMatch(/^lineage: error: the manifest here \(.*other\.yaml\) is not the one the shards were scanned with; use the same lineage\.yaml\n$/);
  });

  it('merges into a byte-identical report on a larger tree with worker threads, whatever the order of the files given', () => {
    const files = scanShards(synthetic, 4, ['--jobs', '2', '--no-cache']);
    const single = runCli(['scan', synthetic, '--format', 'json', '--jobs', '2', '--no-cache']);
    const merged = runCli(['merge', ...[...files].reverse(), '--format', 'json']);
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.stdout).summary.jobs).toBeGreaterThan(100);
    expect(merged.stdout).toBe(single.stdout);
    expect(runCli(['merge', ...files]).stdout).toBe(runCli(['scan', synthetic, '--no-cache']).stdout);
  });

  it('writes facts next to the report without --shard, and merging them alone gives the same report', () => {
    const facts = path.join(out(), 'all.facts');
    const scan = runCli(['scan', DEMO, '--format', 'json', '--facts-out', facts]);
    expect(scan.code).toBe(0);
    expect(scan.stderr).toMatch(/^lineage: wrote facts of 24 files to .*all\.facts\n$/);
    expect(runCli(['merge', facts, '--format', 'json']).stdout).toBe(scan.stdout);
  });

  it('refuses incomplete, duplicated or mixed shards with one clear line and exit code 2', () => {
    const [one, two, three] = scanShards(DEMO, 3) as [string, string, string];
    const mysql = scanShards(DEMO, 3, ['--dialect', 'mysql']);
    const grown = path.join(out(), 'demo');
    cpSync(DEMO, grown, { recursive: true });
    writeFileSync(path.join(grown, 'etl/new_job.py'), 'import logging\n');
    const otherTree = scanShards(grown, 3);
    const cases: Array<[string[], RegExp]> = [
      [[one, two], /^lineage: error: missing shard 3\/3\n$/],
      [[one, one, two, three], /^lineage: error: .*shard-1\.facts and .*shard-1\.facts are both shard 1\/3\n$/],
      [[one, two, mysql[2]!], /^lineage: error: .* were extracted with different settings \(dialect, .*\); run all shards with the same ones\n$/],
      [[one, two, otherTree[2]!], /^lineage: error: .* saw different file trees; run all shards on the same checkout\n$/],
      [[one, scanShards(DEMO, 2)[1]!, three], /^lineage: error: .* is shard 2\/2 but .* is shard 1\/3: all shards of a scan use the same count\n$/],
    ];
    for (const [files, message] of cases) {
      const result = runCli(['merge', ...files, '--format', 'json']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
    }
  });

  it('refuses files that are not facts files, or were damaged, naming the file and line', () => {
    const dir = out();
    const report = path.join(dir, 'report.json');
    writeFileSync(report, runCli(['scan', DEMO, '--format', 'json']).stdout);
    const [facts] = scanShards(DEMO, 1) as [string];
    const damaged = path.join(dir, 'damaged.facts');
    const lines = readFileSync(facts, 'utf8').split('\n');
    lines[3] = lines[3]!.replace('"lines":', '"lines":"many","was":');
    writeFileSync(damaged, lines.join('\n'));
    const truncated = path.join(dir, 'truncated.facts');
    writeFileSync(truncated, readFileSync(facts, 'utf8').slice(0, 900));
    const cases: Array<[string, RegExp]> = [
      [report, /^lineage: error: .*report\.json: not a lineage facts file \(those are written by `lineage scan --facts-out`\)\n$/],
      [damaged, /^lineage: error: .*damaged\.facts:4: invalid record \(facts\.lines: .*\)\n$/],
      [truncated, /^lineage: error: .*truncated\.facts:\d+: not JSON \(truncated or damaged\?\)\n$/],
      [path.join(dir, 'missing.facts'), /^lineage: error: .*missing\.facts: cannot read \(ENOENT\)\n$/],
    ];
    // A source with no line ends at all: it crashed the reader (exit 1, a stack trace) before lines were bounded.
    if (existsSync('/dev/zero')) cases.push(['/dev/zero', /^lineage: error: \/dev\/zero:1: not a lineage facts file \(line 1 is longer than 256 MiB characters\)\n$/]);
    for (const [file, message] of cases) {
      const result = runCli(['merge', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it('merges a facts file whose lines end in CRLF (copied through Windows) like the original', () => {
    const [facts] = scanShards(DEMO, 1) as [string];
    const crlf = path.join(out(), 'crlf.facts');
    writeFileSync(crlf, readFileSync(facts, 'utf8').replaceAll('\n', '\r\n'));
    const original = runCli(['merge', facts, '--format', 'json']);
    const copied = runCli(['merge', crlf, '--format', 'json']);
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
    expect(copied.stdout).toBe(original.stdout);
  });

  it.each([
    [['--shard', '1/2'], /^lineage: error: --shard needs --facts-out <file>/],
    [['--shard', '1/2', '--facts-out', 'x', '-o', 'report.json'], /^lineage: error: --shard writes no report, so -o\/--output has nothing to write/],
    [['--shard', '0/2', '--facts-out', 'x'], /^lineage: error: --shard: expected I\/N with 1 <= I <= N \(e\.g\. 2\/8\), got '0\/2'\n$/],
    [['--shard', '3/2', '--facts-out', 'x'], /^lineage: error: --shard: expected I\/N/],
    [['--facts-out', '/no/such/folder/x.facts'], /^lineage: error: --facts-out: cannot write \/no\/such\/folder\/x\.facts \(ENOENT\)\n$/],
  ])('rejects scan %j with exit code 2', (args, message) => {
    const result = runCli(['scan', DEMO, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
