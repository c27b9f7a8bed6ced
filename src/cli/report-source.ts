/**
 * Where a command gets its report: a saved JSON report (`--report FILE`, checked against the zod contract) or a
 * fresh in-process scan of a folder (`[dir]` or `--dir`, default `.`). Commands only ever see the report contract.
 */
import { Command, Option } from 'commander';
import path from 'node:path';
import { DEFAULT_DIALECT } from '../extract/sql/dialects.js';
import { defaultCacheDir } from '../cache/location.js';
import { defaultJobs } from '../parallel/cpus.js';
import { scanReport } from '../pipeline/scan.js';
import { loadGovernance } from './governance.js';
import { checkReport } from '../report/json/read.js';
import type { Report } from '../report/json/schema.js';
import { UsageError } from './errors.js';
import { parseDialect } from './options.js';
import { assertFolder } from './scan.js';
import { readTextBounded } from '../util/read-bounded.js';
import { readFailure } from '../util/read-failure.js';

export interface RawSourceOptions {
  dir?: string;
  report?: string;
  dialect: string;
}

export interface ReportSource {
  report: Report;
  /** The folder the report describes (scanned, or given with --dir alongside --report); '.' by default. */
  root: string;
  /** What to call it in output: the folder or the report file as typed. */
  label: string;
}

export function addSourceOptions(command: Command): Command {
  return command
    .option('--dir <dir>', 'folder to scan (same as the [dir] argument)')
    .option('--report <file>', 'use a saved JSON report (lineage scan --format json) instead of scanning')
    .addOption(new Option('--dialect <name>', 'default SQL dialect when scanning').default(DEFAULT_DIALECT));
}

/** `[dir]` and `--dir` are two spellings of one thing; giving both differently is a mistake. */
export function pickDir(positional: string | undefined, raw: RawSourceOptions): string {
  if (positional !== undefined && raw.dir !== undefined && path.resolve(positional) !== path.resolve(raw.dir)) {
    throw new UsageError(`give the folder once: [dir] is '${positional}' but --dir is '${raw.dir}'`);
  }
  return positional ?? raw.dir ?? '.';
}

/** Reads and checks a saved report; unknown fields (from newer producers) are kept, not stripped. */
export async function readReportFile(file: string): Promise<Report> {
  let text: string;
  try {
    text = await readTextBounded(file);
  } catch (error) {
    throw new UsageError(`${file}: cannot read the report file (${readFailure(error)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const checked = checkReport(data);
  if (!checked.ok) throw new UsageError(`${file}: not a lineage report of schema version 1 (${checked.issues.slice(0, 3).join('; ')})`);
  return checked.report;
}

export async function loadReport(positional: string | undefined, raw: RawSourceOptions): Promise<ReportSource> {
  const dir = pickDir(positional, raw);
  if (raw.report !== undefined) return { report: await readReportFile(raw.report), root: dir, label: raw.report };
  const dialect = parseDialect(raw.dialect);
  await assertFolder(dir);
  // The folder's own manifest (lineage.yaml) applies, exactly as for `lineage scan`.
  const governance = await loadGovernance(dir, {});
  const { report } = await scanReport({
    root: path.resolve(dir), include: [], exclude: [], gitignore: true, dialect, maxFileSize: 2 * 1024 * 1024,
    // Questions are often asked one after another: the default threads and facts cache make the rescans cheap.
    jobs: defaultJobs(), cacheDir: defaultCacheDir(),
    ...(governance.manifest ? { manifest: governance.manifest, manifestFile: governance.manifestFile! } : {}),
  });
  return { report, root: dir, label: dir };
}

/** `--depth 3` -> 3; rejects negatives and non-integers. */
export function parseDepth(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--depth: expected a whole number of hops (0 or more), got '${value}'`);
  return Number(value.trim());
}

/** `a,b` and repeated flags -> a set of known words. */
export function parseList<T extends string>(flag: string, values: readonly string[], allowed: readonly T[]): T[] {
  const words = values.flatMap((v) => v.split(',')).map((w) => w.trim()).filter((w) => w !== '');
  for (const word of words) {
    if (!(allowed as readonly string[]).includes(word)) throw new UsageError(`${flag}: expected ${allowed.join(', ')}, got '${word}'`);
  }
  return [...new Set(words)] as T[];
}

export const collect = (value: string, previous: string[]) => [...previous, value];
