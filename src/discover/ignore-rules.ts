/**
 * .gitignore semantics for a whole tree: every .gitignore applies to the paths below its folder, deeper files
 * are consulted later so their rules (including `!negations`) win, as in git.
 */
import ignore, { type Ignore } from 'ignore';

interface Level { dir: string; rules: Ignore }

export class IgnoreRules {
  private readonly levels: Level[] = [];

  /** `dir` is the folder of the .gitignore relative to the root ('' for the root itself). */
  add(dir: string, content: string): void {
    this.levels.push({ dir, rules: ignore().add(content) });
    // Shallow folders first, so deeper rules are applied last.
    this.levels.sort((a, b) => depth(a.dir) - depth(b.dir) || (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  }

  ignores(relPath: string): boolean {
    let ignored = false;
    for (const { dir, rules } of this.levels) {
      if (dir !== '' && !relPath.startsWith(dir + '/')) continue;
      const local = dir === '' ? relPath : relPath.slice(dir.length + 1);
      const result = rules.test(local);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}

function depth(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}

/** A list of user patterns in .gitignore syntax (`vendor/`, `*.test.py`, `/build`). */
export function patternMatcher(patterns: readonly string[]): (relPath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const rules = ignore().add([...patterns]);
  return (relPath) => rules.ignores(relPath);
}
