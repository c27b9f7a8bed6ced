/**
 * The baseline of an HTML report: `--baseline FILE` when the command has that flag (the same previous report a CI
 * gate compares against), else `--html-baseline FILE`. Read only for `--format html`.
 */
import path from 'node:path';
import type { Report } from '../report/json/schema.js';
import { readReportFile } from './report-source.js';

export async function readHtmlBaseline(format: string, raw: { baseline?: unknown; htmlBaseline?: string }): Promise<{ report: Report; label: string } | undefined> {
  const file = typeof raw.baseline === 'string' ? raw.baseline : raw.htmlBaseline;
  if (format !== 'html' || file === undefined) return undefined;
  return { report: await readReportFile(file), label: path.basename(file) };
}
