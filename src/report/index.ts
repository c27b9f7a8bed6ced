/** Reporter registry: format name -> a pure function from the report to text. Reporters never print. */
import { renderDot } from './dot/index.js';
import { drawingOfReport } from './graph/drawing.js';
import { formatHtml, htmlTitle } from './html/index.js';
import { formatJson, formatJsonPieces } from './json/index.js';
import type { Report } from './json/schema.js';
import { renderMermaid } from './mermaid/index.js';
import { formatOpenLineage, type OpenLineageOptions } from './openlineage/index.js';
import { formatSarif } from './sarif/index.js';
import { formatText } from './text/index.js';

export interface ReporterContext {
  color: boolean;
  target: string;
  /** Namespaces, event kind and time for `openlineage` (defaults documented in docs/openlineage.md). */
  openlineage?: Partial<OpenLineageOptions>;
  /** `html`: a previous report to show drift against, and what to call it. */
  baseline?: { report: Report; label: string };
}

export const REPORTERS = {
  text: (report: Report, context: ReporterContext) => formatText(report, context),
  json: (report: Report) => formatJson(report),
  sarif: (report: Report) => formatSarif(report),
  openlineage: (report: Report, context: ReporterContext) => formatOpenLineage(report, context.openlineage),
  dot: (report: Report) => renderDot(drawingOfReport(report)),
  mermaid: (report: Report) => renderMermaid(drawingOfReport(report)),
  html: (report: Report, context: ReporterContext) => formatHtml(report, { title: htmlTitle(context.target), ...(context.baseline ? { baseline: context.baseline } : {}) }),
} as const;

export type ReportFormat = keyof typeof REPORTERS;

/** Reporters that can also give their text in pieces (the same text): large reports are written without holding it whole. */
export const PIECEWISE_REPORTERS: Partial<Record<ReportFormat, (report: Report) => Iterable<string>>> = {
  json: formatJsonPieces,
};
export const REPORT_FORMATS = Object.keys(REPORTERS) as ReportFormat[];

/** Formats that draw the whole graph, refused above a node limit (`--max-nodes`). */
export const DRAWING_FORMATS: readonly ReportFormat[] = ['dot', 'mermaid'];
