/**
 * Discovery: which files of a tree are analysed, in which language, and which are skipped and why.
 * Symbolic links are never followed: a link to something inside the root is analysed at its real path,
 * and a link that leaves the root, loops or dangles becomes a gap.
 */
import { closeSync, openSync, readSync, statSync, type Dirent } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Gap, Language } from '../facts/schema.js';
import { IgnoreRules, patternMatcher } from './ignore-rules.js';
import { languageByContent, languageByName } from './language.js';
import { walkTree } from './tree-walk.js';
import { isInside } from '../util/is-inside.js';
import { readTreeFile } from './read.js';

/** Far more than any real .gitignore holds. */
const MAX_GITIGNORE_BYTES = 16 * 1024 * 1024;

export interface DiscoverOptions {
  root: string;
  include: readonly string[];
  exclude: readonly string[];
  /** Honour .gitignore files (default true). */
  gitignore: boolean;
}

export interface DiscoveredFile {
  /** Path relative to the root, forward slashes. */
  file: string;
  absPath: string;
  language: Language;
  size: number;
}

export interface Discovery {
  files: DiscoveredFile[];
  gaps: Gap[];
  /** Other files later stages want to see (dbt_project.yml), relative paths. */
  projectFiles: string[];
}

/** Folders nobody wants scanned, at any depth: VCS data, dependencies, virtualenvs, caches. */
export const DEFAULT_EXCLUDED_FOLDERS: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache',
  '.lineage-cache',
]);

const PROJECT_FILE_NAMES = new Set(['dbt_project.yml']);
const HEAD_BYTES = 256;

/** The first bytes of a file (synchronous, like all per-file reads: see readRaw). */
function readHead(absPath: string): string {
  const fd = openSync(absPath, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const bytesRead = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Why a path cannot be opened: a name that is not UTF-8 comes back from the file system altered. */
function unopenable(rel: string, code: string): string {
  return rel.includes('\uFFFD') ? `its name is not valid UTF-8 and cannot be opened (${code})` : code;
}

function symlinkGap(file: string, kind: string, detail: string): Gap {
  return { kind, file, line: 0, detail, severity: 'warning' };
}

/** What an entry that is neither a file, a folder nor a link is, in words; undefined for those three. */
function specialKind(entry: Dirent): string | undefined {
  if (entry.isFIFO()) return 'a named pipe';
  if (entry.isSocket()) return 'a socket';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'a device';
  return undefined;
}

export async function discover(options: DiscoverOptions): Promise<Discovery> {
  const root = await realpath(options.root);
  const rules = new IgnoreRules();
  const excluded = patternMatcher(options.exclude);
  const included = options.include.length > 0 ? patternMatcher(options.include) : () => true;

  // Ignored and excluded folders are never entered; files are filtered below.
  const entries: Array<{ path: string; dirent: Dirent }> = [];
  const folderGaps: Gap[] = [];
  await walkTree(root, {
    enter: async (dir, dirents) => {
      if (!options.gitignore || !dirents.some((d) => d.name === '.gitignore' && d.isFile())) return;
      // Read as a tree file (regular, no link, never blocking, bounded): an unreadable .gitignore ignores nothing.
      const text = readTreeFile(path.join(root, dir, '.gitignore'), MAX_GITIGNORE_BYTES);
      if (text) rules.add(dir, text.toString('utf8'));
    },
    skipFolder: (rel, name) => DEFAULT_EXCLUDED_FOLDERS.has(name) || rules.ignores(`${rel}/`) || excluded(`${rel}/`),
    entry: (rel, dirent) => entries.push({ path: rel, dirent }),
    unreadable: (rel, code) => folderGaps.push({
      kind: 'unreadable-folder', file: rel, line: 0, detail: `cannot list folder (${unopenable(rel, code)}); files in it are not scanned`, severity: 'error',
    }),
  });
  const files: DiscoveredFile[] = [];
  const gaps: Gap[] = [...folderGaps];
  const projectFiles: string[] = [];

  for (const entry of entries) {
    const rel = entry.path;
    if (rules.ignores(rel) || excluded(rel) || !included(rel)) continue;
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    if (PROJECT_FILE_NAMES.has(base) && entry.dirent.isFile()) projectFiles.push(rel);
    const absPath = path.join(root, rel);

    if (entry.dirent.isSymbolicLink()) {
      const gap = await checkSymlink(root, rel, absPath);
      if (gap) gaps.push(gap);
      continue;
    }
    const byName = languageByName(rel);
    if (!entry.dirent.isFile()) {
      // A named pipe or device called like code (`schema.sql`) is never opened: a pipe would block the scan.
      const what = specialKind(entry.dirent);
      if (what && byName !== null && byName !== 'content') {
        gaps.push({ kind: 'unreadable-file', file: rel, line: 0, detail: `not a regular file (${what}); not read`, severity: 'warning' });
      }
      continue;
    }
    if (byName === null) continue;
    let language: Language | null = byName === 'content' ? null : byName;
    let size: number;
    try {
      size = statSync(absPath).size;
      if (byName === 'content' || byName === 'php') language = languageByContent(rel, readHead(absPath), byName);
    } catch (error) {
      if (byName !== 'content') {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        gaps.push({ kind: 'unreadable-file', file: rel, line: 0, detail: `cannot read file (${unopenable(rel, code)})`, severity: 'error' });
      }
      continue;
    }
    if (language === null) continue;
    files.push({ file: rel, absPath, language, size });
  }

  files.sort((a, b) => compareStrings(a.file, b.file));
  projectFiles.sort(compareStrings);
  gaps.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.kind, b.kind));
  return { files, gaps, projectFiles };
}

/** A link inside the root is analysed at its target's own path; anything else is reported. */
async function checkSymlink(root: string, rel: string, absPath: string): Promise<Gap | null> {
  let target: string;
  try {
    target = await realpath(absPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return symlinkGap(rel, 'symlink-loop', 'symbolic link loops back on itself; not followed');
    if (languageByName(rel) === null) return null;
    return symlinkGap(rel, 'broken-symlink', `symbolic link target does not exist (${code ?? 'error'})`);
  }
  let isDirectory = false;
  try {
    isDirectory = (await stat(target)).isDirectory();
  } catch {
    return null;
  }
  // A folder link to one of its own ancestors is a cycle for any walker that follows links.
  if (isDirectory && isInside(target, path.dirname(absPath.replace(/\/+$/, '')))) {
    const realParent = await realpath(path.dirname(absPath)).catch(() => '');
    if (realParent !== '' && isInside(target, realParent)) {
      return symlinkGap(rel, 'symlink-loop', `symbolic link to an enclosing folder (${path.relative(root, target) || '.'}); not followed`);
    }
  }
  if (isInside(root, target)) return null;
  if (!isDirectory && languageByName(rel) === null) return null;
  return symlinkGap(rel, 'symlink-outside-root', `symbolic link points outside the scanned root (${isDirectory ? 'a folder' : 'a file'}); not followed`);
}

/** Code-unit order: the same on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
