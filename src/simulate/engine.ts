/**
 * The whole-program simulation: every unit is simulated, and re-simulated when something it used changed (a
 * callee's summary, a module's names, a class's fields), until nothing changes or a unit reaches its run limit
 * (a `simulation-bound` gap). The order is fixed, so the result depends on nothing but the facts: module bodies,
 * then the rest callees first (a post-order of the calls by plain name), taken from a worklist by that rank; and a
 * callee that never ran runs as soon as a caller asks for its summary, so calls resolved only while simulating
 * (methods, callbacks) are ordered too.
 */
import type { Gap, ResultColumn, EmbeddedStatement, Value } from '../facts/schema.js';
import type { Analyzer, EntityQueryWriter } from './index.js';
import type { Sensitivity } from '../classify/sensitivity.js';
import type { AccessContext } from './access.js';
import { Frame, type UnitResult } from './frame.js';
import { getterSubject, snakeName } from './getters.js';
import { LabelTable, serialisedForm } from './labels.js';
import type { Program, ProgramUnit } from './program.js';
import type { Summary } from './summary.js';
import type { Within } from './transforms.js';
import { asReceiver, AValue, copyMap, EMPTY, hasMarker, join, shallow, withoutSymbols, type Callable, type Trail } from './values.js';
import { Worklist } from './worklist.js';

export interface EngineOptions {
  sensitivity: Sensitivity;
  /** Analyses statement text met at run time (a query whose text only callers know). */
  analyze?: Analyzer;
  /** Writes a query over mapped classes as the statement it runs. */
  entityQuery?: EntityQueryWriter;
  /** Runs allowed per unit before the simulation stops following it. */
  maxRuns: number;
  /** The taxonomy's hierarchy, for category transforms (dotted prefixes when absent). */
  within?: Within;
  /** Units run at least once, of all units: every PROGRESS_EVERY runs, and once at the end. */
  onProgress?: (ran: number, total: number) => void;
}

/** Runs between two progress reports. */
const PROGRESS_EVERY = 512;

/** Callees run early for their callers at most this deep (each level is a few dozen stack frames). */
const MAX_NESTED = 12;

export class Engine implements AccessContext {
  readonly labels: LabelTable;
  readonly summaries: Array<Summary | undefined> = [];
  readonly results: Array<UnitResult | undefined> = [];
  readonly gaps: Gap[] = [];
  /** Statements of query steps resolved during the simulation: unit key -> step index -> statements. */
  readonly statements = new Map<string, Map<number, EmbeddedStatement[]>>();
  private readonly moduleEnv = new Map<number, Map<string, AValue>>();
  /** Function -> its names at the end of its last run, for the functions nested in it. */
  private readonly closureEnv = new Map<number, Map<string, AValue>>();
  /** Function -> name -> nested units that read that name of it. */
  private readonly closureReaders: Array<Map<string, Set<number>> | undefined> = [];
  private readonly classFields = new Map<number, Map<string, AValue>>();
  /** Class -> the attributes its body sets (`table = "users"`), as they were at the end of its last run. */
  private readonly classBodies = new Map<number, Map<string, AValue>>();
  /** Class -> attribute of its body -> units that read it through an object or the class. */
  private readonly bodyReaders: Array<Map<string, Set<number>> | undefined> = [];
  /** Unit -> units that asked for its summary. */
  private readonly callers: Array<Set<number> | undefined> = [];
  /** Module -> name -> units that read that module name (re-run when it changes). */
  private readonly moduleReaders: Array<Map<string, Set<number>> | undefined> = [];
  /** Class -> field -> units that read that field of instances of the class. */
  private readonly fieldReaders: Array<Map<string, Set<number>> | undefined> = [];
  private readonly runs: number[] = [];
  private worklist!: Worklist;
  /** Units to run again (set when queued, cleared when run: a unit run early, for a caller, waits no longer). */
  private readonly dirty: Uint8Array;
  /** Units whose run is under way (a caller's run waits for a callee run early). */
  private readonly running: Uint8Array;
  /** Nested runs under way: callees run early for their callers, at most MAX_NESTED deep. */
  private nested = 0;
  private readonly localNames: Array<Set<string> | undefined> = [];
  private readonly categoryCache = new Map<string, string[]>();
  private readonly analysed = new Map<string, Array<{ statement: EmbeddedStatement; columns?: ResultColumn[]; whole?: string[] }>>();
  readonly tableColumns = new Map<string, Set<string>>();
  private current = -1;
  /** The run under way (a property read while it runs is a call it makes). */
  private frame: Frame | undefined;
  /** Property getters being read (a getter that reads itself, directly or through others, reads nothing more). */
  private readonly readingAccessors = new Set<number>();
  private readonly overBudget = new Set<number>();
  /** Units that have run at least once (callees run early for a caller included), for progress reports. */
  private unitsRun = 0;
  private sinceProgress = 0;

