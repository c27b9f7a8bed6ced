/** A report's flows and column lineage as one line each, for tests that compare them as lists. */
import type { Report } from '../../src/report/json/schema.js';

/** `file:line kind <- asset.column` (or `name <name>` for data known by its name only), in report order. */
export const flowLines = (report: Report): string[] =>
  report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset ? `${f.source.asset}.${f.source.column ?? '*'}` : `name ${f.source.name}`}`);

/** A job's column lineage, one line per output column: `column <- asset.column, ...`. */
export const columnLineageOf = (report: Report, unit: string): string[] => report.jobs.find((j) => j.unit === unit)!.columnLineage
  .map((c) => `${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`);
