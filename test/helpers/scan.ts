/** In-process scans for tests that need hooks (file order) or the report object; the folder's lineage.yaml applies as in the CLI. */
import path from 'node:path';
import { resolveDialect } from '../../src/extract/sql/dialects.js';
import { findManifest, loadManifest } from '../../src/manifest/index.js';
import { scan, type ScanOptions } from '../../src/pipeline/scan.js';
import { buildReport } from '../../src/report/build.js';
import { formatJson } from '../../src/report/json/index.js';
import type { Report } from '../../src/report/json/schema.js';

/**
 * The options of a plain `lineage scan <root>` (in-process, no cache), with overrides; the folder's
 * lineage.yaml applies as in the CLI unless the overrides give a manifest.
 */
export async function scanOptions(root: string, overrides: Partial<ScanOptions> = {}): Promise<ScanOptions> {
  const manifestFile = overrides.manifest ? overrides.manifestFile : (await findManifest(root)) ?? undefined;
  const manifest = overrides.manifest ?? (manifestFile ? await loadManifest(manifestFile) : undefined);
  return {
    root: path.resolve(root), include: [], exclude: [], gitignore: true,
    dialect: resolveDialect('postgres')!, maxFileSize: 2 * 1024 * 1024,
    ...(manifest ? { manifest, manifestFile: path.resolve(manifestFile!) } : {}),
    ...overrides,
  };
}

export async function scanReport(root: string, overrides: Partial<ScanOptions> = {}): Promise<Report> {
  return buildReport(await scan(await scanOptions(root, overrides)));
}

export async function scanJson(root: string, overrides: Partial<ScanOptions> = {}): Promise<string> {
  return formatJson(await scanReport(root, overrides));
}

/** The column lineage into one asset, as sorted `table:users.email -> contact` lines (inputs joined by commas). */
export function columnsInto(report: Report, output: string): string[] {
  return report.jobs.flatMap((j) => j.columnLineage ?? []).filter((c) => c.output.asset === output)
    .map((c) => `${c.inputs.map((i) => `${i.asset}.${i.column}`).join(',')} -> ${c.output.column}`).sort();
}
