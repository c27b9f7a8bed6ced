/** Column-level engine and statement handling: behaviours (and regressions) worth pinning one by one. */
import { describe, expect, it } from 'vitest';
import { analyzeSqlText } from '../src/extract/sql/analyze.js';
import { resolveDialect } from '../src/extract/sql/dialects.js';
import type { SqlStatement } from '../src/facts/schema.js';

function analyze(sql: string, dialect = 'postgres', defaultSchema?: string): SqlStatement[] {
  return analyzeSqlText(sql, { file: 'q.sql', dialect: resolveDialect(dialect)!, defaultSchema }).statements;
}

const name = (id: string) => id.replace(/^table:/, '');
/** `out.col <- in.col SUBTYPE` for DIRECT inputs, `~in.col SUBTYPE` for INDIRECT ones. */
function lineage(statement: SqlStatement): string[] {
  return statement.columnLineage.flatMap((c) => c.inputs.map((i) =>
    i.type === 'DIRECT'
      ? `${name(c.output.asset)}.${c.output.column} <- ${name(i.asset)}.${i.column} ${i.subtype}${i.masking ? ' masking' : ''}`
      : `${name(c.output.asset)}.${c.output.column} ~ ${name(i.asset)}.${i.column} ${i.subtype}`)).sort();
}
const tables = (s: SqlStatement) => [s.operation, s.inputs.map(name), s.outputs.map(name)];

describe('column lineage', () => {
  it('follows CTEs and SELECT * down to table columns and attaches each scope\'s indirect inputs to its columns', () => {
    const [s] = analyze(`with o as (select * from raw.orders where status = 'paid')
      insert into mart.x (customer, spend) select c.email, sum(o.amount) from raw.customers c join o on o.customer_id = c.id group by c.email`);
    expect(lineage(s!)).toEqual([
      'mart.x.customer <- raw.customers.email IDENTITY',
      'mart.x.customer ~ raw.customers.email GROUP_BY',
      'mart.x.customer ~ raw.customers.id JOIN',
      'mart.x.customer ~ raw.orders.customer_id JOIN',
      'mart.x.customer ~ raw.orders.status FILTER',
      'mart.x.spend <- raw.orders.amount AGGREGATION',
      'mart.x.spend ~ raw.customers.email GROUP_BY',
      'mart.x.spend ~ raw.customers.id JOIN',
      'mart.x.spend ~ raw.orders.customer_id JOIN',
      'mart.x.spend ~ raw.orders.status FILTER',
    ]);
  });

  it('types CASE conditions as CONDITIONAL, window clauses as WINDOW, hashes and counts as masking', () => {
    const [s] = analyze(`insert into out.t select case when kind = 'a' then amount end as a_amount,
      row_number() over (partition by region order by ts) as rn, sha256(email) as h, count(distinct email) as n from src.t`);
    expect(lineage(s!).filter((l) => !l.includes(' ~ ') || l.startsWith('out.t.a_amount'))).toEqual([
      'out.t.a_amount <- src.t.amount TRANSFORMATION',
      'out.t.a_amount ~ src.t.kind CONDITIONAL',
      'out.t.a_amount ~ src.t.region WINDOW',
      'out.t.a_amount ~ src.t.ts WINDOW',
      'out.t.h <- src.t.email TRANSFORMATION masking',
      'out.t.n <- src.t.email AGGREGATION masking',
    ]);
  });

  it('resolves ORDER BY output aliases but not JOIN USING keys to the select list', () => {
    const [order] = analyze('insert into o select category, count(*) as n from src.a group by category order by n');
    expect(lineage(order!)).toContain('o.n ~ src.a.* SORT');
    const [using] = analyze('insert into o select a.id, b.v from src.a a join src.b b using (id)');
    expect(lineage(using!).filter((l) => l.includes('JOIN'))).toEqual([
      'o.id ~ src.a.id JOIN', 'o.id ~ src.b.id JOIN', 'o.v ~ src.a.id JOIN', 'o.v ~ src.b.id JOIN',
    ]);
  });

  it('resolves lateral column aliases, and an alias named like a source column inside its own expression', () => {
    const [s] = analyze(`insert into o select sq.name from (select id || name as alias1, alias1 || email as name from src.t) as sq`, 'redshift');
    expect(lineage(s!)).toEqual(['o.name <- src.t.email TRANSFORMATION', 'o.name <- src.t.id TRANSFORMATION', 'o.name <- src.t.name TRANSFORMATION']);
  });

  it('names unaliased output columns as written and col::type after the column', () => {
    const [s] = analyze('insert into o select (a + b), max(c), d::text, count(*) from src.t', 'postgres');
    expect(s!.columnLineage.map((c) => c.output.column)).toEqual(['(a + b)', 'count(*)', 'd', 'max(c)']);
  });

  it('maps INSERT column lists by position and keeps recursive CTEs finite', () => {
    const [s] = analyze(`with recursive tree (id, parent) as (select id, parent_id from src.nodes where parent_id is null
      union all select n.id, n.parent_id from src.nodes n join tree t on n.parent_id = t.id)
      insert into out.tree (node, up) select id, parent from tree`);
    expect(lineage(s!).filter((l) => l.includes(' <- '))).toEqual(['out.tree.node <- src.nodes.id IDENTITY', 'out.tree.up <- src.nodes.parent_id IDENTITY']);
  });

  it('reads the table a CTE is named after inside the CTE\'s own body, unless the WITH is recursive', () => {
    const [a, b] = analyze([
      "create table pro_contacts as with users as (select id, email from users where plan = 'pro') select email from users;",
      'create table renamed as with recursive users (uid, contact) as (select id, email from raw.users) select contact from users;',
    ].join('\n'));
    expect(lineage(a!)).toEqual(['pro_contacts.email <- users.email IDENTITY', 'pro_contacts.email ~ users.plan FILTER']);
    expect(lineage(b!)).toEqual(['renamed.contact <- raw.users.email IDENTITY']);
    // Without the keyword, a CTE whose body is a UNION may be recursive (T-SQL): its own name stays the CTE.
    const [tree] = analyze(`with tree as (select id, parent_id from src.nodes where parent_id is null
      union all select n.id, n.parent_id from src.nodes n join tree t on n.parent_id = t.id)
      insert into out.tree (node) select id from tree`, 'tsql');
    expect(tables(tree!)).toEqual(['insert', ['src.nodes'], ['out.tree']]);
  });

  it('reads a source\'s alias used as a value as its whole row (row_to_json(u), to_jsonb(u.*)), but not a table\'s own name', () => {
    const [a, b, c, d] = analyze([
      'create table docs as select u.id, row_to_json(u) as doc from raw.users u;',
      'create table docs2 as select to_jsonb(u.*) as doc, json_agg(o) as orders from raw.users u join (select id, total from raw.orders) o on o.id = u.id group by u.id;',
      'create table statuses as select status from status;',
      'create table tallies as select count(*) as n from raw.users u;',
    ].join('\n'));
    expect(lineage(a!)).toEqual(['docs.doc <- raw.users.* TRANSFORMATION', 'docs.id <- raw.users.id IDENTITY']);
    expect(lineage(b!).filter((l) => l.includes(' <- '))).toEqual([
      'docs2.doc <- raw.users.* TRANSFORMATION',
      'docs2.orders <- raw.orders.id AGGREGATION',
      'docs2.orders <- raw.orders.total AGGREGATION',
    ]);
    // A column named like its table is the column; count(*) stays a count of rows.
    expect(lineage(c!)).toEqual(['statuses.status <- status.status IDENTITY']);
    expect(lineage(d!)).toEqual(['tallies.n <- raw.users.* AGGREGATION masking']);
  });

  it('treats date parts as keywords, not columns', () => {
    const [s] = analyze("insert into o select dateadd(day, -1, ts) as d from src.t where datediff(month, ts, now()) < 3", 'snowflake');
    expect(lineage(s!)).toEqual(['o.d <- src.t.ts TRANSFORMATION', 'o.d ~ src.t.ts FILTER']);
  });
});

