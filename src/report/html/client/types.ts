/**
 * The report as the page reads it: the JSON contract (docs/report.md), with every section optional, because the
 * page must work on older and newer reports alike (sections still being filled, fields added later).
 */
export interface Location { file: string; line: number }

export interface Annotation {
  entry?: string;
  owner?: string;
  description?: string;
  retention?: string;
  fields?: Record<string, string[]>;
}

export interface Asset {
  id: string;
  kind?: string;
  name?: string;
  columns?: string[];
  annotation?: Annotation | null;
  categories?: string[];
  locations?: Location[];
}

export interface ColumnInput { asset: string; column: string; type?: string; subtype?: string; masking?: boolean }
export interface ColumnLineage { output: { asset: string; column: string }; inputs: ColumnInput[] }

export interface Job {
  id: string;
  kind?: string;
  file?: string;
  line?: number;
  unit?: string;
  operation?: string;
  dialect?: string;
  confidence?: string;
  callee?: string;
  callLine?: number;
  sql?: string;
  inputs?: string[];
  outputs?: string[];
  columnLineage?: ColumnLineage[];
}

export interface Edge { from: string; to: string; jobs?: string[]; runtime?: string }

export interface FlowStep { file: string; line: number; note?: string }

export interface Flow {
  id: string;
  source: { asset?: string; column?: string; name?: string; categories?: string[]; file?: string; line?: number };
  sink: { kind: string; callee?: string; file?: string; line?: number; endLine?: number; target?: string };
  categories?: string[];
  path?: FlowStep[];
}

export interface Finding {
  ruleId: string;
  level: string;
  message: string;
  file?: string;
  line?: number;
  fingerprint?: string;
  flow?: string;
  asset?: string;
  policy?: string;
  categories?: string[];
  hint?: string;
  /** The code at the finding, when the producer adds it (a string, or an object with the text and its lines). */
  snippet?: unknown;
  suppression?: { kind?: string; reason?: string; until?: string };
}

export interface Gap { kind: string; file: string; line: number; detail?: string; severity?: string }

export interface LanguageSummary { files?: number; lines?: number; parseErrorFiles?: number }

export interface Report {
  schemaVersion?: string;
  tool?: { name?: string; version?: string };
  summary?: { files?: number; lines?: number; languages?: Record<string, LanguageSummary>; [key: string]: unknown };
  assets?: Asset[];
  jobs?: Job[];
  edges?: Edge[];
  flows?: Flow[];
  findings?: Finding[];
  coverage?: Record<string, unknown>;
  gaps?: Gap[];
}

/** Page data computed by the reporter (src/report/html/page-data.ts, which imports these types). */
export interface DriftList<T> { count: number; items: T[] }
export interface DriftFlow { id: string; source: string; sink: string; where: string; categories: string[] }
export interface DriftFinding { ruleId: string; level: string; message: string; where: string; violation: boolean }

export interface Drift {
  /** What to call the baseline (its file name). */
  baseline: string;
  assets: { added: DriftList<string>; removed: DriftList<string> };
  edges: { added: DriftList<{ from: string; to: string }>; removed: DriftList<{ from: string; to: string }> };
  flows: { added: DriftList<DriftFlow>; removed: DriftList<DriftFlow> };
  findings: { added: DriftList<DriftFinding>; removed: DriftList<DriftFinding> };
  rates: Array<{ name: string; old: number | null; new: number | null }>;
}

export interface Explanations {
  assets: Record<string, string[]>;
  /** Asset id -> column -> sentences. */
  columns: Record<string, Record<string, string[]>>;
  /** False when the graph had more assets than the reporter explains. */
  complete: boolean;
  limit: number;
}

export interface PageData {
  title: string;
  explanations: Explanations;
  drift?: Drift;
}
