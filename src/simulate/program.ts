/**
 * The program: every unit of every file, indexed by module (dotted name from FileFacts.module), by name inside
 * its module, and by class. Import targets are resolved generically: the longest dotted prefix naming a module
 * of the program, then a symbol inside it. Module names are matched by suffix too, so `etl.db` finds
 * `src/etl/db` when the repository keeps its packages under a source folder.
 */
import type { FileFacts, Unit } from '../facts/schema.js';
import { receiverCopies, type ClassHierarchy } from './inherited.js';
import { baseName } from './unit-names.js';
import { moduleTexts, standInName, type ModuleTexts } from './stand-ins.js';

export interface ProgramUnit {
  index: number;
  facts: FileFacts;
  unit: Unit;
  module: number;
  /** Methods and classes: the class unit. */
  classIndex?: number;
  /** Function units: first parameter bound to the receiver (methods not static). */
  bound: boolean;
  /** Unit key for results: `<file>\0<unit name>`. */
  key: string;
  /** A function defined inside another function: that function (its names are in scope here). */
  enclosing?: number;
  /**
   * A copy of an inherited method, run with objects of `classIndex` (a subclass) as its receiver: the method it
   * copies (see inherited.ts). It shares that method's unit and key, so statements it resolves are the method's.
   */
  copyOf?: number;
}

export interface ModuleInfo {
  index: number;
  name: string;
  facts: FileFacts;
  /** The module's top-level unit. */
  unit: number | undefined;
  /** Top-level functions and classes by name (several when redefined). */
  definitions: Map<string, number[]>;
  imports: Map<string, string>;
  starImports: string[];
}

export interface ClassInfo {
  unit: number;
  methods: Map<string, number[]>;
  bases: string[];
  /** Attributes the class sets: in its body, or through the receiver in its methods (`self.region = ...`). */
  fields: Set<string>;
  /** Attributes its body sets (`pack = pack_configure`: in some languages, methods by another name). */
  body: Set<string>;
  /** Attributes its methods set through the receiver (`self._refresh_using = refresh_using`). */
  stored: Set<string>;
}

/** Which attributes of a class, with those of its bases: see ClassInfo. */
type AttributeKind = 'fields' | 'body' | 'stored';

export interface ProgramOptions {
  /** Copies of inherited methods run with a subclass's objects as receiver, at most (see inherited.ts). */
  maxCopies?: number;
}

/** No methods (shared: callers only read it). */
const NO_METHODS: number[] = [];

export class Program {
  readonly units: ProgramUnit[] = [];
  readonly modules: ModuleInfo[] = [];
  readonly classes = new Map<number, ClassInfo>();
  private readonly bySuffix = new Map<string, number[]>();
  private readonly dottedCache = new Map<number, Map<string, { module: number; rest: string[] } | null>>();
  private readonly methodCache = new Map<number, Map<string, number[]>>();
  private readonly attributeCache: Record<AttributeKind, Map<number, Set<string>>> = { fields: new Map(), body: new Map(), stored: new Map() };
  private readonly classCache = new Map<number, Map<string, number[]>>();
  private readonly byFullName = new Map<string, number>();
  /** Function unit -> functions and classes defined in its body, by simple name (a closure's helpers). */
  private readonly nested = new Map<number, Map<string, number[]>>();

  /** Class -> inherited method -> its copy run with the class's objects as receiver. */
  private readonly copies = new Map<number, Map<number, number>>();
  /** Inherited methods that needed a copy past the limit (they run with their own class's objects only). */
  copiesSkipped = 0;
  /** The class of the first of them. */
  firstSkipped: ProgramUnit | undefined;
  /** Units of the program's files: the copies come after them. */
  private uncopied = 0;

