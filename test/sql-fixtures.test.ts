/**
 * Runs every SQL fixture (fixtures/sql/<dialect>/...) and compares its jobs, tables and column lineage with
 * the reviewed expectations beside it. UPDATE_SQL_FIXTURES=1 (npm run fixtures:sql) rewrites them instead.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { dialectFolders, expectationPath, expectedFor, scanFolder, sqlCases } from './helpers/sql-fixtures.js';

const update = process.env.UPDATE_SQL_FIXTURES === '1';

describe.each(dialectFolders())('SQL fixtures: %s', (folder) => {
  let report: Report | undefined;
  const cases = sqlCases(folder);

  it.each(cases)('%s', async (file) => {
    report ??= await scanFolder(folder);
    const actual = expectedFor(report, file);
    const target = expectationPath(folder, file);
    if (update) {
      writeFileSync(target, JSON.stringify(actual, null, 2) + '\n');
      return;
    }
    expect(existsSync(target), `${target} is missing: run npm run fixtures:sql and review it`).toBe(true);
    expect(actual).toEqual(JSON.parse(readFileSync(target, 'utf8')));
  });
});
