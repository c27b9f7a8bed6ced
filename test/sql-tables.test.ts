import { describe, expect, it } from 'vitest';
import { analyzeSqlText } from '../src/extract/sql/analyze.js';
import { resolveDialect } from '../src/extract/sql/dialects.js';

function lineage(sql: string, dialect = 'postgres') {
  const result = analyzeSqlText(sql, { file: 'q.sql', dialect: resolveDialect(dialect)! });
  return result.statements.map((s) => ({ op: s.operation, in: s.inputs, out: s.outputs, confidence: s.confidence }));
}

describe('table-level SQL lineage', () => {
  it('reads every table of joins and subqueries but not CTE names', () => {
    const [statement] = lineage(`with recent as (select * from raw.orders where placed_at > now() - interval '7 days')
      select u.id from raw.users u join recent r on r.user_id = u.id
      where u.id in (select user_id from raw.returns)`);
    expect(statement).toMatchObject({ op: 'select', out: [], confidence: 'high' });
    expect([...statement!.in].sort()).toEqual(['table:raw.orders', 'table:raw.returns', 'table:raw.users']);
  });

  it('INSERT ... SELECT writes the target and reads the sources', () => {
    expect(lineage('insert into mart.daily (d, n) select d, count(*) from raw.events group by d')).toEqual([
      { op: 'insert', in: ['table:raw.events'], out: ['table:mart.daily'], confidence: 'high' },
    ]);
  });

  it('CREATE TABLE AS, CREATE VIEW and CREATE TABLE name their operation and declare columns', () => {
    const result = analyzeSqlText(
      'create table mart.a as select id from raw.b; create view mart.v as select * from mart.a; create table raw.c (id int, Email text);',
      { file: 'q.sql', dialect: resolveDialect('postgres')! },
    );
    expect(result.statements.map((s) => [s.operation, s.inputs, s.outputs])).toEqual([
      ['create_table_as', ['table:raw.b'], ['table:mart.a']],
      ['create_view', ['table:mart.a'], ['table:mart.v']],
      ['create_table', [], ['table:raw.c']],
    ]);
    expect(result.statements[2]!.defines).toEqual([{ asset: 'table:raw.c', columns: ['id', 'email'] }]);
  });

  it('UPDATE ... FROM and multi-table DELETE read the joined tables and write the target', () => {
    expect(lineage('update raw.users u set tier = s.tier from mart.segments s where s.user_id = u.id')).toEqual([
      { op: 'update', in: ['table:mart.segments'], out: ['table:raw.users'], confidence: 'high' },
    ]);
    expect(lineage('delete s from raw.sessions s join raw.bots b on b.ip = s.ip', 'mysql')).toEqual([
      { op: 'delete', in: ['table:raw.bots'], out: ['table:raw.sessions'], confidence: 'high' },
    ]);
  });

  it('DROP and TRUNCATE name the affected table as output', () => {
    expect(lineage('drop table if exists tmp.a; truncate table raw.b').map((s) => [s.op, s.out])).toEqual([
      ['drop', ['table:tmp.a']],
      ['truncate', ['table:raw.b']],
    ]);
  });

  it('lower-cases unquoted names and keeps quoted ones', () => {
    expect(lineage('insert into "Raw"."Users" select * from STAGING.Users')[0]).toMatchObject({
      in: ['table:staging.users'], out: ['table:Raw.Users'],
    });
  });

  it('falls back to another grammar before giving up (Hive INSERT OVERWRITE ... PARTITION)', () => {
    expect(lineage("insert overwrite table dw.visits partition (ds='2024-01-01') select * from raw.hits")).toEqual([
      { op: 'insert', in: ['table:raw.hits'], out: ['table:dw.visits'], confidence: 'high' },
    ]);
  });

  it('finds tables with the tolerant fallback when nothing parses, with a gap carrying the parser message', () => {
    const result = analyzeSqlText('INSERT INTO dw.customers SELECT id, name FROM raw.customers c WHERE c.id ===> 1', {
      file: 'broken.sql', dialect: resolveDialect('postgres')!,
    });
    expect(result.statements[0]).toMatchObject({ inputs: ['table:raw.customers'], outputs: ['table:dw.customers'], confidence: 'low' });
    expect(result.gaps).toHaveLength(1);
    expect(result.gaps[0]).toMatchObject({ kind: 'sql-fallback', file: 'broken.sql', line: 1 });
    expect(result.gaps[0]!.detail).toMatch(/statement not parsed \(postgres: .+\)/);
  });

  it('reads MERGE with its own handler: the source is read, the target written', () => {
    expect(lineage('MERGE INTO dw.customers t USING raw.customers s ON t.id = s.id WHEN MATCHED THEN UPDATE SET name = s.name')).toEqual([
      { op: 'merge', in: ['table:raw.customers'], out: ['table:dw.customers'], confidence: 'high' },
    ]);
  });

  it('reports a statement that nothing understands as a parse error gap at its line', () => {
    const result = analyzeSqlText('select 1;\n\nselec oops frm;', { file: 'bad.sql', dialect: resolveDialect('postgres')! });
    expect(result.gaps).toEqual([
      expect.objectContaining({ kind: 'sql-parse-error', file: 'bad.sql', line: 3, severity: 'warning' }),
    ]);
  });

  it('rewrites client placeholders of SQL taken from code', () => {
    const result = analyzeSqlText('insert into raw.users (id, email) values (%s, %(email)s)', {
      file: 'x.py', dialect: resolveDialect('postgres')!, embedded: true,
    });
    expect(result.statements[0]).toMatchObject({ outputs: ['table:raw.users'], confidence: 'high' });
  });
});
