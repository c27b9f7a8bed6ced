/** Scan result -> the Report object every reporter formats. Sorting happens here, once. */
import { LOW_PARSE_QUALITY_GAP, type FileFacts, type Gap, type Language } from '../facts/schema.js';
import { compareStrings } from '../graph/ids.js';
import type { LineageGraph } from '../graph/model.js';
import { toolVersion } from '../version.js';
import { SCHEMA_VERSION, type Flow, type Report } from './json/schema.js';

export interface ScanResult {
  files: FileFacts[];
  /** Gaps of discovery and reading (files that produced no facts). */
  skipped: Gap[];
  discovered: number;
  graph: LineageGraph;
  /** Sensitive flows found by the simulator, sorted. */
  flows?: Flow[];
  /** Gaps of whole-program stages (the simulator). */
  programGaps?: Gap[];
  /** Categories of asset columns: asset id -> categories. */
  assetCategories?: ReadonlyMap<string, string[]>;
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

export function buildReport(result: ScanResult): Report {
  const gaps = [...result.skipped, ...result.files.flatMap((f) => f.gaps), ...(result.programGaps ?? [])].sort(compareGaps);
  const flows = result.flows ?? [];
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
      flows: flows.length,
      findings: 0,
      gaps: gaps.length,
    },
    assets: assets.map((asset) => ({
      id: asset.id, kind: asset.kind, name: asset.name, columns: asset.columns,
      annotation: null, categories: result.assetCategories?.get(asset.id) ?? [], locations: asset.locations,
    })),
    jobs: jobs.map((job) => ({ ...job })),
    edges,
    flows,
    findings: [],
    coverage: {
      files: {
        discovered: result.discovered,
        analysed: result.files.length,
        skipped: result.discovered - result.files.length,
        parsedCleanly: result.files.filter((f) => f.parse.errorBytes === 0).length,
        lowParseQuality: result.files.filter((f) => f.gaps.some((g) => g.kind === LOW_PARSE_QUALITY_GAP)).length,
      },
      sqlStatements: {
        total: statements.length,
        parsed: statements.filter((s) => s.statement.confidence === 'high').length,
        fallback: statements.filter((s) => s.statement.confidence === 'low' && s.statement.inputs.length + s.statement.outputs.length > 0).length,
        unparsed: statements.filter((s) => s.statement.confidence === 'low' && s.statement.inputs.length + s.statement.outputs.length === 0).length,
      },
      dynamicSql: gaps.filter((g) => g.kind === 'dynamic-sql').length,
    },
    gaps,
  };
}
