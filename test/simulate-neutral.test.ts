/**
 * The simulator knows no language: every language's extractor feeds it the same IR. No language, library or
 * framework name may appear in src/simulate (code or comments).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../src/facts/schema.js';
import { REPO_ROOT } from './helpers/cli.js';

const DIR = path.join(REPO_ROOT, 'src/simulate');
const NAMES = [...LANGUAGES, 'c\\+\\+', 'pandas', 'django', 'flask', 'fastapi', 'spark', 'sqlalchemy', 'psycopg', 'laravel', 'hhvm', 'boost'];

describe('src/simulate is language-neutral', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

  it('has modules to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  for (const file of files) {
    it(`${file} names no language, library or framework`, () => {
      const text = readFileSync(path.join(DIR, file), 'utf8');
      const found = NAMES.filter((name) => new RegExp(name, 'i').test(text));
      expect(found).toEqual([]);
    });
  }
});
