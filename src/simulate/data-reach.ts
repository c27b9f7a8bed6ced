/**
 * Which units reach data: read, write, query or send something (an asset, a sink, a source of sensitive data)
 * themselves, or through the functions they call or pass on by name (`export(rows)`, `map(load, paths)`), or call
 * through an object their receiver holds a method that some class of the program defines with such steps
 * (`self.store.save(x)`).
 * Calls through the unit's own receiver are left to the caller, who knows which class the receiver is
 * (inherited.ts). The answer only decides where the simulation spends extra precision, so erring towards
 * "reaches" costs time, never results.
 */
import { EMBEDDED_STATEMENT_OP, type Part, type Step, type Unit } from '../facts/schema.js';
import { forEachRecord } from './step-records.js';
import { baseName } from './unit-names.js';

/** What the search needs of the program. */
export interface CallNames {
  readonly unitCount: number;
  unitOf(unit: number): Unit;
  /** The class a method unit belongs to, and the name its receiver has in it. */
  methodOwner(unit: number): { classIndex: number; receiver: string } | undefined;
  /** The functions and classes a plain name used in a unit stands for (`helper(...)`, an imported `load`). */
  plainCallees(unit: number, name: string): readonly number[];
}

const DATA_OPS: ReadonlySet<Step['op']> = new Set([EMBEDDED_STATEMENT_OP, 'query', 'read', 'write', 'open']);

export class DataReach {
  /** Per unit: 0 not decided yet, 1 reaches data, 2 does not. */
  private readonly state: Uint8Array;
  /** Methods with data steps of their own, by simple name: what a call through a held object may run. */
  private directMethods: Set<string> | undefined;

  constructor(private readonly program: CallNames) {
    this.state = new Uint8Array(program.unitCount);
  }

  /**
   * Decided on demand: the units the asked one may call, transitively, are gathered (stopping at units already
   * decided), and all of them are decided at once, backwards from those with data steps. Units nobody asks about
   * are never read.
   */
  reachesData(unit: number): boolean {
    if (this.state[unit] === 0) this.decide(unit);
    return this.state[unit] === 1;
  }

  private decide(start: number): void {
    const direct = this.directMethodNames();
    const region: number[] = [];
    const inRegion = new Set<number>();
    const callers = new Map<number, number[]>();
    const reached: number[] = [];
    const pending = [start];
    while (pending.length > 0) {
      const unit = pending.pop()!;
      if (this.state[unit] !== 0 || inRegion.has(unit)) continue;
      inRegion.add(unit);
      region.push(unit);
      if (this.program.unitOf(unit).steps.some(touchesData)) {
        reached.push(unit);
        continue;
      }
      const { callees, throughOthers } = this.callees(unit);
      if (throughOthers.some((name) => direct.has(name))) {
        reached.push(unit);
        continue;
      }
      for (const callee of callees) {
        if (this.state[callee] === 1) {
          reached.push(unit);
          break;
        }
        const list = callers.get(callee);
        if (list) list.push(unit);
        else callers.set(callee, [unit]);
        pending.push(callee);
      }
    }
    for (const unit of reached) this.state[unit] = 1;
    while (reached.length > 0) {
      for (const caller of callers.get(reached.pop()!) ?? []) {
        if (this.state[caller] === 1) continue;
        this.state[caller] = 1;
        reached.push(caller);
      }
    }
    for (const unit of region) if (this.state[unit] === 0) this.state[unit] = 2;
  }

  private directMethodNames(): Set<string> {
    if (this.directMethods) return this.directMethods;
    const names = new Set<string>();
    for (let unit = 0; unit < this.program.unitCount; unit++) {
      if (!this.program.methodOwner(unit) || !this.program.unitOf(unit).steps.some(touchesData)) continue;
      names.add(baseName(this.program.unitOf(unit).name));
    }
    return (this.directMethods = names);
  }

  /**
   * What a unit may call or pass on by name (`callees`), and the names of methods it calls through objects its
   * receiver holds (`throughOthers`).
   */
  private callees(unit: number): { callees: Set<number>; throughOthers: string[] } {
    const callees = new Set<number>();
    const throughOthers: string[] = [];
    const receiver = this.program.methodOwner(unit)?.receiver;
    forEachRecord(this.program.unitOf(unit).steps, (record) => {
      const part = record as Partial<Extract<Part, { ref: string }>>;
      if (typeof part.ref === 'string' && part.ref !== receiver) {
        for (const callee of this.program.plainCallees(unit, part.ref)) if (callee !== unit) callees.add(callee);
      }
      if (record.op === 'call' && record.fn) {
        const fn = record.fn as Part;
        const path = 'path' in fn ? fn.path ?? [] : [];
        // Objects the receiver holds (`self.store.save(rows)`): a repository, a client, a writer of the program.
        if ('ref' in fn && fn.ref === receiver && path.length > 1) throughOthers.push(path[path.length - 1]!);
      }
    });
    return { callees, throughOthers };
  }
}

/**
 * A step that reads or writes an asset, brings in sensitive data, or sends data out. Raising an exception and
 * printing are left out: nearly every function does one, and what they show is data reached some other way.
 */
function touchesData(step: Step): boolean {
  if (step.op === 'sink') return !QUIET_SINKS.has(step.kind) || step.asset !== undefined;
  return DATA_OPS.has(step.op) || (step.op === 'call' && step.source !== undefined);
}

const QUIET_SINKS: ReadonlySet<string> = new Set(['exception', 'stdout', 'stderr']);
