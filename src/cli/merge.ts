/**
 * `lineage merge FILES...`: combines the facts files of the shards of one scan (`lineage scan --shard I/N
 * --facts-out FILE`), runs the whole-program stages and writes the report — byte-identical to a scan of the
 * whole tree on one machine. The scanned folder (a checkout of the same tree) must be at hand: the manifest is
 * read there and findings quote their source lines from it.
 */
import { Command } from 'commander';
import path from 'node:path';
import { combineFacts, FactsFileError, manifestDigest, readFactsFile } from '../pipeline/facts-file.js';
import { assembleScanResult } from '../pipeline/scan.js';
import { progressDisplay } from './progress.js';
import { buildReport } from '../report/build.js';
import { UsageError } from './errors.js';
import { loadGovernance } from './governance.js';
import { parseDialect } from './options.js';
import { addReportOptions, emitReport, parseReportOptions, type RawReportOptions } from './scan-report.js';
import { PhaseTimer } from '../util/timings.js';
import { assertFolder } from './scan.js';
import { loadSchemaOption } from './sql.js';

interface RawMergeOptions extends RawReportOptions {
  root?: string;
  schema?: string;
  timings?: boolean;
}

export function mergeCommand(): Command {
  const command = new Command('merge')
    .description('merge the facts files of a sharded scan and report, as a scan of the whole tree would')
    .argument('<files...>', 'facts files written by `lineage scan --shard I/N --facts-out FILE`, one per shard')
    .option('--root <dir>', 'the scanned folder (default: the folder the shards scanned, as they were given it)')
    .option('--schema <file>', 'JSON file of table columns for SQL, as given to the scans')
    .option('--timings', 'print how long each stage took (wall-clock and CPU seconds) on stderr');
  return addReportOptions(command)
    .addHelpText('after', `
Examples:
  lineage scan . --shard 1/2 --facts-out shard-1.facts      (on one machine)
  lineage scan . --shard 2/2 --facts-out shard-2.facts      (on another)
  lineage merge shard-1.facts shard-2.facts --format json -o lineage.json

Exit codes: 0 merged; 1 findings matched --fail-on; 2 usage error (bad flag, unreadable or invalid facts file,
missing or mixed shards, a manifest other than the one the shards were scanned with).`)
    .action(async (files: string[], raw: RawMergeOptions) => {
      const request = parseReportOptions(raw);
      const timer = raw.timings ? new PhaseTimer() : undefined;
      let combined;
      try {
        const parts = [];
        for (const file of files) parts.push({ file, content: await readFactsFile(file) });
        combined = combineFacts(parts);
      } catch (error) {
        if (error instanceof FactsFileError) throw new UsageError(error.message);
        throw error;
      }
      const root = raw.root ?? combined.target;
      await assertFolder(root);
      const { program } = combined;
      const governance = await loadGovernance(root, raw);
      if (manifestDigest(governance.manifestFile) !== program.manifest) {
        throw new UsageError(program.manifest === null
          ? `the shards were scanned without a manifest, but ${governance.manifestFile} applies here; pass the scan's --manifest or none`
          : `the manifest here (${governance.manifestFile ?? 'none'}) is not the one the shards were scanned with; use the same lineage.yaml`);
      }
      timer?.mark('read facts');
      const defaultSchema = program.defaultSchema ?? undefined;
      const progress = progressDisplay(process.stderr, true);
      const result = await assembleScanResult({ ...combined, dbtColumns: program.dbtColumns }, {
        onSimulation: (ran, total) => progress.simulating(ran, total),
        root: path.resolve(root), dialect: parseDialect(program.dialect), defaultSchema, budgets: program.budgets,
        schemaColumns: await loadSchemaOption(raw.schema, defaultSchema),
        ...(governance.manifest ? { manifest: governance.manifest, manifestFile: governance.manifestFile! } : {}),
        ...(timer ? { timer } : {}),
      });
      progress.finish();
      const report = buildReport(result);
      timer?.mark('report');
      await emitReport(report, governance, request, combined.target);
      timer?.mark('format and write');
      if (timer) process.stderr.write(timer.format());
    });
}
