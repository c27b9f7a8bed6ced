/**
 * Text shapes that made pattern matching take quadratic (or worse) time: each took from tens of seconds to hours
 * at these sizes before its fix, and takes about a second now. A scan that does not finish within the limit
 * fails the test instead of hanging the suite.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
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

  it('a .gitignore with very long lines', () => {
    const report = scan({
      '.gitignore': `x${' '.repeat(N)}\n${'/'.repeat(N)}\n${'*a'.repeat(N / 2)}b\n`,
      'app/main.py': 'import os\n',
    });
    expect(report.coverage.files.analysed).toBe(1);
  });
});
