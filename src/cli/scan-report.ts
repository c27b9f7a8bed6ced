/**
 * The report side of `lineage scan` and `lineage merge`: the same flags (format, output, governance, drawing
 * guard, OpenLineage) and the same steps from a scan result to a written report and an exit code, so a merged
 * report is the report a single-machine scan would have written.
 */
import { Option, type Command } from 'commander';
import { writeChunked, writeFileChunked } from './write-text.js';
import { DEFAULT_MAX_NODES, drawingSize } from '../report/graph/drawing.js';
import { DRAWING_FORMATS, PIECEWISE_REPORTERS, REPORTERS, REPORT_FORMATS, type ReportFormat } from '../report/index.js';
import type { Report } from '../report/json/schema.js';
import { UsageError } from './errors.js';
import { exitCodeFor, withBaseline, type Governance, type GovernanceOptions } from './governance.js';
import { readHtmlBaseline } from './html-baseline.js';
import { addOpenLineageOptions, parseOpenLineageOptions, type RawOpenLineageOptions } from './openlineage-options.js';
import { colorEnabled, parseChoice } from './options.js';

export interface RawReportOptions extends RawOpenLineageOptions, GovernanceOptions {
  format: string;
  output?: string;
  quiet?: boolean;
  color?: boolean;
  maxNodes: string;
}

/** Flags every command that writes a scan report takes. */
export function addReportOptions(command: Command): Command {
  command
    .addOption(new Option('-f, --format <format>', `report format (${REPORT_FORMATS.join(', ')})`).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-q, --quiet', 'print nothing but the report')
    .option('--no-color', 'no colors in the text report')
    .option('--manifest <file>', 'annotation manifest (default: <dir>/lineage.yaml if present)')
    .option('--fail-on <rules>', 'exit 1 when findings of these rules exist, e.g. policy,unannotated-sensitive-flow')
    .option('--baseline <file>', 'a previous JSON report: only findings not in it count as new')
    .option('--max-nodes <n>', 'dot, mermaid: refuse to draw a graph with more nodes than this', String(DEFAULT_MAX_NODES));
  return addOpenLineageOptions(command);
}

export interface ReportRequest {
  format: ReportFormat;
  maxNodes: number;
  raw: RawReportOptions;
}

/** Checks the report flags before any work is done (a bad flag must not cost a scan). */
export function parseReportOptions(raw: RawReportOptions): ReportRequest {
  const format = parseChoice('--format', raw.format, REPORT_FORMATS);
  const maxNodes = Number(raw.maxNodes);
  if (!Number.isInteger(maxNodes) || maxNodes < 1) throw new UsageError(`--max-nodes: expected a positive whole number, got '${raw.maxNodes}'`);
  parseOpenLineageOptions(raw);
  return { format, maxNodes, raw };
}

/** Builds, writes and judges the report: sets the exit code from --fail-on. */
export async function emitReport(scanned: Report, governance: Governance, request: ReportRequest, target: string): Promise<void> {
  const { format, maxNodes, raw } = request;
  const report = withBaseline(scanned, governance);
  if (DRAWING_FORMATS.includes(format) && drawingSize(report) > maxNodes) {
    throw new UsageError(`the graph has ${drawingSize(report)} nodes, more than --max-nodes ${maxNodes} can draw legibly; draw a part of it with \`lineage query <asset> --format ${format}\`, or raise --max-nodes`);
  }
  // Decided before any output: a reader that stops reading early (`| head`) must not change it.
  process.exitCode = exitCodeFor(report, governance);
  const toStdout = raw.output === undefined;
  const baseline = await readHtmlBaseline(format, raw);
  const piecewise = PIECEWISE_REPORTERS[format];
  const text = piecewise ? piecewise(report) : REPORTERS[format](report, {
    color: toStdout && colorEnabled(process.stdout, raw.color), target, openlineage: parseOpenLineageOptions(raw), ...(baseline ? { baseline } : {}),
  });
  if (toStdout) await writeChunked(process.stdout, text);
  else {
    try {
      await writeFileChunked(raw.output!, text);
    } catch (error) {
      throw new UsageError(`${raw.output}: cannot write (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!raw.quiet) process.stderr.write(`lineage: wrote ${format} report to ${raw.output}\n`);
  }
}
