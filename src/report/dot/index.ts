/** Graphviz DOT for a drawing: `lineage scan --format dot`, `lineage query --format dot`. */
import type { Drawing, DrawingNode } from '../graph/drawing.js';

const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const SHAPES: Record<string, string> = { table: 'box', view: 'box', model: 'ellipse', file: 'note', topic: 'cds', api: 'component' };

function nodeLine(node: DrawingNode): string {
  const attributes = [`label=${quote(node.label)}`, `shape=${SHAPES[node.kind] ?? 'box'}`];
  if (node.focus) attributes.push('style="bold,filled"', 'fillcolor="#fff2cc"');
  if (node.sensitive) attributes.push('color="#c00000"');
  return `  ${quote(node.id)} [${attributes.join(', ')}];`;
}

export function renderDot(drawing: Drawing): string {
  const lines = ['digraph lineage {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=8];'];
  for (const node of drawing.nodes) lines.push(nodeLine(node));
  for (const edge of drawing.edges) {
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)}${edge.label ? ` [label=${quote(edge.label)}]` : ''};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
