import { describe, expect, it } from 'vitest';
import { forTerminal, terminalSafe, terminalSafeLines } from '../src/report/terminal-safe.js';
import { runCli } from './helpers/cli.js';
import { writeTree } from './helpers/tree.js';

/** Anything a terminal or a CI log would act on rather than show. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('terminal-safe text', () => {
  it('writes control, C1 and bidirectional characters as escapes and leaves the rest alone', () => {
    expect(terminalSafe('job\x1b[31mred.py')).toBe('job\\x1b[31mred.py');
    expect(terminalSafe('a\nb\rc\u0085d\u009be')).toBe('a\\nb\\rc\\x85d\\x9be');
    expect(terminalSafe('admin\u202e \u2066x')).toBe('admin\\u202e \\u2066x');
    const plain = 'données\tclient — 顧客 ✓';
    expect(terminalSafe(plain)).toBe(plain);
    expect(terminalSafeLines('line one\x07\nline two')).toBe('line one\\x07\nline two');
  });

  it('copies only what has something to escape, keys included', () => {
    const clean = { id: 'table:raw.users', fields: ['email'] };
    const input = { clean, dirty: { file: 'a\x1bb.py', list: ['ok', 'x\ny'] }, ['k\x07']: 1 };
    const safe = forTerminal(input);
    expect(safe.clean).toBe(clean);
    expect(safe).toEqual({ clean, dirty: { file: 'a\\x1bb.py', list: ['ok', 'x\\ny'] }, ['k\\x07']: 1 });
    expect(input.dirty.file).toBe('a\x1bb.py');
    expect(forTerminal(clean)).toBe(clean);
  });

  it('keeps a __proto__ key a key, and handles Maps and Sets', () => {
    const input = JSON.parse('{"__proto__": "x\\u001b", "a": 1}') as Record<string, unknown>;
    const safe = forTerminal(input);
    expect(Object.getPrototypeOf(safe)).toBe(Object.prototype);
    expect(Object.keys(safe)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(safe, '__proto__')?.value).toBe('x\\x1b');
    const map = forTerminal(new Map([['k\n', new Set(['v\x1b', 'w'])]]));
    expect([...map].map(([k, v]) => [k, [...v]])).toEqual([['k\\n', ['v\\x1b', 'w']]]);
  });
});

describe('text reports of a hostile tree', () => {
  // A file name that would start a forged CI log line, an escape sequence in a table name and SQL, and a
  // bidirectional override in a logged string.
  const root = writeTree({
    'evil\n::error file=app.py::forged.py': 'import logging\nlog = logging.getLogger(__name__)\n\ndef f(cur):\n    cur.execute("SELECT email FROM users")\n    for row in cur.fetchall():\n        log.info("\u202euser %s", row.email)\n',
    'jobs/\x1b[2Jclear.sql': 'INSERT INTO "mart\x1b[8mhidden" SELECT email FROM users;\n',
  });

  it('scan shows them escaped, and no line of output is forged', () => {
    const result = runCli(['scan', root, '--no-cache']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(CONTROL);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
    expect(result.stdout).toContain('evil\\n::error file=app.py::forged.py:7');
    expect(result.stdout).toContain('mart\\x1b[8mhidden');
    expect(result.stdout).toContain('log.info("\\u202euser %s", row.email)');
  });

  it('the JSON report keeps the names as they are', () => {
    const report = JSON.parse(runCli(['scan', root, '--no-cache', '--format', 'json']).stdout);
    expect(report.jobs.map((j: { file: string }) => j.file)).toContain('evil\n::error file=app.py::forged.py');
    expect(report.assets.map((a: { id: string }) => a.id)).toContain('table:mart\x1b[8mhidden');
  });

  it('lineage sql and lineage query show them escaped too', () => {
    const sql = runCli(['sql', '-e', 'INSERT INTO "mart\x1b[8mhidden" SELECT email FROM users']);
    expect(sql.code).toBe(0);
    expect(sql.stdout).not.toMatch(CONTROL);
    expect(sql.stdout).toContain('mart\\x1b[8mhidden');
    const query = runCli(['query', 'users', root]);
    expect(query.code).toBe(0);
    expect(query.stdout).not.toMatch(CONTROL);
    expect(query.stdout).toContain('mart\\x1b[8mhidden');
  });
});
