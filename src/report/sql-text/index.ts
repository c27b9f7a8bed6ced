/**
 * The text report of `lineage sql`: per statement, the tables read, written and kept internal, and the
 * column chains `mart.users.email <- raw.users.email (IDENTITY)`. Indirect inputs (joins, filters, ...) shape
 * every column of their statement, so they are listed once per statement.
 */
import pc from 'picocolors';
import type { ColumnInput } from '../../facts/schema.js';
import type { Report } from '../json/schema.js';
import { forTerminal } from '../terminal-safe.js';

const name = (id: string) => (id.startsWith('table:') ? id.slice(6) : id);
const column = (asset: string, col: string) => `${name(asset)}.${col}`;

function describe(input: ColumnInput): string {
  const kind = input.type === 'DIRECT' ? input.subtype : `${input.subtype}`;
  return `${column(input.asset, input.column)} (${kind}${input.masking ? ', masking' : ''})`;
}

export function formatSqlText(report: Report, options: { color: boolean }): string {
  report = forTerminal(report); // names from the scanned tree, shown with control characters escaped
  const c = pc.createColors(options.color);
  const out: string[] = [];
  for (const job of report.jobs) {
    const low = job.confidence === 'low' ? c.yellow('  (tolerant fallback)') : '';
    out.push(`${c.bold(job.operation)} ${c.dim(`line ${job.line}`)}${low}`);
    if (job.inputs.length > 0) out.push(`  reads   ${job.inputs.map(name).join(', ')}`);
    if (job.outputs.length > 0) out.push(`  writes  ${job.outputs.map(name).join(', ')}`);
    if (job.kind === 'sql' && job.temporary && job.temporary.length > 0) out.push(`  temporary ${job.temporary.map(name).join(', ')}`);
    const indirect = new Map<string, string>();
    for (const entry of job.columnLineage) {
      const target = column(entry.output.asset, entry.output.column);
      const direct = entry.inputs.filter((i) => i.type === 'DIRECT');
      if (direct.length === 0) out.push(`  ${target} ${c.dim('<- (no column input)')}`);
      for (const input of direct) out.push(`  ${target} ${c.dim('<-')} ${describe(input)}`);
      for (const input of entry.inputs) if (input.type === 'INDIRECT') indirect.set(`${input.asset}.${input.column}.${input.subtype}`, describe(input));
    }
    if (indirect.size > 0) out.push(`  ${c.dim('indirect')} ${[...indirect.values()].sort().join(', ')}`);
  }
  for (const script of report.scripts) {
    out.push('');
    out.push(c.bold(`script ${script.file}`));
    out.push(`  reads         ${script.inputs.map(name).join(', ') || '-'}`);
    out.push(`  writes        ${script.outputs.map(name).join(', ') || '-'}`);
    out.push(`  intermediate  ${script.intermediate.map(name).join(', ') || '-'}`);
    if (script.intermediate.length > 0) {
      for (const entry of script.columnLineage) {
        for (const input of entry.inputs.filter((i) => i.type === 'DIRECT')) {
          out.push(`  ${column(entry.output.asset, entry.output.column)} ${c.dim('<-')} ${describe(input)}`);
        }
      }
    }
  }
  if (report.jobs.length === 0) out.push(c.dim('no statement reads or writes a table'));
  for (const gap of report.gaps) out.push(c.yellow(`${gap.kind} line ${gap.line}: ${gap.detail}`));
  return out.join('\n') + '\n';
}
