/**
 * Coverage figures a board can read: how many sensitive assets have known lineage upstream and downstream, how
 * many assets are annotated, how well each language and folder parsed, and the blind spots by kind.
 */
import type { FileFacts, Gap, Language, SqlStep } from '../facts/schema.js';
import { compareStrings } from '../graph/ids.js';
import type { Flow, ReportCoverage } from '../report/json/schema.js';
import type { LineageGraph } from '../graph/model.js';
import { writesData } from './sensitivity.js';
import type { AssetSensitivity } from './types.js';

export type CoverageExtension = Required<Pick<ReportCoverage, 'assets' | 'languages' | 'unresolvedCalls' | 'blindSpots' | 'directories'>>;

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** SQL statements: parsed fully, found by the tolerant fallback, or not understood at all. */
export function sqlStatementCounts(steps: readonly SqlStep[]): { total: number; parsed: number; fallback: number; unparsed: number } {
  const low = steps.filter((s) => s.statement.confidence === 'low');
  const touching = low.filter((s) => s.statement.inputs.length + s.statement.outputs.length > 0).length;
  return { total: steps.length, parsed: steps.length - low.length, fallback: touching, unparsed: low.length - touching };
}

const sqlSteps = (facts: FileFacts): SqlStep[] => facts.units.flatMap((u) => u.steps).filter((s): s is SqlStep => s.op === 'sql');
const isBlindSpot = (gap: Gap) => gap.severity !== 'info';
const topFolder = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');
const meanQuality = (files: readonly FileFacts[]) => (files.length === 0 ? 1 : round4(files.reduce((n, f) => n + f.parse.quality, 0) / files.length));

function assetCoverage(graph: LineageGraph, flows: readonly Flow[], sensitivity: ReadonlyMap<string, AssetSensitivity>): CoverageExtension['assets'] {
  const written = new Set<string>();
  const read = new Set<string>();
  for (const job of graph.jobs) {
    if (writesData(job)) job.outputs.forEach((id) => written.add(id));
    job.inputs.forEach((id) => read.add(id));
  }
  for (const flow of flows) {
    if (flow.source.asset) read.add(flow.source.asset);
    if (flow.sink.target) written.add(flow.sink.target);
  }
  const all = [...sensitivity.entries()];
  const sensitive = all.filter(([, s]) => s.categories.length > 0);
  return {
    total: all.length,
    annotated: all.filter(([, s]) => s.annotation !== null).length,
    sensitive: sensitive.length,
    sensitiveAnnotated: sensitive.filter(([, s]) => s.annotation !== null).length,
    sensitiveWithUpstream: sensitive.filter(([id]) => written.has(id)).length,
    sensitiveWithDownstream: sensitive.filter(([id]) => read.has(id)).length,
    sensitiveWithLineage: sensitive.filter(([id]) => written.has(id) && read.has(id)).length,
  };
}

export function computeCoverage(
  files: readonly FileFacts[], gaps: readonly Gap[], graph: LineageGraph, flows: readonly Flow[],
  sensitivity: ReadonlyMap<string, AssetSensitivity>,
): CoverageExtension {
  const languages: CoverageExtension['languages'] = {};
  for (const language of [...new Set(files.map((f) => f.language))].sort(compareStrings) as Language[]) {
    const of = files.filter((f) => f.language === language);
    languages[language] = { files: of.length, parsedCleanly: of.filter((f) => f.parse.errorBytes === 0).length, quality: meanQuality(of) };
  }
  const blindSpots: Record<string, number> = {};
  for (const gap of [...gaps].filter(isBlindSpot).sort((a, b) => compareStrings(a.kind, b.kind))) blindSpots[gap.kind] = (blindSpots[gap.kind] ?? 0) + 1;

  const folders = [...new Set([...files.map((f) => topFolder(f.file)), ...gaps.map((g) => topFolder(g.file))])].sort(compareStrings);
  const directories = folders.map((folder) => {
    const of = files.filter((f) => topFolder(f.file) === folder);
    const sql = sqlStatementCounts(of.flatMap(sqlSteps));
    const folderGaps = gaps.filter((g) => topFolder(g.file) === folder && isBlindSpot(g));
    return {
      path: folder,
      files: of.length,
      parsedCleanly: of.filter((f) => f.parse.errorBytes === 0).length,
      quality: meanQuality(of),
      sqlStatements: sql.total,
      sqlFallback: sql.fallback,
      sqlUnparsed: sql.unparsed,
      dynamicSql: folderGaps.filter((g) => g.kind === 'dynamic-sql').length,
      blindSpots: folderGaps.length,
    };
  });
  return {
    assets: assetCoverage(graph, flows, sensitivity),
    languages,
    unresolvedCalls: gaps.filter((g) => g.kind === 'unresolved-call').length,
    blindSpots,
    directories,
  };
}
