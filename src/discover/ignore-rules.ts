/**
 * .gitignore semantics for a whole tree: every .gitignore applies to the paths below its folder, deeper files
 * are consulted later so their rules (including `!negations`) win, as in git.
 */
import { Gitignore } from './gitignore.js';

export class IgnoreRules {
  /** Folder of a .gitignore relative to the root ('' for the root) -> its rules. */
  private readonly levels = new Map<string, Gitignore>();

  /** `dir` is the folder of the .gitignore relative to the root ('' for the root itself). */
  add(dir: string, content: string): void {
    this.levels.set(dir, new Gitignore(content));
  }

  /** Folder paths end with `/`. Only the .gitignore files of the path's own ancestor folders are consulted. */
  ignores(relPath: string): boolean {
    if (this.levels.size === 0) return false;
    let ignored = false;
    const apply = (dir: string) => {
      const rules = this.levels.get(dir);
      if (!rules) return;
      const result = rules.test(dir === '' ? relPath : relPath.slice(dir.length + 1));
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    };
    // Shallow folders first, so deeper rules (and their negations) decide last, as in git.
    apply('');
    for (let at = relPath.indexOf('/'); at !== -1 && at < relPath.length - 1; at = relPath.indexOf('/', at + 1)) {
      apply(relPath.slice(0, at));
    }
    return ignored;
  }
}

/** A list of user patterns in .gitignore syntax (`vendor/`, `*.test.py`, `/build`). */
export function patternMatcher(patterns: readonly string[]): (relPath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const rules = new Gitignore(patterns);
  return (relPath) => rules.ignores(relPath);
}