  constructor(readonly program: Program, readonly options: EngineOptions) {
    this.labels = new LabelTable(options.sensitivity, options.within);
    this.dirty = new Uint8Array(program.units.length);
    this.running = new Uint8Array(program.units.length);
    // Per-unit tables as dense arrays (set out of order, they would otherwise turn into slow dictionaries).
    const units = program.units.length;
    for (const table of [this.callers, this.moduleReaders, this.fieldReaders, this.localNames, this.closureReaders, this.bodyReaders] as unknown[][]) {
      for (let i = 0; i < units; i++) table.push(undefined);
    }
  }

  run(): void {
    const units = this.program.units;
    // Module bodies first (their names are read everywhere), then class bodies (their attributes are read through
    // every object), then functions with the ones they call first, so most summaries are ready before their callers
    // run.
    const classBody = (index: number) => units[index]!.unit.kind === 'class';
    const order = [
      ...units.filter((unit) => unit.unit.kind === 'module').map((unit) => unit.index),
      ...units.filter((unit) => classBody(unit.index)).map((unit) => unit.index),
      ...calleesFirst(this.program).filter((index) => !classBody(index)),
    ];
    const rank = new Int32Array(units.length);
    order.forEach((index, place) => (rank[index] = place));
    this.worklist = new Worklist(rank);
    for (const index of order) this.enqueue(index);
    for (let index = this.worklist.take(); index !== undefined; index = this.worklist.take()) {
      if (!this.dirty[index]) continue; // ran already, called for before its turn
      this.runUnit(index, -1);
      if (this.options.onProgress && ++this.sinceProgress >= PROGRESS_EVERY) {
        this.sinceProgress = 0;
        this.options.onProgress(this.unitsRun, units.length);
      }
    }
    this.options.onProgress?.(this.unitsRun, units.length);
  }

  /**
   * Lets go of what the simulation built, once its results are collected (its statements and gaps stay: they are
   * results). A function of the engine may outlive the simulation inside V8 — an optimizing compile running in the
   * background holds what the function can reach until it is done — and with it this object: its tables then stayed
   * in memory through the stages that follow, about 400 MB on the 1M-line synthetic repository in half of the runs,
   * which took the scan past 1 GiB.
   */
  release(): void {
    for (const table of [this.summaries, this.results, this.callers, this.moduleReaders, this.fieldReaders, this.runs, this.localNames,
      this.tracedCache, this.moduleValues, this.closureReaders, this.bodyReaders] as unknown[][]) table.length = 0;
    for (const table of [this.moduleEnv, this.closureEnv, this.classFields, this.classBodies, this.categoryCache, this.analysed, this.tableColumns, this.getterCache,
      this.submodules, this.definitionValues] as Array<Map<unknown, unknown>>) table.clear();
    this.overBudget.clear();
    this.importing.clear();
    this.repositories = undefined;
    this.relationIndex = undefined;
    this.labels.release();
  }

  /** Runs a unit once (unless it is past its run limit) and passes a changed summary on to its callers. */
  private runUnit(index: number, requester: number): void {
    const units = this.program.units;
    this.dirty[index] = 0;
    const runs = (this.runs[index] ?? 0) + 1;
    if (runs > this.options.maxRuns) {
      if (runs === this.options.maxRuns + 1) {
        const entry = units[index]!;
        this.gaps.push({
          kind: 'simulation-bound', file: entry.facts.file, line: entry.unit.line, severity: 'info',
          detail: `${this.program.displayName(index)} was simulated ${this.options.maxRuns} time${this.options.maxRuns === 1 ? '' : 's'} without settling; later changes are not followed (budget simulation-runs; raise it with --budget simulation-runs=<n>)`,
        });
        this.runs[index] = runs;
      }
      return;
    }
    this.runs[index] = runs;
    if (runs === 1) this.unitsRun++;
    const outer = this.current;
    this.current = index;
    this.running[index] = 1;
    const frame = new Frame(this, index);
    const outerFrame = this.frame;
    this.frame = frame;
    const { summary, result } = frame.run();
    this.frame = outerFrame;
    this.running[index] = 0;
    this.current = outer;
    if (frame.overBudget && !this.overBudget.has(index)) {
      this.overBudget.add(index);
      const entry = units[index]!;
      this.gaps.push({
        kind: 'simulation-bound', file: entry.facts.file, line: entry.unit.line, severity: 'info',
        detail: `${this.program.displayName(index)} calls more than the simulation follows in one run; effects of some calls (sinks reached inside them) are not followed`,
      });
    }
    this.results[index] = result;
    const entry = units[index]!;
    if (entry.unit.kind === 'module') this.updateModule(entry.module, frame.env);
    else if (entry.unit.kind === 'class') this.updateClassBody(index, frame.env);
    else if (this.program.hasNested(index)) this.updateClosure(index, frame.env);
    const previous = this.summaries[index];
    if (!previous || previous.signature !== summary.signature) {
      this.summaries[index] = summary;
      // The unit that asked for this first summary is running and reads it next: it needs no second run.
      for (const caller of this.callers[index] ?? []) if (caller !== requester || previous) this.enqueue(caller);
    }
  }

