import { spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageByContent, languageByName } from '../src/discover/language.js';
import { discover } from '../src/discover/walk.js';
import { isInside } from '../src/util/is-inside.js';
import { writeTree } from './helpers/tree.js';

const tree = (files: Record<string, string>) => writeTree(files, 'lineage-discover-');

async function found(root: string, options: { include?: string[]; exclude?: string[]; gitignore?: boolean } = {}) {
  const result = await discover({ root, include: options.include ?? [], exclude: options.exclude ?? [], gitignore: options.gitignore ?? true });
  return result;
}

describe('language detection', () => {
  it('maps extensions', () => {
    expect(['a.py', 'b.cc', 'c.hpp', 'd.H', 'e.php', 'f.hack', 'g.hck', 'h.sql', 'i.js', 'j.pyc'].map(languageByName)).toEqual([
      'python', 'cpp', 'cpp', 'cpp', 'php', 'hack', 'hack', 'sql', null, null,
    ]);
  });

  it('reads the first line where content decides', () => {
    expect(languageByContent('x.php', '<?hh // strict\nfunction f() {}', 'php')).toBe('hack');
    expect(languageByContent('x.php', '<?php\necho 1;', 'php')).toBe('php');
    expect(languageByContent('bin/tool', '#!/usr/bin/env python3\nprint(1)', 'content')).toBe('python');
    expect(languageByContent('Makefile', 'all:\n\tmake', 'content')).toBeNull();
  });
});

describe('isInside', () => {
  it('tells a child named `..something` from a path that leaves the root', () => {
    expect(isInside('/repo', '/repo')).toBe(true);
    expect(isInside('/repo', '/repo/..cache/x.py')).toBe(true);
    expect(isInside('/repo', '/repo/../other')).toBe(false);
    expect(isInside('/repo', '/repository')).toBe(false);
    expect(isInside('/repo', '/')).toBe(false);
  });
});

describe('discover', () => {
  it('honours nested .gitignore files, including negations, in git order', async () => {
    const root = tree({
      '.gitignore': 'build/\n*.gen.sql\n',
      'a.sql': 'select 1',
      'b.gen.sql': 'select 1',
      'build/c.sql': 'select 1',
      'sub/.gitignore': '!keep.gen.sql\nlocal.py\n',
      'sub/keep.gen.sql': 'select 1',
      'sub/local.py': 'x = 1',
      'sub/other.py': 'x = 1',
      'node_modules/pkg/x.py': 'x = 1',
    });
    const result = await found(root);
    expect(result.files.map((f) => f.file)).toEqual(['a.sql', 'sub/keep.gen.sql', 'sub/other.py']);
    const all = await found(root, { gitignore: false });
    expect(all.files.map((f) => f.file)).toEqual(['a.sql', 'b.gen.sql', 'build/c.sql', 'sub/keep.gen.sql', 'sub/local.py', 'sub/other.py']);
  });

  it('applies --include and --exclude with .gitignore syntax', async () => {
    const root = tree({ 'etl/a.py': 'x', 'etl/tests/test_a.py': 'x', 'sql/b.sql': 'select 1', 'vendor/c.py': 'x' });
    expect((await found(root, { exclude: ['tests/', 'vendor'] })).files.map((f) => f.file)).toEqual(['etl/a.py', 'sql/b.sql']);
    expect((await found(root, { include: ['*.sql'] })).files.map((f) => f.file)).toEqual(['sql/b.sql']);
  });

  it('detects Hack in .php files and scripts by shebang', async () => {
    const root = tree({ 'a.php': '<?hh\nfunction f(): void {}', 'b.php': '<?php\n', 'tool': '#!/usr/bin/python3\n', 'README': 'hello' });
    expect((await found(root)).files.map((f) => [f.file, f.language])).toEqual([['a.php', 'hack'], ['b.php', 'php'], ['tool', 'python']]);
  });

  it('never follows symbolic links: loops and links out of the root are gaps, links inside are scanned once', async () => {
    const outside = tree({ 'secret.sql': 'select 1' });
    const root = tree({ 'models/a.sql': 'select 1' });
    symlinkSync('self', path.join(root, 'self'));
    symlinkSync('..', path.join(root, 'models/up'));
    symlinkSync(outside, path.join(root, 'elsewhere'));
    symlinkSync(path.join(root, 'models/a.sql'), path.join(root, 'alias.sql'));
    const result = await found(root);
    expect(result.files.map((f) => f.file)).toEqual(['models/a.sql']);
    expect(result.gaps.map((g) => [g.kind, g.file])).toEqual([
      ['symlink-outside-root', 'elsewhere'],
      ['symlink-loop', 'models/up'],
      ['symlink-loop', 'self'],
    ]);
  });

  it.runIf(process.platform !== 'win32')('never opens a named pipe called like code, and says so (opening one blocks)', async () => {
    const root = tree({ 'etl/load.py': 'print(1)\n' });
    expect(spawnSync('mkfifo', [path.join(root, 'etl/schema.sql'), path.join(root, 'etl/feed.py'), path.join(root, 'etl/notes')]).status).toBe(0);
    const result = await found(root);
    expect(result.files.map((f) => f.file)).toEqual(['etl/load.py']);
    expect(result.gaps).toEqual([
      { kind: 'unreadable-file', file: 'etl/feed.py', line: 0, detail: 'not a regular file (a named pipe); not read', severity: 'warning' },
      { kind: 'unreadable-file', file: 'etl/schema.sql', line: 0, detail: 'not a regular file (a named pipe); not read', severity: 'warning' },
    ]);
  });

  it('lists dbt project files for later stages', async () => {
    const root = tree({ 'wh/dbt_project.yml': 'name: x', 'wh/models/a.sql': 'select 1' });
    expect((await found(root)).projectFiles).toEqual(['wh/dbt_project.yml']);
  });
});
