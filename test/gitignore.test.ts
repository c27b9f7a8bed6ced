import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../bench/generate.js';
import { Gitignore } from '../src/discover/gitignore.js';
import { runCli } from './helpers/cli.js';
import { writeTree } from './helpers/tree.js';

/**
 * git's own verdicts (`git check-ignore`, no index) on paths that exist in `repo`: folders end with `/` here and
 * are given to git without it, so git looks at the folder itself. (A path that does not exist, written with a
 * trailing `/`, is matched by git as text, and `a/*` then claims the folder `a/`.)
 */
function gitVerdicts(repo: string, gitignore: string, paths: readonly string[]): boolean[] {
  writeFileSync(path.join(repo, '.gitignore'), gitignore);
  const result = spawnSync('git', ['-C', repo, 'check-ignore', '--stdin', '-v', '-n', '--no-index'], {
    input: paths.map((p) => p.replace(/\/$/, '')).join('\n') + '\n', encoding: 'utf8',
  });
  const lines = result.stdout.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(paths.length);
  // `<source>:<line>:<pattern>\t<path>`; `::\t<path>` when nothing matched; a `!pattern` un-ignores.
  return lines.map((line) => {
    const [source] = line.split('\t');
    const pattern = source!.split(':').slice(2).join(':');
    return source !== '::' && !pattern.startsWith('!');
  });
}

/** A git repository holding the paths (folders end with `/`); a file whose name another path uses as a folder is left out. */
function gitRepo(paths: readonly string[]): { repo: string; paths: string[] } {
  const repo = writeTree({});
  spawnSync('git', ['init', '-q', repo]);
  const folders = new Set<string>();
  for (const p of paths) {
    const parts = p.replace(/\/$/, '').split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
    if (p.endsWith('/')) folders.add(parts.join('/'));
  }
  const kept = [...new Set(paths)].filter((p) => p.endsWith('/') || !folders.has(p));
  for (const folder of folders) mkdirSync(path.join(repo, folder), { recursive: true });
  for (const file of kept.filter((p) => !p.endsWith('/'))) writeFileSync(path.join(repo, file), '');
  return { repo, paths: kept };
}

const PATHS = [
  'a', 'b/', 'bar', 'foo/', 'x.py', 'src/x.py', 'src/deep/x.py', 'build/', 'build/out.py', 'src/build/', 'src/build/x.py',
  'doc/a.txt', 'doc/sub/a.txt', 'top', 'src/top', 'a b', 'a  ', 'lib/x.pyc', '#note', '!bang', 'abc/', 'abc/d/', 'abc/d/e.py',
  'Build/', 'X.PY', 'vendor/pkg/a.py', 'dir/a/b/c/z.py', 'zx/bar.pyc', 'zx/sub/', 'zx/sub/f',
];

describe('.gitignore patterns', () => {
  it('match as git matches them, on the patterns of gitignore(5)', () => {
    const { repo, paths } = gitRepo(PATHS);
    expect(paths).toHaveLength(PATHS.length);
    const cases = [
      'build/', '/top', '*.py\n!src/*.py', 'doc/**/a.txt', '**/build', 'abc/**', 'abc/**/', '*/**/', 'a?c/', '[a-c]*', '[!a-c]*.py',
      '\\#note\n\\!bang', 'a\\ \\ ', 'a b', '*.PY', 'src/**/x.py', '**/*.pyc', 'vendor/*', 'dir/**/z.py', '**', '*', '/*', 'a/**/b',
      '# a comment\n\n   \nfoo', 'foo/', 'src/\n!src/x.py', '[]]', '[a-', 'x[.]py',
    ];
    for (const gitignore of cases) {
      const ours = new Gitignore(gitignore);
      expect(paths.map((p) => ours.ignores(p)), gitignore).toEqual(gitVerdicts(repo, gitignore, paths));
    }
  });

  it('match as git matches them, on a thousand random pattern lists', () => {
    const random = seededRandom(7);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const segments = ['a', 'b', 'foo', 'x.py', '*.py', '*', '?', '[ab]', '[!a]*', '**', 'a*', '*b', 'f?o', '[a-c]', 'a.*', '\\*x'];
    const names = ['a', 'b', 'foo', 'x.py', 'ab', 'ba', 'aa.py', 'c', 'fxo', '*x', 'bar.pyc'];
    const lists: string[] = [];
    for (let n = 0; n < 1000; n++) {
      const lines: string[] = [];
      for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
        let pattern = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(segments)).join('/');
        if (random() < 0.2) pattern = `/${pattern}`;
        if (random() < 0.2) pattern = `${pattern}/`;
        if (random() < 0.25) pattern = `!${pattern}`;
        lines.push(pattern);
      }
      lists.push(lines.join('\n'));
    }
    const { repo, paths } = gitRepo(Array.from({ length: 60 }, () => {
      const file = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(names)).join('/');
      return random() < 0.4 ? `${file}/` : file;
    }));
    expect(paths.length).toBeGreaterThan(30);
    let differences = 0;
    let ignored = 0;
    for (const gitignore of lists) {
      const ours = new Gitignore(gitignore);
      const git = gitVerdicts(repo, gitignore, paths);
      paths.forEach((p, i) => {
        if (ours.ignores(p) !== git[i]) differences++;
        if (git[i]) ignored++;
      });
    }
    expect(differences).toBe(0);
    // Both answers are common, so the comparison says something.
    expect(ignored / (lists.length * paths.length)).toBeGreaterThan(0.2);
    expect(ignored / (lists.length * paths.length)).toBeLessThan(0.8);
  });

  it('take time linear in the path, however many wildcards a pattern has', () => {
    // Translated to a backtracking RegExp, the first pattern took minutes on a 60-character name.
    const ours = new Gitignore('*a*a*a*a*a*a*a*a*a*a*a*a*b\n**/**/**/**/**/**/**/**/x\n[a][a][a]*[a]*[a]*[a]*[a]*c');
    const started = process.hrtime.bigint();
    for (const n of [60, 200, 1000]) {
      expect(ours.ignores(`${'a'.repeat(n)}.py`)).toBe(false);
      expect(ours.ignores(`${'a/'.repeat(n)}y`)).toBe(false);
    }
    // A bound far above the few milliseconds this takes, and far below the old behaviour.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5000);
  });

  it('a scanned tree with such a .gitignore finishes', () => {
    const name = `${'a'.repeat(60)}.py`;
    const root = writeTree({ '.gitignore': '*a*a*a*a*a*a*a*a*a*a*a*a*b\n', [name]: 'import os\n', 'etl/load.sql': 'INSERT INTO mart.t SELECT * FROM raw.t;\n' });
    const result = runCli(['scan', root, '--format', 'json', '--no-cache'], { timeout: 60_000 });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).coverage.files.analysed).toBe(2);
  });
});
