/**
 * Text shapes that made pattern matching take quadratic (or worse) time: each took from tens of seconds to hours
 * at these sizes before its fix, and takes about a second now. A scan that does not finish within the limit
 * fails the test instead of hanging the suite.
 */
import { describe, expect, it } from 'vitest';
import { normalizeName } from '../src/classify/names.js';
import { aliasWithColumns } from '../src/extract/sql/lineage/build.js';
import { splitAlias } from '../src/extract/sql/select-columns.js';
import type { Report } from '../src/report/json/schema.js';
import { labelBefore } from '../src/simulate/frame.js';
import { seededRandom } from '../bench/generate.js';
import { runCli } from './helpers/cli.js';
import { writeTree } from './helpers/tree.js';

const LIMIT_MS = 30_000;
const N = 200_000;

function scan(files: Record<string, string>): Report {
  const result = runCli(['scan', writeTree(files), '--format', 'json', '--no-cache', '--max-file-size', '10m'], { timeout: LIMIT_MS });
  expect(result.code, 'the scan finished in time').toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe('text shapes that used to cost quadratic time', () => {
  it('a long word concatenated with a value (the label before a value)', () => {
    const report = scan({
      'app/notify.py': `import logging\nlog = logging.getLogger(__name__)\n\ndef notify(user):\n    log.info("${'a'.repeat(N)}" + user.email)\n    log.info("email=" + user.email)\n`,
    });
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind}`)).toEqual(['5 log', '6 log']);
  });

  it('a very long upper-case name, and a subscript full of brackets', () => {
    const report = scan({
      'app/constants.py': `${'A'.repeat(N)} = 1\nprint(${'A'.repeat(N)})\n`,
      'app/rows.py': `def f(row):\n    return row["${'['.repeat(N)}"]\n`,
    });
    expect(report.coverage.files.analysed).toBe(2);
  });

  it('a statement with a hundred thousand %s placeholders', () => {
    const report = scan({
      'etl/load.py': `def load(cur):\n    cur.execute("SELECT * FROM raw.events WHERE ${'x = %s AND '.repeat(100_000)}1 = 1", ())\n`,
    });
    expect(report.gaps.map((g) => g.kind)).toEqual(['budget-exceeded']);
  });

  it('dbt: a config call and macros that never close, and one huge config call', () => {
    const report = scan({
      'wh/dbt_project.yml': 'name: shop\nmodel-paths: ["models"]\nmacro-paths: ["macros"]\n',
      'wh/macros/broken.sql': '{% macro m() %}'.repeat(N / 15),
      'wh/models/open.sql': `${'{{ config('.repeat(N / 10)}\nselect 1 as id\n`,
      'wh/models/orders.sql': `{{ config(${'a'.repeat(N)}) }}\n{{ config(schema='marts') }}\nselect id from raw.orders\n`,
    });
    expect(report.jobs.filter((j) => j.file === 'wh/models/orders.sql').map((j) => j.outputs)).toEqual([['table:marts.orders']]);
  });

  it('SQL: a quoted alias of thousands of spaces, and a select item padded with tabs', () => {
    const report = scan({
      'sql/a.sql': `INSERT INTO mart.t SELECT s.id FROM raw.t AS "${' '.repeat(8_000)}" JOIN raw.u s ON true;\n`,
      'sql/b.sql': `INSERT INTO mart.v SELECT id${'\t'.repeat(50_000)} FROM raw.v;\n`,
    });
    expect(report.jobs.map((j) => [j.inputs, j.outputs])).toEqual([
      [['table:raw.t', 'table:raw.u'], ['table:mart.t']],
      [['table:raw.v'], ['table:mart.v']],
    ]);
  });

  it('SQL for the tolerant fallback: brackets that never close', () => {
    const statement = `WITH ${'[,'.repeat(49_000)} SELECT 1;\n`;
    const report = scan({ 'sql/brackets.sql': `${statement.repeat(5)}INSERT INTO mart.ok SELECT * FROM raw.ok;\n` });
    expect(report.jobs.filter((j) => j.outputs.length > 0).map((j) => j.outputs)).toEqual([['table:mart.ok']]);
  });

  it('a .gitignore with very long lines', () => {
    const report = scan({
      '.gitignore': `x${' '.repeat(N)}\n${'/'.repeat(N)}\n${'*a'.repeat(N / 2)}b\n`,
      'app/main.py': 'import os\n',
    });
    expect(report.coverage.files.analysed).toBe(1);
  });
});

/** Random short strings over an alphabet chosen to hit every branch of the patterns. */
function randomTexts(alphabet: readonly string[], count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    for (let i = Math.floor(random() * 10); i > 0; i--) text += alphabet[Math.floor(random() * alphabet.length)];
    return text;
  });
}

describe('the hand-written matchers answer as the patterns they replace', () => {
  it('the label before a value', () => {
    const pattern = /([A-Za-z][\w-]*)\s*[=:]\s*['"]?$/;
    for (const text of randomTexts(['a', 'Z', '_', '-', '9', ' ', '\t', '=', ':', '"', "'", 'é', '\n'], 100_000, 1)) {
      expect(labelBefore(text), JSON.stringify(text)).toBe(pattern.exec(text)?.[1] ?? null);
    }
  });

  it('names split at capitals', () => {
    const old = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();
    for (const text of randomTexts(['a', 'b', 'Z', 'Q', '_', '-', '9', ' '], 100_000, 2)) expect(normalizeName(text), text).toBe(old(text));
  });

  it('a select item and its alias', () => {
    const ident = String.raw`(?:"[^"]+"|\`[^\`]+\`|[A-Za-z_][\w$]*)`;
    const pattern = new RegExp(String.raw`^([\s\S]*?)(?:\s+as)?\s+(${ident})$`, 'i');
    for (const text of randomTexts(['a', 'A', 's', 'S', ' ', '\t', '"', '`', '_', '1', '$', '('], 100_000, 3)) {
      const match = pattern.exec(text);
      expect(splitAlias(text), JSON.stringify(text)).toEqual(match ? { expression: match[1], alias: match[2] } : null);
    }
  });

  it('an alias with column names', () => {
    const pattern = /^\s*([^(]+?)\s*\(([^)]*)\)\s*$/;
    for (const text of randomTexts(['a', ' ', '\t', '(', ')', ',', 'b', '\n', '\ufeff'], 100_000, 4)) {
      const match = pattern.exec(text);
      expect(aliasWithColumns(text), JSON.stringify(text)).toEqual(match ? { name: match[1], columns: match[2] } : null);
    }
  });
});
