import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReportSchema } from '../src/report/json/write-schema.js';
import { Report } from '../src/report/json/schema.js';
import { DEMO, REPO_ROOT, runCli } from './helpers/cli.js';
import { hostileTree } from './helpers/hostile.js';

const SCHEMA_FILE = path.join(REPO_ROOT, 'schema/report.schema.json');
const published = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(published);

describe('the published JSON Schema of the report', () => {
  it('is the one generated from the zod contract (run `npm run schema` after changing it)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderReportSchema());
  });

  const cases: Array<[string, string[]]> = [
    ['the demo', ['scan', DEMO, '--format', 'json']],
    ['the python fixture', ['scan', path.join(REPO_ROOT, 'fixtures/python-embedded-sql'), '--format', 'json']],
    ['a tree of bad inputs', ['scan', hostileTree(), '--format', 'json', '--max-file-size', '2k']],
    ['suppressions in every language', ['scan', path.join(REPO_ROOT, 'fixtures/suppressions'), '--format', 'json']],
    ['the demo against a baseline', ['scan', DEMO, '--format', 'json', '--baseline', path.join(REPO_ROOT, 'fixtures/baselines/demo-empty.json')]],
  ];
  it.each(cases)('validates every report the tool writes: %s', (_name, args) => {
    const result = runCli(args);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const ok = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(Report.safeParse(report).success).toBe(true);
  });

  it('rejects a report that breaks the contract', () => {
    const report = JSON.parse(runCli(['scan', DEMO, '--format', 'json']).stdout);
    report.jobs[0].line = 'twelve';
    delete report.summary.assets;
    expect(validate(report)).toBe(false);
  });
});
