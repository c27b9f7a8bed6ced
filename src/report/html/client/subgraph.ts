/**
 * The part of the graph the explorer shows: the focus (an asset or a column), N levels upstream and downstream,
 * at table or column level, and the sinks that sensitive flows from the shown assets reach. Only this part is ever
 * laid out, and it is capped at MAX_VIEW_NODES assets, so a 5,000-asset report draws as fast as a small one.
 * Column walks follow column lineage and fall back to table edges where a job has none (as `lineage query` does).
 * No DOM here.
 */
import { assetCategories, columnCategories, columnKey, flowViolations, type Model } from './model.js';
import type { Edge } from './types.js';

export const MAX_VIEW_NODES = 150;
/** "All levels". */
export const ALL_LEVELS = 99;
/** Column mappings drawn per table edge at most, when the focus is a whole asset. */
const MAX_MAPPINGS_PER_EDGE = 40;

export interface Focus { asset: string; column?: string }

export interface ViewState {
  focus: Focus;
  up: number;
  down: number;
  /** Column level: nodes list columns and edges join them. */
  columns: boolean;
}

export interface ViewNode {
  /** The asset id, or `flow:<id>` for a sink. */
  key: string;
  type: 'asset' | 'sink';
  asset?: string;
  flow?: string;
  /** Hops from the focus: negative upstream, positive downstream. */
  depth: number;
  /** Columns listed in the node (column level). */
  columns: string[];
  /** Neighbours in the graph that are not shown (beyond the levels or the node limit). */
  hiddenUp: number;
  hiddenDown: number;
}

export interface ViewEdge {
  key: string;
  from: string;
  to: string;
  fromColumn?: string;
  toColumn?: string;
  level: 'table' | 'column' | 'flow';
  jobs: string[];
  /** Column lineage that does not carry values (JOIN, FILTER, ...). */
  indirect?: boolean;
}

export interface View {
  state: ViewState;
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Some reachable assets were left out because of MAX_VIEW_NODES. */
  truncated: boolean;
}

interface Item { asset: string; column?: string }

const itemKey = (item: Item) => (item.column === undefined ? item.asset : columnKey(item.asset, item.column));
const edgeKey = (e: Pick<ViewEdge, 'from' | 'to' | 'fromColumn' | 'toColumn' | 'level'>) =>
  `${e.level}\u0001${e.from}\u0001${e.fromColumn ?? ''}\u0001${e.to}\u0001${e.toColumn ?? ''}`;

class Builder {
  readonly items = new Map<string, { item: Item; depth: number }>();
  readonly assetDepth = new Map<string, number>();
  readonly edges = new Map<string, ViewEdge>();
  truncated = false;

  constructor(readonly model: Model) {}

  /** Adds an item unless that would exceed the node limit; false when refused. */
  admit(item: Item, depth: number): boolean {
    if (!this.assetDepth.has(item.asset)) {
      if (this.assetDepth.size >= MAX_VIEW_NODES) {
        this.truncated = true;
        return false;
      }
      this.assetDepth.set(item.asset, depth);
    } else if (Math.abs(depth) < Math.abs(this.assetDepth.get(item.asset)!)) this.assetDepth.set(item.asset, depth);
    if (!this.items.has(itemKey(item))) this.items.set(itemKey(item), { item, depth });
    return true;
  }

  edge(edge: Omit<ViewEdge, 'key'>): void {
    const key = edgeKey(edge);
    const existing = this.edges.get(key);
    if (existing) existing.jobs = [...new Set([...existing.jobs, ...edge.jobs])];
    else this.edges.set(key, { ...edge, key });
  }
}

function hasColumnLineageInto(model: Model, jobId: string, asset: string): boolean {
  return (model.jobs.get(jobId)?.columnLineage ?? []).some((l) => l.output.asset === asset);
}

