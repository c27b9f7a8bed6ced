/** `lineage suggest [dir]`: annotation proposals (names, learned conventions, sample values) and missing edges. */
import { Command } from 'commander';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { indexReport } from '../graph/lineage-index.js';
import { missingEdges } from '../graph/missing-edges.js';
import { manifestAnnotations, mergeIntoManifest, renderPatch } from '../suggest/manifest-patch.js';
import { proposeAnnotations } from '../suggest/proposals.js';
import { readSamples, type SampleSet } from '../suggest/samples.js';
import { EXIT_OK, UsageError } from './errors.js';
import { parseChoice } from './options.js';
import { addOutputOptions, writeOutput } from './output.js';
import { addSourceOptions, loadReport, pickDir, type RawSourceOptions } from './report-source.js';

const FORMATS = ['yaml', 'json'] as const;

interface RawSuggestOptions extends RawSourceOptions {
  samples?: string;
  write?: boolean;
  manifest?: string;
  format: string;
  output?: string;
  quiet?: boolean;
}

async function samplesFrom(dir: string | undefined): Promise<SampleSet> {
  if (dir === undefined) return { samples: [], warnings: [] };
  const isFolder = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isFolder) throw new UsageError(`--samples: ${dir}: no such folder`);
  return readSamples(dir);
}

export function suggestCommand(): Command {
  const command = new Command('suggest')
    .description('propose manifest annotations for unannotated columns, and list candidate missing edges')
    .argument('[dir]', 'folder to scan (default .)')
    .option('--samples <dir>', 'sample data (CSV, TSV, JSON lines) named after assets: raw.users.csv, raw__users.jsonl')
    .option('--write', 'merge the proposals into the manifest, keeping its comments and order')
    .option('--manifest <file>', 'the manifest to merge into with --write (default <dir>/lineage.yaml)')
    .option('-q, --quiet', 'with --write: print nothing');
  return addSourceOptions(addOutputOptions(command, FORMATS, 'yaml', { color: false, formatHelp: '; yaml = a manifest patch' }))
    .addHelpText('after', `
Examples:
  lineage suggest                                   proposals for the current folder, as a manifest patch
  lineage suggest fixtures/demo --samples samples/  also look at sample values (e-mails, cards, IBANs, ...)
  lineage suggest --samples samples/ --write        merge into ./lineage.yaml (comments and order kept)
  lineage suggest --report lineage.json --format json

Evidence: the built-in name classifier; a classifier learned from the names the manifest already annotates
(character 3-grams, cosine similarity), so conventions like cust_eml carry over; and sample values (e-mail, phone,
US SSN, Luhn-checked card numbers, mod-97 IBANs, IPv4/IPv6, MAC, dates of birth, AWS and Google API keys).
Sample files map to assets by name: raw.users.csv and raw__users.jsonl sample raw.users.

Exit codes: 0 done; 2 usage error (bad flag, missing samples folder, manifest that is not valid YAML).`)
    .action(async (dir: string | undefined, raw: RawSuggestOptions) => {
      const format = parseChoice('--format', raw.format, FORMATS);
      const sampleSet = await samplesFrom(raw.samples);
      const source = await loadReport(dir, raw);
      const index = indexReport(source.report);
      const manifest = raw.manifest ?? path.join(pickDir(dir, raw), 'lineage.yaml');
      const existing = await readFile(manifest, 'utf8').catch(() => '');
      const proposals = proposeAnnotations({ index, samples: sampleSet.samples, manifest: manifestAnnotations(existing) });
      const edges = missingEdges(index);
      for (const warning of sampleSet.warnings) process.stderr.write(`lineage: warning: ${warning}\n`);
      if (raw.write) {
        const merged = mergeIntoManifest(existing, proposals);
        if (!merged.ok) throw new UsageError(`${manifest}: ${merged.message}`);
        await writeFile(manifest, merged.text);
        if (!raw.quiet) process.stderr.write(`lineage: ${merged.changed} field annotation${merged.changed === 1 ? '' : 's'} merged into ${manifest}\n`);
        process.exitCode = EXIT_OK;
        return;
      }
      const text = format === 'json'
        ? JSON.stringify({ proposals, missingEdges: edges, warnings: sampleSet.warnings }, null, 2) + '\n'
        : renderPatch(proposals, edges);
      await writeOutput(text, raw.output);
      process.exitCode = EXIT_OK;
    });
}
