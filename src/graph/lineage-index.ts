/**
 * An index over a report for graph questions: assets and jobs by id, table-level adjacency from `edges`, and
 * column-level adjacency from the jobs' `columnLineage`. Built from the report contract only, so it works the same
 * on a fresh scan and on a saved JSON report, whether or not column lineage, flows or annotations are present.
 */
import type { Report, ReportAsset, ReportJob } from '../report/json/schema.js';
import { assetKind, assetName, compareStrings } from './ids.js';

export type ReportEdge = Report['edges'][number];

/** One column feeding another through one job (OpenLineage-typed). */
export interface ColumnEdge {
  from: { asset: string; column: string };
  to: { asset: string; column: string };
  job: string;
  type: string;
  subtype: string;
  masking?: boolean;
}

export interface LineageIndex {
  report: Report;
  assets: Map<string, ReportAsset>;
  jobs: Map<string, ReportJob>;
  /** Table-level edges by source and by target asset id. */
  outgoing: Map<string, ReportEdge[]>;
  incoming: Map<string, ReportEdge[]>;
  /** Column-level edges by `columnKey` of their source and target. */
  columnOut: Map<string, ColumnEdge[]>;
  columnIn: Map<string, ColumnEdge[]>;
  /** Assets that are the output of at least one column-lineage entry (their column lineage is known). */
  columnLineageOutputs: Set<string>;
  /** Columns each asset has in column lineage (as input or output). */
  lineageColumns: Map<string, Set<string>>;
}

export const columnKey = (asset: string, column: string) => `${asset}\u0000${column}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** An asset the report mentions only in an edge or job (kept so every id resolves to something). */
function placeholderAsset(id: string): ReportAsset {
  return { id, kind: assetKind(id), name: assetName(id), columns: [], annotation: null, categories: [], locations: [] };
}

export function indexReport(report: Report): LineageIndex {
  const assets = new Map(report.assets.map((a) => [a.id, a]));
  const jobs = new Map(report.jobs.map((j) => [j.id, j]));
  const ensure = (id: string) => {
    if (!assets.has(id)) assets.set(id, placeholderAsset(id));
  };
  const outgoing = new Map<string, ReportEdge[]>();
  const incoming = new Map<string, ReportEdge[]>();
  for (const edge of report.edges) {
    ensure(edge.from);
    ensure(edge.to);
    push(outgoing, edge.from, edge);
    push(incoming, edge.to, edge);
  }
  const columnOut = new Map<string, ColumnEdge[]>();
  const columnIn = new Map<string, ColumnEdge[]>();
  const columnLineageOutputs = new Set<string>();
  const lineageColumns = new Map<string, Set<string>>();
  const noteColumn = (asset: string, column: string) => {
    let set = lineageColumns.get(asset);
    if (!set) lineageColumns.set(asset, (set = new Set()));
    set.add(column);
  };
  for (const job of report.jobs) {
    for (const id of [...job.inputs, ...job.outputs]) ensure(id);
    for (const lineage of job.columnLineage ?? []) {
      columnLineageOutputs.add(lineage.output.asset);
      if (lineage.output.column !== '*') noteColumn(lineage.output.asset, lineage.output.column);
      for (const input of lineage.inputs) {
        if (input.column === '*') continue;
        noteColumn(input.asset, input.column);
        const edge: ColumnEdge = {
          from: { asset: input.asset, column: input.column },
          to: { asset: lineage.output.asset, column: lineage.output.column },
          job: job.id,
          type: input.type,
          subtype: input.subtype,
          ...(input.masking !== undefined ? { masking: input.masking } : {}),
        };
        push(columnOut, columnKey(input.asset, input.column), edge);
        push(columnIn, columnKey(lineage.output.asset, lineage.output.column), edge);
      }
    }
  }
  return { report, assets, jobs, outgoing, incoming, columnOut, columnIn, columnLineageOutputs, lineageColumns };
}

/** Every column the report knows for an asset: declared, annotated or seen in column lineage; sorted. */
export function knownColumns(index: LineageIndex, assetId: string): string[] {
  const columns = new Set(index.assets.get(assetId)?.columns ?? []);
  for (const column of Object.keys(index.assets.get(assetId)?.annotation?.fields ?? {})) columns.add(column);
  for (const column of index.lineageColumns.get(assetId) ?? []) columns.add(column);
  return [...columns].sort(compareStrings);
}

/** Categories of one column: the manifest's (annotation fields) first, then none. */
export function columnCategories(index: LineageIndex, assetId: string, column: string): string[] {
  return [...(index.assets.get(assetId)?.annotation?.fields?.[column] ?? [])].sort(compareStrings);
}

/** Categories an asset carries: its own `categories` and those of its annotated fields. */
export function assetCategories(index: LineageIndex, assetId: string): string[] {
  const asset = index.assets.get(assetId);
  const set = new Set(asset?.categories ?? []);
  for (const list of Object.values(asset?.annotation?.fields ?? {})) list.forEach((c) => set.add(c));
  return [...set].sort(compareStrings);
}

/** `table:raw.users` -> `raw.users`; other kinds keep their prefix (`model:churn`). */
export function displayName(assetId: string): string {
  return assetId.startsWith('table:') ? assetId.slice('table:'.length) : assetId;
}

/** `etl/load_users.py:12`, or the call line when the SQL text lives elsewhere. */
export function jobWhere(job: ReportJob): string {
  return `${job.file}:${(job.kind === 'sql' ? job.callLine : undefined) ?? job.line}`;
}
