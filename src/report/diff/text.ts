/** Text for `lineage diff`: what was added (+), removed (-) and changed (~), then coverage deltas. */
import pc from 'picocolors';
import type { ReportDiff } from '../../graph/diff.js';
import { displayName } from '../../graph/lineage-index.js';
import { forTerminal } from '../terminal-safe.js';

const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);

export function formatDiffText(diff: ReportDiff, options: { color: boolean; old: string; new: string; failures: string[] }): string {
  diff = forTerminal(diff); // names from the scanned tree, shown with control characters escaped
  options = forTerminal(options);
  const c = pc.createColors(options.color);
  const out = [c.bold(`lineage diff ${options.old} -> ${options.new}`), ''];
  const plus = (text: string) => c.green(`  + ${text}`);
  const minus = (text: string) => c.red(`  - ${text}`);
  const section = (title: string, added: number, removed: number, changed = 0) =>
    out.push(`${c.bold(title.padEnd(9))} +${added} -${removed}${changed > 0 ? ` ~${changed}` : ''}`);

  section('Assets', diff.assets.added.length, diff.assets.removed.length, diff.assets.changed.length);
  diff.assets.added.forEach((id) => out.push(plus(id)));
  diff.assets.removed.forEach((id) => out.push(minus(id)));
  for (const change of diff.assets.changed) {
    const parts = [
      ...change.columnsAdded.map((col) => `+${col}`), ...change.columnsRemoved.map((col) => `-${col}`),
    ];
    const details = [
      parts.length > 0 ? `columns ${parts.join(' ')}` : '',
      change.categoriesAdded.length > 0 ? `categories +${change.categoriesAdded.join(' +')}` : '',
      change.categoriesRemoved.length > 0 ? `categories -${change.categoriesRemoved.join(' -')}` : '',
      change.annotationChanged ? 'manifest annotation changed' : '',
    ].filter((d) => d !== '');
    out.push(c.yellow(`  ~ ${change.id}: ${details.join('; ')}`));
  }
  section('Edges', diff.edges.added.length, diff.edges.removed.length);
  diff.edges.added.forEach((e) => out.push(plus(`${displayName(e.from)} -> ${displayName(e.to)}  ${c.dim(e.jobs.join(', '))}`)));
  diff.edges.removed.forEach((e) => out.push(minus(`${displayName(e.from)} -> ${displayName(e.to)}  ${c.dim(e.jobs.join(', '))}`)));
  section('Flows', diff.flows.added.length, diff.flows.removed.length);
  const flowText = (f: ReportDiff['flows']['added'][number]) => {
    const source = f.source.asset ? `${displayName(f.source.asset)}${f.source.column ? `.${f.source.column}` : ''}` : f.source.name;
    return `${source} -> ${f.sink.kind} ${f.sink.callee} at ${f.sink.file}:${f.sink.line} [${f.categories.join(', ')}] (${f.id})`;
  };
  diff.flows.added.forEach((f) => out.push(plus(flowText(f))));
  diff.flows.removed.forEach((f) => out.push(minus(flowText(f))));
  section('Findings', diff.findings.added.length, diff.findings.removed.length);
  const findingText = (f: ReportDiff['findings']['added'][number]) =>
    `${f.level} ${f.ruleId}${f.policy ? ` (${f.policy})` : ''} at ${f.file}:${f.line}: ${f.message}${f.suppression ? ' [suppressed]' : ''}`;
  diff.findings.added.forEach((f) => out.push(plus(findingText(f))));
  diff.findings.removed.forEach((f) => out.push(minus(findingText(f))));
  if (diff.coverage.length + diff.rates.length > 0) {
    out.push(c.bold('Coverage'));
    for (const rate of diff.rates) out.push(`  ${rate.name}: ${percent(rate.old)} -> ${percent(rate.new)}`);
    for (const delta of diff.coverage) {
      // Rounded so shares (parse quality) do not print floating-point noise.
      const step = delta.old !== null && delta.new !== null ? Math.round((delta.new - delta.old) * 10000) / 10000 : null;
      const change = step !== null ? ` (${step > 0 ? '+' : ''}${step})` : '';
      out.push(`  ${delta.name}: ${delta.old ?? 'n/a'} -> ${delta.new ?? 'n/a'}${change}`);
    }
  }
  for (const failure of options.failures) out.push('', c.red(`fail-on: ${failure}`));
  return out.join('\n') + '\n';
}