describe('statements', () => {
  it('reads MERGE branches: UPDATE SET, INSERT column lists, INSERT * and DELETE', () => {
    const [s] = analyze(`merge into dw.t using (select * from raw.s where ok) s on t.id = s.id
      when matched and s.deleted then delete
      when matched then update set t.v = s.v
      when not matched then insert (id, v) values (s.id, upper(s.v))`);
    expect(tables(s!)).toEqual(['merge', ['raw.s'], ['dw.t']]);
    expect(lineage(s!).filter((l) => l.includes(' <- '))).toEqual(['dw.t.id <- raw.s.id IDENTITY', 'dw.t.v <- raw.s.v IDENTITY', 'dw.t.v <- raw.s.v TRANSFORMATION']);
  });

  it('handles Hive multi-insert, INSERT OVERWRITE ... PARTITION and LATERAL VIEW', () => {
    const [multi] = analyze('from raw.e e insert overwrite table a.x partition (ds=1) select e.k where e.k > 0 insert into table a.y select e.v', 'hive');
    expect(tables(multi!)).toEqual(['insert', ['raw.e'], ['a.x', 'a.y']]);
    const [lateral] = analyze('insert overwrite table a.z select u.id, t.tag from raw.u u lateral view explode(u.tags) t as tag', 'hive');
    expect(lineage(lateral!)).toEqual(['a.z.id <- raw.u.id IDENTITY', 'a.z.tag <- raw.u.tags TRANSFORMATION']);
  });

  it('splits T-SQL batches on GO and analyses procedure bodies at their own lines', () => {
    const statements = analyze('CREATE PROCEDURE dbo.p AS\nBEGIN\n  INSERT INTO dbo.t SELECT * FROM dbo.s;\nEND\nGO\nSELECT * INTO #x FROM [dbo].[T]\nGO\n', 'tsql');
    expect(statements.map((s) => [s.line, ...tables(s)])).toEqual([
      [1, 'create_procedure', [], []],
      [3, 'insert', ['dbo.s'], ['dbo.t']],
      [6, 'select_into', ['dbo.t'], ['#x']],
    ]);
    expect(statements[2]!.temporary).toEqual(['table:#x']);
  });

  it('applies USE and --default-schema to unqualified names only', () => {
    const statements = analyze('insert into a select * from b; use dw; insert into c select * from other.d', 'hive', 'stage');
    expect(statements.filter((s) => s.outputs.length > 0).map(tables)).toEqual([
      ['insert', ['stage.b'], ['stage.a']],
      ['insert', ['other.d'], ['dw.c']],
    ]);
  });

  it('records files and stages as assets', () => {
    expect(analyze("copy into raw.e from @landing/events/ file_format = (type = json)", 'snowflake').map(tables)).toEqual([
      ['copy', ['stage:@landing/events/'], ['raw.e']],
    ]);
    expect(analyze("unload ('select * from s where d > ''x''') to 's3://b/k_'", 'redshift').map(tables)).toEqual([
      ['unload', ['s'], ['file:s3://b/k_']],
    ]);
    expect(analyze("insert overwrite directory 'hdfs://nn/out' select * from t", 'hive').map(tables)).toEqual([
      ['insert_directory', ['t'], ['file:hdfs://nn/out']],
    ]);
  });

  it('regressions: COPY GRANTS is not a clone, RENAME keeps the schema, parenthesised joins, every VALUES row', () => {
    expect(tables(analyze('create or replace table s.t copy grants as select a from s.u', 'snowflake')[0]!)).toEqual(['create_table_as', ['s.u'], ['s.t']]);
    expect(tables(analyze('alter table s.t rename to u')[0]!)).toEqual(['rename', ['s.t'], ['s.u']]);
    expect(tables(analyze('select * from (a left join b on a.id = b.id)')[0]!)).toEqual(['select', ['a', 'b'], []]);
    expect(tables(analyze('insert into t values (1, (select max(id) from a)), (2, (select max(id) from b))')[0]!)).toEqual(['insert', ['a', 'b'], ['t']]);
    expect(analyze("insert into t select substring(name from 1 for 3) as p from s where ts > now() - interval 7 days", 'spark')[0]!.confidence).toBe('high');
  });

  it('folds unquoted and bracketed names, keeps double-quoted and backticked case', () => {
    expect(tables(analyze('insert into "Mart"."Users" select * from [Raw].[Users]', 'tsql')[0]!)).toEqual(['insert', ['raw.users'], ['Mart.Users']]);
    expect(tables(analyze('select * from `Proj.DS.T`', 'bigquery')[0]!)).toEqual(['select', ['Proj.DS.T'], []]);
  });

  it('takes no variable or function without parentheses for a column', () => {
    const [update] = analyze('UPDATE dbo.Customers SET Email = NULL, ClosedAt = CURRENT_TIMESTAMP WHERE Region = @region', 'tsql');
    expect(lineage(update!)).toEqual(['dbo.customers.closedat ~ dbo.customers.region FILTER', 'dbo.customers.email ~ dbo.customers.region FILTER']);
    const [insert] = analyze('INSERT INTO audit.seen (email, seen_at) SELECT email, SYSDATE FROM crm.users WHERE id = @id', 'mysql');
    expect(lineage(insert!)).toEqual([
      'audit.seen.email <- crm.users.email IDENTITY', 'audit.seen.email ~ crm.users.id FILTER', 'audit.seen.seen_at ~ crm.users.id FILTER',
    ]);
  });

  it('reads PL/SQL bodies as PL/SQL: EXIT is no SQL*Plus command there, SELECT INTO fills variables', () => {
    const sql = [
      'CREATE OR REPLACE PROCEDURE crm.flag_dormant AS',
      '  v_id NUMBER;',
      'BEGIN',
      '  LOOP',
      '    SELECT account_id INTO v_id FROM crm.accounts WHERE dormant = 0 AND ROWNUM = 1;',
      '    EXIT WHEN v_id IS NULL; INSERT INTO crm.dormant_accounts (account_id) VALUES (v_id);',
      '  END LOOP;',
      'END;',
      '/',
    ].join('\n');
    const withTables = analyze(sql, 'oracle').map((s) => [s.line, ...tables(s)]).filter(([, , inputs, outputs]) => (inputs as string[]).length + (outputs as string[]).length > 0);
    expect(withTables).toEqual([
      [5, 'select', ['crm.accounts'], []],
      [6, 'insert', [], ['crm.dormant_accounts']],
    ]);
  });
});
