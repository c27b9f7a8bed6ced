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

export function pathLabel(path: DataPath, key?: string): string {
  return formatPath(key === undefined ? path : [...path, key]);
}
