/**
 * Library models of C++, PHP and Hack: every file loads with the one schema (its additive sections included), and
 * the features they add behave as documented in docs/models.md (argument conditions, operator names, prepared
 * statements, clients, callbacks).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModels, matchesCall, ModelIndex, parseModels } from '../src/extract/models.js';
import { REPO_ROOT } from './helpers/cli.js';
import { extractText } from './helpers/extract.js';

describe('C++, PHP and Hack models', () => {
  it('load from grammars/cpp, grammars/php and grammars/hack, split by concern', () => {
    const files = (language: string) => readdirSync(path.join(REPO_ROOT, 'grammars', language)).filter((f) => f.endsWith('.yaml')).sort();
    expect(files('cpp')).toEqual(['builtins.yaml', 'files.yaml', 'logging.yaml', 'messaging.yaml', 'mysql.yaml', 'network.yaml', 'postgres.yaml', 'sqlite.yaml', 'third_party.yaml']);
    expect(files('php')).toEqual(['builtins.yaml', 'databases.yaml', 'doctrine.yaml', 'files.yaml', 'http.yaml', 'laravel.yaml', 'logging.yaml', 'messaging.yaml', 'third_party.yaml', 'web.yaml']);
    expect(files('hack')).toEqual(['async_mysql.yaml']);
    const cpp = loadModels('cpp');
    expect(cpp.statements.some((m) => m.call === 'sqlite3_bind_text' && m.action === 'bind')).toBe(true);
    const hack = loadModels('php+hack');
    // Hack has the PHP models and its own.
    expect(hack.sql.some((m) => m.call === 'PDO.prepare')).toBe(true);
    expect(hack.sql.some((m) => m.call === 'AsyncMysqlConnection.queryf' && m.params === 'printf')).toBe(true);
    expect(loadModels('php').sql.some((m) => m.call.startsWith('AsyncMysql'))).toBe(false);
  });

  it('reports bad entries of the new sections with their file and line', () => {
    expect(() => parseModels('version: 1\nstatements:\n  - { call: "sqlite3_step", action: execute, handle: { arg: 0 } }\n', 'a.yaml'))
      .toThrow(/^a\.yaml:3: .*action/);
    expect(() => parseModels('version: 1\nsinks:\n  - { call: "send", kind: network, when: [{ arg: 0, matches: "(" }] }\n', 'b.yaml'))
      .toThrow(/^b\.yaml:3: .*regular expression/);
    expect(() => parseModels('version: 1\nclients:\n  - { call: "curl_init" }\n', 'c.yaml')).toThrow(/^c\.yaml:3: .*url/);
  });

  it('names C++ operators as the last name of a call', () => {
    expect(matchesCall('std.ofstream.operator<<', 'std.ofstream.operator<<')).toBe(true);
    expect(matchesCall('*.operator<<', 'audit_log.operator<<')).toBe(true);
    expect(matchesCall('LOG.operator<<', 'LOG.info')).toBe(false);
    expect(() => parseModels('version: 1\nsinks:\n  - { call: "a.operator+", kind: log }\n', 'd.yaml')).toThrow(/^d\.yaml:3: /);
  });

  it('checks argument conditions, trying conditioned models before the others', () => {
    const index = new ModelIndex([
      { call: 'fprintf', kind: 'file' },
      { call: 'fprintf', kind: 'stdout', when: [{ arg: 0, is: ['stderr', 'stdout'] }] },
      { call: 'file_get_contents', kind: 'http', when: [{ arg: 0, matches: '^https?://' }] },
    ]);
    expect(index.find(['fprintf'], undefined, (i) => (i === 0 ? { text: 'stderr' } : undefined))?.kind).toBe('stdout');
    expect(index.find(['fprintf'], undefined, (i) => (i === 0 ? { text: 'log_file' } : undefined))?.kind).toBe('file');
    // Without argument texts, conditioned models never match.
    expect(index.find(['fprintf'], undefined)?.kind).toBe('file');
    expect(index.find(['file_get_contents'], undefined, () => ({ prefix: 'https://api.example/' }))?.kind).toBe('http');
    expect(index.find(['file_get_contents'], undefined, () => ({ prefix: '/etc/' }))).toBeUndefined();
  });

  it('applies them in extraction: stderr is stdout, a FILE* is a file, a curl handle carries its URL', async () => {
    const facts = await extractText('a.c', [
      'void f(FILE* out, const char* email) {',
      '  fprintf(stderr, "email=%s", email);',
      '  fprintf(out, "email=%s", email);',
      '  CURL* h = curl_easy_init();',
      '  curl_easy_setopt(h, CURLOPT_URL, "https://api.vendor.example/v1/users");',
      '  curl_easy_setopt(h, CURLOPT_POSTFIELDS, email);',
      '}',
    ].join('\n'));
    const sinks = facts.units.find((u) => u.name === 'f')!.steps.filter((s) => s.op === 'sink');
    expect(sinks.map((s) => s.op === 'sink' && `${s.line} ${s.kind} ${s.callee} ${JSON.stringify(s.target ?? null)}`)).toEqual([
      '2 stdout fprintf null',
      '3 file fprintf [{"ref":"out"}]',
      '5 http curl_easy_setopt [{"lit":"https://api.vendor.example/v1/users"}]',
      '6 http curl_easy_setopt [{"lit":"https://api.vendor.example/v1/users"}]',
    ]);
    // "email=%s" keeps the text that names the value next to it.
    const first = sinks[0]!;
    expect(first.op === 'sink' && first.value).toEqual([{ concat: [[{ lit: 'email=' }], [{ ref: 'email' }]] }]);
  });
});
