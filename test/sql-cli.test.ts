/** `lineage sql`: SQL text from -e, a file or stdin; text chains and the JSON report; usage errors exit 2. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { runCli } from './helpers/cli.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'lineage-sql-'));

describe('lineage sql', () => {
  it('prints tables and column chains of -e SQL', () => {
    const result = runCli(['sql', '-e', 'insert into mart.users select id, lower(email) as email from raw.users where active']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('insert line 1');
    expect(result.stdout).toContain('reads   raw.users');
    expect(result.stdout).toContain('writes  mart.users');
    expect(result.stdout).toContain('mart.users.email <- raw.users.email (TRANSFORMATION)');
    expect(result.stdout).toContain('mart.users.id <- raw.users.id (IDENTITY)');
    expect(result.stdout).toContain('indirect raw.users.active (FILTER)');
  });

  it('reads stdin and writes the JSON report contract with scripts and intermediate tables', () => {
    const sql = `create temp table recent as select id, email from raw.users where created_at > now() - interval '1 day';
insert into mart.new_users (user_id, email_hash) select id, md5(email) from recent;
drop table recent;`;
    const result = runCli(['sql', '--format', 'json'], { input: sql });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.jobs.map((j) => [j.line, j.operation, j.inputs, j.outputs])).toEqual([
      [1, 'create_table_as', ['table:raw.users'], ['table:recent']],
      [2, 'insert', ['table:recent'], ['table:mart.new_users']],
      [3, 'drop', [], ['table:recent']],
    ]);
    expect(report.jobs[0]!.temporary).toEqual(['table:recent']);
    expect(report.scripts).toHaveLength(1);
    expect(report.scripts[0]).toMatchObject({
      file: '<stdin>', inputs: ['table:raw.users'], outputs: ['table:mart.new_users'], intermediate: ['table:recent'],
    });
    const hash = report.scripts[0]!.columnLineage.find((c) => c.output.column === 'email_hash');
    expect(hash?.inputs.filter((i) => i.type === 'DIRECT')).toEqual([
      { asset: 'table:raw.users', column: 'email', type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true },
    ]);
  });

  it('expands * with --schema and qualifies bare names with --default-schema', () => {
    const dir = tmp();
    const file = path.join(dir, 'q.sql');
    const schema = path.join(dir, 'schema.json');
    writeFileSync(file, 'insert into report select * from users;\n');
    writeFileSync(schema, JSON.stringify({ 'app.users': ['id', 'email'] }));
    const result = runCli(['sql', file, '--schema', schema, '--default-schema', 'app', '--format', 'json']);
    expect(result.code).toBe(0);
    const job = (JSON.parse(result.stdout) as Report).jobs[0]!;
    expect(job.inputs).toEqual(['table:app.users']);
    expect(job.outputs).toEqual(['table:app.report']);
    expect(job.columnLineage.map((c) => `${c.output.column}<-${c.inputs.map((i) => i.column).join(',')}`)).toEqual(['email<-email', 'id<-id']);
  });

  it('keeps * as * without a schema', () => {
    const result = runCli(['sql', '-e', 'create view v as select * from t', '--format', 'json']);
    const job = (JSON.parse(result.stdout) as Report).jobs[0]!;
    expect(job.columnLineage).toEqual([
      { output: { asset: 'table:v', column: '*' }, inputs: [{ asset: 'table:t', column: '*', type: 'DIRECT', subtype: 'IDENTITY' }] },
    ]);
  });

  it('reports statements that do not parse as gaps and still exits 0', () => {
    const result = runCli(['sql', '-e', 'insert into a select x ++ from b where']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(tolerant fallback)');
    expect(result.stdout).toMatch(/sql-fallback line 1: statement not parsed \(postgres: .+\)/);
  });

  it.each([
    [['sql', '-e', 'select 1', '--dialect', 'foosql'], /^lineage: error: --dialect: unknown dialect 'foosql'/],
    [['sql', '-e', 'select 1', '--format', 'xml'], /^lineage: error: --format: expected one of text, json, got 'xml'/],
    [['sql', '/no/such/file.sql'], /^lineage: error: \/no\/such\/file.sql: cannot read the file/],
    [['sql', '-e', 'select 1', '--schema', '/no/such/schema.json'], /^lineage: error: --schema \/no\/such\/schema.json: cannot read the file/],
    [['sql', '-e', 'select 1', '--default-schema', 'bad name'], /^lineage: error: --default-schema: expected a name/],
  ])('rejects %j with one line and exit code 2', (args, message) => {
    const result = runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects a schema file that is not the expected JSON', () => {
    const schema = path.join(tmp(), 'schema.json');
    writeFileSync(schema, '["not", "an", "object"]');
    const result = runCli(['sql', '-e', 'select 1', '--schema', schema]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected an object such as { "db.table": ["col", ...] }');
  });

  it('has --help with examples and exit codes', () => {
    const result = runCli(['sql', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('lineage sql -e');
    expect(result.stdout).toContain('Exit codes: 0');
  });
});
