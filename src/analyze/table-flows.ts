/**
 * Table flows: sensitive data a SQL job writes into an asset, derived from the propagated categories. They let
 * policies about assets (`deny: [table:analytics.*]`, `allow_only: [table:secure.*]`) and the `database` sink kind
 * hold for SQL as well as for code. One table flow per job and output asset.
 */
import type { FileFacts } from '../facts/schema.js';
import type { Job, LineageGraph } from '../graph/model.js';
import { movesData } from './sensitivity.js';
import type { AssetSensitivity, TableFlow } from './types.js';

/** `file:line` of a SQL statement -> its last line, so findings on a job cover the whole statement. */
export function statementEnds(files: readonly FileFacts[]): Map<string, number> {
  const ends = new Map<string, number>();
  for (const facts of files) {
    for (const unit of facts.units) {
      for (const step of unit.steps) {
        if (step.op !== 'sql') continue;
        const key = `${facts.file}:${step.statement.line}`;
        ends.set(key, Math.max(ends.get(key) ?? 0, step.statement.endLine));
      }
    }
  }
  return ends;
}

type Source = TableFlow['sources'][number];

function sourcesOf(job: Job, output: string, sensitivity: ReadonlyMap<string, AssetSensitivity>): Source[] {
  const sources: Source[] = [];
  const of = (asset: string) => sensitivity.get(asset);
  if (job.columnLineage.length > 0) {
    for (const lineage of job.columnLineage) {
      if (lineage.output.asset !== output) continue;
      for (const input of lineage.inputs) {
        if (input.type !== 'DIRECT' || input.masking) continue;
        const categories = input.column === '*' ? of(input.asset)?.categories : of(input.asset)?.columns[input.column];
        if (categories?.length) sources.push({ asset: input.asset, ...(input.column === '*' ? {} : { column: input.column }), categories });
      }
    }
    for (const input of job.inputs) {
      const table = of(input)?.table ?? [];
      if (table.length > 0) sources.push({ asset: input, categories: table });
    }
  } else {
    for (const input of job.inputs) {
      const categories = of(input)?.categories ?? [];
      if (input !== output && categories.length > 0) sources.push({ asset: input, categories });
    }
  }
  // One entry per source, sorted, so the flow is the same whatever order the lineage lists them in.
  const unique = new Map(sources.map((s) => [`${s.asset}#${s.column ?? ''}`, s]));
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

export function deriveTableFlows(graph: LineageGraph, files: readonly FileFacts[], sensitivity: ReadonlyMap<string, AssetSensitivity>): TableFlow[] {
  const ends = statementEnds(files);
  const flows: TableFlow[] = [];
  for (const job of graph.jobs.filter(movesData)) {
    for (const target of job.outputs) {
      const sources = sourcesOf(job, target, sensitivity);
      if (sources.length === 0) continue;
      const callLine = job.kind === 'sql' ? job.callLine : undefined;
      const callee = job.kind === 'sql' ? job.callee : undefined;
      flows.push({
        job: job.id,
        file: job.file,
        line: callLine ?? job.line,
        endLine: callLine ?? (ends.get(`${job.file}:${job.line}`) ?? job.line),
        ...(callee ? { callee } : {}),
        target,
        sources,
        categories: [...new Set(sources.flatMap((s) => s.categories))].sort(),
      });
    }
  }
  return flows;
}
