/**
 * A walk of a folder tree that never enters a folder it was told to skip (ignored by .gitignore, excluded,
 * dependencies), so large ignored folders cost nothing. Iterative, a few folders read at a time; symbolic links
 * are reported as entries and never followed. Order of discovery is not meaningful (callers sort).
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export interface TreeWalker {
  /** Called with a folder's entries before any of them is visited (e.g. to load its .gitignore). */
  enter?(dir: string, entries: Dirent[]): Promise<void> | void;
  /** Whether to skip a folder (`rel` relative to the root, forward slashes). */
  skipFolder(rel: string, name: string): boolean;
  /** Every non-folder entry: files, symbolic links, others. */
  entry(rel: string, dirent: Dirent): void;
  /** A folder that could not be read. */
  unreadable(rel: string, code: string): void;
}

const FOLDERS_AT_ONCE = 8;

export async function walkTree(root: string, walker: TreeWalker): Promise<void> {
  const pending: string[] = [''];
  const visit = async (dir: string) => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir === '' ? root : path.join(root, dir), { withFileTypes: true });
    } catch (error) {
      walker.unreadable(dir, (error as NodeJS.ErrnoException).code ?? 'error');
      return;
    }
    await walker.enter?.(dir, entries);
    for (const dirent of entries) {
      const rel = dir === '' ? dirent.name : `${dir}/${dirent.name}`;
      if (dirent.isDirectory()) {
        if (!walker.skipFolder(rel, dirent.name)) pending.push(rel);
      } else {
        walker.entry(rel, dirent);
      }
    }
  };
  const running = new Set<Promise<void>>();
  while (pending.length > 0 || running.size > 0) {
    while (pending.length > 0 && running.size < FOLDERS_AT_ONCE) {
      const task: Promise<void> = visit(pending.pop()!).finally(() => running.delete(task));
      running.add(task);
    }
    if (running.size > 0) await Promise.race(running);
  }
}