/** One hop from an item: column edges (column walk) and table edges (table walk, or where column lineage is missing). */
function steps(model: Model, item: Item, down: boolean, columnWalk: boolean): Array<{ next: Item; edge: Omit<ViewEdge, 'key'> }> {
  const tableEdges: Edge[] = (down ? model.outgoing : model.incoming).get(item.asset) ?? [];
  const tableStep = (e: Edge, jobs: string[]) => ({
    next: { asset: down ? e.to : e.from },
    edge: { from: e.from, to: e.to, level: 'table' as const, jobs },
  });
  if (!columnWalk || item.column === undefined) return tableEdges.map((e) => tableStep(e, e.jobs ?? []));
  const out: Array<{ next: Item; edge: Omit<ViewEdge, 'key'> }> = [];
  const columns = model.columnEdges();
  for (const c of (down ? columns.out : columns.in).get(columnKey(item.asset, item.column)) ?? []) {
    const end = down ? c.to : c.from;
    out.push({
      next: { asset: end.asset, column: end.column },
      edge: { from: c.from.asset, to: c.to.asset, fromColumn: c.from.column, toColumn: c.to.column, level: 'column', jobs: [c.job], ...(c.type === 'INDIRECT' ? { indirect: true } : {}) },
    });
  }
  for (const e of tableEdges) {
    const blind = (e.jobs ?? []).filter((job) => !hasColumnLineageInto(model, job, e.to));
    if (blind.length > 0) out.push(tableStep(e, blind));
  }
  return out;
}

function walk(builder: Builder, start: Item, levels: number, down: boolean, columnWalk: boolean): void {
  const seen = new Map<string, number>([[itemKey(start), 0]]);
  const queue: Item[] = [start];
  for (let head = 0; head < queue.length; head++) {
    const item = queue[head]!;
    const distance = seen.get(itemKey(item))!;
    if (distance >= levels) continue;
    for (const { next, edge } of steps(builder.model, item, down, columnWalk)) {
      const key = itemKey(next);
      if (!seen.has(key)) {
        if (!builder.admit(next, down ? distance + 1 : -(distance + 1))) continue;
        seen.set(key, distance + 1);
        queue.push(next);
      }
      builder.edge(edge);
    }
  }
}

/** Table walk with columns shown: the column mappings behind each shown table edge. */
function addMappings(builder: Builder): void {
  for (const edge of [...builder.edges.values()]) {
    if (edge.level !== 'table') continue;
    let count = 0;
    for (const jobId of edge.jobs) {
      for (const lineage of builder.model.jobs.get(jobId)?.columnLineage ?? []) {
        if (lineage.output.asset !== edge.to) continue;
        for (const input of lineage.inputs) {
          if (input.asset !== edge.from || input.column === '*' || count >= MAX_MAPPINGS_PER_EDGE) continue;
          count++;
          builder.edge({ from: edge.from, to: edge.to, fromColumn: input.column, toColumn: lineage.output.column, level: 'column', jobs: [jobId], ...(input.type === 'INDIRECT' ? { indirect: true } : {}) });
          builder.admit({ asset: edge.from, column: input.column }, builder.assetDepth.get(edge.from)!);
          builder.admit({ asset: edge.to, column: lineage.output.column }, builder.assetDepth.get(edge.to)!);
        }
      }
    }
    if (count > 0) builder.edges.delete(edge.key);
  }
}

/** Sinks of flows read from shown assets at the focus or downstream, one level further down. */
function addSinks(builder: Builder, state: ViewState, columnWalk: boolean): void {
  for (const [asset, depth] of [...builder.assetDepth]) {
    if (depth < 0 || depth >= state.down) continue;
    for (const flow of builder.model.flowsBySource.get(asset) ?? []) {
      const column = flow.source.column;
      if (columnWalk) {
        const reached = column === undefined ? builder.items.has(asset) : builder.items.has(columnKey(asset, column)) || builder.items.has(asset);
        if (!reached) continue;
      }
      const key = `flow:${flow.id}`;
      builder.edge({ from: asset, to: key, level: 'flow', jobs: [], ...(state.columns && column !== undefined && builder.items.has(columnKey(asset, column)) ? { fromColumn: column } : {}) });
      builder.items.set(key, { item: { asset: key }, depth: depth + 1 });
    }
  }
}

