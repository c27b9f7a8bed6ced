/**
 * Positions of the shown nodes, left to right, by the dagre layered layout (inlined in the page as the global
 * `dagre`). Node sizes come from their text; column rows are placed inside their node, so column edges can join
 * row to row. Edges are drawn as curves between node sides, not through dagre's routing points.
 */
import type * as Dagre from '@dagrejs/dagre';
import type { View, ViewNode } from './subgraph.js';

declare const dagre: typeof Dagre;

export const HEADER_HEIGHT = 46;
export const ROW_HEIGHT = 22;
/** Average advance of one character: titles and columns are 13px/12px monospace, subtitles 11.5px sans-serif. */
export const TITLE_CHAR = 7.9;
export const COLUMN_CHAR = 7.3;
export const SUBTITLE_CHAR = 6.4;
/** Left and right padding inside a node. */
export const NODE_PADDING = 34;
const MIN_WIDTH = 150;
const MAX_WIDTH = 320;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  boxes: Map<string, Box>;
  width: number;
  height: number;
}

export function nodeWidth(title: string, subtitle: string, columns: readonly string[]): number {
  const needed = Math.max(title.length * TITLE_CHAR, subtitle.length * SUBTITLE_CHAR, ...columns.map((c) => c.length * COLUMN_CHAR + 14));
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, needed + NODE_PADDING)));
}

export function nodeHeight(node: ViewNode): number {
  return HEADER_HEIGHT + (node.columns.length > 0 ? node.columns.length * ROW_HEIGHT + 6 : 0);
}

/** The y offset of a column row's middle inside its node. */
export function rowOffset(node: ViewNode, column: string): number {
  const index = node.columns.indexOf(column);
  return index < 0 ? HEADER_HEIGHT / 2 : HEADER_HEIGHT + index * ROW_HEIGHT + ROW_HEIGHT / 2;
}

export function layoutView(view: View, sizes: Map<string, { width: number; height: number }>): Layout {
  const graph = new dagre.graphlib.Graph({ multigraph: false });
  graph.setGraph({ rankdir: 'LR', nodesep: 22, ranksep: 90, marginx: 24, marginy: 24 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of view.nodes) graph.setNode(node.key, { ...sizes.get(node.key)! });
  for (const edge of view.edges) if (edge.from !== edge.to && !graph.hasEdge(edge.from, edge.to)) graph.setEdge(edge.from, edge.to);
  dagre.layout(graph);
  const boxes = new Map<string, Box>();
  let width = 0;
  let height = 0;
  for (const node of view.nodes) {
    const placed = graph.node(node.key) as { x: number; y: number; width: number; height: number };
    const box = { x: placed.x - placed.width / 2, y: placed.y - placed.height / 2, width: placed.width, height: placed.height };
    boxes.set(node.key, box);
    width = Math.max(width, box.x + box.width + 24);
    height = Math.max(height, box.y + box.height + 24);
  }
  return { boxes, width, height };
}
