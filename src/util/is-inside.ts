/** Whether `target` is `root` or lies below it (both absolute; no links resolved). */
import path from 'node:path';

export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  // `..foo` is a child named so; only `..` itself or `../…` leaves the root.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
