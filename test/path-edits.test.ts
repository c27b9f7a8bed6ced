/**
 * Paths edited before a file is written (`out.parent / "x"`, `out.with_suffix(".tmp")`, `os.path.dirname(p)`): the
 * file is the edited path, also when the path is a caller's argument.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { editedPath, editedTexts, settleEdits } from '../src/simulate/path-edits.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flows = (report: Report) => report.flows.map((f) => `${f.sink.line} ${f.sink.target ?? '?'} <- ${f.source.column}`);

const EXPORT = [
  'import os',
  'from pathlib import Path',
  '',
  'EXPORT = Path("/srv/exports/customers.csv")',
  'STAGING = "/srv/staging/./daily//customers.csv"',
  '',
  '',
  'def customers(conn):',
  '    return conn.execute("SELECT email, ssn, phone FROM crm.customers").fetchone()',
  '',
  '',
  'def export(conn):',
  '    row = customers(conn)',
  '    EXPORT.with_suffix(".tmp").write_text(row["ssn"])',
  '    (EXPORT.parent / "emails.txt").write_text(row["email"])',
  '    EXPORT.with_name("phones.csv").write_text(row["phone"])',
  '    (EXPORT.parent.parent / "archive" / EXPORT.name).write_text(row["ssn"])',
  '    backup = EXPORT.with_stem(EXPORT.stem + "-backup")',
  '    with backup.open("w") as fh:',
  '        fh.write(row["email"])',
  '',
  '',
  'def stage(conn):',
  '    row = customers(conn)',
  '    folder = os.path.dirname(os.path.normpath(STAGING))',
  '    root, suffix = os.path.splitext(os.path.basename(STAGING))',
  '    with open(os.path.join(folder, root + "-ssn" + suffix), "w") as fh:',
  '        fh.write(row["ssn"])',
  '',
].join('\n');

// A helper edits the path its caller passes, untyped; the caller passes another's parameter on.
const HELPERS = [
  'from pathlib import Path',
  '',
  '',
  'def write_atomically(target, text):',
  '    staged = target.with_suffix(".partial")',
  '    staged.write_text(text)',
  '    staged.rename(target)',
  '',
  '',
  'def write_beside(target: Path, name, text):',
  '    (target.parent / name).write_text(text)',
  '',
  '',
  'def publish(conn, target):',
  '    row = conn.execute("SELECT email, ssn FROM crm.customers").fetchone()',
  '    write_atomically(target, row["email"])',
  '    write_beside(target, "ssn.txt", row["ssn"])',
  '',
  '',
  'def nightly(conn):',
  '    publish(conn, Path("/srv/out/customers.csv"))',
  '    publish(conn, "/srv/mirror/customers.csv")',
  '',
].join('\n');

describe('path edits', () => {
  it('name the file an edited path object or path text stands for', async () => {
    const report = await scanReport(writeTree({ 'etl/export.py': EXPORT }));
    expect(flows(report)).toEqual([
      '14 /srv/exports/customers.tmp <- ssn',
      '15 /srv/exports/emails.txt <- email',
      '16 /srv/exports/phones.csv <- phone',
      '17 /srv/archive/customers.csv <- ssn',
      '20 /srv/exports/customers-backup.csv <- email',
      '28 /srv/staging/daily/customers-ssn.csv <- ssn',
    ]);
    // The path as written is not written to: no asset of the unedited name.
    expect(report.assets.map((a) => a.id).filter((id) => id.startsWith('file:'))).toEqual([
      'file:/srv/archive/customers.csv', 'file:/srv/exports/customers-backup.csv', 'file:/srv/exports/customers.tmp',
      'file:/srv/exports/emails.txt', 'file:/srv/exports/phones.csv', 'file:/srv/staging/daily/customers-ssn.csv',
    ]);
  });

  it('of a parameter are done with each caller\'s path', async () => {
    const report = await scanReport(writeTree({ 'etl/publish.py': HELPERS }));
    const written = report.jobs.filter((j) => j.outputs.length > 0).map((j) => `${j.unit}: ${j.outputs.join(' ')}`);
    expect(written).toEqual([
      'nightly: file:/srv/mirror/customers.partial file:/srv/mirror/ssn.txt file:/srv/out/customers.partial file:/srv/out/ssn.txt',
    ]);
    // The flows found in `publish` name the files each call of it writes.
    expect(flows(report)).toEqual([
      '6 /srv/mirror/customers.partial, /srv/out/customers.partial <- email',
      '11 /srv/mirror/ssn.txt, /srv/out/ssn.txt <- ssn',
    ]);
    expect(report.assets.filter((a) => a.id.startsWith('file:')).every((a) => !/[\u0000-\u001f]/.test(a.id))).toBe(true);
  });
});

const CPP_EXPORT = [
  '#include <filesystem>',
  '#include <fstream>',
  '#include <string>',
  '',
  'namespace fs = std::filesystem;',
  '',
  'void ExportSsn(const std::string& ssn, const std::string& email) {',
  '    const fs::path report("/srv/exports/customers.csv");',
  '    std::ofstream ssn_out(report.parent_path() / "ssn.txt");',
  '    ssn_out << ssn;',
  '    std::filesystem::path base = report.parent_path().parent_path() / "archive";',
  '    std::ofstream email_out(base.string() + "/" + report.stem().string() + "-emails.txt");',
  '    email_out << email;',
  '}',
  '',
].join('\n');

const PHP_EXPORT = [
  '<?php',
  '',
  'function export_users(PDO $db, string $target): void',
  '{',
  '    $row = $db->query("SELECT email, phone FROM users")->fetch();',
  '    file_put_contents(dirname($target) . "/emails.txt", $row["email"]);',
  '    file_put_contents("/srv/archive/" . basename($target), $row["phone"]);',
  '}',
  '',
  'function nightly(PDO $db): void',
  '{',
  '    export_users($db, "/srv/exports/users.csv");',
  '}',
  '',
].join('\n');

describe('path edits in C++ and PHP', () => {
  it('std::filesystem paths: parent_path(), stem() and the / operator, through a namespace alias', async () => {
    const report = await scanReport(writeTree({ 'src/export.cc': CPP_EXPORT }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.target ?? '?'} <- ${f.source.name}`)).toEqual([
      '10 /srv/exports/ssn.txt <- ssn',
      '13 /srv/archive/customers-emails.txt <- email',
    ]);
  });

  it('dirname() and basename() of a path the caller passes', async () => {
    const report = await scanReport(writeTree({ 'web/export.php': PHP_EXPORT }));
    expect(flows(report)).toEqual([
      '6 /srv/exports/emails.txt <- email',
      '7 /srv/archive/users.csv <- phone',
    ]);
  });
});

const BESIDE = [
  'import os',
  'from pathlib import Path',
  '',
  'HERE = Path(__file__).resolve().parent',
  'DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")',
  '',
  '',
  'def dump(conn):',
  '    rows = conn.execute("SELECT email FROM crm.customers").fetchall()',
  '    (HERE / "out" / "emails.txt").write_text("\\n".join(r["email"] for r in rows))',
  '    with open(os.path.join(DATA, "emails.csv"), "w") as fh:',
  '        fh.write(rows[0]["email"])',
  '',
].join('\n');

const PHP_BESIDE = [
  '<?php',
  '',
  'function export_users(PDO $db): void',
  '{',
  '    $row = $db->query("SELECT email FROM users")->fetch();',
  "    file_put_contents(__DIR__ . '/../../storage/emails.txt', $row['email']);",
  '}',
  '',
].join('\n');

describe('paths beside the source file', () => {
  it('__file__ and __DIR__ are the file\'s path in the scanned folder, and a path names one file however it was built', async () => {
    const report = await scanReport(writeTree({ 'etl/dump.py': BESIDE, 'web/app/export.php': PHP_BESIDE }));
    expect(flows(report)).toEqual([
      '10 etl/out/emails.txt <- email',
      '12 data/emails.csv <- email',
      '6 storage/emails.txt <- email',
    ]);
    expect(report.assets.map((a) => a.id).filter((id) => id.startsWith('file:'))).toEqual([
      'file:data/emails.csv', 'file:etl/out/emails.txt', 'file:storage/emails.txt',
    ]);
  });
});

describe('path edits on texts', () => {
  it('follow pathlib and os.path', () => {
    const cases: Array<[string, Parameters<typeof editedPath>[1], string | undefined, string | undefined]> = [
      ['/srv/out/users.csv', 'parent', undefined, '/srv/out'],
      ['/srv/out/', 'parent', undefined, '/srv'],
      ['users.csv', 'parent', undefined, '.'],
      ['/users.csv', 'parent', undefined, '/'],
      ['users.csv', 'dirname', undefined, ''],
      ['/srv/out/users.csv', 'dirname', undefined, '/srv/out'],
      ['/srv/out/users.tar.gz', 'suffix', undefined, '.gz'],
      ['/srv/out/.profile', 'suffix', undefined, ''],
      ['/srv/out/.profile', 'stem', undefined, '.profile'],
      ['/srv/out/users.csv', 'name', undefined, 'users.csv'],
      ['/srv/out/users.csv', 'withSuffix', '.json', '/srv/out/users.json'],
      ['/srv/out/users', 'withSuffix', '.json', '/srv/out/users.json'],
      ['/srv/out/users.csv', 'withSuffix', '', '/srv/out/users'],
      ['/srv/out/users.csv', 'withStem', 'people', '/srv/out/people.csv'],
      ['/srv/out/users.csv', 'withName', 'x.txt', '/srv/out/x.txt'],
      ['/', 'withName', 'x.txt', undefined],
      ['/srv//out/./a/../users.csv', 'normal', undefined, '/srv/out/users.csv'],
      ['../a/./b/..', 'normal', undefined, '../a'],
      ['/../a', 'normal', undefined, '/a'],
    ];
    expect(cases.map(([text, edit, to]) => editedPath(text, edit, to))).toEqual(cases.map((c) => c[3]));
  });

  it('wait for a parameter\'s text, then are done in order', () => {
    const marker = '\u00000\u0000';
    const [deferred] = editedTexts([`${marker}/users.csv`], 'parent', undefined)!;
    const [twice] = editedTexts([`${deferred}/archive/x.csv`], 'withSuffix', ['.gz'])!;
    expect(settleEdits(twice!.replace(marker, '/srv'))).toBe('/srv/archive/x.gz');
    expect(settleEdits(deferred!)).toBe(deferred);
    // A replacement not known yet: no text.
    expect(editedTexts(['/srv/a.csv'], 'withSuffix', [marker])).toBeNull();
  });
});
