/** The lineage graph: assets, jobs that read and write them, and the asset-to-asset edges the jobs imply. */
import type { ColumnLineage } from '../facts/schema.js';

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

export interface Job {
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

export interface Edge {
  from: string;
  to: string;
  jobs: string[];
}

export interface LineageGraph {
  assets: Asset[];
  jobs: Job[];
  edges: Edge[];
}
