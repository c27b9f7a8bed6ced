/**
 * `mkdir -p` that always ends. Node's own recursive mkdir (`mkdirSync(dir, { recursive: true })`, Node 20) spins
 * at full CPU forever when a folder exists but making a child in it fails with ENOENT, as under `/proc`: it takes
 * ENOENT for "the parent is missing", makes the parent (which exists), and tries the child again. Here each
 * missing folder is made once, top down, and the first failure is the error.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    try {
      if (statSync(current).isDirectory()) break;
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', path: current });
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    missing.push(current);
    // The root itself missing (a drive that does not exist): making it below gives the error.
    if (path.dirname(current) === current) break;
  }
  let existed = false;
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by another process, or a dangling symlink: the next folder down, or the check below, tells.
      if (errorCode(error) !== 'EEXIST') throw error;
      existed = true;
    }
  }
  if (existed && !statSync(dir).isDirectory()) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', path: dir });
  }
}
