/**
 * Which inherited methods run with a subclass's objects as their receiver. A method is simulated once, with its
 * receiver an object of the class that defines it, so a base's `run()` reading `self.table` or calling
 * `self.fetch()` sees the base's table and the base's `fetch`, never a subclass's (the template-method pattern of
 * export jobs, views and handlers). A subclass that sets such a name itself gets its own copy of the method: the
 * same steps, run with the subclass's objects as receiver.
 *
 * A copy is made only where it can change what data goes where:
 * - the method would run differently: it reads through its receiver a name that the subclass (or a class between
 *   it and the base) sets itself, as data in its body or as a method that reaches data, or calls through its
 *   receiver a method that would;
 * - and, run with the subclass's objects, it reaches data: it reads, writes, queries or sends something itself or
 *   through what it calls (see DataReach), or it is called through the receiver by a method that does. Methods
 *   that only compute (most of a widget toolkit's or a codec's) run once, as before, however their subclasses
 *   override them.
 * A subclass whose base has a copy of a method, and that changes nothing the method reads, runs the base's copy.
 * A method a class defines and whose own code calls the base's (`super().save(row)`: a call marked `viaBase`) gets
 * a copy of the base's method when that reaches data: the subclass's objects hold what its constructor stored.
 */
import type { Part, Unit } from '../facts/schema.js';
import { DataReach, type CallNames } from './data-reach.js';
import { forEachRecord } from './step-records.js';
import type { ClassInfo } from './program.js';

/** What the search needs of the program (the Program class, before its copies exist). */
export interface ClassHierarchy extends CallNames {
  readonly classes: ReadonlyMap<number, ClassInfo>;
  /** The class units a class's written bases name. */
  basesOf(classIndex: number): readonly number[];
  /** The class and every class of the program it inherits from. */
  ancestors(classIndex: number): ReadonlySet<number>;
  /** Where members bind statically: the methods the class and its bases declare virtual. */
  virtualsOf(classIndex: number): ReadonlySet<string> | undefined;
  /** Methods named `name` that objects of the class run (its own, else the first base's): original units. */
  definedMethods(classIndex: number, name: string): readonly number[];
}

export interface ReceiverCopy {
  /** The class whose objects run the copy. */
  classIndex: number;
  /** The method unit copied. */
  original: number;
  /**
   * The class whose copy they run: `classIndex` itself, or a base whose copy sees the same (nothing between the
   * two sets a name the method reads), so that a family of widgets shares its base widget's copy.
   */
  runner: number;
}

/** Self-calls followed when deciding a copy, at most (deeper chains are taken as needing none). */
const MAX_DEPTH = 64;

const NONE: readonly number[] = [];

/**
 * The inherited methods that need a copy, by class then method name (a deterministic order), each with the class
 * whose copy it runs.
 */
export function receiverCopies(hierarchy: ClassHierarchy): ReceiverCopy[] {
  const search = new CopySearch(hierarchy);
  const copies: ReceiverCopy[] = [];
  for (const classIndex of [...hierarchy.classes.keys()].sort((a, b) => a - b)) {
    for (const original of search.inheritedNeedingCopies(classIndex)) copies.push({ classIndex, original, runner: search.runner(classIndex, original) });
  }
  return copies;
}

class CopySearch {
  private readonly readsCache = new Map<number, ReadonlyMap<string, boolean>>();
  /** Class -> (unit, class above which overrides count) -> whether it runs differently (false while being decided). */
  private readonly differing = new Map<number, Map<number, boolean>>();
  /** Class -> the inherited methods that need a copy for it. */
  private readonly kept = new Map<number, readonly number[]>();
  private readonly runners = new Map<number, Map<number, number>>();
  private readonly reach: DataReach;
  /** Class -> unit -> whether the unit, run with objects of the class, reaches data (false while being decided). */
  private readonly reachesWith = new Map<number, Map<number, boolean>>();
  private readonly unitCount: number;

  constructor(private readonly hierarchy: ClassHierarchy) {
    this.reach = new DataReach(hierarchy);
    this.unitCount = hierarchy.unitCount;
  }

