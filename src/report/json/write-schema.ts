/** Writes schema/report.schema.json from the zod contract (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportJsonSchema } from './schema.js';

export function renderReportSchema(): string {
  return JSON.stringify(reportJsonSchema(), null, 2) + '\n';
}

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../schema/report.schema.json');
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(target, renderReportSchema());
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
