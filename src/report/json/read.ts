/**
 * Reading reports back (saved reports, diff inputs). The check is the zod contract with the job fields that newer
 * producers are expected to vary loosened: other job kinds than `sql` (code-level jobs of the flow simulator) with
 * no SQL text or dialect. Unknown fields are kept, not stripped, so a newer report passes through unharmed.
 */
import { z } from 'zod';
import { Report, SqlJob } from './schema.js';

const ReadableJob = SqlJob.extend({ kind: z.string(), sql: z.string().optional(), dialect: z.string().optional() });
const ReadableReport = Report.extend({ jobs: z.array(ReadableJob) });

export type ReportCheck = { ok: true; report: Report } | { ok: false; issues: string[] };

export function checkReport(data: unknown): ReportCheck {
  const checked = ReadableReport.safeParse(data);
  if (checked.success) return { ok: true, report: data as Report };
  return {
    ok: false,
    issues: checked.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(top)'}: ${issue.message}`),
  };
}