  private enqueue(index: number): void {
    this.dirty[index] = 1;
    this.worklist.add(index);
  }

  private updateModule(module: number, env: Map<string, AValue>): void {
    const previous = this.moduleEnv.get(module);
    this.moduleEnv.set(module, env);
    const names = new Set([...env.keys(), ...(previous?.keys() ?? [])]);
    for (const name of names) {
      const before = previous?.get(name);
      const after = env.get(name);
      // Units that read a name before the module ran read nothing: they see it now.
      if (before && after && sameShape(before, after)) continue;
      for (const reader of this.moduleReaders[module]?.get(name) ?? []) this.enqueue(reader);
    }
  }

  /** A class body's attributes, as objects of the class and its subclasses read them (re-run when one changes). */
  private updateClassBody(unit: number, env: Map<string, AValue>): void {
    const previous = this.classBodies.get(unit);
    const attributes = new Map<string, AValue>();
    for (const [name, value] of env) attributes.set(name, this.concrete(value));
    this.classBodies.set(unit, attributes);
    for (const [name, set] of this.bodyReaders[unit] ?? []) {
      const before = previous?.get(name);
      const after = attributes.get(name);
      if (before === after || (before && after && sameShape(before, after))) continue;
      for (const reader of set) this.enqueue(reader);
    }
  }

  /** The attribute `name` a class body (of the class or the first of its bases that sets it) gives its objects. */
  private bodyAttribute(classIndex: number, name: string, reader: number): AValue | undefined {
    const owner = this.program.bodyOwner(classIndex, name);
    if (owner === undefined) return undefined;
    addReader(this.bodyReaders, owner, name, reader);
    return this.classBodies.get(owner)?.get(name);
  }

  /** A function with functions nested in it: its names, as they read them (re-run when one changes). */
  private updateClosure(unit: number, env: Map<string, AValue>): void {
    const previous = this.closureEnv.get(unit);
    this.closureEnv.set(unit, env);
    const readers = this.closureReaders[unit];
    if (!readers) return;
    for (const [name, set] of readers) {
      const before = previous?.get(name);
      const after = env.get(name);
      if (before === after || (before && after && sameShape(before, after))) continue;
      for (const reader of set) this.enqueue(reader);
    }
  }

  /**
   * A name of the function enclosing `reader` (`users` of `export` read in `def write(path): users.to_csv(path)`):
   * what it held when that function last ran; undefined when it holds nothing there.
   */
  closureValue(unit: number, name: string, reader: number): AValue | undefined {
    addReader(this.closureReaders, unit, name, reader);
    const held = this.closureEnv.get(unit)?.get(name);
    // Its parameters are its own: to the closure they are data from nowhere it can name.
    const value = held ? withoutSymbols(held, (id) => this.labels.symbolic(id)) : undefined;
    return value && !value.empty ? value : undefined;
  }

  private readsName(module: number, name: string, reader: number): void {
    addReader(this.moduleReaders, module, name, reader);
  }

  // ---- what frames ask -----------------------------------------------------------------------------------

  summaryOf(unit: number, caller: number): Summary | undefined {
    let set = this.callers[unit];
    if (!set) this.callers[unit] = set = new Set();
    set.add(caller);
    // A callee that never ran runs now, so its caller's first run already has its summary (callees first, also
    // for calls resolved only now: methods, callbacks). Recursion and deep chains wait for the worklist.
    if (this.runs[unit] === undefined && !this.running[unit] && this.nested < MAX_NESTED) {
      this.nested++;
      this.runUnit(unit, caller);
      this.nested--;
    }
    return this.summaries[unit];
  }

  /** Whether some other unit of the program calls this one. */
  isCalled(unit: number): boolean {
    for (const caller of this.callers[unit] ?? []) if (caller !== unit) return true;
    return false;
  }