  constructor(files: readonly FileFacts[], options: ProgramOptions = {}) {
    for (const facts of files) {
      if (facts.module === undefined) continue;
      const module: ModuleInfo = {
        index: this.modules.length, name: facts.module, facts, unit: undefined, definitions: new Map(),
        imports: new Map(), starImports: [],
      };
      this.modules.push(module);
      for (const entry of facts.imports ?? []) {
        if (entry.local === '*') module.starImports.push(entry.target.replace(/\.\*$/, ''));
        else module.imports.set(entry.local, entry.target);
      }
      this.indexModuleName(module);
      const byName = new Map<string, number>();
      for (const unit of facts.units) {
        const index = this.units.length;
        byName.set(unit.name, index);
        const decorators = unit.decorators ?? [];
        const bound = unit.kind === 'method' && !decorators.some((d) => d === 'staticmethod' || d.endsWith('.staticmethod'));
        this.units.push({ index, facts, unit, module: module.index, bound, key: `${facts.file}\u0000${unit.name}` });
        if (unit.kind === 'module') module.unit = index;
      }
      for (const entry of this.units.slice(this.units.length - facts.units.length)) {
        const unit = entry.unit;
        if (unit.kind === 'class') {
          const body = assignedNames(unit);
          this.classes.set(entry.index, { unit: entry.index, methods: new Map(), bases: unit.bases ?? [], fields: new Set(body), body, stored: new Set() });
        }
        const parentIndex = unit.parent !== undefined ? byName.get(unit.parent) : undefined;
        const parent = parentIndex !== undefined ? this.units[parentIndex] : undefined;
        if (unit.kind === 'class') entry.classIndex = entry.index;
        if (unit.kind === 'method' && parent?.unit.kind === 'class') entry.classIndex = parent.index;
        const simple = baseName(unit.name);
        if (unit.parent === undefined && unit.kind !== 'module') push(module.definitions, simple, entry.index);
        if (parent && (parent.unit.kind === 'function' || parent.unit.kind === 'method') && unit.kind !== 'module') {
          entry.enclosing = parent.index;
          let names = this.nested.get(parent.index);
          if (!names) this.nested.set(parent.index, (names = new Map()));
          push(names, simple, entry.index);
        }
      }
      for (const entry of this.units.slice(this.units.length - facts.units.length)) {
        if (entry.unit.kind !== 'method' || entry.classIndex === undefined) continue;
        const info = this.classes.get(entry.classIndex)!;
        push(info.methods, baseName(entry.unit.name), entry.index);
        const receiver = entry.bound ? entry.unit.params?.[0]?.name : undefined;
        if (receiver !== undefined) {
          for (const name of assignedNames(entry.unit, receiver)) {
            info.fields.add(name);
            info.stored.add(name);
          }
        }
      }
    }
    this.uncopied = this.units.length;
    this.addReceiverCopies(options.maxCopies ?? Number.POSITIVE_INFINITY);
  }

  /** Adds the copies of inherited methods that must run with a subclass's objects as receiver. */
  private addReceiverCopies(limit: number): void {
    const hierarchy: ClassHierarchy = {
      classes: this.classes,
      basesOf: (classIndex) => this.classes.get(classIndex)!.bases.flatMap((base) => this.resolveClass(base, this.units[classIndex]!.module)),
      ancestors: (classIndex) => this.ancestors(classIndex),
      definedMethods: (classIndex, name) => this.definedMethods(classIndex, name),
      methodOwner: (unit) => {
        const entry = this.units[unit]!;
        const receiver = entry.bound ? entry.unit.params?.[0]?.name : undefined;
        return entry.classIndex !== undefined && receiver !== undefined ? { classIndex: entry.classIndex, receiver } : undefined;
      },
      unitOf: (unit) => this.units[unit]!.unit,
      unitCount: this.units.length,
      virtualsOf: (classIndex) => this.virtualsOf(classIndex),
      plainCallees: (unit, name) => this.plainCallees(unit, name),
    };
    const wanted = receiverCopies(hierarchy);
    // Each class's own copies first (a class may run a base's copy), then every class's methods mapped to theirs.
    const made = new Map<number, Map<number, number>>();
    for (const { classIndex, original, runner } of wanted) {
      if (runner !== classIndex) continue;
      if (this.units.length - this.uncopied >= limit) {
        this.copiesSkipped++;
        this.firstSkipped ??= this.units[classIndex];
        continue;
      }
      const source = this.units[original]!;
      const index = this.units.length;
      const copy: ProgramUnit = { index, facts: source.facts, unit: source.unit, module: source.module, classIndex, bound: source.bound, key: source.key, copyOf: original };
      if (source.enclosing !== undefined) copy.enclosing = source.enclosing;
      this.units.push(copy);
      let byOriginal = made.get(classIndex);
      if (!byOriginal) made.set(classIndex, (byOriginal = new Map()));
      byOriginal.set(original, index);
    }
    for (const { classIndex, original, runner } of wanted) {
      const copy = made.get(runner)?.get(original);
      if (copy === undefined) continue;
      let byOriginal = this.copies.get(classIndex);
      if (!byOriginal) this.copies.set(classIndex, (byOriginal = new Map()));
      byOriginal.set(original, copy);
    }
  }

