/**
 * Where the facts cache lives by default: outside the scanned tree, in the user's cache folder
 * (`$XDG_CACHE_HOME/lineage`, else `~/.cache/lineage`), so a scan never writes into the repository it reads.
 */
import { homedir } from 'node:os';
import path from 'node:path';

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'lineage');
  let home = '';
  try {
    home = homedir();
  } catch {
    return null;
  }
  return home ? path.join(home, '.cache', 'lineage') : null;
}
