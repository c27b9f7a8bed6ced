/**
 * A large tree of hostile inputs, generated per test run (never committed): binary files, NUL bytes, invalid
 * UTF-8, byte-order marks, CRLF and CR line ends, a 10 MB one-line file, 5,000-deep nesting in every language,
 * a 1 MB SQL statement, template bombs, empty and white-space-only files, symbolic-link loops and a file name
 * that is not UTF-8. `expectations` says which gap kinds each file must produce (at least).
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const DEEP = 5_000;

export interface HostileCorpus {
  root: string;
  /** File -> gap kinds it must have (an empty list: it must be analysed, gaps allowed). */
  expectations: Map<string, string[]>;
}

const nest = (open: string, inner: string, close: string, depth = DEEP) => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

export function hostileCorpus(): HostileCorpus {
  const root = mkdtempSync(path.join(tmpdir(), 'lineage-hostile-corpus-'));
  const expectations = new Map<string, string[]>();
  const write = (file: string, content: string | Buffer, gaps: string[] = []) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
    expectations.set(file, gaps);
  };

  // Binary content and NUL bytes.
  write('binary/elf.py', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]), ['binary-file']);
  write('binary/utf16.sql', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('SELECT 1 FROM t;\n', 'utf16le')]), ['binary-file']);
  // A NUL past the binary sniffing window: text with a NUL in it reaches the parsers.
  write('binary/late-nul.sql', `${'-- padding\n'.repeat(900)}SELECT a\u0000b FROM raw.late;\nINSERT INTO mart.late SELECT * FROM raw.late;\n`);
  write('binary/late-nul.py', `${'# padding\n'.repeat(900)}x = "a\u0000b"\ncursor.execute("SELECT * FROM raw.nul")\n`);

  // Encodings.
  write('encoding/latin1.py', Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\ncursor.execute("SELECT * FROM raw.cafe")\n')]), ['invalid-utf8']);
  write('encoding/overlong.sql', Buffer.concat([Buffer.from('SELECT '), Buffer.from([0xc0, 0xaf]), Buffer.from(' FROM raw.overlong;\n')]), ['invalid-utf8']);
  write('encoding/surrogate.php', Buffer.concat([Buffer.from('<?php\n$x = "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('";\n')]), ['invalid-utf8']);
  write('encoding/truncated.cpp', Buffer.concat([Buffer.from('int main() { return 0; }\n// \xe2'), Buffer.from([0xe2, 0x82])]), ['invalid-utf8']);
  write('encoding/bom.py', `\uFEFFimport sqlite3\ncursor.execute("INSERT INTO raw.bom SELECT * FROM raw.src")\n`);
  write('encoding/bom.sql', `\uFEFFINSERT INTO mart.bom SELECT * FROM raw.bom;\n`);
  write('encoding/only-bom.py', '\uFEFF', ['empty-file']);

  // Line ends.
  write('lines/crlf.py', 'import sqlite3\r\n\r\ndef f(cur):\r\n    cur.execute("SELECT * FROM raw.crlf")\r\n');
  write('lines/crlf.sql', 'INSERT INTO mart.crlf\r\nSELECT *\r\nFROM raw.crlf;\r\n');
  write('lines/crlf.php', '<?php\r\nfunction f($pdo) {\r\n  return $pdo->query("SELECT 1");\r\n}\r\n');
  write('lines/cr-only.sql', 'INSERT INTO mart.cr\rSELECT * FROM raw.cr;\r');
  write('lines/no-final-newline.hack', 'function f(): int { return 1; }');

  // Empty and white space.
  write('empty/empty.py', '', ['empty-file']);
  write('empty/blank.sql', '  \n\t\n   \r\n', ['empty-file']);
  write('empty/blank.cpp', '\n\n\n', ['empty-file']);

  // Size: a 10 MB line (over the default limit) and 1 MB SQL statements: a dump of VALUES rows (read without a
  // grammar, exactly) and a query (over the budget of text handed to a grammar).
  write('size/oneline.py', `x = [${'1,'.repeat(5 * 1024 * 1024)}]\n`, ['file-too-large']);
  const rows: string[] = [];
  for (let i = 0, size = 0; size < 1024 * 1024; i++) {
    const row = `(${i}, 'user${i}@example.com', 'name ${i}')`;
    rows.push(row);
    size += row.length + 1;
  }
  write('size/dump.sql', `INSERT INTO raw.dump (id, email, name) VALUES ${rows.join(',')};\n`, []);
  const ids = Array.from({ length: 150_000 }, (_, i) => String(i)).join(', ');
  write('size/huge-query.sql', `INSERT INTO mart.picked SELECT id, email FROM raw.dump WHERE id IN (${ids});\n`, ['budget-exceeded']);
  write('size/unterminated.sql', `SELECT '${'x'.repeat(200_000)}`, []);

  // Deep nesting in every language.
  write('deep/parens.py', `x = ${nest('(', '1', ')')}\n`);
  write('deep/lists.py', `x = ${nest('[', '', ']')}\n`);
  write('deep/calls.py', `x = ${nest('f(', '1', ')')}\n`);
  write('deep/blocks.py', `${Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}if x:\n`).join('')}${' '.repeat(100)}pass\n`);
  write('deep/sql-arg.py', `cursor.execute(${nest('(', '"SELECT * FROM raw.deep_arg"', ')')})\n`);
  write('deep/sql-concat.py', `cursor.execute("SELECT * FROM " ${' + x'.repeat(DEEP)})\n`, ['deep-expression']);
  write('deep/sql-format.py', `q = ${nest('(', '"SELECT * FROM raw.t"', ').format(x)')}\ncursor.execute(q)\n`);
  write('deep/parens.cpp', `int x = ${nest('(', '1', ')')};\n`);
  write('deep/blocks.cpp', `void f() ${nest('{', '', '}')}\n`);
  write('deep/templates.cpp', `${nest('std::vector<', 'int', '>')} v;\n`);
  write('deep/arrays.php', `<?php\n$x = ${nest('[', '1', ']')};\n`);
  write('deep/parens.php', `<?php\n$x = ${nest('(', '1', ')')};\n`);
  write('deep/calls.hack', `function f(): int { return ${nest('g(', '1', ')')}; }\n`);
  write('deep/vec.hack', `function f(): mixed { return ${nest('vec[', '1', ']')}; }\n`);
  write('deep/parens.sql', `SELECT ${nest('(', '1', ')')} FROM raw.deep;\n`, ['budget-exceeded']);
  write('deep/subqueries.sql', `INSERT INTO mart.deep SELECT * FROM ${nest('(SELECT * FROM ', 'raw.deep', ') s')};\n`, ['budget-exceeded']);
  write('deep/case.sql', `SELECT ${'CASE WHEN a THEN '.repeat(DEEP)}1${' END'.repeat(DEEP)} FROM raw.deep;\n`, ['budget-exceeded']);
  write('deep/or-chain.sql', `DELETE FROM mart.deep WHERE ${Array.from({ length: DEEP }, (_, i) => `id = ${i}`).join(' OR ')};\n`, ['budget-exceeded']);
  write('deep/unbalanced.sql', `SELECT ${'('.repeat(DEEP)} FROM raw.deep;\n`, ['budget-exceeded']);

  // Templating bombs: thousands of unclosed tags.
  write('template/open-tags.sql', `${'{{ '.repeat(20_000)}\nSELECT * FROM raw.tpl;\n`);
  write('template/open-blocks.sql', `${'{% if x %}'.repeat(20_000)}\nINSERT INTO mart.tpl SELECT * FROM raw.tpl;\n`);

  // Links that loop, and a file name that is not UTF-8.
  mkdirSync(path.join(root, 'links/sub'), { recursive: true });
  symlinkSync('self.py', path.join(root, 'links/self.py'));
  symlinkSync('b.sql', path.join(root, 'links/a.sql'));
  symlinkSync('a.sql', path.join(root, 'links/b.sql'));
  symlinkSync('..', path.join(root, 'links/sub/up'));
  expectations.set('links/self.py', ['symlink-loop']);
  expectations.set('links/a.sql', ['symlink-loop']);
  expectations.set('links/b.sql', ['symlink-loop']);
  expectations.set('links/sub/up', ['symlink-loop']);
  mkdirSync(path.join(root, 'names'));
  writeFileSync(Buffer.from(path.join(root, 'names', 'bad-\xff-name.py'), 'latin1'), 'x = 1\n');
  expectations.set('names/bad-\uFFFD-name.py', ['unreadable-file']);
  return { root, expectations };
}
