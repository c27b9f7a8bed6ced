/** A problem in the manifest, with where it is: file, YAML path, line and column. */
import type { DataPath } from './positions.js';
import { formatPath } from './positions.js';

export interface ManifestProblem {
  path: DataPath;
  message: string;
  /** Point at the key `name` of the map at `path` instead of the value (unknown keys). */
  key?: string;
}

export class ManifestError extends Error {
  constructor(
    readonly file: string,
    readonly yamlPath: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
    /** How many further problems the manifest has. */
    readonly more = 0,
  ) {
    const where = line > 0 ? `${file}:${line}:${column}: ${yamlPath}` : file;
    super(`${where}: ${problem}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`);
    this.name = 'ManifestError';
  }
}

/** Levels of a YAML path a message shows; a deeper path shows its first and last levels only. */
const SHOWN_LEVELS = { head: 8, tail: 3 };

export function pathLabel(path: DataPath, key?: string): string {
  const full = key === undefined ? path : [...path, key];
  if (full.length <= SHOWN_LEVELS.head + SHOWN_LEVELS.tail + 1) return formatPath(full);
  // A manifest nested thousands of levels deep would otherwise give a message thousands of characters long.
  const hidden = full.length - SHOWN_LEVELS.head - SHOWN_LEVELS.tail;
  const head = formatPath(full.slice(0, SHOWN_LEVELS.head));
  return `${head}…(${hidden.toLocaleString('en-US')} levels)…${formatPath(full.slice(-SHOWN_LEVELS.tail), true)}`;
}
