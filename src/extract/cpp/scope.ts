/**
 * What the C++ extractor knows while it walks one file: namespaces brought in with `using`, the classes the file
 * declares (fields, methods, static methods), and per unit the local names, so a bare name inside a method can be
 * told apart as a local, a member of the class (`db_` is `this->db_`) or a global.
 */
import type { Value } from '../../facts/schema.js';
import type { CodeFile, CodeUnit } from '../code/context.js';
import { Closures } from '../code/walk.js';

export interface ClassInfo {
  /** Qualified inside the file: `OrderDao`, `Outer.Inner`. */
  name: string;
  fields: Set<string>;
  methods: Set<string>;
  staticMethods: Set<string>;
  /** Declared (a class body in this file), not only named by out-of-line definitions. */
  declared: boolean;
  bases: string[];
  line: number;
  endLine: number;
  /** Members the class body initialises with a constant (`std::string table_ = "sessions";`). */
  attributes: Array<{ name: string; value: Value; line: number }>;
  /** Methods the class body declares virtual (`virtual`, `override`, `final`). */
  virtuals: Set<string>;
}

export class CppFile {
  /** Namespaces brought in with `using namespace` (dotted). */
  readonly usingNamespaces: string[] = [];
  readonly classes = new Map<string, ClassInfo>();
  /** Quoted includes' star-import targets, for the classes out-of-line definitions belong to. */
  readonly localIncludes: string[] = [];

  constructor(readonly code: CodeFile) {}

  classInfo(name: string, line: number, endLine: number): ClassInfo {
    let info = this.classes.get(name);
    if (!info) {
      info = { name, fields: new Set(), methods: new Set(), staticMethods: new Set(), declared: false, bases: [], line, endLine, attributes: [], virtuals: new Set() };
      this.classes.set(name, info);
    }
    return info;
  }
}

export class CppScope {
  readonly locals = new Set<string>();
  /** Lambda bodies walked inside the unit. */
  readonly closures = new Closures();

  constructor(readonly file: CppFile, readonly u: CodeUnit, readonly cls: ClassInfo | undefined) {
    for (const param of u.params) this.locals.add(param.name);
  }

  /** A bare name used in a method that is a member of its class: read through `this`. */
  isMember(name: string): boolean {
    if (!this.cls || this.locals.has(name)) return false;
    if (this.cls.fields.has(name) || this.cls.methods.has(name)) return true;
    // Members declared in a header this file does not see, by the usual naming conventions.
    return !this.cls.declared && (/^[a-z][A-Za-z0-9]*_$/.test(name) || /^m_[A-Za-z0-9_]+$/.test(name) || /^m[A-Z][A-Za-z0-9]*$/.test(name));
  }
}
