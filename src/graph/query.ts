/**
 * Upstream / downstream subgraphs of an asset or a column, with the evidence (job, file:line) on every edge.
 *
 * Table level follows `edges`. Column level follows the jobs' column lineage; where an edge's jobs carry no column
 * lineage for the asset they write, the walk continues at table level from there (a sound over-approximation,
 * said in `notes`). Breadth-first and iterative, so long chains cannot overflow the stack.
 */
import type { Report } from '../report/json/schema.js';
import { compareStrings, naturalCompare } from './ids.js';
import { assetCategories, columnCategories, columnKey, type ColumnEdge, type LineageIndex, type ReportEdge } from './lineage-index.js';
import type { Focus } from './resolve.js';

export type Direction = 'upstream' | 'downstream';

export interface QueryOptions {
  direction: Direction;
  /** Maximum number of hops; undefined for no limit. */
  depth?: number;
  /** Attach column mappings to table-level edges. */
  columns?: boolean;
  /** Column level: follow only DIRECT column lineage (where values flow), not INDIRECT (filters, joins). */
  directOnly?: boolean;
}

export interface Evidence {
  job: string;
  /** `sql`, or the kind of a code-level job. */
  kind: string;
  file: string;
  /** Where the SQL (or code) of the job starts. */
  line: number;
  /** The call that ran it, when the text lives elsewhere. */
  callLine?: number;
  operation: string;
  unit: string;
  callee?: string;
}

export interface ColumnMapping {
  from: string;
  to: string;
  type: string;
  subtype: string;
  masking?: boolean;
}

export interface SliceNode {
  /** `asset` or `asset.column` in display form, unique in the slice. */
  key: string;
  asset: string;
  column?: string;
  kind: string;
  /** Hops from the focus. */
  depth: number;
  categories: string[];
  owner?: string;
}

export interface SliceEdge {
  from: string;
  to: string;
  level: 'table' | 'column';
  jobs: Evidence[];
  /** Column mappings carried by the edge (column level, or table level with `columns`). */
  columns?: ColumnMapping[];
}

export interface SliceFlow {
  id: string;
  source: string;
  sink: { kind: string; callee: string; file: string; line: number; target?: string };
  categories: string[];
}

export interface Subgraph {
  focus: Focus;
  direction: Direction;
  depth: number | null;
  level: 'table' | 'column';
  nodes: SliceNode[];
  edges: SliceEdge[];
  flows: SliceFlow[];
  notes: string[];
}

interface WalkNode {
  asset: string;
  column?: string;
}

const nodeKey = (node: WalkNode) => (node.column === undefined ? node.asset : columnKey(node.asset, node.column));

export function evidenceOf(index: LineageIndex, jobIds: readonly string[]): Evidence[] {
  return [...new Set(jobIds)].sort(naturalCompare).flatMap((id) => {
    const job = index.jobs.get(id);
    if (!job) return [];
    return [{
      job: id, kind: job.kind, file: job.file, line: job.line, operation: job.operation, unit: job.unit,
      ...(job.kind === 'sql' && job.callLine !== undefined ? { callLine: job.callLine } : {}),
      ...(job.kind === 'sql' && job.callee !== undefined ? { callee: job.callee } : {}),
    }];
  });
}

/** Whether `job` has column lineage for something it writes into `asset`. */
function hasColumnLineageInto(index: LineageIndex, jobId: string, asset: string): boolean {
  return (index.jobs.get(jobId)?.columnLineage ?? []).some((l) => l.output.asset === asset);
}

/** The column mappings behind a table edge: entries of its jobs from `edge.from` into `edge.to`. */
export function edgeColumnMappings(index: LineageIndex, edge: ReportEdge): ColumnMapping[] {
  const mappings: ColumnMapping[] = [];
  for (const jobId of edge.jobs) {
    for (const lineage of index.jobs.get(jobId)?.columnLineage ?? []) {
      if (lineage.output.asset !== edge.to) continue;
      for (const input of lineage.inputs) {
        if (input.asset !== edge.from || input.column === '*') continue;
        mappings.push({
          from: input.column, to: lineage.output.column, type: input.type, subtype: input.subtype,
          ...(input.masking !== undefined ? { masking: input.masking } : {}),
        });
      }
    }
  }
  return dedupeMappings(mappings);
}

