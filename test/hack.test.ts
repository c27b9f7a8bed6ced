/**
 * Hack: the length-preserving normaliser and a Hack service over two files (fixtures/hack-service) with async
 * functions, shapes, generics, attributes and lambdas. Expectations reviewed by hand against the fixture files.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeHack } from '../src/extract/php/hack.js';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { extractText } from './helpers/extract.js';
import { scanReport } from './helpers/scan.js';

describe('Hack normaliser', () => {
  it.each([
    ['<?hh // strict\n$x = 1;', '     // strict\n$x = 1;'],
    ['$r = await f();', '$r =       f();'],
    ['public async function a(): Awaitable<vec<int>> {}', `public       function a(): Awaitable${' '.repeat(10)} {}`],
    ['$v = vec[1, 2]; $d = dict["a" => 1];', '$v =    [1, 2]; $d =     ["a" => 1];'],
    ['<<__Memoize>>\nfunction f<T>(T $x): T {}', '#[__Memoize] \nfunction f   (T $x): T {}'],
    ['$f = $x ==> $x + 1;', '$f = $x =   $x + 1;'],
    ['use type Foo\\Bar;', 'use      Foo\\Bar;'],
    ['function g(inout int $n): void {}', 'function g(      int $n): void {}'],
    ['return shape("a" => 1);', 'return array("a" => 1);'],
    ['type T = shape("a" => int);\n$y = 2;', '                           \n$y = 2;'],
    ['if ($p is null) {}', 'if ($p == null) {}'],
    ['const string URL = "x";', 'const        URL = "x";'],
    // Strings and comments are left alone.
    ['$s = "await vec[1]"; // async <<x>>', '$s = "await vec[1]"; // async <<x>>'],
  ])('rewrites %j without moving anything', (input, expected) => {
    const output = normalizeHack(input);
    expect(output).toBe(expected);
    expect(output.length).toBe(input.length);
  });

  it('keeps every line break of a realistic file, so positions stay exact', async () => {
    const text = '<?hh\nnamespace A;\n\nasync function f(): Awaitable<dict<string, vec<int>>> {\n  $x = await g();\n  error_log("x" . $x["email"]);\n}\n';
    expect(normalizeHack(text).split('\n').map((l) => l.length)).toEqual(text.split('\n').map((l) => l.length));
    const facts = await extractText('src/a.php', text);
    expect(facts.language).toBe('hack');
    expect(facts.parse).toEqual({ errorBytes: 0, quality: 1 });
    const sink = facts.units.find((u) => u.name === 'f')!.steps.find((s) => s.op === 'sink')!;
    expect(sink).toMatchObject({ line: 6, kind: 'log', callee: 'error_log' });
  });
});

describe('Hack service (fixtures/hack-service)', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scanReport(path.join(REPO_ROOT, 'fixtures/hack-service'));
  });

  it('parses both files without error nodes once normalised', () => {
    expect(report.summary.languages).toEqual({ hack: { files: 2, lines: 70, parseErrorFiles: 0 } });
    expect(report.gaps).toEqual([]);
  });

  it('finds the SQL of queryf (printf-style parameters) and query', () => {
    expect(report.jobs.map((j) => `${j.id} ${j.kind === 'sql' ? `${j.callee}@${j.callLine} ${j.operation}` : j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      // The profile fetched (accounts.profiles) is posted on the handle curl_init('https://api.smsvendor.example/...') bound.
      'src/Notifier.hack#1 Notifier.welcomeAsync: table:accounts.profiles -> api:api.smsvendor.example/v1/messages',
      'src/ProfileRepository.hack#1 AsyncMysqlConnection.queryf@15 select: table:accounts.profiles -> ',
      'src/ProfileRepository.hack#2 AsyncMysqlConnection.query@33 select: table:accounts.profiles -> ',
      'src/ProfileRepository.hack#3 AsyncMysqlConnection.queryf@38 insert:  -> table:accounts.profile_visits',
    ]);
    const insert = report.jobs.find((j) => j.id === 'src/ProfileRepository.hack#3')!;
    expect(insert.kind === 'sql' && insert.sql).toBe('INSERT INTO accounts.profile_visits (profile_id, ip_address, seen_at) VALUES (?, ?, NOW())');
  });

  it('follows the profile from the table through the awaited call in the other file to the log and the SMS vendor', () => {
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} ${f.sink.callee} <- ${f.source.asset}.${f.source.column}${f.sink.target ? ` -> ${f.sink.target}` : ''}`)).toEqual([
      'src/Notifier.hack:13 log error_log <- table:accounts.profiles.email',
      'src/Notifier.hack:19 third_party curl_setopt <- table:accounts.profiles.phone -> api.smsvendor.example/v1/messages',
    ]);
    expect(report.flows[1]!.path.map((p) => `${path.basename(p.file)}:${p.line} ${p.note}`)).toEqual([
      'ProfileRepository.hack:15 read table:accounts.profiles.phone (AsyncMysqlConnection.queryf)',
      'ProfileRepository.hack:19 rows = …',
      'ProfileRepository.hack:23 row = …',
      'ProfileRepository.hack:24 returned by ProfileRepository.fetchAsync',
      'Notifier.hack:9 profile = …',
      'Notifier.hack:14 payload = …',
      'Notifier.hack:19 third_party sink curl_setopt',
    ]);
  });
});
