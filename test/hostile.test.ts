import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { yamlTooDeep } from '../src/extract/sql/dbt.js';
import { hostileTree } from './helpers/hostile.js';
import { writeTree } from './helpers/tree.js';

describe('a tree of bad inputs', () => {
  it('finishes with exit 0, keeps every good result, and reports each problem as one gap with file and reason', () => {
    const root = hostileTree();
    const result = runCli(['scan', root, '--format', 'json', '--max-file-size', '2k']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.gaps.map((g: { kind: string; file: string; line: number }) => `${g.kind} ${g.file}:${g.line}`)).toEqual([
      'binary-file jobs/blob.py:0',
      'sql-parse-error jobs/broken.sql:3',
      'empty-file jobs/empty.py:0',
      'file-too-large jobs/huge.sql:0',
      'invalid-utf8 jobs/latin1.sql:1',
      'symlink-loop loop:0',
    ]);
    for (const gap of report.gaps) expect(gap.detail.length).toBeGreaterThan(10);
    expect(report.jobs.map((j: { id: string; outputs: string[] }) => [j.id, j.outputs])).toEqual([
      ['jobs/latin1.sql#1', ['table:mart.cafe']],
      ['jobs/ok.sql#1', ['table:mart.daily']],
    ]);
    expect(report.coverage.files).toEqual({ discovered: 6, analysed: 3, skipped: 3, parsedCleanly: 2, lowParseQuality: 0 });
  });

  it('also reports them in the text summary', () => {
    const result = runCli(['scan', hostileTree(), '--max-file-size', '2k']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('jobs/huge.sql  file-too-large');
    expect(result.stdout).toContain('jobs/broken.sql:3  sql-parse-error');
    expect(result.stdout).toContain('1 file: empty-file');
  });

  it('reads dbt YAML with stray tags and complex keys without printing warnings', () => {
    // Found by the mutation test: the YAML reader wrote a Node.js warning to stderr for `!tables:`.
    const root = writeTree({
      'wh/dbt_project.yml': 'name: shop\nversion: "1.0"\n!profile: shop\nmodel-paths: ["models"]\n? [a, b]\n: c\n',
      'wh/models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: raw_app\n    !tables:\n      - name: orders\n',
      'wh/models/orders.sql': "select id, total from {{ source('raw', 'orders') }}\n",
    });
    const result = runCli(['scan', root, '--format', 'json', '--no-cache']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).jobs.map((j: { inputs: string[] }) => j.inputs)).toEqual([['table:raw.orders']]);
  });

  it('reads no dbt file outside the tree, and no device or link a dbt project points at', () => {
    const outside = writeTree({ 'stolen/leak.sql': "{{ config(schema='stolen') }}\nselect secret from vault.keys\n" });
    const root = writeTree({
      'wh/dbt_project.yml': `name: shop\nmodel-paths: ["models", "../../${path.basename(outside)}/stolen", "${outside}/stolen", "up/stolen"]\n`,
      'wh/models/orders.sql': "select id from {{ ref('leak') }}\n",
    });
    symlinkSync(outside, path.join(root, 'wh/up'));
    symlinkSync('/dev/zero', path.join(root, 'wh/models/zero.sql'));
    mkdirSync(path.join(root, 'wh/target'));
    symlinkSync('/dev/zero', path.join(root, 'wh/target/manifest.json'));
    writeFileSync(path.join(root, 'wh/models/schema.yml'), 'version: 2\n');
    const result = runCli(['scan', root, '--format', 'json', '--no-cache'], { timeout: 60_000 });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const outsideGaps = report.gaps.filter((g: { kind: string }) => g.kind === 'path-outside-root');
    // Each at the line of dbt_project.yml that names it.
    expect(outsideGaps.map((g: { file: string; line: number }) => `${g.file}:${g.line}`)).toEqual(Array(3).fill('wh/dbt_project.yml:2'));
    expect(outsideGaps.map((g: { detail: string }) => g.detail.split(' is ')[0]).sort())
      .toEqual([`model-paths entry '${outside}/stolen'`, `model-paths entry '../../${path.basename(outside)}/stolen'`, "model-paths entry 'up/stolen'"].sort());
    // The model outside is not known, so ref('leak') is not its table in the schema it configures.
    expect(report.jobs.map((j: { inputs: string[] }) => j.inputs)).toEqual([['table:leak']]);
  });

  it('survives dbt YAML nested thousands of levels deep (it took the process down with a V8 fatal error)', () => {
    const files: Record<string, string> = {
      'wh/dbt_project.yml': 'name: shop\nmodel-paths: ["models"]\n',
      'wh/models/orders.sql': "{{ config(schema='marts') }}\nselect id from raw.orders\n",
      'wh/models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns: [{name: id}]\n',
    };
    [5_000, 20_000, 40_000].forEach((n, i) => (files[`wh/models/deep${i}.yml`] = `a: ${'{['.repeat(n / 2)}\n`));
    const result = runCli(['scan', writeTree(files), '--format', 'json', '--no-cache'], { timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).jobs.map((j: { outputs: string[] }) => j.outputs)).toEqual([['table:marts.orders']]);
    expect(yamlTooDeep(`a: ${'{['.repeat(60)}`)).toBe(true);
    expect(yamlTooDeep(`a: ${'{['.repeat(40)}`)).toBe(false);
    expect(yamlTooDeep(`a: "${'['.repeat(500)}"`)).toBe(false); // quoted: not nesting
    expect(yamlTooDeep(`${' '.repeat(1_001)}a: 1`)).toBe(true);
  });
});