interface Step {
  next: WalkNode;
  level: 'table' | 'column';
  jobs: string[];
  mapping?: ColumnEdge;
}

/** One hop from a node in a direction: column edges, and table edges where column lineage is missing. */
function neighbours(index: LineageIndex, node: WalkNode, direction: Direction, columnLevel: boolean, directOnly: boolean): { steps: Step[]; tableFallback: boolean } {
  const down = direction === 'downstream';
  const tableEdges = (down ? index.outgoing : index.incoming).get(node.asset) ?? [];
  if (!columnLevel || node.column === undefined) {
    return { steps: tableEdges.map((e) => ({ next: { asset: down ? e.to : e.from }, level: 'table', jobs: e.jobs })), tableFallback: false };
  }
  const steps: Step[] = [];
  const columnEdges = (down ? index.columnOut : index.columnIn).get(columnKey(node.asset, node.column)) ?? [];
  for (const edge of columnEdges) {
    if (directOnly && edge.type !== 'DIRECT') continue;
    const end = down ? edge.to : edge.from;
    steps.push({ next: { asset: end.asset, column: end.column }, level: 'column', jobs: [edge.job], mapping: edge });
  }
  let tableFallback = false;
  for (const edge of tableEdges) {
    // Jobs of this edge that say nothing at column level about the asset they write.
    const blind = edge.jobs.filter((job) => !hasColumnLineageInto(index, job, edge.to));
    if (blind.length === 0) continue;
    tableFallback = true;
    steps.push({ next: { asset: down ? edge.to : edge.from }, level: 'table', jobs: blind });
  }
  return { steps, tableFallback };
}

function displayKey(node: WalkNode): string {
  const name = node.asset.startsWith('table:') ? node.asset.slice(6) : node.asset;
  return node.column === undefined ? name : `${name}.${node.column}`;
}

function flowsOf(report: Report, nodes: readonly SliceNode[], direction: Direction): SliceFlow[] {
  const assets = new Map<string, SliceNode[]>();
  for (const node of nodes) assets.set(node.asset, [...(assets.get(node.asset) ?? []), node]);
  const matches = report.flows.filter((flow) => {
    if (direction === 'upstream') return flow.sink.target !== undefined && assets.has(flow.sink.target);
    const at = flow.source.asset === undefined ? undefined : assets.get(flow.source.asset);
    if (!at) return false;
    // A column node only matches flows of that column; a table node matches every flow read from it.
    return at.some((n) => n.column === undefined || flow.source.column === undefined || n.column === flow.source.column);
  });
  return matches.map((flow) => ({
    id: flow.id,
    source: flow.source.asset === undefined ? flow.source.name
      : displayKey({ asset: flow.source.asset, ...(flow.source.column !== undefined ? { column: flow.source.column } : {}) }),
    sink: {
      kind: flow.sink.kind, callee: flow.sink.callee, file: flow.sink.file, line: flow.sink.line,
      ...(flow.sink.target !== undefined ? { target: flow.sink.target } : {}),
    },
    categories: [...flow.categories].sort(compareStrings),
  })).sort((a, b) => compareStrings(a.sink.file, b.sink.file) || a.sink.line - b.sink.line || compareStrings(a.id, b.id));
}

