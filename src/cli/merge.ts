/**
 * `lineage merge FILES...`: combines the facts files of the shards of one scan (`lineage scan --shard I/N
 * --facts-out FILE`), runs the whole-program stages and writes the report — byte-identical to a scan of the
 * whole tree on one machine.
 */
import { Command, Option } from 'commander';
import { combineFacts, FactsFileError, readFactsFile } from '../pipeline/facts-file.js';
import { assembleScanResult } from '../pipeline/scan.js';
import { buildReport } from '../report/build.js';
import { REPORT_FORMATS } from '../report/index.js';
import { EXIT_OK, UsageError } from './errors.js';
import { writeReport } from './output.js';
import { parseChoice } from './options.js';

interface RawMergeOptions {
  format: string;
  output?: string;
  quiet?: boolean;
  color?: boolean;
}

export function mergeCommand(): Command {
  return new Command('merge')
    .description('merge the facts files of a sharded scan and report, as a scan of the whole tree would')
    .argument('<files...>', 'facts files written by `lineage scan --shard I/N --facts-out FILE`, one per shard')
    .addOption(new Option('-f, --format <format>', `report format (${REPORT_FORMATS.join(', ')})`).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-q, --quiet', 'print nothing but the report')
    .option('--no-color', 'no colors in the text report')
    .addHelpText('after', `
Examples:
  lineage scan . --shard 1/2 --facts-out shard-1.facts      (on one machine)
  lineage scan . --shard 2/2 --facts-out shard-2.facts      (on another)
  lineage merge shard-1.facts shard-2.facts --format json -o lineage.json

Exit codes: 0 merged; 2 usage error (bad flag, unreadable or invalid facts file, missing or mixed shards).`)
    .action(async (files: string[], raw: RawMergeOptions) => {
      const format = parseChoice('--format', raw.format, REPORT_FORMATS);
      let combined;
      try {
        const parts = [];
        for (const file of files) parts.push({ file, content: await readFactsFile(file) });
        combined = combineFacts(parts);
      } catch (error) {
        if (error instanceof FactsFileError) throw new UsageError(error.message);
        throw error;
      }
      const report = buildReport(assembleScanResult(combined));
      await writeReport(report, { format, output: raw.output, quiet: raw.quiet, color: raw.color, target: combined.target });
      process.exitCode = EXIT_OK;
    });
}
