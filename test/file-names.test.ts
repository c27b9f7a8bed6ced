/**
 * The names of files and tables that code builds from parts: texts built from names assigned lines before (which
 * used to get line breaks inside them), whole numbers given as files (descriptors, no files), and paths joined from
 * parts (`os.path.join`, a `pathlib.Path` joined with `/` or `joinpath`), which used to name no file.
 */
import { describe, expect, it } from 'vitest';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

describe('texts built from names', () => {
  it('are not broken by lines between the literals that build them', async () => {
    const root = writeTree({
      'jobs/export.py': [
        'PREFIX = "daily_"',
        '',
        '',
        'def export(user_email):',
        '    name = PREFIX + "customers"',
        '',
        '',
        '    path = "/srv/exports/" + name + ".csv"',
        '    with open(path, "w") as out:',
        '        out.write(user_email)',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(report.assets.map((a) => a.id)).toEqual(['file:/srv/exports/daily_customers.csv']);
  });

  it('keep a statement built over several lines on as many lines', async () => {
    const root = writeTree({
      'etl/load.py': [
        'def load(cur):',
        '    sql = ("INSERT INTO reporting.orders "',
        '           "SELECT id, total "',
        '           "FROM raw.orders")',
        '    cur.execute(sql)',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    const job = report.jobs.find((j) => j.outputs.includes('table:reporting.orders'));
    expect(job?.sql).toBe('INSERT INTO reporting.orders \nSELECT id, total \nFROM raw.orders');
  });
});

describe('file descriptors', () => {
  it('are no files', async () => {
    const root = writeTree({
      'tools/dump.py': [
        'import os',
        '',
        '',
        'def dump(password):',
        '    with os.fdopen(1, "w") as out:',
        '        out.write("ok")',
        '    with open(2, "w") as err:',
        '        err.write("done")',
        '    with open("audit.log", "a") as log:',
        '        log.write("dumped")',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(report.assets.map((a) => a.id)).toEqual(['file:audit.log']);
  });
});

describe('paths built from parts', () => {
  it('name the files they are: os.path.join, a path object joined with "/" or joinpath, an f-string', async () => {
    const root = writeTree({
      'jobs/export.py': [
        'import os',
        'from pathlib import Path',
        '',
        'EXPORT_DIR = "/srv/exports"',
        'REPORTS = Path("/srv/reports")',
        '',
        '',
        'def export(user_email):',
        '    path = os.path.join(EXPORT_DIR, "customers.csv")',
        '    with open(path, "w") as out:',
        '        out.write(user_email)',
        '',
        '',
        'def report(user_email):',
        '    (REPORTS / "weekly.txt").write_text(user_email)',
        '    with open(REPORTS.joinpath("daily", "summary.txt"), "w") as out:',
        '        out.write(user_email)',
        '    with open(f"{EXPORT_DIR}/audit.log", "a") as log:',
        '        log.write(user_email)',
        '',
        '',
        'def archive(user_email, name):',
        '    # A part the code does not know: no file is named.',
        '    with open(os.path.join(EXPORT_DIR, name), "w") as out:',
        '        out.write(user_email)',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root);
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.target ?? '?'}`)).toEqual([
      '11 /srv/exports/customers.csv',
      '15 /srv/reports/weekly.txt',
      '17 /srv/reports/daily/summary.txt',
      '19 /srv/exports/audit.log',
      '25 ?',
    ]);
  });
});