  /**
   * The functions and classes a plain name used in a unit stands for, by its scopes: functions enclosing it, its
   * module, and what the module imports.
   */
  private plainCallees(unit: number, name: string): readonly number[] {
    for (let at: number | undefined = unit; at !== undefined; at = this.units[at]!.enclosing) {
      const nested = this.nested.get(at)?.get(name);
      if (nested) return nested;
    }
    const module = this.modules[this.units[unit]!.module]!;
    const local = module.definitions.get(name);
    if (local) return local;
    const target = module.imports.get(name);
    const resolved = target !== undefined ? this.resolveDotted(target, module.index) : undefined;
    return resolved && resolved.rest.length === 1 ? this.modules[resolved.module]!.definitions.get(resolved.rest[0]!) ?? [] : [];
  }

  /**
   * The class whose member `name` the code of `reader` reads through an object of `classIndex`: that class, except
   * in a copy of an inherited method where members bind statically, `name` is no virtual method and a subclass
   * declares it again: there the class the method was written in (a member a subclass shadows is not the base
   * code's).
   */
  memberClass(reader: number, classIndex: number, name: string): number {
    const entry = this.units[reader];
    if (entry?.copyOf === undefined || entry.classIndex !== classIndex) return classIndex;
    const virtuals = this.virtualsOf(classIndex);
    if (!virtuals || virtuals.has(name)) return classIndex;
    const written = this.units[entry.copyOf]!.classIndex;
    return written !== undefined && this.shadows(classIndex, written, name) ? written : classIndex;
  }

  /** Whether a class between `classIndex` and its base `written` (itself included) sets `name` again. */
  private shadows(classIndex: number, written: number, name: string): boolean {
    const excluded = this.ancestors(written);
    for (const ancestor of this.ancestors(classIndex)) if (!excluded.has(ancestor) && this.classes.get(ancestor)?.fields.has(name)) return true;
    return false;
  }

  /** The class and every class of the program it inherits from. */
  ancestors(classIndex: number): ReadonlySet<number> {
    const cached = this.ancestorCache.get(classIndex);
    if (cached) return cached;
    const found = new Set<number>([classIndex]);
    const pending = [classIndex];
    while (pending.length > 0) {
      const current = pending.pop()!;
      for (const base of this.classes.get(current)?.bases ?? []) {
        for (const baseClass of this.resolveClass(base, this.units[current]!.module)) {
          if (found.has(baseClass)) continue;
          found.add(baseClass);
          pending.push(baseClass);
        }
      }
    }
    this.ancestorCache.set(classIndex, found);
    return found;
  }

  private readonly ancestorCache = new Map<number, ReadonlySet<number>>();

