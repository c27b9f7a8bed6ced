/** Writing a report where the user asked: stdout, or a file (with a note on stderr unless --quiet). */
import { writeFile } from 'node:fs/promises';
import type { Report } from '../report/json/schema.js';
import { REPORTERS, type ReportFormat } from '../report/index.js';
import { colorEnabled } from './options.js';

export interface OutputOptions {
  format: ReportFormat;
  output?: string;
  quiet?: boolean;
  color?: boolean;
  /** What was scanned, as the user typed it (the text report's header). */
  target: string;
}

export async function writeReport(report: Report, options: OutputOptions): Promise<void> {
  const toStdout = options.output === undefined;
  const text = REPORTERS[options.format](report, { color: toStdout && colorEnabled(process.stdout, options.color), target: options.target });
  if (toStdout) {
    process.stdout.write(text);
    return;
  }
  await writeFile(options.output!, text);
  if (!options.quiet) process.stderr.write(`lineage: wrote ${options.format} report to ${options.output}\n`);
}
