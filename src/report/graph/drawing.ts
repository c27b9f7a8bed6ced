/**
 * A drawing: the nodes and edges a diagram shows, independent of the diagram language (DOT, Mermaid). Built from
 * a whole report or from a query's subgraph; sorted, so diagrams are byte-identical across runs.
 */
import { compareStrings } from '../../graph/ids.js';
import type { Subgraph } from '../../graph/query.js';
import type { Report } from '../json/schema.js';

export interface DrawingNode {
  id: string;
  label: string;
  kind: string;
  /** The node a query is about. */
  focus?: boolean;
  /** Carries sensitive categories. */
  sensitive?: boolean;
}

export interface DrawingEdge {
  from: string;
  to: string;
  label: string;
}

export interface Drawing {
  nodes: DrawingNode[];
  edges: DrawingEdge[];
}

/** Above this many nodes a whole-graph drawing is refused in favour of `lineage query`. */
export const DEFAULT_MAX_NODES = 300;

const label = (id: string) => (id.startsWith('table:') ? id.slice(6) : id);

function jobsLabel(files: readonly string[]): string {
  const unique = [...new Set(files)];
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique[0]} +${unique.length - 1}`;
}

export function drawingOfReport(report: Report): Drawing {
  const jobs = new Map(report.jobs.map((j) => [j.id, j]));
  const ids = new Set(report.assets.map((a) => a.id));
  report.edges.forEach((e) => { ids.add(e.from); ids.add(e.to); });
  const assets = new Map(report.assets.map((a) => [a.id, a]));
  const nodes = [...ids].sort(compareStrings).map((id) => {
    const asset = assets.get(id);
    const sensitive = (asset?.categories.length ?? 0) > 0 || Object.keys(asset?.annotation?.fields ?? {}).length > 0;
    return { id, label: label(id), kind: asset?.kind ?? id.slice(0, Math.max(0, id.indexOf(':'))), ...(sensitive ? { sensitive } : {}) };
  });
  const edges = report.edges.map((e) => ({
    from: e.from, to: e.to, label: jobsLabel(e.jobs.map((j) => jobs.get(j)?.file ?? j.replace(/#\d+$/, ''))),
  }));
  return { nodes, edges };
}

export function drawingOfSubgraph(subgraph: Subgraph): Drawing {
  const focusKey = subgraph.nodes.find((n) => n.depth === 0)?.key;
  const nodes = subgraph.nodes.map((n) => ({
    id: n.key, label: n.key, kind: n.kind,
    ...(n.key === focusKey ? { focus: true } : {}),
    ...(n.categories.length > 0 ? { sensitive: true } : {}),
  })).sort((a, b) => compareStrings(a.id, b.id));
  const edges = subgraph.edges.map((e) => ({ from: e.from, to: e.to, label: jobsLabel(e.jobs.map((j) => `${j.file}:${j.callLine ?? j.line}`)) }));
  return { nodes, edges };
}

/** How many nodes a whole-report drawing would have. */
export function drawingSize(report: Report): number {
  const ids = new Set(report.assets.map((a) => a.id));
  report.edges.forEach((e) => { ids.add(e.from); ids.add(e.to); });
  return ids.size;
}