  /**
   * The methods a class and the classes it inherits from declare virtual, when its members bind statically (a unit
   * lists `virtuals`); undefined where every member may be overridden.
   */
  virtualsOf(classIndex: number): ReadonlySet<string> | undefined {
    if (this.virtualCache.has(classIndex)) return this.virtualCache.get(classIndex);
    this.virtualCache.set(classIndex, undefined);
    let found: Set<string> | undefined;
    const declared = this.units[classIndex]!.unit.virtuals;
    if (declared) found = new Set(declared);
    for (const base of this.classes.get(classIndex)?.bases ?? []) {
      for (const baseClass of this.resolveClass(base, this.units[classIndex]!.module)) {
        const inherited = this.virtualsOf(baseClass);
        if (!inherited) continue;
        found ??= new Set();
        for (const name of inherited) found.add(name);
      }
    }
    this.virtualCache.set(classIndex, found);
    return found;
  }

  private readonly virtualCache = new Map<number, ReadonlySet<string> | undefined>();

  /** A unit's name in results: a copy's is the method's name in the class it runs for (`CustomerExport.run`). */
  resultName(unit: number): string {
    const entry = this.units[unit]!;
    if (entry.copyOf === undefined) return entry.unit.name;
    return `${this.units[entry.classIndex!]!.unit.name}.${baseName(entry.unit.name)}`;
  }

  /** A unit's name for messages: a copy's names the class it runs for (`Export.run, run with objects of CustomerExport`). */
  displayName(unit: number): string {
    const entry = this.units[unit]!;
    if (entry.copyOf === undefined) return entry.unit.name;
    return `${entry.unit.name}, run with objects of ${this.units[entry.classIndex!]!.unit.name}`;
  }

  /** Whether functions or classes are defined in the unit's body. */
  hasNested(unit: number): boolean {
    return this.nested.has(unit);
  }

  /** The functions or classes of that name defined in the unit's body (`def helper(): ...` inside `outer`). */
  nestedDefinition(unit: number, name: string): number[] | undefined {
    return this.nested.get(this.units[unit]!.copyOf ?? unit)?.get(name);
  }

  private indexModuleName(module: ModuleInfo): void {
    const segments = module.name.split('.');
    this.byFullName.set(module.name, module.index);
    for (let i = 0; i < segments.length; i++) push(this.bySuffix, segments.slice(i).join('.'), module.index);
  }

  /** The module a dotted name stands for, seen from `from` (closest folder wins among suffix matches). */
  findModule(name: string, from: number): number | undefined {
    const exact = this.byFullName.get(name);
    if (exact !== undefined) return exact;
    const candidates = this.bySuffix.get(name);
    if (!candidates || candidates.length === 0) return undefined;
    if (candidates.length === 1) return candidates[0];
    const origin = this.modules[from]!.name.split('.');
    let best = candidates[0]!;
    let bestScore = -1;
    for (const candidate of candidates) {
      const segments = this.modules[candidate]!.name.split('.');
      let shared = 0;
      while (shared < segments.length && shared < origin.length && segments[shared] === origin[shared]) shared++;
      if (shared > bestScore) {
        best = candidate;
        bestScore = shared;
      }
    }
    return best;
  }

  /** `etl.db.cursor` -> module `etl.db`, then the names after it. */
  resolveDotted(name: string, from: number): { module: number; rest: string[] } | undefined {
    let byName = this.dottedCache.get(from);
    if (!byName) this.dottedCache.set(from, (byName = new Map()));
    const cached = byName.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const segments = name.split('.');
    let found: { module: number; rest: string[] } | null = null;
    for (let k = segments.length; k > 0 && !found; k--) {
      const module = this.findModule(segments.slice(0, k).join('.'), from);
      if (module !== undefined) found = { module, rest: segments.slice(k) };
    }
    byName.set(name, found);
    return found ?? undefined;
  }

