/**
 * Flows as the flow simulator reports them (docs/report.md#flows), written by hand for tests of the analysis
 * until the simulator runs in the pipeline. Each one describes a real sink line of a fixture file.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { AnalysisInput } from '../../src/analyze/types.js';
import { analyzeScan } from '../../src/analyze/index.js';
import { resolveDialect } from '../../src/extract/sql/dialects.js';
import { emptyManifest, loadManifest, type Manifest } from '../../src/manifest/index.js';
import { scan } from '../../src/pipeline/scan.js';
import type { Flow } from '../../src/report/json/schema.js';
import type { ScanResult } from '../../src/report/build.js';
import { REPO_ROOT } from './cli.js';

export interface FlowSpec {
  source: Flow['source'];
  sink: Flow['sink'];
  categories?: string[];
  path?: Flow['path'];
}

export function flow(spec: FlowSpec): Flow {
  const categories = spec.categories ?? spec.source.categories;
  const id = `f-${createHash('sha256').update(JSON.stringify([spec.source.asset, spec.source.column, spec.source.name, spec.sink.kind, spec.sink.callee, categories])).digest('hex').slice(0, 12)}`;
  return { id, source: spec.source, sink: spec.sink, categories, path: spec.path ?? [] };
}

/** A fixture folder scanned in process, with its manifest (or none). */
export interface ScannedFixture {
  root: string;
  result: ScanResult;
  manifest: Manifest;
}

export async function scanFixture(dir: string, manifestName: string | null = 'lineage.yaml'): Promise<ScannedFixture> {
  const root = path.join(REPO_ROOT, dir);
  const manifestFile = manifestName ? path.join(root, manifestName) : undefined;
  const manifest = manifestFile ? await loadManifest(manifestFile) : emptyManifest();
  const result = await scan({
    root, include: [], exclude: [], gitignore: true, dialect: resolveDialect('postgres')!, maxFileSize: 2 * 1024 * 1024,
    manifest, ...(manifestFile ? { manifestFile } : {}), today: '2026-06-01',
  });
  return { root, result, manifest };
}

/** Runs the analysis of a scanned fixture on the given flows (snippets read from the fixture). */
export function analyzeWith(scanned: ScannedFixture, flows: Flow[], overrides: Partial<AnalysisInput> = {}) {
  return analyzeScan({
    files: scanned.result.files, skipped: scanned.result.skipped, graph: scanned.result.graph, flows,
    manifest: scanned.manifest, manifestPath: scanned.manifest.file ? 'lineage.yaml' : null, today: '2026-06-01', ...overrides,
  }, scanned.root);
}
