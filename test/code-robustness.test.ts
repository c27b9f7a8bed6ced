/**
 * The C++ and PHP extractors on hostile input: deep nesting (iterative walkers, bounded expression depth), files
 * the grammar mostly fails on (a `low-parse-quality` gap, counted in coverage), and macros the grammar misreads.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText } from './helpers/extract.js';
import { scanReport } from './helpers/scan.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lineage-code-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const DEPTH = 3000;

describe('deeply nested code', () => {
  it('walks 3000 nested C++ blocks and a 3000-deep expression without overflowing, and still finds the sink', async () => {
    const blocks = `void f(int x, const char* password) {\n${'if (x) {\n'.repeat(DEPTH)}printf("%s", password);\n${'}\n'.repeat(DEPTH)}}\n`;
    const expression = `void g(const char* email) {\n  int y = ${'('.repeat(DEPTH)}email${')'.repeat(DEPTH)};\n  puts(email);\n}\n`;
    const report = await scanReport(tree({ 'deep.cpp': blocks, 'expr.cpp': expression }));
    expect(report.gaps.filter((g) => g.kind === 'extractor-error')).toEqual([]);
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.callee} <- ${f.source.name}`)).toEqual([
      `deep.cpp:${DEPTH + 2} printf <- password`,
      'expr.cpp:3 puts <- email',
    ]);
    expect(report.gaps.map((g) => `${g.kind} ${g.file}:${g.line}`)).toContain('deep-expression expr.cpp:2');
  });

  it('walks 3000 nested PHP blocks and a 3000-deep concatenation', async () => {
    const blocks = `<?php\nfunction f($x, $ssn) {\n${'if ($x) {\n'.repeat(DEPTH)}error_log($ssn);\n${'}\n'.repeat(DEPTH)}}\n`;
    const concat = `<?php\n$s = ${'"a" . '.repeat(DEPTH)}$email;\necho $s;\n`;
    const report = await scanReport(tree({ 'deep.php': blocks, 'concat.php': concat }));
    expect(report.gaps.filter((g) => g.kind === 'extractor-error')).toEqual([]);
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.callee} <- ${f.source.name}`)).toEqual([
      'concat.php:3 echo <- email',
      `deep.php:${DEPTH + 3} error_log <- ssn`,
    ]);
  });
});

describe('files the grammar mostly fails on', () => {
  it('become low-parse-quality gaps, keep what was understood, and are counted in coverage', async () => {
    const garbage = `${'@@ ### $$ ``` \\\\ '.repeat(200)}\nvoid ok(const char* email) { puts(email); }\n`;
    const report = await scanReport(tree({ 'garbage.cpp': garbage, 'fine.cpp': 'int main() { return 0; }\n' }));
    expect(report.gaps.map((g) => `${g.kind} ${g.file}:${g.line}`)).toEqual(['low-parse-quality garbage.cpp:0']);
    expect(report.gaps[0]!.detail).toMatch(/^only \d+% of the file parsed as cpp; its facts are partial$/);
    expect(report.coverage.files).toMatchObject({ analysed: 2, parsedCleanly: 1, lowParseQuality: 1 });
    expect(report.summary.languages.cpp).toMatchObject({ files: 2, parseErrorFiles: 1 });
  });

  it('keeps the calls inside macros the grammar misreads (ERROR nodes)', async () => {
    const facts = await extractText('m.cpp', 'void f(User& u) {\n  DEFINE_THING(a, b c)\n  LOG(INFO) << "user " << u.email;\n}\n');
    expect(facts.parse.errorBytes).toBeGreaterThan(0);
    const f = facts.units.find((u) => u.name === 'f')!;
    expect(f.steps.filter((s) => s.op === 'sink')).toMatchObject([{ line: 3, kind: 'log', callee: 'LOG.operator<<' }]);
  });
});