  /**
   * The attributes the constructor of a record class takes (a class a library writes the constructor of, or a
   * subclass of one), its bases' first, in order; undefined for other classes.
   */
  recordFields(classIndex: number): readonly string[] | undefined {
    if (this.records.has(classIndex)) return this.records.get(classIndex);
    this.records.set(classIndex, undefined);
    const entry = this.units[classIndex]!;
    let record = entry.unit.record === true;
    const fields: string[] = [];
    for (const base of entry.unit.bases ?? []) {
      for (const baseClass of this.resolveClass(base, entry.module)) {
        const inherited = this.recordFields(baseClass);
        if (!inherited) continue;
        record = true;
        for (const field of inherited) if (!fields.includes(field)) fields.push(field);
      }
    }
    for (const field of entry.unit.fields ?? []) if (!fields.includes(field)) fields.push(field);
    const out = record ? fields : undefined;
    this.records.set(classIndex, out);
    return out;
  }

  private readonly records = new Map<number, readonly string[] | undefined>();

  /**
   * Methods named `name` that objects of a class run: of the class or its bases inside the program, an inherited
   * one as its copy for the class when it has one.
   */
  methodsOf(classIndex: number, name: string): number[] {
    const methods = this.definedMethods(classIndex, name);
    const copies = this.copies.get(classIndex);
    if (!copies || !methods.some((unit) => copies.has(unit))) return methods;
    return methods.map((unit) => copies.get(unit) ?? unit);
  }

  /** The property getters (`accessor`) or setters (`setter`) among methods (none: the same empty list, no copy). */
  flagged(methods: readonly number[], flag: 'accessor' | 'setter'): number[] {
    for (const unit of methods) if (this.units[unit]!.unit[flag]) return methods.filter((m) => this.units[m]!.unit[flag]);
    return NO_METHODS;
  }

  /**
   * What `super().name(...)` in a method of `classIndex` runs: the method of the first of its bases that has one, as
   * the copy for the receiver's class where there is one.
   */
  baseMethods(classIndex: number, name: string, receivers: readonly number[]): number[] {
    const info = this.classes.get(classIndex);
    for (const base of info?.bases ?? []) {
      for (const baseClass of this.resolveClass(base, this.units[classIndex]!.module)) {
        const found = this.definedMethods(baseClass, name);
        if (found.length === 0) continue;
        const out = new Set<number>();
        for (const unit of found) {
          if (receivers.length === 0) out.add(unit);
          for (const receiver of receivers) out.add(this.copies.get(receiver)?.get(unit) ?? unit);
        }
        return [...out];
      }
    }
    return [];
  }

  /** Methods named `name` of a class or its bases inside the program, as defined (no copies). */
  private definedMethods(classIndex: number, name: string, depth = 0): number[] {
    let byName = this.methodCache.get(classIndex);
    if (!byName) this.methodCache.set(classIndex, (byName = new Map()));
    const cached = byName.get(name);
    if (cached) return cached;
    byName.set(name, []);
    const found = this.findMethods(classIndex, name, depth);
    byName.set(name, found);
    return found;
  }

  private findMethods(classIndex: number, name: string, depth: number): number[] {
    const info = this.classes.get(classIndex);
    if (!info || depth > 16) return [];
    const own = info.methods.get(name);
    if (own) return own;
    for (const base of info.bases) {
      for (const baseClass of this.resolveClass(base, this.units[classIndex]!.module)) {
        const found = this.definedMethods(baseClass, name, depth + 1);
        if (found.length > 0) return found;
      }
    }
    return [];
  }

  /**
   * The class whose body sets the attribute `name` for objects of `classIndex`: the class itself, else the first of
   * its bases inside the program that does (`queryset = ...` of a view class, `table = "users"` of a base).
   */
  bodyOwner(classIndex: number, name: string): number | undefined {
    if (!this.attributesOf(classIndex, 'body').has(name)) return undefined;
    let byName = this.bodyOwnerCache.get(classIndex);
    if (!byName) this.bodyOwnerCache.set(classIndex, (byName = new Map()));
    if (!byName.has(name)) byName.set(name, this.findBodyOwner(classIndex, name, 0));
    return byName.get(name);
  }

