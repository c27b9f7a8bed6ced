/** The lineage graph: assets, jobs that read and write them, and the asset-to-asset edges the jobs imply. */
import type { ColumnLineage, SqlStatement } from '../facts/schema.js';

export interface Location {
  file: string;
  line: number;
}

export interface Asset {
  id: string;
  kind: string;
  name: string;
  columns: string[];
  /** Where the asset is defined or written (else where it is read). */
  locations: Location[];
}

export type Job = SqlJob | FunctionJob;

export interface SqlJob {
  id: string;
  kind: 'sql';
  file: string;
  line: number;
  /** The unit of code the job belongs to (`load_users`, `Loader.run`, `script`). */
  unit: string;
  operation: string;
  dialect: string;
  confidence: 'high' | 'low';
  /** The call that carried the SQL (`cursor.execute`), for SQL inside code. */
  callee?: string;
  /** Line of that call (the SQL text itself may be elsewhere, e.g. in a module constant). */
  callLine?: number;
  sql: string;
  inputs: string[];
  outputs: string[];
  columnLineage: ColumnLineage[];
  /** Assets the job creates as temporary (`#tmp`, CREATE TEMP TABLE). */
  temporary?: string[];
}

/** A function, method or script of code that moves data from assets it reads into assets it writes. */
export interface FunctionJob {
  id: string;
  kind: 'function';
  file: string;
  /** Where the unit starts. */
  line: number;
  unit: string;
  /** `train` when the function writes a model, else `transform`. */
  operation: string;
  confidence: 'high' | 'low';
  inputs: string[];
  outputs: string[];
  columnLineage: ColumnLineage[];
  /** A method the class inherits, run with the class's objects (`unit` is `Class.method`): where it is defined. */
  inherited?: InheritedFrom;
}

/** Where an inherited method is defined: its file, line and unit (`Export.run`). */
export interface InheritedFrom {
  file: string;
  line: number;
  unit: string;
}

export interface Edge {
  from: string;
  to: string;
  jobs: string[];
  /** Set by `lineage validate --runtime`. */
  runtime?: 'confirmed' | 'static-only';
}

/** What the simulation adds to the graph: function jobs and statements of queries it resolved. */
export interface CodeLineage {
  jobs: ReadonlyArray<{
    file: string; unit: string; line: number; inputs: string[]; outputs: string[]; columnLineage: ColumnLineage[];
    /** Input -> output pairs the function's writes carry; without them every input feeds every output. */
    pairs?: ReadonlyArray<readonly [string, string]>;
    inherited?: InheritedFrom;
  }>;
  /** `<file>\0<unit>` -> index of a query step in the unit -> its statements. */
  statements: ReadonlyMap<string, ReadonlyMap<number, SqlStatement[]>>;
}

export interface LineageGraph {
  assets: Asset[];
  jobs: Job[];
  edges: Edge[];
}