  localsOf(unit: number): Set<string> {
    let names = this.localNames[unit];
    if (!names) {
      names = new Set();
      const entry = this.program.units[unit]!;
      for (const param of entry.unit.params ?? []) names.add(param.name);
      for (const step of entry.unit.steps) if (step.op === 'assign' && !step.target.path) names.add(step.target.name);
      this.localNames[unit] = names;
    }
    return names;
  }

  nameCategories(name: string): string[] {
    let categories = this.categoryCache.get(name);
    if (!categories) {
      categories = this.options.sensitivity(undefined, undefined, name).categories;
      this.categoryCache.set(name, categories);
    }
    return categories;
  }

  private readonly getterCache = new Map<string, string | undefined>();

  /** `get_password()`, `fetchEmail()`: the sensitive subject a call's name says it returns, if any. */
  getterName(name: string): string | undefined {
    if (this.getterCache.has(name)) return this.getterCache.get(name);
    const subject = getterSubject(name) ?? snakeName(name);
    const found = this.nameCategories(subject).length > 0 ? subject : undefined;
    this.getterCache.set(name, found);
    return found;
  }

  /**
   * A parameter's default, read where the callee is defined (`compression=ZIP_STORED` names its own module's
   * constant), not where it is called: a caller's module may not know that name, or know another of that name.
   */
  defaultValue(unit: number, value: Value): AValue {
    return new Frame(this, unit).evalValue(value, this.program.units[unit]!.unit.line);
  }

  /** As `getterName`, for names with a getter's prefix only (`get_password`, not `password`). */
  prefixedGetterName(name: string): string | undefined {
    const subject = getterSubject(name);
    return subject !== undefined && this.nameCategories(subject).length > 0 ? subject : undefined;
  }

  private readonly tracedCache: Array<boolean | undefined> = [];

  /** Whether a label's trail can end up in a flow: sensitive data, and parameters (callers may pass some). */
  readonly traced = (id: number): boolean => {
    let known = this.tracedCache[id];
    if (known === undefined) {
      const label = this.labels.get(id);
      known = label.kind === 'param' ? !label.masked : label.kind === 'source' && !label.masked && label.categories.length > 0;
      this.tracedCache[id] = known;
    }
    return known;
  };

  isSymbolic(id: number): boolean {
    return this.labels.symbolic(id);
  }

  /** A name read in a unit of `module` that is not local: module names, definitions, imports, star imports. */
  globalName(module: number, name: string, reader: number): AValue {
    const value = this.symbolValue(module, name, reader);
    if (!value.empty) return value;
    for (const star of this.program.modules[module]!.starImports) {
      const resolved = this.program.resolveDotted(star, module);
      if (resolved && resolved.rest.length === 0) {
        const found = this.symbolValue(resolved.module, name, reader);
        if (!found.empty) return found;
      }
    }
    return EMPTY;
  }

  private importValue(target: string, from: number, reader: number): AValue {
    const resolved = this.program.resolveDotted(target, from);
    if (!resolved) return this.provided(target, reader);
    if (resolved.rest.length === 0) return this.moduleValue(resolved.module);
    let value = this.symbolValue(resolved.module, resolved.rest[0]!, reader);
    for (const segment of resolved.rest.slice(1)) value = this.member(value, segment) ?? EMPTY;
    return value;
  }

  /**
   * A name outside the program that functions of the program provide (a library's signed-in user: what the
   * callback the program registers to load one returns): their results, without what depends on their parameters
   * (the library passes those).
   */
  private provided(target: string, reader: number): AValue {
    let out = EMPTY;
    for (const unit of this.program.providersOf(target)) {
      const ret = this.summaryOf(unit, reader)?.ret;
      if (ret) out = join(out, withoutSymbols(ret, (id) => this.isSymbolic(id)));
    }
    return out;
  }

  /** A name of a module: a definition, a module-level variable (the reader depends on it), an import, a submodule. */
  symbolValue(module: number, name: string, reader: number): AValue {
    const info = this.program.modules[module]!;
    const definitions = info.definitions.get(name);
    if (definitions) return this.definitionValue(definitions);
    this.readsName(module, name, reader);
    const own = this.moduleEnv.get(module)?.get(name);
    if (own) return own;
    const imported = info.imports.get(name);
    if (imported !== undefined) {
      // Modules that import a name from each other, and define it nowhere, would send this round forever.
      const key = `${module}\u0000${name}`;
      if (this.importing.has(key)) return EMPTY;
      this.importing.add(key);
      try {
        return this.importValue(imported, module, reader);
      } finally {
        this.importing.delete(key);
      }
    }
    const submodule = this.submoduleOf(module, name);
    return submodule === undefined ? EMPTY : this.moduleValue(submodule);
  }

