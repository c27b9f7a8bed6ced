/**
 * Values bound to statements in C++ through models that bind by number or by row (the code-language side of the
 * SQL models shared with Python): an in-house PostgreSQL wrapper whose `exec(sql, a, b)` binds each value after
 * the text to its `$n`, and whose `exec_rows(sql, rows)` runs the statement once per row.
 */
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../src/manifest/index.js';
import { columnsInto, scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const MANIFEST = [
  'version: 1',
  'sql:',
  '  - { language: cpp, call: "acme.pg.Session.exec", arg: 0, binds: { arg: 1 }, numberedBindsFrom: 1 }',
  '  - { language: cpp, call: "acme.pg.Session.exec_rows", arg: 0, binds: { arg: 1 }, bindsRows: true }',
  '  - { language: cpp, call: "acme.pg.Session.fetch_value", arg: 0, bindsFrom: 1, value: true }',
  '',
].join('\n');


describe('bound values in C++ SQL calls of modelled wrappers', () => {
  it('bind each value after the text to its $n, and every row of a batch', async () => {
    const root = writeTree({
      'src/archive.cpp': [
        '#include <string>',
        '#include <tuple>',
        '#include <vector>',
        '#include "acme/pg/session.h"',
        '',
        'void archive(acme::pg::Session& session, long user_id) {',
        '    std::string email = session.fetch_value("SELECT email FROM users WHERE id = $1", user_id);',
        '    std::string phone = session.fetch_value("SELECT phone FROM users WHERE id = $1", user_id);',
        '    session.exec("INSERT INTO archived (number, contact, user_id) VALUES ($2, $1, $3)", email, phone, user_id);',
        '    session.exec_rows("INSERT INTO batch (contact, number) VALUES ($1, $2)", std::vector<std::tuple<std::string, std::string>>{{email, phone}});',
        '}',
        '',
      ].join('\n'),
    });
    const report = await scanReport(root, { manifest: parseManifest(MANIFEST, 'lineage.yaml'), manifestFile: `${root}/lineage.yaml` });
    expect(columnsInto(report, 'table:archived')).toEqual(['table:users.email -> contact', 'table:users.phone -> number']);
    // The rows are keyed by column (`rows[*][0]` -> contact); a braced vector of tuples is one value in C++ facts,
    // so each column gets both values (less precise, never less than the truth).
    expect(columnsInto(report, 'table:batch')).toEqual(['table:users.email,table:users.phone -> contact', 'table:users.email,table:users.phone -> number']);
  });
});
