/**
 * The flow simulator: whole-program dataflow over the IR of every code file, whatever its language. It follows
 * values through assignments, containers, calls (with summaries), imports and classes, and reports
 * - flows: sensitive data (by asset column or by name) reaching a sink, with the path it took;
 * - function jobs: units whose code moves data from assets it reads into assets it writes, column-level when the
 *   columns are known (through helpers in other modules too: a write whose table name a caller passes is the
 *   caller's);
 * - statements of queries whose text only became known during the simulation;
 * - gaps where it stopped following something.
 */
import type { FileFacts, Gap, ResultColumn, EmbeddedStatement } from '../facts/schema.js';
import { nameSensitivity, type Sensitivity } from '../classify/sensitivity.js';
import type { Flow } from '../report/json/schema.js';
import { Engine } from './engine.js';
import { Program } from './program.js';
import type { Within } from './transforms.js';
import { collectFlows, collectJobs, type CodeJobDraft } from './results.js';
import { declaredAsset } from './naming.js';
import { budgetGap } from '../budget/index.js';

export interface SimulateOptions {
  /** Categories of data from an asset column or a name (default: the name classifier). */
  sensitivity?: Sensitivity;
  /** Analyses statement text that only the simulation could resolve (a query passed in from a caller). */
  analyze?: Analyzer;
  /** Writes a query over mapped classes as the statement it runs (query steps with `entities`); without it, none is read. */
  entityQuery?: EntityQueryWriter;
  /** Runs allowed per unit before the simulation stops following it (default 4). */
  maxRuns?: number;
  /** Copies of inherited methods run with a subclass's objects, at most (default: no limit). */
  maxCopies?: number;
  /** Whether a category lies within another (the taxonomy's hierarchy), for category transforms; default: dotted prefixes. */
  within?: Within;
  /** Units run at least once, of all units: called every few hundred runs and once at the end. */
  onProgress?: (ran: number, total: number) => void;
  /** The columns the facts declare (`knownColumns(files)`), when the caller has them already. */
  tableColumns?: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface Simulation {
  flows: Flow[];
  jobs: CodeJobDraft[];
  /** Statements resolved for query steps: `<file>\0<unit>` -> step index -> statements. */
  statements: Map<string, Map<number, EmbeddedStatement[]>>;
  gaps: Gap[];
}

export type { CodeJobDraft } from './results.js';

/** What a query over mapped classes needs of a class: its table, and how its attributes name columns and relations. */
export interface QueriedClass {
  table: string;
  /** Attributes named otherwise than their column or relation (`fullName`: `full_name`). */
  attributes?: Readonly<Record<string, string>>;
  /** Attributes that relate the class to another (`customer`), with the column holding the related key. */
  relations?: ReadonlyArray<{ field: string; column?: string }>;
  /** The column that identifies a row. */
  key?: string;
}

/** The program's mapped classes, as a query over them names them. */
export interface QueriedClasses {
  /** The mapped class a name in the query stands for, if the program maps it. */
  classNamed(name: string): QueriedClass | undefined;
  /** The mapped class a relation of `of` points at (`orders` of a customer: the orders' class). */
  related(of: QueriedClass, field: string): QueriedClass | undefined;
}

/**
 * A query over mapped classes (an ORM's query language) -> the statement it runs over the classes' tables, or
 * undefined when it cannot be told (a class that is not mapped).
 */
export type EntityQueryWriter = (query: string, classes: QueriedClasses) => string | undefined;

/** Statement text -> its statements, with the columns a query returns when known. */
export type Analyzer = (text: string, file: string, line: number) => Array<{ statement: EmbeddedStatement; columns?: ResultColumn[]; whole?: string[] }>;

/** Columns the facts declare, by asset: CREATE TABLE and other statements' `defines`, ORM classes, tables declared in code;
 * they tell a row's fields from other names. */
export function knownColumns(files: readonly FileFacts[]): Map<string, Set<string>> {
  const columns = new Map<string, Set<string>>();
  const add = (asset: string, names: readonly string[]) => {
    // No names is no knowledge (an Eloquent model without `$fillable` and without a migration), not a table without columns.
    if (names.length === 0) return;
    let set = columns.get(asset);
    if (!set) columns.set(asset, (set = new Set()));
    for (const name of names) set.add(name);
  };
  for (const facts of files) {
    for (const unit of facts.units) {
      if (unit.asset) add(`${unit.asset.kind}:${unit.asset.name}`, unit.asset.columns);
      for (const step of unit.steps) {
        const declared = declaredAsset(step);
        if (declared) add(declared.id, declared.columns);
        if (!('statement' in step)) continue;
        for (const defined of step.statement.defines) add(defined.asset, defined.columns);
      }
    }
  }
  return columns;
}

export function simulate(files: readonly FileFacts[], options: SimulateOptions = {}): Simulation {
  const program = new Program(files, options.maxCopies !== undefined ? { maxCopies: options.maxCopies } : {});
  const engine = new Engine(program, {
    sensitivity: options.sensitivity ?? nameSensitivity,
    maxRuns: options.maxRuns ?? 4,
    ...(options.analyze ? { analyze: options.analyze } : {}),
    ...(options.entityQuery ? { entityQuery: options.entityQuery } : {}),
    ...(options.within ? { within: options.within } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  for (const [asset, names] of options.tableColumns ?? knownColumns(files)) engine.tableColumns.set(asset, new Set(names));
  if (program.firstSkipped) {
    const at = program.firstSkipped;
    engine.gaps.push(budgetGap('inherited-copies', options.maxCopies!, at.facts.file, at.unit.line, undefined,
      `${program.copiesSkipped.toLocaleString('en-US')} inherited methods, from ${at.unit.name} on, run with their own class's objects only`));
  }
  engine.run();
  const simulation = { flows: collectFlows(engine), jobs: collectJobs(engine), statements: engine.statements, gaps: engine.gaps };
  engine.release();
  return simulation;
}