  /** Imported names being resolved (`<module>\0<name>`): a cycle of imports ends where it started. */
  private readonly importing = new Set<string>();

  private readonly submodules = new Map<number, Map<string, number | undefined>>();
  private readonly moduleValues: AValue[] = [];

  private submoduleOf(module: number, name: string): number | undefined {
    let byName = this.submodules.get(module);
    if (!byName) this.submodules.set(module, (byName = new Map()));
    if (!byName.has(name)) byName.set(name, this.program.findModule(`${this.program.modules[module]!.name}.${name}`, module));
    return byName.get(name);
  }

  moduleValue(module: number): AValue {
    return (this.moduleValues[module] ??= new AValue(new Map(), null, false, null, null, null, null, module));
  }

  private readonly definitionValues = new Map<number[], AValue>();

  definitionValue(units: number[]): AValue {
    let cached = this.definitionValues.get(units);
    if (!cached) this.definitionValues.set(units, (cached = this.makeDefinitionValue(units)));
    return cached;
  }

  private makeDefinitionValue(given: number[]): AValue {
    // A framework's class the program replaces with its own (a custom user model) is that class.
    const units = [...new Set(given.flatMap((unit) => this.program.swapped(this.program.units[unit]!).map((entry) => entry.index)))];
    const callables: Callable[] = units.map((unit) => ({ unit }));
    let handles: string[] | null = null;
    for (const unit of units) {
      const h = this.classHandles(unit);
      if (h) handles = [...(handles ?? []), ...h];
    }
    let value = new AValue(new Map(), null, false, null, handles, callables);
    for (const unit of units) {
      const asset = this.program.units[unit]!.unit.asset;
      if (!asset) continue;
      // A mapped class stands for its table's rows: what its managers and queries return is the table's data.
      value = join(value, this.tableRows([this.program.units[unit]!]));
    }
    return value;
  }

  classHandles(unit: number): string[] | null {
    const asset = this.program.units[unit]?.unit.asset;
    if (asset) return [`${asset.kind}:${asset.name}`];
    const entities = this.repositoryOf(unit);
    return entities.length > 0 ? [...new Set(entities.map((e) => `${e.unit.asset!.kind}:${e.unit.asset!.name}`))] : null;
  }

  private repositories: Map<number, ProgramUnit[]> | undefined;

  /** The mapped classes whose rows the objects of a class give (a Doctrine entity's repository), in program order. */
  repositoryOf(unit: number): readonly ProgramUnit[] {
    if (!this.repositories) {
      this.repositories = new Map();
      for (const entry of this.program.units) {
        for (const written of entry.unit.asset?.repositories ?? []) {
          for (const repository of this.program.resolveClass(written, entry.module)) {
            const list = this.repositories.get(repository);
            if (list) list.push(entry);
            else this.repositories.set(repository, [entry]);
          }
        }
      }
    }
    return this.repositories.get(unit) ?? [];
  }

  /** The rows of mapped classes' tables, as data of the classes' declarations. */
  tableRows(entries: readonly ProgramUnit[]): AValue {
    const labels = new Map<number, Trail | null>();
    for (const entry of entries) {
      const asset = entry.unit.asset!;
      labels.set(this.labels.source(`${asset.kind}:${asset.name}`, undefined, undefined, entry.facts.file, entry.unit.line, undefined, serialisedForm(asset)), null);
    }
    return new AValue(labels);
  }