export function buildView(model: Model, state: ViewState): View {
  const builder = new Builder(model);
  const columnWalk = state.columns && state.focus.column !== undefined;
  const start: Item = columnWalk ? { asset: state.focus.asset, column: state.focus.column! } : { asset: state.focus.asset };
  builder.admit(start, 0);
  walk(builder, start, state.up, false, columnWalk);
  walk(builder, start, state.down, true, columnWalk);
  if (state.columns && !columnWalk) addMappings(builder);
  addSinks(builder, state, columnWalk);

  const shown = builder.assetDepth;
  const nodes: ViewNode[] = [];
  for (const [asset, depth] of shown) {
    const columns = new Set<string>();
    if (state.columns) for (const { item } of builder.items.values()) if (item.asset === asset && item.column !== undefined) columns.add(item.column);
    nodes.push({
      key: asset, type: 'asset', asset, depth, columns: [...columns].sort(),
      hiddenUp: (model.incoming.get(asset) ?? []).filter((e) => !shown.has(e.from)).length,
      hiddenDown: (model.outgoing.get(asset) ?? []).filter((e) => !shown.has(e.to)).length,
    });
  }
  for (const [key, { depth }] of builder.items) {
    if (key.startsWith('flow:')) nodes.push({ key, type: 'sink', flow: key.slice(5), depth, columns: [], hiddenUp: 0, hiddenDown: 0 });
  }
  nodes.sort((a, b) => a.depth - b.depth || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const edges = [...builder.edges.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { state, nodes, edges, truncated: builder.truncated };
}

export interface Highlights {
  /** Node keys holding or receiving sensitive data. */
  sensitiveNodes: Set<string>;
  /** `columnKey`s of sensitive columns among the shown ones. */
  sensitiveColumns: Set<string>;
  /** Edge keys on a path from sensitive data. */
  sensitiveEdges: Set<string>;
  /** Sink node keys (and the edges into them) where an unsuppressed finding breaks a policy. */
  violations: Set<string>;
}

/**
 * Sensitive paths in a view: data with categories (manifest fields, asset categories), carried forward along
 * value-carrying edges (DIRECT column lineage; any table edge), and sinks whose flow breaks a policy.
 */
export function highlights(model: Model, view: View): Highlights {
  const sensitiveNodes = new Set<string>();
  const sensitiveColumns = new Set<string>();
  const sensitiveEdges = new Set<string>();
  const violations = new Set<string>();
  for (const node of view.nodes) {
    if (node.type === 'sink') {
      if (flowViolations(model, node.flow!).length > 0) violations.add(node.key);
      continue;
    }
    const asset = node.asset!;
    if (view.state.columns) {
      for (const column of node.columns) if (columnCategories(model, asset, column).length > 0) sensitiveColumns.add(columnKey(asset, column));
      if (node.columns.some((c) => sensitiveColumns.has(columnKey(asset, c)))) sensitiveNodes.add(asset);
      if (node.columns.length === 0 && assetCategories(model, asset).length > 0) sensitiveNodes.add(asset);
    } else if (assetCategories(model, asset).length > 0) sensitiveNodes.add(asset);
  }
  // Forward propagation to a fixed point (edges are few: at most a few hundred).
  let changed = true;
  while (changed) {
    changed = false;
    for (const edge of view.edges) {
      if (sensitiveEdges.has(edge.key)) continue;
      let carries: boolean;
      if (edge.level === 'column') carries = !edge.indirect && sensitiveColumns.has(columnKey(edge.from, edge.fromColumn!));
      else if (edge.level === 'flow') carries = true;
      else carries = sensitiveNodes.has(edge.from);
      if (!carries) continue;
      sensitiveEdges.add(edge.key);
      if (edge.level === 'column') sensitiveColumns.add(columnKey(edge.to, edge.toColumn!));
      if (!sensitiveNodes.has(edge.to)) sensitiveNodes.add(edge.to);
      changed = true;
    }
  }
  for (const edge of view.edges) if (edge.level === 'flow' && violations.has(edge.to)) violations.add(edge.key);
  return { sensitiveNodes, sensitiveColumns, sensitiveEdges, violations };
}
