/** Reporter registry: format name -> a pure function from the report to text. Reporters never print. */
import { formatJson } from './json/index.js';
import type { Report } from './json/schema.js';
import { formatSarif } from './sarif/index.js';
import { formatText } from './text/index.js';

export interface ReporterContext {
  color: boolean;
  target: string;
}

export const REPORTERS = {
  text: (report: Report, context: ReporterContext) => formatText(report, context),
  json: (report: Report) => formatJson(report),
  sarif: (report: Report) => formatSarif(report),
} as const;

export type ReportFormat = keyof typeof REPORTERS;
export const REPORT_FORMATS = Object.keys(REPORTERS) as ReportFormat[];
