/**
 * The scan root's own package name, when the root is a Python package (an `__init__.py` at its top). Python names
 * the modules of a package `<folder>.<path>`, and a package's absolute imports of itself say so
 * (`from billing.db import fetch`): scanning the package folder itself, with module names taken from paths below
 * it (`db`), resolved none of them. The name is the folder's own (links resolved, so a link to the package gives
 * the same facts), and only a name Python could import; no file above the root is read.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** A folder name Python can import as a package. */
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

export function rootPackageName(root: string, files: ReadonlyArray<{ file: string }>): string | undefined {
  if (!files.some((entry) => entry.file === '__init__.py')) return undefined;
  let real: string;
  try {
    real = realpathSync(root);
  } catch {
    real = path.resolve(root);
  }
  const name = path.basename(real);
  return IDENTIFIER.test(name) ? name : undefined;
}