  /**
   * Inherited methods of a class that need a copy for it, in name order: those that would run differently with its
   * objects (see `differs`) and reach data with them, and what those call through the receiver among the rest
   * (`get_queryset()` returning the subclass's `queryset` to the `list()` that sends it).
   */
  inheritedNeedingCopies(classIndex: number): readonly number[] {
    const cached = this.kept.get(classIndex);
    if (cached) return cached;
    // Most classes inherit from no class of the program.
    if (this.hierarchy.basesOf(classIndex).length === 0) return NONE;
    this.kept.set(classIndex, NONE);
    const names = new Set<string>();
    for (const ancestor of this.hierarchy.ancestors(classIndex)) {
      if (ancestor === classIndex) continue;
      for (const name of this.hierarchy.classes.get(ancestor)?.methods.keys() ?? []) names.add(name);
    }
    const own = this.hierarchy.classes.get(classIndex)!.methods;
    const viaBase = this.namesCalledViaBase(classIndex);
    const differing: number[] = [];
    for (const name of [...names].sort()) {
      // A method the class defines is inherited only where its own code calls the base's (`super().run()`).
      if (!own.has(name)) {
        for (const unit of this.hierarchy.definedMethods(classIndex, name)) {
          const owner = this.hierarchy.methodOwner(unit);
          if (owner && this.differs(classIndex, unit, owner.classIndex, 0)) differing.push(unit);
        }
      } else if (viaBase.has(name)) {
        // A method the class defines, whose own code calls the base's (`super().save(row)`): the base's runs with
        // this class's objects, which hold what its constructor stored (`super().__init__(path, "customers")`).
        differing.push(...this.baseDefinitions(classIndex, name));
      }
    }
    const keep = new Set(differing.filter((unit) => this.reachesIn(classIndex, unit, 0)));
    const candidates = new Set(differing);
    const pending = [...keep];
    while (pending.length > 0) {
      const unit = pending.pop()!;
      for (const name of this.receiverReads(unit, this.hierarchy.methodOwner(unit)!.receiver).keys()) {
        for (const callee of this.hierarchy.definedMethods(classIndex, name)) {
          if (!candidates.has(callee) || keep.has(callee)) continue;
          keep.add(callee);
          pending.push(callee);
        }
      }
    }
    const kept = differing.filter((unit) => keep.has(unit));
    this.kept.set(classIndex, kept);
    return kept;
  }

  /** Names the class's own methods call through `super()` (or `parent::`): calls marked `viaBase`. */
  private namesCalledViaBase(classIndex: number): ReadonlySet<string> {
    const names = new Set<string>();
    for (const units of this.hierarchy.classes.get(classIndex)!.methods.values()) {
      for (const unit of units) {
        forEachRecord(this.hierarchy.unitOf(unit).steps, (record) => {
          const fn = record.fn as Part | undefined;
          if (record.op === 'call' && record.viaBase === true && fn && 'path' in fn && fn.path?.length === 1) names.add(fn.path[0]!);
        });
      }
    }
    return names;
  }

  /** The methods named `name` of the first base of the class that has one. */
  private baseDefinitions(classIndex: number, name: string): readonly number[] {
    for (const base of this.hierarchy.basesOf(classIndex)) {
      const found = this.hierarchy.definedMethods(base, name);
      if (found.length > 0) return found;
    }
    return [];
  }

  /** The class whose copy of `unit` objects of `classIndex` run: the first base that has one and sees the same. */
  runner(classIndex: number, unit: number): number {
    let byUnit = this.runners.get(classIndex);
    if (!byUnit) this.runners.set(classIndex, (byUnit = new Map()));
    const known = byUnit.get(unit);
    if (known !== undefined) return known;
    byUnit.set(unit, classIndex);
    let found = classIndex;
    for (const base of this.hierarchy.basesOf(classIndex)) {
      if (this.inheritedNeedingCopies(base).includes(unit) && !this.differs(classIndex, unit, base, 0)) {
        found = this.runner(base, unit);
        break;
      }
    }
    byUnit.set(unit, found);
    return found;
  }

  /**
   * Whether `unit` run with objects of `classIndex` may do something else than run with objects of `above` (a class
   * `classIndex` inherits from): a name it reads through its receiver is set by a class between the two, or a method
   * it calls through its receiver differs itself.
   */
  private differs(classIndex: number, unit: number, above: number, depth: number): boolean {
    if (classIndex === above || depth > MAX_DEPTH) return false;
    let byKey = this.differing.get(classIndex);
    if (!byKey) this.differing.set(classIndex, (byKey = new Map()));
    const key = unit + this.unitCount * above;
    const known = byKey.get(key);
    if (known !== undefined) return known;
    byKey.set(key, false);
    const owner = this.hierarchy.methodOwner(unit);
    let differs = false;
    if (owner) {
      for (const [name, onlyCalled] of this.receiverReads(unit, owner.receiver)) {
        differs = this.setBetween(classIndex, above, name, onlyCalled, depth)
          || this.hierarchy.definedMethods(classIndex, name).some((callee) => callee !== unit && this.differs(classIndex, callee, above, depth + 1));
        if (differs) break;
      }
    }
    byKey.set(key, differs);
    return differs;
  }

