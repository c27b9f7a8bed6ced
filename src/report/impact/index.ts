/** Text and markdown for `lineage impact` (markdown is meant for pull-request comments). */
import pc from 'picocolors';
import type { Impact, ImpactedAsset } from '../../graph/impact.js';
import { displayName } from '../../graph/lineage-index.js';
import { evidenceText } from '../query/text.js';
import { forTerminal } from '../terminal-safe.js';

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function formatImpactText(impact: Impact, options: { color: boolean }): string {
  impact = forTerminal(impact); // names from the scanned tree, shown with control characters escaped
  const c = pc.createColors(options.color);
  const out = [c.bold(`${capitalise(impact.headline)}.`), ''];
  out.push(c.bold('Changed files'));
  for (const file of impact.files) out.push(`  ${file.file}${file.jobs.length === 0 ? c.dim('  (no lineage)') : c.dim(`  ${file.jobs.length} job${file.jobs.length === 1 ? '' : 's'}`)}`);
  if (impact.jobs.length > 0) {
    out.push('', c.bold('Jobs'));
    for (const job of impact.jobs) out.push(`  ${evidenceText(job)}`);
  }
  const assetLine = (a: ImpactedAsset) => {
    const owner = a.owner ? c.dim(`  owner ${a.owner}`) : '';
    const categories = a.categories.length > 0 ? c.red(`  [${a.categories.join(', ')}]`) : '';
    return `  ${String(a.depth).padStart(2)}  ${displayName(a.id)}${c.dim(` (${a.kind})`)}${owner}${categories}`;
  };
  if (impact.changed.length > 0) {
    out.push('', c.bold('Written'));
    impact.changed.forEach((a) => out.push(assetLine(a)));
  }
  if (impact.read.length > 0) out.push('', `${c.bold('Read only')}  ${impact.read.map(displayName).join(', ')}`);
  if (impact.downstream.length > 0) {
    out.push('', c.bold(`Downstream (${impact.downstream.length})`));
    impact.downstream.forEach((a) => out.push(assetLine(a)));
  }
  if (impact.flows.length > 0) {
    out.push('', c.bold('Sensitive flows from affected assets'));
    impact.flows.forEach((f) => out.push(`  ${f.source} -> ${f.sink}  ${c.red(`[${f.categories.join(', ')}]`)}`));
  }
  if (impact.categories.length > 0) out.push('', `${c.bold('Sensitive categories involved')}  ${impact.categories.join(', ')}`);
  if (impact.findings.length > 0) {
    out.push('', c.bold('Findings'));
    impact.findings.forEach((f) => out.push(`  ${f.level} ${f.ruleId} at ${f.file}:${f.line}: ${f.message}`));
  }
  return out.join('\n') + '\n';
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function formatImpactMarkdown(impact: Impact): string {
  const out = ['### Lineage impact', '', `**${cell(capitalise(impact.headline))}.**`, ''];
  out.push('| changed file | jobs |', '|---|---|');
  for (const file of impact.files) out.push(`| \`${cell(file.file)}\` | ${file.jobs.length === 0 ? 'no lineage' : file.jobs.map((j) => `\`${cell(j)}\``).join(', ')} |`);
  const table = (title: string, assets: ImpactedAsset[]) => {
    if (assets.length === 0) return;
    out.push('', `**${title}**`, '', '| asset | kind | hops | owner | sensitive categories |', '|---|---|---|---|---|');
    for (const a of assets) {
      out.push(`| \`${cell(displayName(a.id))}\` | ${a.kind} | ${a.depth} | ${cell(a.owner ?? '')} | ${a.categories.map((x) => `\`${x}\``).join(' ')} |`);
    }
  };
  table('Written by the change', impact.changed);
  table(`Downstream (${impact.downstream.length})`, impact.downstream);
  if (impact.flows.length > 0) {
    out.push('', '**Sensitive flows from affected assets**', '');
    impact.flows.forEach((f) => out.push(`- \`${cell(f.source)}\` → ${cell(f.sink)} (${f.categories.map((x) => `\`${x}\``).join(', ')})`));
  }
  if (impact.categories.length > 0) out.push('', `**Sensitive categories involved:** ${impact.categories.map((x) => `\`${x}\``).join(', ')}`);
  if (impact.findings.length > 0) {
    out.push('', '**Findings**', '');
    impact.findings.forEach((f) => out.push(`- ${f.level} \`${f.ruleId}\` at \`${cell(f.file)}:${f.line}\`: ${cell(f.message)}`));
  }
  return out.join('\n') + '\n';
}
