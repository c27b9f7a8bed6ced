/** Text for `lineage validate --runtime`: confirmed, static-only and runtime-only edges. */
import pc from 'picocolors';
import { displayName } from '../../graph/lineage-index.js';
import type { RuntimeValidation } from '../../runtime/validate.js';
import { forTerminal } from '../terminal-safe.js';

export function formatRuntimeText(validation: RuntimeValidation, options: { color: boolean; runtimeFile: string; failures: string[] }): string {
  validation = forTerminal(validation); // names from the scanned tree, shown with control characters escaped
  options = forTerminal(options);
  const c = pc.createColors(options.color);
  const { counts } = validation;
  const out = [
    c.bold(`runtime lineage from ${options.runtimeFile}`),
    c.dim(`${counts.openlineage} OpenLineage events, ${counts.simple} observed-flow records, ${counts.observations} observed edges`),
    '',
    `${c.bold('Confirmed')}     ${validation.confirmed.length}`,
  ];
  const arrow = (from: string, to: string) => `${displayName(from)} -> ${displayName(to)}`;
  for (const edge of validation.confirmed) out.push(c.green(`  ✓ ${arrow(edge.from, edge.to)}  ${c.dim(`${edge.jobs.join(', ')} | ${edge.runtimeJobs.join(', ')}`)}`));
  out.push(`${c.bold('Static only')}   ${validation.staticOnly.length}  ${c.dim('(in the code, not seen at run time)')}`);
  for (const edge of validation.staticOnly) out.push(`  · ${arrow(edge.from, edge.to)}  ${c.dim(edge.jobs.join(', '))}`);
  out.push(`${c.bold('Runtime only')}  ${validation.runtimeOnly.length}  ${c.dim('(seen at run time, no static evidence: a blind spot)')}`);
  for (const edge of validation.runtimeOnly) {
    out.push(c.yellow(`  ! ${arrow(edge.from, edge.to)}  ${c.dim(`${edge.runtimeJobs.join(', ')}, line ${edge.line}`)}`));
  }
  if (validation.unmapped.length > 0) {
    out.push('', c.bold('Runtime datasets that match no asset') + c.dim(' (add runtime.datasets rules to the manifest)'));
    for (const end of validation.unmapped) out.push(`  ${end.id}  ${c.dim(`line ${end.line}`)}`);
  }
  if (validation.problems.length > 0) {
    out.push('', c.bold('Lines not understood'));
    for (const problem of validation.problems) out.push(`  line ${problem.line}: ${problem.detail}`);
  }
  for (const failure of options.failures) out.push('', c.red(`fail-on: ${failure}`));
  return out.join('\n') + '\n';
}
