/**
 * Deterministic budgets: work is cut at limits that depend only on the input, never on the clock, and every cut
 * is a `budget-exceeded` gap naming the budget.
 */
import { describe, expect, it } from 'vitest';
import { BUDGET_NAMES, Meter, resolveBudgets } from '../src/budget/index.js';
import { sqlNestingDepth } from '../src/extract/sql/guard.js';
import type { Report } from '../src/report/json/schema.js';
import path from 'node:path';
import { formatJson } from '../src/report/json/index.js';
import { REPO_ROOT, runCli } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const gapsOf = (report: Report) => report.gaps.map((g) => `${g.kind} ${g.file}:${g.line} ${g.detail}`);

const LOADER = `import logging

log = logging.getLogger(__name__)


def load(cur, rows):
    cur.executemany("INSERT INTO raw.events (id, kind) VALUES (%s, %s)", rows)
    log.info("loaded %d events", len(rows))
`;

describe('budgets', () => {
  it('has defaults and overrides in a fixed order (they are hashed into cache keys)', () => {
    expect(Object.keys(resolveBudgets())).toEqual(BUDGET_NAMES);
    expect(Object.keys(resolveBudgets({ 'sql-nesting': 7, 'ast-nodes': 9 }))).toEqual(BUDGET_NAMES);
    expect(resolveBudgets({ 'sql-nesting': 7 })['sql-nesting']).toBe(7);
    const meter = new Meter('steps-per-unit', 2);
    expect([meter.spend(), meter.spend(), meter.spend()]).toEqual([true, true, false]);
    expect(meter.exceeded).toBe(true);
  });

  it('skips a file whose syntax tree has more nodes than ast-nodes, keeping its parse health', async () => {
    const root = writeTree({ 'etl/load.py': LOADER, 'etl/small.py': 'x = 1\n' });
    const report = await scanReport(root, { budgets: { 'ast-nodes': 40 } });
    expect(gapsOf(report)).toEqual([
      'budget-exceeded etl/load.py:0 syntax tree nodes in the file: 64, more than 40 (budget ast-nodes; raise it with --budget ast-nodes=<n>); the file was not analysed',
    ]);
    expect(report.jobs).toEqual([]);
    expect(report.summary.files).toBe(2);
    expect(report.coverage.files.parsedCleanly).toBe(2);
    // Under the default budget the same file is analysed.
    expect((await scanReport(root)).jobs.map((j) => j.id)).toEqual(['etl/load.py#1']);
  });

  it('keeps the first steps of a unit over steps-per-unit', async () => {
    const statements = Array.from({ length: 5 }, (_, i) => `INSERT INTO mart.t${i} SELECT * FROM raw.s${i};`).join('\n');
    const report = await scanReport(writeTree({ 'jobs/fill.sql': `${statements}\n` }), { budgets: { 'steps-per-unit': 3 } });
    expect(report.jobs.map((j) => j.outputs[0])).toEqual(['table:mart.t0', 'table:mart.t1', 'table:mart.t2']);
    expect(gapsOf(report)).toEqual([
      'budget-exceeded jobs/fill.sql:1 steps in one unit: 5, more than 3 (budget steps-per-unit; raise it with --budget steps-per-unit=<n>); only the first 3 steps of script are kept',
    ]);
  });

  it('sends a statement longer than sql-statement-chars to the tolerant fallback', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => String(i)).join(', ');
    const statement = `INSERT INTO mart.picked SELECT id, email FROM raw.users WHERE id IN (${ids})`;
    expect(statement.length).toBe(958);
    const report = await scanReport(writeTree({ 'pick.sql': `${statement};\n` }), { budgets: { 'sql-statement-chars': 500 } });
    expect(report.jobs.map((j) => [j.inputs, j.outputs, j.confidence])).toEqual([[['table:raw.users'], ['table:mart.picked'], 'low']]);
    expect(gapsOf(report)).toEqual([
      `budget-exceeded pick.sql:1 characters in the SQL statement: 958, more than 500 (budget sql-statement-chars; raise it with --budget sql-statement-chars=<n>); not parsed; tables found by the tolerant fallback`,
    ]);
  });

  it('reads a long INSERT ... VALUES exactly: its rows never reach a grammar', async () => {
    const values = Array.from({ length: 40 }, (_, i) => `(${i}, 'user${i}@example.com')`).join(', ');
    const report = await scanReport(writeTree({ 'seed.sql': `INSERT INTO raw.users (id, email) VALUES ${values};\n` }), { budgets: { 'sql-statement-chars': 500 } });
    expect(report.jobs.map((j) => [j.outputs, j.confidence])).toEqual([[['table:raw.users'], 'high']]);
    expect(gapsOf(report)).toEqual([]);
  });

  it('measures SQL nesting outside strings and comments, without recursion', () => {
    expect(sqlNestingDepth('SELECT ((1)) FROM t')).toBe(2);
    expect(sqlNestingDepth("SELECT '(((' , \"((\" FROM t -- (((\n /* ((( */")).toBe(0);
    expect(sqlNestingDepth('SELECT CASE WHEN (a) THEN CASE WHEN b THEN 1 END END FROM t')).toBe(2);
    expect(sqlNestingDepth('SELECT legend, ending, casement FROM t')).toBe(0);
    expect(sqlNestingDepth(`SELECT ${'('.repeat(100_000)}`)).toBe(100_000);
  });

  it('sends statements nested deeper than sql-nesting, or parsing into trees deeper than sql-ast-depth, to the fallback', async () => {
    const nested = `INSERT INTO mart.deep SELECT * FROM ${'(SELECT * FROM '.repeat(30)}raw.deep${') s'.repeat(30)};\n`;
    const chain = `DELETE FROM mart.flags WHERE ${Array.from({ length: 60 }, (_, i) => `id = ${i}`).join(' OR ')};\n`;
    const root = writeTree({ 'nested.sql': nested, 'chain.sql': chain });
    const report = await scanReport(root, { budgets: { 'sql-nesting': 20, 'sql-ast-depth': 50 } });
    expect(gapsOf(report)).toEqual([
      'budget-exceeded chain.sql:1 depth of the SQL syntax tree: more than 50 (budget sql-ast-depth; raise it with --budget sql-ast-depth=<n>); not parsed; tables found by the tolerant fallback',
      'budget-exceeded nested.sql:1 nesting depth of brackets and CASE in the SQL statement: 30, more than 20 (budget sql-nesting; raise it with --budget sql-nesting=<n>); not parsed; tables found by the tolerant fallback',
    ]);
    expect(report.jobs.map((j) => [j.file, j.inputs, j.outputs, j.confidence])).toEqual([
      ['chain.sql', [], ['table:mart.flags'], 'low'],
      ['nested.sql', ['table:raw.deep'], ['table:mart.deep'], 'low'],
    ]);
    const roomy = await scanReport(root);
    expect(roomy.gaps).toEqual([]);
    expect(roomy.jobs.map((j) => j.confidence)).toEqual(['high', 'high']);
  });

  it('stops a grammar that backtracks without end at sql-parse-steps, and lets the fallback read the tables', async () => {
    // Each took the grammars minutes or more (about 2x per SELECT and 4x per unclosed bracket), or crashed the
    // process out of memory; a CI job scanning them hung.
    const selects = `SELECT ${'SELECT '.repeat(12)}FROM raw.junk;\n`;
    const brackets = `INSERT INTO mart.open SELECT ${'CAST( '.repeat(12)}x FROM raw.open;\n`;
    const root = writeTree({ 'selects.sql': selects, 'brackets.sql': brackets, 'ok.sql': 'INSERT INTO mart.ok SELECT id FROM raw.ok;\n' });
    const started = Date.now();
    const report = await scanReport(root);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(gapsOf(report)).toEqual([
      'budget-exceeded brackets.sql:1 grammar steps per character of the SQL statement: more than 1,000 (budget sql-parse-steps; raise it with --budget sql-parse-steps=<n>); not parsed; tables found by the tolerant fallback',
      'budget-exceeded selects.sql:1 grammar steps per character of the SQL statement: more than 1,000 (budget sql-parse-steps; raise it with --budget sql-parse-steps=<n>); not parsed; tables found by the tolerant fallback',
    ]);
    expect(report.jobs.map((j) => [j.file, j.inputs, j.outputs, j.confidence])).toEqual([
      ['brackets.sql', ['table:raw.open'], ['table:mart.open'], 'low'],
      ['ok.sql', ['table:raw.ok'], ['table:mart.ok'], 'high'],
      ['selects.sql', ['table:raw.junk'], [], 'low'],
    ]);
  });

  it('leaves real statements well inside sql-parse-steps: the fixtures parse alike with a budget 5 times smaller', async () => {
    const fixtures = path.join(REPO_ROOT, 'fixtures/sql');
    const roomy = await scanReport(fixtures);
    const tight = await scanReport(fixtures, { budgets: { 'sql-parse-steps': 200 } });
    expect(tight.gaps.filter((g) => g.detail.includes('sql-parse-steps'))).toEqual([]);
    expect(formatJson(tight)).toBe(formatJson(roomy));
  });

  it('takes --budget name=n on the command line and rejects bad ones with exit code 2', () => {
    const root = writeTree({ 'etl/load.py': LOADER });
    const cut = runCli(['scan', root, '--format', 'json', '--budget', 'ast-nodes=40', '--no-cache']);
    expect(cut.code).toBe(0);
    expect(JSON.parse(cut.stdout).gaps[0].kind).toBe('budget-exceeded');
    for (const [value, message] of [
      ['ast-nodes', "--budget: expected name=number (e.g. ast-nodes=2000000), got 'ast-nodes'"],
      ['wall-clock=10', `--budget: unknown budget 'wall-clock' (expected one of: ${BUDGET_NAMES.join(', ')})`],
      ['ast-nodes=0', "--budget: ast-nodes must be a whole number of 1 or more, got '0'"],
    ] as const) {
      const result = runCli(['scan', root, '--budget', value]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`lineage: error: ${message}\n`);
    }
  });

  it('stops following a unit after simulation-runs runs, with a simulation-bound gap naming the budget', async () => {
    // Mutual recursion: ping() runs before pong() has a summary, so it must run again once pong() has one.
    const root = writeTree({
      'app/relay.py': [
        'import logging',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'def ping(n, user_email):',
        '    if n <= 0:',
        '        log.info("last hop %s", user_email)',
        '        return user_email',
        '    return pong(n - 1, user_email)',
        '',
        '',
        'def pong(n, user_email):',
        '    return ping(n - 1, user_email)',
        '',
      ].join('\n'),
    });
    const settled = await scanReport(root);
    expect(settled.gaps.filter((g) => g.kind === 'simulation-bound')).toEqual([]);
    const cut = await scanReport(root, { budgets: { 'simulation-runs': 1 } });
    const bounds = cut.gaps.filter((g) => g.kind === 'simulation-bound');
    expect(bounds.length).toBeGreaterThan(0);
    for (const gap of bounds) {
      expect(gap.detail).toMatch(/ was simulated 1 time without settling; later changes are not followed \(budget simulation-runs; raise it with --budget simulation-runs=<n>\)$/);
    }
  });
});
