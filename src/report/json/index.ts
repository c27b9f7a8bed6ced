/** The JSON reporter: the report object, two-space indented, newline terminated. */
import type { Report } from './schema.js';

export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