  member(value: AValue, segment: string, dataOnly = false): AValue | undefined {
    let out: AValue | undefined;
    const reader = this.current;
    if (value.module !== null) out = this.symbolValue(value.module, segment, reader);
    let receiver: AValue | undefined;
    for (const instanceClass of value.instances ?? []) {
      const classIndex = this.program.memberClass(reader, instanceClass, segment);
      const methods = this.program.methodsOf(classIndex, segment);
      const accessors = this.program.flagged(methods, 'accessor');
      if (accessors.length > 0) {
        // A property: what its getter returns for this object (a setter of the same name is no value).
        out = join(out ?? EMPTY, this.readAccessors(accessors, (receiver ??= asReceiver(value))));
      } else if (methods.length > 0 && dataOnly) out ??= EMPTY;
      else if (methods.length > 0) {
        const self = (receiver ??= asReceiver(value));
        out = join(out ?? EMPTY, new AValue(new Map(), null, false, null, null, methods.map((unit) => ({ unit, self }))));
      }
      addReader(this.fieldReaders, classIndex, segment, reader);
      const field = this.classFields.get(classIndex)?.get(segment);
      if (field) out = join(out ?? EMPTY, field);
      const attribute = this.bodyAttribute(classIndex, segment, reader);
      if (attribute) out = join(out ?? EMPTY, attribute);
      // A field the class sets but whose value no run has stored yet (a parameter's) is still its member.
      if (out === undefined && this.program.declaresField(classIndex, segment)) out = EMPTY;
    }
    for (const callable of value.callables ?? []) {
      const entry = this.program.units[callable.unit];
      if (entry?.unit.kind !== 'class') continue;
      const methods = this.program.methodsOf(callable.unit, segment);
      // A mapped class stands for its rows (`Customer::findOrFail($id)`): a property read through it is a row's.
      const accessors = entry.unit.asset ? this.program.flagged(methods, 'accessor') : [];
      if (accessors.length > 0) out = join(out ?? EMPTY, this.readAccessors(accessors, (receiver ??= asReceiver(value))));
      else if (methods.length > 0 && dataOnly) out ??= EMPTY;
      else if (methods.length > 0) out = join(out ?? EMPTY, new AValue(new Map(), null, false, null, null, methods.map((unit) => ({ unit }))));
      const attribute = this.bodyAttribute(callable.unit, segment, reader);
      if (attribute) out = join(out ?? EMPTY, attribute);
    }
    return out;
  }

  attributeName(asset: string, attribute: string): string | undefined {
    for (const classIndex of this.program.classesMapping(asset)) {
      const renamed = this.program.units[classIndex]!.unit.asset?.attributes?.[attribute];
      if (renamed !== undefined) return renamed;
    }
    return undefined;
  }

  /**
   * A member of the classes that map an asset, read on one of its rows: a property's getters' result
   * (`customer.display_name`), or a method bound to the row (`customer.contact_line()` runs with the row as `self`).
   * With `dataOnly`, a method found gives no value to call (a bound method is no data).
   */
  rowMember(asset: string, segment: string, row: AValue, dataOnly: boolean): AValue | undefined {
    let accessors: number[] | undefined;
    let methods: number[] | undefined;
    for (const classIndex of this.program.classesMapping(asset)) {
      const found = this.program.methodsOf(classIndex, segment);
      if (found.length === 0) continue;
      const getters = this.program.flagged(found, 'accessor');
      if (getters.length > 0) accessors = [...(accessors ?? []), ...getters];
      else if (this.program.flagged(found, 'setter').length === 0) methods = [...(methods ?? []), ...found];
    }
    if (accessors) return this.readAccessors(accessors, row);
    if (!methods) return undefined;
    return dataOnly ? EMPTY : new AValue(new Map(), null, false, null, null, methods.map((unit) => ({ unit, self: row })));
  }

  /** What property getters return for `self`, read in the run under way (its call, for what the getters do). */
  private readAccessors(accessors: readonly number[], self: AValue): AValue {
    const frame = this.frame;
    let out = EMPTY;
    if (!frame) return out;
    for (const unit of accessors) {
      if (this.readingAccessors.has(unit)) continue;
      this.readingAccessors.add(unit);
      try {
        out = join(out, frame.readAccessor(unit, self));
      } finally {
        this.readingAccessors.delete(unit);
      }
    }
    return out;
  }

  /**
   * A store into `root.path` where root may be an object of the program's classes: its first segment is a field of
   * each of those classes. Elements (`*`: `self.append(x)` in a list subclass) belong to the one object only.
   */
  storeThroughInstance(root: AValue, path: readonly string[], stored: AValue, writer: number): void {
    if (!root.instances || path.length === 0 || path[0] === '*') return;
    for (const classIndex of root.instances) this.storeClassField(classIndex, path[0]!, shallow(stored), writer);
  }

  storeClassField(classIndex: number, field: string, stored: AValue, writer: number): void {
    // What depends on the writer's parameters means nothing to other units (a parameter label is a position, not a
    // value): callers store it, completed with their arguments, when they complete the writer's summary.
    const value = this.concrete(stored);
    if (value.empty) return;
    let fields = this.classFields.get(classIndex);
    if (!fields) this.classFields.set(classIndex, (fields = new Map()));
    const previous = fields.get(field) ?? EMPTY;
    const next = join(previous, value);
    if (sameShape(previous, next)) return;
    fields.set(field, next);
    this.fieldsVersion++;
    for (const reader of this.fieldReaders[classIndex]?.get(field) ?? []) if (reader !== writer) this.enqueue(reader);
  }

