/**
 * The text reporter: a short, readable summary for a terminal. Long lists are cut with a pointer to the JSON
 * report; colors only when the caller says so (TTY, NO_COLOR).
 */
import pc from 'picocolors';
import type { Gap } from '../../facts/schema.js';
import type { Report } from '../json/schema.js';
import { coverageSection, findingsSection } from './governance.js';
import { forTerminal } from '../terminal-safe.js';

export interface TextOptions {
  color: boolean;
  /** The scanned folder as the user typed it. */
  target: string;
  /** Rows shown per list before "... and N more". */
  limit?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

const number = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, word: string) => `${number(n)} ${word}${n === 1 ? '' : 's'}`;

function assetName(id: string): string {
  return id.startsWith('table:') ? id.slice(6) : id;
}

function severityLabel(c: Colors, severity: Gap['severity']): string {
  if (severity === 'error') return c.red('error  ');
  if (severity === 'warning') return c.yellow('warning');
  return c.dim('info   ');
}

export function formatText(report: Report, options: TextOptions): string {
  report = forTerminal(report); // names from the scanned tree, shown with control characters escaped
  options = forTerminal(options);
  const c = pc.createColors(options.color);
  const limit = options.limit ?? 30;
  const out: string[] = [];
  const { summary } = report;

  out.push(`${c.bold('lineage')} ${report.tool.version} ${c.dim('·')} ${options.target}`);
  out.push('');
  const skipped = report.coverage.files.skipped;
  out.push(`${c.bold('Files')}    ${plural(summary.files, 'file')} analysed, ${number(summary.lines)} lines${skipped > 0 ? `, ${number(skipped)} skipped` : ''}`);
  const languages = Object.entries(summary.languages);
  const width = Math.max(0, ...languages.map(([name]) => name.length));
  for (const [name, lang] of languages) {
    if (!lang) continue;
    const errors = lang.parseErrorFiles > 0 ? c.yellow(`  ${plural(lang.parseErrorFiles, 'file')} with parse errors`) : '';
    out.push(`  ${name.padEnd(width)}  ${plural(lang.files, 'file').padStart(10)}  ${`${number(lang.lines)} lines`.padStart(13)}${errors}`);
  }
  out.push(`${c.bold('Lineage')}  ${plural(summary.assets, 'asset')}, ${plural(summary.jobs, 'job')}, ${plural(summary.edges, 'edge')}, ${plural(summary.flows, 'sensitive flow')}`);

  if (report.jobs.length > 0) {
    out.push('');
    out.push(c.bold('Jobs'));
    for (const job of report.jobs.slice(0, limit)) {
      const where = c.cyan(`${job.file}:${job.line}`);
      const via = job.kind === 'function' ? c.dim(` (${job.unit})`) : job.callee ? c.dim(` (${job.callee})`) : '';
      const reads = job.inputs.map(assetName).join(', ');
      const writes = job.outputs.map(assetName).join(', ');
      const flow = reads && writes ? `${reads} ${c.dim('->')} ${writes}` : reads ? `reads ${reads}` : `${c.dim('->')} ${writes}`;
      const low = job.confidence === 'low' ? c.yellow(' (fallback)') : '';
      out.push(`  ${where}${via}  ${c.dim(job.kind === 'function' ? 'function' : job.operation)}  ${flow}${low}`);
    }
    if (report.jobs.length > limit) out.push(c.dim(`  ... and ${number(report.jobs.length - limit)} more (--format json lists all)`));
  }

  if (report.flows.length > 0) {
    out.push('');
    out.push(`${c.bold('Flows')}    ${plural(report.flows.length, 'sensitive flow')}`);
    for (const flow of report.flows.slice(0, limit)) {
      const where = c.cyan(`${flow.sink.file}:${flow.sink.line}`);
      const source = flow.source.asset ? `${assetName(flow.source.asset)}${flow.source.column ? `.${flow.source.column}` : ''}` : flow.source.name;
      const target = flow.sink.target ? c.dim(` -> ${flow.sink.target}`) : '';
      out.push(`  ${where}  ${c.red(flow.sink.kind)} ${flow.sink.callee}  ${source} ${c.dim(`(${flow.categories.join(', ')})`)}${target}`);
    }
    if (report.flows.length > limit) out.push(c.dim(`  ... and ${number(report.flows.length - limit)} more (--format json lists all)`));
  }
  out.push(...findingsSection(report, c, limit));
  out.push(...coverageSection(report, c));

  const shown = report.gaps.filter((g) => g.severity !== 'info');
  const info = report.gaps.filter((g) => g.severity === 'info');
  if (report.gaps.length > 0) {
    out.push('');
    out.push(`${c.bold('Gaps')}     ${plural(report.gaps.length, 'blind spot')}`);
    for (const gap of shown.slice(0, limit)) {
      const where = gap.line > 0 ? `${gap.file}:${gap.line}` : gap.file;
      out.push(`  ${severityLabel(c, gap.severity)}  ${c.cyan(where)}  ${gap.kind}: ${gap.detail}`);
    }
    if (shown.length > limit) out.push(c.dim(`  ... and ${number(shown.length - limit)} more (--format json lists all)`));
    const infoKinds = new Map<string, number>();
    for (const gap of info) infoKinds.set(gap.kind, (infoKinds.get(gap.kind) ?? 0) + 1);
    for (const [kind, count] of [...infoKinds].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push(`  ${severityLabel(c, 'info')}  ${plural(count, 'file')}: ${kind}`);
    }
  }
  return out.join('\n') + '\n';
}
