/**
 * The scan pipeline: discover -> read -> extract (per file) -> graph. Returns plain data; reporters format it.
 * The result does not depend on the order files are discovered or processed in.
 */
import { discover, type DiscoveredFile } from '../discover/walk.js';
import { readSource } from '../discover/read.js';
import type { FileFacts, Gap } from '../facts/schema.js';
import { extractFile, type ExtractContext } from '../extract/index.js';
import { loadDbtContext } from '../extract/sql/dbt.js';
import type { DialectInfo } from '../extract/sql/dialects.js';
import { assetCategories } from '../classify/sensitivity.js';
import { analyzeSqlText } from '../extract/sql/analyze.js';
import { resultColumns } from '../extract/sql/select-columns.js';
import { buildGraph } from '../graph/build.js';
import { simulate } from '../simulate/index.js';
import { compareStrings } from '../graph/ids.js';
import type { ScanResult } from '../report/build.js';

export interface ScanOptions {
  root: string;
  include: readonly string[];
  exclude: readonly string[];
  gitignore: boolean;
  dialect: DialectInfo;
  maxFileSize: number;
  /** Test hook: reorder discovered files before processing (results must not change). */
  reorder?: (files: DiscoveredFile[]) => DiscoveredFile[];
}

const READ_CONCURRENCY = 16;

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const discovery = await discover(options);
  const files = options.reorder ? options.reorder([...discovery.files]) : discovery.files;
  const context: ExtractContext = {
    dialect: options.dialect,
    dbt: await loadDbtContext(options.root, discovery.projectFiles),
  };

  const skipped: Gap[] = [...discovery.gaps];
  const facts: FileFacts[] = [];
  const outcomes = await mapLimited(files, READ_CONCURRENCY, async (file) => {
    const read = await readSource(file.file, file.absPath, options.maxFileSize, file.size);
    if (!read.ok) return read.gap;
    return extractFile(file.file, file.language, read.source, context);
  });
  for (const outcome of outcomes) {
    if ('kind' in outcome) skipped.push(outcome);
    else facts.push(outcome);
  }
  facts.sort((a, b) => compareStrings(a.file, b.file));
  // Whole-program stage: dataflow through the code of every file (flows, function jobs, resolved queries).
  const simulation = simulate(facts, {
    analyze: (text, file, line) => analyzeSqlText(text, { file, dialect: options.dialect, baseLine: line, embedded: true }).statements
      .map((statement) => ({ statement, ...resultColumns(statement) })),
  });
  const graph = buildGraph(facts, simulation);
  return {
    files: facts, skipped, discovered: discovery.files.length, graph,
    flows: simulation.flows, programGaps: simulation.gaps, assetCategories: assetCategories(graph.assets),
  };
}