  /** A value without what depends on the running unit's parameters (labels, texts and handles with markers). */
  private concrete(value: AValue): AValue {
    let labels: Map<number, Trail | null> | null = null;
    for (const id of value.labels.keys()) {
      if (!this.isSymbolic(id)) continue;
      labels ??= copyMap(value.labels);
      labels.delete(id);
    }
    const consts = value.consts?.some(hasMarker) ? value.consts.filter((c) => !hasMarker(c)) : value.consts;
    const handles = value.handles?.some(hasMarker) ? value.handles.filter((h) => !hasMarker(h)) : value.handles;
    if (!labels && consts === value.consts && handles === value.handles) return value;
    return new AValue(labels ?? value.labels, value.fields, value.closed, consts?.length ? consts : null, handles?.length ? handles : null,
      value.callables, value.instances, value.module);
  }

  /** Bumped whenever a class field changes (reads through instances may give something else from then on). */
  fieldsVersion = 0;

  columnsOf(asset: string): ReadonlySet<string> | undefined {
    return this.tableColumns.get(asset);
  }

  /** What the program's ORM relations give, built on first use (Engine.buildRelations). */
  private relationIndex: RelationIndex | undefined;

  private get relations(): RelationIndex {
    return (this.relationIndex ??= this.buildRelations());
  }

  relatedRows(asset: string, field: string): readonly number[] | undefined {
    return this.relations.related.get(asset)?.get(field)?.rows;
  }

  /** The assets (`table:shop_customer`) a relation of an asset's rows gives (`customer`), in program order. */
  relatedAssets(asset: string, field: string): readonly string[] | undefined {
    return this.relations.related.get(asset)?.get(field)?.assets;
  }

  /** The column an attribute of an asset's row is stored in: a relation's key column (`customer` -> `customer_id`). */
  storedColumn(asset: string, field: string): string {
    return this.relations.columns.get(asset)?.get(field) ?? field;
  }

  /** Whether an attribute of an asset's row is a relation stored in a key column (`order.customer`). */
  storesKey(asset: string, field: string): boolean {
    return this.relations.columns.get(asset)?.has(field) === true;
  }

  /** The column identifying a row of a mapped table (its primary key), when known. */
  keyOf(asset: string): string | undefined {
    return this.relations.keys.get(asset);
  }

  /**
   * Per mapped table, the attributes its rows relate to rows of other tables (`order.customer`, and the other way,
   * `customer.order_set`), as the labels and assets of those tables' rows: the program's relations, in program
   * order; with the tables' key columns and the relations' key columns.
   */
  private buildRelations(): RelationIndex {
    const index: RelationIndex = { related: new Map(), columns: new Map(), keys: new Map() };
    const byAsset = new Map<string, Map<string, ProgramUnit[]>>();
    const add = (from: ProgramUnit, field: string, to: ProgramUnit | undefined) => {
      const fields = mapIn(byAsset, `${from.unit.asset!.kind}:${from.unit.asset!.name}`);
      const list = fields.get(field);
      if (!list) fields.set(field, to ? [to] : []);
      else if (to && !list.includes(to)) list.push(to);
    };
    for (const entry of this.program.units) {
      const asset = entry.unit.asset;
      if (!asset || entry.copyOf !== undefined) continue;
      const assetKey = `${asset.kind}:${asset.name}`;
      if (asset.key !== undefined && !index.keys.has(assetKey)) index.keys.set(assetKey, asset.key);
      for (const relation of asset.relations ?? []) {
        if (relation.column !== undefined) {
          const columns = mapIn(index.columns, assetKey);
          if (!columns.has(relation.field)) columns.set(relation.field, relation.column);
        }
        // A framework's own table (its user table) is that of a framework class the extractor gave the file. A class
        // the program does not map (`"billing.Invoice"` of no such class): the attribute is still no data of this
        // table; what is read through it is known by its name only.
        const targets = this.program.mappedClass(relation.target, entry.module);
        if (targets.length === 0) add(entry, relation.field, undefined);
        for (const target of targets) {
          add(entry, relation.field, target);
          if (relation.reverse) add(target, relation.reverse, entry);
        }
      }
    }
    for (const [asset, fields] of byAsset) {
      const related = mapIn(index.related, asset);
      for (const [field, targets] of fields) {
        const rows = [...this.tableRows(targets).labels.keys()];
        const assets = targets.map((target) => `${target.unit.asset!.kind}:${target.unit.asset!.name}`);
        related.set(field, { rows, assets: [...new Set(assets)] });
      }
    }
    return index;
  }

