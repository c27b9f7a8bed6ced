/** Mermaid flowchart for a drawing (renders in GitHub and GitLab markdown). */
import type { Drawing, DrawingNode } from '../graph/drawing.js';

/** Mermaid labels are quoted; quotes and the characters that end a label are written as entities. */
const escape = (text: string) => text.replace(/"/g, '#quot;').replace(/\|/g, '#124;').replace(/\n/g, ' ');

function shape(node: DrawingNode, label: string): string {
  if (node.kind === 'model') return `(["${label}"])`;
  if (node.kind === 'file') return `[/"${label}"/]`;
  return `["${label}"]`;
}

export function renderMermaid(drawing: Drawing): string {
  const ids = new Map(drawing.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const node of drawing.nodes) lines.push(`  ${ids.get(node.id)}${shape(node, escape(node.label))}`);
  for (const edge of drawing.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (!from || !to) continue;
    lines.push(edge.label ? `  ${from} -->|"${escape(edge.label)}"| ${to}` : `  ${from} --> ${to}`);
  }
  const focus = drawing.nodes.filter((n) => n.focus).map((n) => ids.get(n.id));
  const sensitive = drawing.nodes.filter((n) => n.sensitive).map((n) => ids.get(n.id));
  if (focus.length > 0) lines.push('  classDef focus stroke-width:3px,fill:#fff2cc', `  class ${focus.join(',')} focus`);
  if (sensitive.length > 0) lines.push('  classDef sensitive stroke:#c00000', `  class ${sensitive.join(',')} sensitive`);
  return lines.join('\n') + '\n';
}
