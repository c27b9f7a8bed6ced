/** The C++ extractor on small programs: names, members, constructions, streams and string building. */
import { describe, expect, it } from 'vitest';
import type { Step } from '../src/facts/schema.js';
import { cppModuleName, includeTargets } from '../src/extract/cpp/module.js';
import { extractText } from './helpers/extract.js';

const steps = async (file: string, text: string, unit: string): Promise<Step[]> =>
  (await extractText(file, text)).units.find((u) => u.name === unit)!.steps;

describe('C++ extraction', () => {
  it('names modules by path (headers with _h) and star-imports an include\'s implementation, then the header', async () => {
    expect(cppModuleName('src/dao/order_dao.cpp')).toBe('src.dao.order_dao');
    expect(cppModuleName('include/dao/order_dao.hpp')).toBe('include.dao.order_dao_h');
    expect(includeTargets('dao/order_dao.h')).toEqual(['dao.order_dao', 'order_dao', 'dao.order_dao_h']);
    expect(includeTargets('order_dao.h')).toEqual(['order_dao', 'order_dao_h']);
    const facts = await extractText('src/a.cpp', '#include "dao/order_dao.h"\n#include <vector>\n');
    expect(facts.imports).toEqual([
      { local: '*', target: 'dao.order_dao.*', line: 1 }, { local: '*', target: 'order_dao.*', line: 1 },
      { local: '*', target: 'dao.order_dao_h.*', line: 1 }, { local: '*', target: 'vector.*', line: 2 },
    ]);
  });

  it('gives a class whose methods are defined here, declared in an included header, the header\'s class as base', async () => {
    const facts = await extractText('src/dao.cpp', '#include "dao.h"\nnamespace app {\nint Dao::count() const { return rows_; }\nvoid Dao::reset() { rows_ = 0; }\n}\n');
    expect(facts.units.map((u) => [u.name, u.kind, u.parent ?? '', (u.bases ?? []).join(','), (u.params ?? []).map((p) => p.name).join(',')])).toEqual([
      ['<module>', 'module', '', '', ''],
      ['Dao', 'class', '', 'dao_h.Dao', ''],
      ['Dao.count', 'method', 'Dao', '', 'this'],
      ['Dao.reset', 'method', 'Dao', '', 'this'],
    ]);
    // `rows_` is a member by its name: read and stored through `this`.
    expect(facts.units[2]!.steps).toEqual([{ op: 'return', line: 3, value: [{ ref: 'this', path: ['rows_'] }] }]);
  });

  it('constructs objects declared with arguments, the "most vexing parse" included, and names constructors __init__', async () => {
    const text = [
      'class Repo { public: explicit Repo(Db* db) : db_(db) {} static Repo open(); private: Db* db_; };',
      'void run(Db* db) {',
      '  app::Repo repo(db);',
      '  Repo copy = Repo::open();',
      '}',
    ].join('\n');
    const facts = await extractText('r.cpp', text);
    expect(facts.units.find((u) => u.name === 'Repo.__init__')!.steps).toEqual([{ op: 'assign', line: 1, target: { name: 'this', path: ['db_'] }, value: [{ ref: 'db' }], weak: true }]);
    expect(facts.units.find((u) => u.name === 'Repo.open')).toBeUndefined();
    const run = facts.units.find((u) => u.name === 'run')!.steps;
    expect(run.filter((s) => s.op === 'call')).toEqual([
      { op: 'call', line: 3, slot: 0, callee: 'app.Repo', fn: { ref: 'Repo' }, args: [[{ ref: 'db' }]] },
      { op: 'call', line: 4, slot: 1, callee: 'Repo.open', fn: { ref: 'Repo', path: ['open'] }, args: [] },
    ]);
  });

  it('resolves `using namespace std` and the receiver\'s declared type in stream insertions', async () => {
    const body = await steps('s.cpp', [
      'using namespace std;',
      'void f(const User& u) {',
      '  ofstream out("users.csv");',
      '  out << u.id << "," << u.email << "\\n";',
      '  cerr << "done" << endl;',
      '}',
    ].join('\n'), 'f');
    expect(body.filter((s) => s.op === 'open' || s.op === 'sink').map((s) => `${s.line} ${s.op} ${'callee' in s ? s.callee : ''}`)).toEqual([
      '3 open std.ofstream', '4 sink std.ofstream.operator<<', '5 sink std.cerr.operator<<',
    ]);
    const written = body.find((s) => s.op === 'sink' && s.line === 4)!;
    expect(written.op === 'sink' && [written.kind, written.asset, written.target]).toEqual(['file', 'file', [{ ref: 'out' }]]);
  });

  it('keeps the SQL text built in a text stream and in a buffer, for the call that runs it', async () => {
    const body = await steps('q.cpp', [
      'void q(sqlite3* db, int id, const char* email) {',
      '  std::ostringstream sql;',
      '  sql << "SELECT name FROM users WHERE id = " << id;',
      '  sqlite3_exec(db, sql.str().c_str(), nullptr, nullptr, nullptr);',
      '  char buf[256];',
      '  snprintf(buf, sizeof buf, "UPDATE users SET email = \'%s\'", email);',
      '  sqlite3_exec(db, buf, nullptr, nullptr, nullptr);',
      '}',
    ].join('\n'), 'q');
    expect(body.filter((s) => s.op === 'sql').map((s) => s.op === 'sql' && `${s.line} ${s.statement.operation} ${s.statement.text}`)).toEqual([
      '4 select SELECT name FROM users WHERE id = __lineage_p0__',
      "7 update UPDATE users SET email = '__lineage_p0__'",
    ]);
  });

  it('evaluates lambdas to what they return without returning from the enclosing function', async () => {
    const body = await steps('l.cpp', 'int g(const std::vector<User>& users) {\n  auto pick = [&](const User& u) { return u.email; };\n  for (const auto& u : users) { puts(pick(u)); }\n  return 0;\n}\n', 'g');
    expect(body.filter((s) => s.op === 'return')).toEqual([{ op: 'return', line: 4, value: [{ lit: '0' }] }]);
    expect(body.find((s) => s.op === 'assign' && s.target.name === 'pick')).toEqual({ op: 'assign', line: 2, target: { name: 'pick' }, value: [{ ref: 'u', path: ['email'] }] });
  });
  it('walks neither preprocessor conditions nor case labels as statements of a body', async () => {
    const text = [
      'int classify(int code, const char* email) {',
      '#if defined(USE_FAST) && __has_feature(cxx_rtti)',
      '  fast_path(code);',
      '#endif',
      '  switch (code) {',
      '    case lookup_code(1): syslog(LOG_INFO, "%s", email); break;',
      '    default: break;',
      '  }',
      '  return code;',
      '}',
    ].join('\n');
    const found = await steps('src/classify.cpp', text, 'classify');
    expect(found.map((s) => `${s.op} ${'callee' in s ? s.callee : ''} ${s.line}`)).toEqual(['call fast_path 3', 'sink syslog 6', 'return  9']);
  });
});