  private readonly bodyOwnerCache = new Map<number, Map<string, number | undefined>>();

  private findBodyOwner(classIndex: number, name: string, depth: number): number | undefined {
    const info = this.classes.get(classIndex);
    if (!info || depth > 16) return undefined;
    if (info.body.has(name)) return classIndex;
    for (const base of info.bases) {
      for (const baseClass of this.resolveClass(base, this.units[classIndex]!.module)) {
        const found = this.findBodyOwner(baseClass, name, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  /**
   * Whether a class, or one of its bases inside the program, names a base the program does not define: a class of a
   * library it extends (and may call through to: `super().subscribe(...)`).
   */
  extendsOutside(classIndex: number, depth = 0): boolean {
    const cached = this.outsideCache.get(classIndex);
    if (cached !== undefined) return cached;
    const info = this.classes.get(classIndex);
    if (!info || depth > 16) return false;
    // Registered before the bases are read, so a cycle of bases ends here.
    this.outsideCache.set(classIndex, false);
    const module = this.units[classIndex]!.module;
    const outside = info.bases.some((base) => {
      const found = this.resolveClass(base, module);
      return found.length === 0 || found.some((inside) => this.extendsOutside(inside, depth + 1));
    });
    this.outsideCache.set(classIndex, outside);
    return outside;
  }

  private readonly outsideCache = new Map<number, boolean>();

  /** Whether a class or one of its bases sets the attribute `name` (see ClassInfo.fields). */
  declaresField(classIndex: number, name: string): boolean {
    return this.attributesOf(classIndex, 'fields').has(name);
  }

  /**
   * Whether `name` of the class's objects is a value its methods store on the object (`self._refresh_using =
   * refresh_using`), and neither a method nor an attribute of a class body of it or its bases (which may be a
   * method by another name). Calling `obj.name(...)` then calls that value: `obj` is not passed to it.
   */
  holdsValue(classIndex: number, name: string): boolean {
    return this.attributesOf(classIndex, 'stored').has(name) && !this.attributesOf(classIndex, 'body').has(name)
      && this.methodsOf(classIndex, name).length === 0;
  }

  /** The attributes of one kind a class and its bases set, gathered once per class (asked on every member read). */
  private attributesOf(classIndex: number, kind: AttributeKind, depth = 0): ReadonlySet<string> {
    const cache = this.attributeCache[kind];
    const cached = cache.get(classIndex);
    if (cached) return cached;
    const info = this.classes.get(classIndex);
    if (!info || depth > 16) return NO_FIELDS;
    const names = new Set(info[kind]);
    // Registered before the bases are read, so a cycle of bases ends here.
    cache.set(classIndex, names);
    for (const base of info.bases) {
      for (const baseClass of this.resolveClass(base, this.units[classIndex]!.module)) {
        for (const name of this.attributesOf(baseClass, kind, depth + 1)) names.add(name);
      }
    }
    return names;
  }

  /**
   * The mapped classes a relation names (`Customer`, `"shop.Customer"`: an application's label and the model): as a
   * base is resolved, else by the last name among the program's mapped classes, in program order.
   */
  mappedClass(name: string, from: number): ProgramUnit[] {
    const mapped = (index: number) => this.units[index]!.unit.asset !== undefined;
    const resolved = this.resolveClass(name, from).filter(mapped);
    if (resolved.length > 0) return [...new Set(resolved.flatMap((index) => this.swapped(this.units[index]!)))];
    // The program's own class of the name before a framework's (a custom user model before the framework's).
    const simple = name.slice(name.lastIndexOf('.') + 1);
    const own = this.mappedNamed(simple, true);
    return own.length > 0 ? own : this.mappedNamed(simple);
  }

  /**
   * The mapped classes of a name, in program order: the program's own, and of a framework's class (which files name
   * where they use it) the first unit per table.
   */
  mappedNamed(simple: string, ownOnly = false): ProgramUnit[] {
    if (!this.mappedByName) {
      this.mappedByName = new Map();
      const frameworkTables = new Set<string>();
      for (const entry of this.units) {
        const asset = entry.unit.asset;
        if (entry.unit.kind !== 'class' || !asset || entry.copyOf !== undefined) continue;
        if (asset.framework) {
          if (frameworkTables.has(`${asset.kind}:${asset.name}`)) continue;
          frameworkTables.add(`${asset.kind}:${asset.name}`);
        }
        push(this.mappedByName, baseName(entry.unit.name), entry);
      }
    }
    const found = this.mappedByName.get(simple) ?? [];
    return ownOnly ? found.filter((entry) => !entry.unit.asset!.framework) : found;
  }

  private mappedByName: Map<string, ProgramUnit[]> | undefined;

  /** The functions whose result is a name outside the program (a library's signed-in user), in program order. */
  providersOf(name: string): readonly number[] {
    if (!this.providers) {
      this.providers = new Map();
      for (const entry of this.units) {
        if (entry.copyOf !== undefined) continue;
        for (const provided of entry.unit.provides ?? []) push(this.providers, provided, entry.index);
      }
    }
    return this.providers.get(name) ?? NO_METHODS;
  }

  private providers: Map<string, number[]> | undefined;

  /** The classes (not copies) that map an asset (`table:shop_customer`), in program order. */
  classesMapping(asset: string): readonly number[] {
    if (!this.mappingByAsset) {
      this.mappingByAsset = new Map();
      for (const entry of this.units) {
        const binding = entry.unit.asset;
        if (entry.unit.kind === 'class' && binding && entry.copyOf === undefined) push(this.mappingByAsset, `${binding.kind}:${binding.name}`, entry.index);
      }
    }
    return this.mappingByAsset.get(asset) ?? NO_METHODS;
  }

  private mappingByAsset: Map<string, number[]> | undefined;

  /** A framework's class the program replaces with its own (a custom user model, see stand-ins.ts): that class. */
  swapped(entry: ProgramUnit): ProgramUnit[] {
    this.texts ??= moduleTexts(this.units.filter((unit) => unit.unit.kind === 'module').map((unit) => unit.unit));
    const name = standInName(entry.unit.asset, this.texts, (simple) => this.mappedNamed(simple, true).length > 0);
    return name !== undefined ? this.mappedNamed(name, true) : [entry];
  }

  private texts: ModuleTexts | undefined;

  /** Class units a written base-class name refers to, seen from a module. */
  resolveClass(name: string, from: number): number[] {
    let byName = this.classCache.get(from);
    if (!byName) this.classCache.set(from, (byName = new Map()));
    let found = byName.get(name);
    if (!found) byName.set(name, (found = this.findClass(name, from)));
    return found;
  }

  private findClass(name: string, from: number): number[] {
    const module = this.modules[from]!;
    const local = module.definitions.get(name);
    if (local) return local.filter((i) => this.units[i]!.unit.kind === 'class');
    const resolved = this.resolveDotted(name, from);
    if (!resolved || resolved.rest.length !== 1) return [];
    const found = this.modules[resolved.module]!.definitions.get(resolved.rest[0]!) ?? [];
    return found.filter((i) => this.units[i]!.unit.kind === 'class');
  }
}

const NO_FIELDS: ReadonlySet<string> = new Set();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Names a unit assigns: plain names (a class body's attributes), or the first segment of `receiver.<name>`. */
function assignedNames(unit: Unit, receiver?: string): Set<string> {
  const names = new Set<string>();
  for (const step of unit.steps) {
    if (step.op !== 'assign') continue;
    if (receiver === undefined) {
      if (!step.target.path || step.target.path.length === 0) names.add(step.target.name);
    } else if (step.target.name === receiver && step.target.path && step.target.path.length > 0) names.add(step.target.path[0]!);
  }
  return names;
}
