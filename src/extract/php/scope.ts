/** What the PHP extractor knows while it walks a file (names, classes) and a unit (its class, closures). */
import type { Node } from 'web-tree-sitter';
import type { CodeFile, CodeUnit } from '../code/context.js';
import type { Value } from '../../facts/schema.js';
import { Closures } from '../code/walk.js';
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
  /**
   * Declares an anonymous class met in an expression (`return new class extends Migration {...};`) and gives the
   * name its class unit has; set by the walker of the file.
   */
  anonymousClass: ((node: Node) => string) | undefined;

  constructor(readonly code: CodeFile, readonly names: PhpNames) {}
}

export class PhpScope {
  /** Closure bodies walked inside the unit. */
  readonly closures = new Closures();
  /** Parameter types for the next closure met: a callback whose parameters the models type. */
  callbackTypes: string[] | undefined;
  /** For the next closure met: the element of a collection its parameter at `at` holds (`$users->each(fn ($u) => ...)`). */
  callbackElement: { value: Value; at: number } | undefined;

  constructor(readonly file: PhpFile, readonly u: CodeUnit, readonly cls: PhpClass | undefined) {}
}
