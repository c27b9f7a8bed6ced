/** Scan result -> the Report object every reporter formats. Sorting happens here, once. */
import type { Analysis } from '../analyze/index.js';
import { sqlStatementCounts } from '../analyze/coverage.js';
import type { AssetSensitivity } from '../analyze/types.js';
import { LOW_PARSE_QUALITY_GAP, type FileFacts, type Gap, type Language } from '../facts/schema.js';
import { compareStrings } from '../graph/ids.js';
import type { LineageGraph } from '../graph/model.js';
import type { ScriptSummary } from '../sql-resolve/script.js';
import { toolVersion } from '../version.js';
import { SCHEMA_VERSION, type Report } from './json/schema.js';

export interface ScanResult {
  files: FileFacts[];
  /** Gaps of discovery and reading (files that produced no facts). */
  skipped: Gap[];
  discovered: number;
  graph: LineageGraph;
  /** Sensitivity, findings and coverage (absent: the report has none). */
  analysis?: Analysis;
  /** Multi-statement units: what they read, write and keep internal. */
  scripts?: ScriptSummary[];
  /** Gaps of whole-program stages (the simulator). */
  programGaps?: Gap[];
}

export function compareGaps(a: Gap, b: Gap): number {
  return compareStrings(a.file, b.file) || a.line - b.line || compareStrings(a.kind, b.kind) || compareStrings(a.detail, b.detail);
}

function languageSummary(files: readonly FileFacts[]): Report['summary']['languages'] {
  const summary: Report['summary']['languages'] = {};
  const languages = [...new Set(files.map((f) => f.language))].sort(compareStrings) as Language[];
  for (const language of languages) {
    const of = files.filter((f) => f.language === language);
    summary[language] = {
      files: of.length,
      lines: of.reduce((n, f) => n + f.lines, 0),
      parseErrorFiles: of.filter((f) => f.parse.errorBytes > 0).length,
    };
  }
  return summary;
}

function reportAnnotation(sensitivity: AssetSensitivity): Report['assets'][number]['annotation'] {
  const entry = sensitivity.annotation;
  if (!entry) return null;
  return {
    entry: entry.id,
    ...(entry.owner !== undefined ? { owner: entry.owner } : {}),
    ...(entry.description !== undefined ? { description: entry.description } : {}),
    ...(entry.retention !== undefined ? { retention: entry.retention } : {}),
    ...(Object.keys(entry.fields).length > 0 ? { fields: entry.fields } : {}),
    ...(entry.categories.length > 0 ? { categories: entry.categories } : {}),
  };
}

export function buildReport(result: ScanResult): Report {
  const analysis = result.analysis;
  const gaps = [...result.skipped, ...result.files.flatMap((f) => f.gaps), ...(result.programGaps ?? []), ...(analysis?.gaps ?? [])].sort(compareGaps);
  const statements = result.files.flatMap((f) => f.units.flatMap((u) => u.steps)).filter((s) => s.op === 'sql');
  const { assets, jobs, edges } = result.graph;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'lineage', version: toolVersion() },
    summary: {
      files: result.files.length,
      lines: result.files.reduce((n, f) => n + f.lines, 0),
      languages: languageSummary(result.files),
      assets: assets.length,
      jobs: jobs.length,
      edges: edges.length,
      flows: analysis?.flows.length ?? 0,
      findings: analysis?.findings.length ?? 0,
      gaps: gaps.length,
    },
    assets: assets.map((asset) => {
      const sensitivity = analysis?.sensitivity.get(asset.id);
      return {
        id: asset.id, kind: asset.kind, name: asset.name, columns: asset.columns,
        annotation: sensitivity ? reportAnnotation(sensitivity) : null, categories: sensitivity?.categories ?? [],
        ...(sensitivity ? { columnCategories: sensitivity.columns } : {}),
        locations: asset.locations,
      };
    }),
    jobs: jobs.map((job) => ({ ...job })),
    edges,
    scripts: result.scripts ?? [],
    flows: analysis?.flows ?? [],
    findings: analysis?.findings ?? [],
    coverage: {
      files: {
        discovered: result.discovered,
        analysed: result.files.length,
        skipped: result.discovered - result.files.length,
        parsedCleanly: result.files.filter((f) => f.parse.errorBytes === 0).length,
        lowParseQuality: result.files.filter((f) => f.gaps.some((g) => g.kind === LOW_PARSE_QUALITY_GAP)).length,
      },
      sqlStatements: sqlStatementCounts(statements),
      dynamicSql: gaps.filter((g) => g.kind === 'dynamic-sql').length,
      ...analysis?.coverage,
    },
    gaps,
  };
}
