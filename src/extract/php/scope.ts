/** What the PHP extractor knows while it walks a file (names, classes) and a unit (its class, closures). */
import type { Value } from '../../facts/schema.js';
import type { CodeFile, CodeUnit } from '../code/context.js';
import type { PhpNames } from './names.js';

export interface PhpClass {
  /** Short name, the class unit's name. */
  name: string;
  /** Dotted full name (`App.Models.User`). */
  full: string;
  /** Base class, dotted full name. */
  base?: string;
  /** The base class as written, for `parent::`. */
  baseWritten?: string;
}

export class PhpFile {
  constructor(readonly code: CodeFile, readonly names: PhpNames) {}
}

export class PhpScope {
  /** > 0 inside a closure body: its returns are the closure's value, not the unit's. */
  closure = 0;
  closureReturns: Value[] = [];
  /** Parameter types for the next closure met: a callback whose parameters the models type. */
  callbackTypes: string[] | undefined;

  constructor(readonly file: PhpFile, readonly u: CodeUnit, readonly cls: PhpClass | undefined) {}
}