export function querySubgraph(index: LineageIndex, focus: Focus, options: QueryOptions): Subgraph {
  const columnLevel = focus.column !== undefined;
  const limit = options.depth ?? Number.POSITIVE_INFINITY;
  const start: WalkNode = { asset: focus.asset, ...(focus.column !== undefined ? { column: focus.column } : {}) };
  const depths = new Map<string, { node: WalkNode; depth: number }>([[nodeKey(start), { node: start, depth: 0 }]]);
  const edges = new Map<string, { from: WalkNode; to: WalkNode; level: 'table' | 'column'; jobs: Set<string>; mappings: ColumnEdge[] }>();
  const queue: WalkNode[] = [start];
  let fellBack = false;
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    const depth = depths.get(nodeKey(node))!.depth;
    if (depth >= limit) continue;
    const { steps, tableFallback } = neighbours(index, node, options.direction, columnLevel, options.directOnly === true);
    fellBack ||= tableFallback;
    for (const step of steps) {
      const [from, to] = options.direction === 'downstream' ? [node, step.next] : [step.next, node];
      const key = `${nodeKey(from)}\u0001${nodeKey(to)}`;
      let edge = edges.get(key);
      if (!edge) edges.set(key, (edge = { from, to, level: step.level, jobs: new Set(), mappings: [] }));
      step.jobs.forEach((j) => edge.jobs.add(j));
      if (step.mapping) edge.mappings.push(step.mapping);
      if (!depths.has(nodeKey(step.next))) {
        depths.set(nodeKey(step.next), { node: step.next, depth: depth + 1 });
        queue.push(step.next);
      }
    }
  }

  const nodes: SliceNode[] = [...depths.values()].map(({ node, depth }) => {
    const asset = index.assets.get(node.asset);
    const categories = node.column === undefined ? assetCategories(index, node.asset) : columnCategories(index, node.asset, node.column);
    return {
      key: displayKey(node), asset: node.asset, ...(node.column !== undefined ? { column: node.column } : {}),
      kind: asset?.kind ?? 'unknown', depth, categories,
      ...(asset?.annotation?.owner ? { owner: asset.annotation.owner } : {}),
    };
  }).sort((a, b) => a.depth - b.depth || compareStrings(a.key, b.key));

  const sliceEdges: SliceEdge[] = [...edges.values()].map((edge) => {
    const out: SliceEdge = { from: displayKey(edge.from), to: displayKey(edge.to), level: edge.level, jobs: evidenceOf(index, [...edge.jobs]) };
    if (edge.level === 'column') {
      out.columns = dedupeMappings(edge.mappings.map((m) => ({
        from: m.from.column, to: m.to.column, type: m.type, subtype: m.subtype, ...(m.masking !== undefined ? { masking: m.masking } : {}),
      })));
    } else if (options.columns) {
      const tableEdge = index.outgoing.get(edge.from.asset)?.find((e) => e.to === edge.to.asset);
      const mappings = tableEdge ? edgeColumnMappings(index, tableEdge) : [];
      if (mappings.length > 0) out.columns = mappings;
    }
    return out;
  }).sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to));

  const notes: string[] = [];
  if (fellBack) notes.push('some edges carry no column lineage; the walk follows them at table level (an over-approximation)');
  if (options.columns && !columnLevel && index.columnLineageOutputs.size === 0) notes.push('the report has no column lineage yet');
  return {
    focus, direction: options.direction, depth: options.depth ?? null, level: columnLevel ? 'column' : 'table',
    nodes, edges: sliceEdges, flows: flowsOf(index.report, nodes, options.direction), notes,
  };
}

function dedupeMappings(mappings: ColumnMapping[]): ColumnMapping[] {
  const seen = new Map(mappings.map((m) => [`${m.from}\u0000${m.to}\u0000${m.type}\u0000${m.subtype}`, m]));
  return [...seen.values()].sort((a, b) => compareStrings(a.to, b.to) || compareStrings(a.from, b.from) || compareStrings(a.subtype, b.subtype));
}

/** Every asset reachable from `start` in a direction (table level), without `start` itself. */
export function reachableAssets(index: LineageIndex, start: readonly string[], direction: Direction, depth?: number): Map<string, number> {
  const limit = depth ?? Number.POSITIVE_INFINITY;
  const seen = new Map<string, number>(start.map((id) => [id, 0]));
  const queue = [...start];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    const d = seen.get(id)!;
    if (d >= limit) continue;
    for (const edge of (direction === 'downstream' ? index.outgoing : index.incoming).get(id) ?? []) {
      const next = direction === 'downstream' ? edge.to : edge.from;
      if (seen.has(next)) continue;
      seen.set(next, d + 1);
      queue.push(next);
    }
  }
  for (const id of start) seen.delete(id);
  return seen;
}