  analyze(text: string, file: string, line: number): Array<{ statement: EmbeddedStatement; columns?: ResultColumn[]; whole?: string[] }> {
    const key = `${file}\u0000${line}\u0000${text}`;
    let statements = this.analysed.get(key);
    if (!statements) {
      statements = this.options.analyze ? this.options.analyze(text, file, line) : [];
      this.analysed.set(key, statements);
    }
    return statements;
  }

  /** A statement's text as it runs, once its table holes are filled: analysed and recorded at its step. */
  recordSpelled(unitKey: string, stepIndex: number, text: string, file: string, line: number): void {
    const statements = this.analyze(text, file, line);
    if (statements.length > 0) this.recordStatements(unitKey, stepIndex, statements.map((s) => s.statement));
  }

  recordStatements(unitKey: string, stepIndex: number, statements: EmbeddedStatement[]): void {
    let steps = this.statements.get(unitKey);
    if (!steps) this.statements.set(unitKey, (steps = new Map()));
    const existing = steps.get(stepIndex) ?? [];
    for (const statement of statements) if (!existing.some((s) => s.text === statement.text)) existing.push(statement);
    steps.set(stepIndex, existing);
  }
}

function addReader(readers: Array<Map<string, Set<number>> | undefined>, owner: number, name: string, reader: number): void {
  let byName = readers[owner];
  if (!byName) readers[owner] = byName = new Map();
  let set = byName.get(name);
  if (!set) byName.set(name, (set = new Set()));
  set.add(reader);
}

/**
 * Function units ordered so that the functions a unit calls by a plain name (of its module or imported) come
 * before it: an iterative depth-first post-order over that syntactic call graph, cycles cut where met.
 */
function calleesFirst(program: Program): number[] {
  const units = program.units;
  const callees = (index: number): number[] => {
    const entry = units[index]!;
    const module = program.modules[entry.module]!;
    const out: number[] = [];
    for (const step of entry.unit.steps) {
      if (step.op !== 'call' || !step.fn || !('ref' in step.fn) || step.fn.path) continue;
      const local = module.definitions.get(step.fn.ref);
      if (local) {
        out.push(...local);
        continue;
      }
      const target = module.imports.get(step.fn.ref);
      const resolved = target !== undefined ? program.resolveDotted(target, entry.module) : undefined;
      if (resolved && resolved.rest.length === 1) out.push(...(program.modules[resolved.module]!.definitions.get(resolved.rest[0]!) ?? []));
    }
    return out;
  };
  const order: number[] = [];
  const state = new Uint8Array(units.length);
  for (const root of units) {
    if (root.unit.kind === 'module' || state[root.index]) continue;
    const stack: Array<{ index: number; next: number[] }> = [{ index: root.index, next: callees(root.index) }];
    state[root.index] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const child = top.next.pop();
      if (child === undefined) {
        stack.pop();
        state[top.index] = 2;
        order.push(top.index);
      } else if (!state[child] && units[child]!.unit.kind !== 'module') {
        state[child] = 1;
        stack.push({ index: child, next: callees(child) });
      }
    }
  }
  return order;
}

/** Whether two values carry the same labels, fields, constants, handles and callables (trails aside). */
function sameShape(a: AValue, b: AValue, depth = 0): boolean {
  if (a === b) return true;
  if (a.labels.size !== b.labels.size) return false;
  for (const id of a.labels.keys()) if (!b.labels.has(id)) return false;
  if ((a.consts?.length ?? 0) !== (b.consts?.length ?? 0) || (a.handles?.length ?? 0) !== (b.handles?.length ?? 0)) return false;
  if ((a.callables?.length ?? 0) !== (b.callables?.length ?? 0) || (a.instances?.length ?? 0) !== (b.instances?.length ?? 0)) return false;
  if ((a.fields?.size ?? 0) !== (b.fields?.size ?? 0)) return false;
  if (a.fields && b.fields && depth < 4) {
    for (const [key, value] of a.fields) {
      const other = b.fields.get(key);
      if (!other || !sameShape(value, other, depth + 1)) return false;
    }
  }
  return true;
}

/** The program's ORM relations, per asset (`table:shop_orders`) and attribute (`customer`). */
interface RelationIndex {
  /** The rows (labels) and assets an attribute of a row relates it to. */
  related: Map<string, Map<string, { rows: readonly number[]; assets: readonly string[] }>>;
  /** The key column a relation is stored in (`customer` -> `customer_id`). */
  columns: Map<string, Map<string, string>>;
  /** A mapped table's key column. */
  keys: Map<string, string>;
}

/** The map under `key` in `outer`, made empty when missing. */
function mapIn<K, K2, V>(outer: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = outer.get(key);
  if (!inner) outer.set(key, (inner = new Map()));
  return inner;
}