  /** Whether a unit, run with objects of the class as its receiver, reaches data: itself, or through the receiver's methods. */
  private reachesIn(classIndex: number, unit: number, depth: number): boolean {
    if (this.reach.reachesData(unit)) return true;
    const owner = this.hierarchy.methodOwner(unit);
    if (!owner || depth > MAX_DEPTH) return false;
    let byUnit = this.reachesWith.get(classIndex);
    if (!byUnit) this.reachesWith.set(classIndex, (byUnit = new Map()));
    const known = byUnit.get(unit);
    if (known !== undefined) return known;
    byUnit.set(unit, false);
    let reaches = false;
    for (const name of this.receiverReads(unit, owner.receiver).keys()) {
      const methods = this.hierarchy.definedMethods(classIndex, name);
      const callees = methods.length > 0 ? methods : [this.bodyMethodOf(classIndex, name)].filter((m) => m !== undefined);
      reaches = callees.some((callee) => callee !== unit && this.reachesIn(classIndex, callee, depth + 1));
      if (reaches) break;
    }
    byUnit.set(unit, reaches);
    return reaches;
  }

  /** The method by another name that objects of the class see as `name` (the first class body setting it). */
  private bodyMethodOf(classIndex: number, name: string): number | undefined {
    for (const ancestor of this.hierarchy.ancestors(classIndex)) {
      if (this.hierarchy.classes.get(ancestor)?.body.has(name)) return this.bodyMethod(ancestor, name);
    }
    return undefined;
  }

  /**
   * Whether a class that `classIndex` inherits from, and `above` does not, sets `name` in a way that matters: as data
   * in its body (`table = "customers"`), or as a method (or a body attribute naming one) that returns a constant
   * (`def table(self): return "customers"`) or reaches data with the class's objects. An override that only computes
   * (`encode` of a codec) changes no lineage, nor does a body attribute the method only calls that names no method of
   * the program (`encode = codecs.utf_8_encode`).
   */
  private setBetween(classIndex: number, above: number, name: string, onlyCalled: boolean, depth: number): boolean {
    // Where members bind statically, only a method the base declares virtual is overridden.
    const virtuals = this.hierarchy.virtualsOf(above);
    if (virtuals && !virtuals.has(name)) return false;
    const excluded = this.hierarchy.ancestors(above);
    for (const ancestor of this.hierarchy.ancestors(classIndex)) {
      if (excluded.has(ancestor)) continue;
      const info = this.hierarchy.classes.get(ancestor);
      const method = info?.methods.get(name)?.[0] ?? (info?.body.has(name) ? this.bodyMethod(ancestor, name) : undefined);
      if (method !== undefined) return returnsConstant(this.hierarchy.unitOf(method)) || this.reachesIn(classIndex, method, depth + 1);
      if (info?.body.has(name)) return !onlyCalled && !virtuals;
    }
    return false;
  }

  /**
   * The method a class body's attribute names, when it is one by another name (`configure = pack_configure`,
   * `propagate = Misc.pack_propagate`): a method, not data.
   */
  private bodyMethod(classIndex: number, name: string): number | undefined {
    let value: readonly Part[] | undefined;
    for (const step of this.hierarchy.unitOf(classIndex).steps) {
      if (step.op === 'assign' && step.target.name === name && !step.target.path) value = step.value;
    }
    const part = value?.length === 1 ? value[0]! : undefined;
    if (!part || !('ref' in part)) return undefined;
    if (!part.path) return this.hierarchy.classes.get(classIndex)?.methods.get(part.ref)?.[0];
    if (part.path.length !== 1) return undefined;
    for (const owner of this.hierarchy.plainCallees(classIndex, part.ref)) {
      const found = this.hierarchy.classes.has(owner) ? this.hierarchy.definedMethods(owner, part.path[0]!) : [];
      if (found.length > 0) return found[0];
    }
    return undefined;
  }

  /**
   * Names a method reads or calls through its receiver (`self.table`, `self.fetch()`): first segments, each with
   * whether it is only ever called (`self.encode(...)`: a method, or a function a class body names).
   */
  private receiverReads(unit: number, receiver: string): ReadonlyMap<string, boolean> {
    const cached = this.readsCache.get(unit);
    if (cached) return cached;
    const names = new Map<string, boolean>();
    const called = new Set<object>();
    // Every value part naming the receiver with a path, wherever it sits in a step (a call's callee before the parts in it).
    forEachRecord(this.hierarchy.unitOf(unit).steps, (record) => {
      if (record.op === 'call' && record.fn) called.add(record.fn);
      const part = record as Partial<Extract<Part, { ref: string }>>;
      if (part.ref === receiver && part.path && part.path.length > 0) {
        const onlyCalled = called.has(record) && part.path.length === 1;
        names.set(part.path[0]!, (names.get(part.path[0]!) ?? true) && onlyCalled);
      }
    });
    this.readsCache.set(unit, names);
    return names;
  }
}

/** Whether a method returns a text or number written in it (a setting: a table name, a query, a path). */
function returnsConstant(unit: Unit): boolean {
  const constant = (value: readonly Part[]): boolean => value.some((part) => 'lit' in part || ('concat' in part && part.concat.some(constant)));
  return unit.steps.some((step) => step.op === 'return' && constant(step.value));
}
