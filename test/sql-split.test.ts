import { describe, expect, it } from 'vitest';
import { splitStatements } from '../src/extract/sql/split.js';

const texts = (sql: string, options = {}) => splitStatements(sql, options).map((c) => c.text);

describe('splitStatements', () => {
  it('splits on semicolons and records where each statement starts', () => {
    const chunks = splitStatements('select 1;\n\n  insert into t values (1);\nselect 2');
    expect(chunks.map((c) => [c.text, c.line, c.column])).toEqual([
      ['select 1', 1, 1],
      ['insert into t values (1)', 3, 3],
      ['select 2', 4, 1],
    ]);
  });

  it('does not split inside strings, quoted identifiers or comments', () => {
    const sql = `select 'a;b', "weird;name", \`x;y\` from t -- trailing; comment
/* block; comment */ where s = 'it''s; fine';
select 2`;
    expect(texts(sql)).toHaveLength(2);
    expect(texts(sql)[0]).toContain("'it''s; fine'");
  });

  it('honours backslash escapes only where the dialect has them', () => {
    const sql = "select 'a\\';b'; select 2";
    expect(texts(sql, { backslashEscapes: true })).toEqual(["select 'a\\';b'", 'select 2']);
    expect(texts(sql)).toEqual(["select 'a\\'", "b'; select 2"]);
  });

  it("skips client commands: psql's backslash commands and sqlite3's dot commands, each to its line end", () => {
    const sql = [
      '\\set ON_ERROR_STOP on',
      '\\echo Use "CREATE EXTENSION x" to load this file. \\quit',
      'select 1;',
      '.mode csv',
      '.import users.csv staging_users',
      'insert into users select * from staging_users;',
      '  \\connect analytics',
      'select 2',
    ].join('\n');
    const chunks = splitStatements(sql, {});
    expect(chunks.map((c) => [c.text, c.line])).toEqual([
      ['select 1', 3],
      ['insert into users select * from staging_users', 6],
      ['select 2', 8],
    ]);
    // A dot inside a statement is still SQL.
    expect(texts('select a\n.b from t; select 3')).toEqual(['select a\n.b from t', 'select 3']);
  });

  it('keeps dollar-quoted bodies whole', () => {
    const sql = `create function f() returns int as $body$
begin
  insert into log values (1);
  return 1;
end;
$body$ language plpgsql;
select f();`;
    const chunks = splitStatements(sql);
    expect(chunks).toHaveLength(2);
    expect(chunks[1]!.text).toBe('select f()');
    expect(chunks[1]!.line).toBe(7);
  });

  it('keeps BEGIN ... END bodies of procedures whole, including CASE and END IF', () => {
    const sql = `CREATE PROCEDURE refresh()
BEGIN
  IF (SELECT COUNT(*) FROM a) > 0 THEN
    INSERT INTO b SELECT CASE WHEN x THEN 1 ELSE 0 END FROM a;
  END IF;
  DELETE FROM a;
END;
CALL refresh();`;
    expect(texts(sql)).toHaveLength(2);
    expect(texts(sql)[1]).toBe('CALL refresh()');
  });

  it('follows DELIMITER directives', () => {
    const sql = `DELIMITER //
CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1; //
DELIMITER ;
SELECT 1;`;
    expect(texts(sql)).toEqual(['CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1;', 'SELECT 1']);
  });

  it('skips empty statements and trailing comments', () => {
    expect(texts(';;  -- nothing\n/* here */;')).toEqual([]);
  });

  it('starts a statement after its leading comments', () => {
    const [chunk] = splitStatements('-- header\n/* more */\nselect 1');
    expect(chunk!.line).toBe(3);
  });

  it('skips the rows after COPY ... FROM STDIN up to the line \\. (psql, pg_dump), whatever they hold', () => {
    const sql = [
      'COPY public.notes (id, body) FROM stdin;',
      "1\tit's open; -- not a comment",
      '2\t/* nor this */ $$ nor; this $$ "quote',
      '\\.',
      '',
      "SELECT pg_catalog.setval('public.notes_id_seq', 2, true);",
      'copy audit from STDIN with (format csv, header true);',
      'id,who',
      '\\.',
      'insert into t values (1);',
    ].join('\n');
    expect(splitStatements(sql).map((c) => [c.text, c.line])).toEqual([
      ['COPY public.notes (id, body) FROM stdin', 1],
      ["SELECT pg_catalog.setval('public.notes_id_seq', 2, true)", 6],
      ['copy audit from STDIN with (format csv, header true)', 7],
      ['insert into t values (1)', 10],
    ]);
  });

  it('reads to the end of the text when the rows are not ended, and keeps COPY TO STDOUT and empty data alone', () => {
    expect(texts('COPY t FROM STDIN;\n1\t2;\n3\t4')).toEqual(['COPY t FROM STDIN']);
    expect(texts('COPY t FROM STDIN;\n\\.\nselect 1;')).toEqual(['COPY t FROM STDIN', 'select 1']);
    expect(texts('COPY t TO STDOUT;\nselect 1;')).toEqual(['COPY t TO STDOUT', 'select 1']);
    expect(texts("COPY t FROM '/tmp/t.csv';\nselect 1;")).toEqual(["COPY t FROM '/tmp/t.csv'", 'select 1']);
  });

  it('reads SQL*Plus scripts: its commands end at the line end, a line holding / ends a statement or a block', () => {
    const sql = [
      'WHENEVER SQLERROR EXIT SQL.SQLCODE',
      'SET SERVEROUTPUT ON',
      'PROMPT Archiving ...',
      'CREATE TABLE a AS SELECT * FROM t',
      '/',
      'DECLARE',
      '  n NUMBER;',
      'BEGIN',
      '  SELECT COUNT(*) INTO n FROM a;',
      'END;',
      '/',
      'SET TRANSACTION READ ONLY;',
      '@@grants.sql',
      'EXIT',
    ].join('\n');
    expect(splitStatements(sql, { sqlplus: true }).map((c) => [c.text, c.line])).toEqual([
      ['CREATE TABLE a AS SELECT * FROM t', 4],
      ['DECLARE\n  n NUMBER;\nBEGIN\n  SELECT COUNT(*) INTO n FROM a;\nEND;', 6],
      ['SET TRANSACTION READ ONLY', 12],
    ]);
    // Elsewhere these are no commands: the first statement runs to the first semicolon.
    expect(texts(sql)[0]).toMatch(/^WHENEVER SQLERROR[\s\S]*n NUMBER$/);
  });

  it("reads psql's own \\copy as the COPY it runs, to its line end, and skips the rows after \\copy ... from stdin", () => {
    const sql = "\\copy users (id, email) from stdin with csv\n1,o'neil@example.com; x\n\\.\nselect 1;\n\\copy users to 'users.csv' csv;\nselect 2;";
    expect(texts(sql)).toEqual(['copy users (id, email) from stdin with csv', 'select 1', "copy users to 'users.csv' csv", 'select 2']);
    // Where the statement is: past the backslash, on the command's line.
    expect(splitStatements(sql).map((chunk) => `${chunk.line}:${chunk.column}`)).toEqual(['1:2', '4:1', '5:2', '6:1']);
  });

  it("quotes the file name psql's \\copy takes unquoted, as COPY writes it", () => {
    const sql = "\\copy staging.users from users.csv with csv header\n\\copy (select id, \"to\" from t) TO /tmp/ids.csv csv\n\\copy t (a, b) from pstdin\n\\.\n\\copy t from program 'gunzip -c t.gz'\n";
    expect(texts(sql)).toEqual([
      "copy staging.users from 'users.csv' with csv header",
      "copy (select id, \"to\" from t) TO '/tmp/ids.csv' csv",
      'copy t (a, b) from pstdin',
      "copy t from program 'gunzip -c t.gz'",
    ]);
  });
});
