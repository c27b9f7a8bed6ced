/** Text for `lineage query`: the subgraph as a walk from the focus, every edge with its jobs at file:line. */
import pc from 'picocolors';
import type { Evidence, SliceEdge, Subgraph } from '../../graph/query.js';
import { focusLabel } from '../../graph/resolve.js';
import { forTerminal } from '../terminal-safe.js';

export function evidenceText(job: Evidence): string {
  const where = `${job.file}:${job.callLine ?? job.line}`;
  const via = job.callee ? ` ${job.callee}` : '';
  const what = job.kind === 'sql' ? 'SQL' : 'code';
  const sqlAt = job.callLine !== undefined && job.callLine !== job.line ? `, ${what} at line ${job.line}` : '';
  return `${where} (${job.operation}${via}${sqlAt})`;
}

function columnsText(edge: SliceEdge): string[] {
  return (edge.columns ?? []).map((m) => `${m.from} -> ${m.to} (${m.type}/${m.subtype}${m.masking ? ', masked' : ''})`);
}

export function formatQueryText(subgraph: Subgraph, options: { color: boolean }): string {
  subgraph = forTerminal(subgraph); // names from the scanned tree, shown with control characters escaped
  const c = pc.createColors(options.color);
  const depth = subgraph.depth === null ? 'all depths' : `depth ${subgraph.depth}`;
  const out = [`${c.bold(`${subgraph.direction} of ${focusLabel(subgraph.focus)}`)} ${c.dim(`(${subgraph.level} level, ${depth})`)}`, ''];
  const down = subgraph.direction === 'downstream';
  const byNear = new Map<string, SliceEdge[]>();
  for (const edge of subgraph.edges) {
    const near = down ? edge.from : edge.to;
    byNear.set(near, [...(byNear.get(near) ?? []), edge]);
  }
  const width = Math.max(0, ...subgraph.edges.map((e) => (down ? e.to : e.from).length));
  for (const node of subgraph.nodes) {
    const edges = byNear.get(node.key);
    if (!edges) continue;
    out.push(c.bold(node.key));
    for (const edge of edges) {
      const far = down ? edge.to : edge.from;
      const arrow = down ? '->' : '<-';
      const level = edge.level === 'table' && subgraph.level === 'column' ? c.yellow(' [table level]') : '';
      out.push(`  ${arrow} ${far.padEnd(width)}  ${edge.jobs.map(evidenceText).join('; ')}${level}`);
      for (const line of columnsText(edge)) out.push(c.dim(`       ${line}`));
    }
  }
  if (subgraph.depth === 0) out.push('depth 0: the asset itself only');
  else if (subgraph.edges.length === 0) out.push(`nothing ${down ? 'reads from' : 'feeds'} ${focusLabel(subgraph.focus)} in the lineage graph`);
  const others = subgraph.nodes.filter((n) => n.depth > 0);
  out.push('', `${c.bold('Assets')} ${others.length} ${down ? 'downstream' : 'upstream'}`);
  for (const node of others) {
    const categories = node.categories.length > 0 ? c.red(`  [${node.categories.join(', ')}]`) : '';
    const owner = node.owner ? c.dim(`  owner ${node.owner}`) : '';
    out.push(`  ${String(node.depth).padStart(2)}  ${node.key}${c.dim(` (${node.kind})`)}${owner}${categories}`);
  }
  if (subgraph.flows.length > 0) {
    out.push('', c.bold(down ? 'Reaches sinks' : 'Fed by flows'));
    for (const flow of subgraph.flows) {
      out.push(`  ${flow.source} -> ${flow.sink.kind} ${flow.sink.callee} at ${flow.sink.file}:${flow.sink.line}  ${c.red(`[${flow.categories.join(', ')}]`)}`);
    }
  }
  for (const note of subgraph.notes) out.push('', c.dim(`note: ${note}`));
  return out.join('\n') + '\n';
}
