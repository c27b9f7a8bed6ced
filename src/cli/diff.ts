/** `lineage diff <old> <new>`: drift between two reports, with --fail-on checks for CI. */
import { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { diffReports, failures, FAIL_ON } from '../graph/diff.js';
import { formatDiffText } from '../report/diff/text.js';
import type { Report } from '../report/json/schema.js';
import { EXIT_FINDINGS, EXIT_OK } from './errors.js';
import { colorEnabled, parseChoice } from './options.js';
import { addOutputOptions, writeOutput } from './output.js';
import { collect, loadReport, parseList, readReportFile } from './report-source.js';

const FORMATS = ['text', 'json'] as const;

interface RawDiffOptions {
  format: string;
  output?: string;
  failOn: string[];
  dialect: string;
  color?: boolean;
}

/** A saved JSON report, or a folder to scan. */
async function reportAt(target: string, dialect: string): Promise<Report> {
  const isFolder = await stat(target).then((s) => s.isDirectory(), () => false);
  return isFolder ? (await loadReport(target, { dialect })).report : readReportFile(target);
}

export function diffCommand(): Command {
  const command = new Command('diff')
    .description('what changed between two reports: assets, edges, flows, findings and coverage (drift detection)')
    .argument('<old>', 'the earlier report (JSON from lineage scan --format json), or a folder to scan')
    .argument('<new>', 'the later report, or a folder to scan')
    .option('--fail-on <conditions>', `exit 1 when the diff shows any of: ${FAIL_ON.join(', ')} (comma-separated, repeatable)`, collect, [])
    .option('--dialect <name>', 'default SQL dialect when a folder is scanned', 'postgres');
  return addOutputOptions(command, FORMATS, 'text')
    .addHelpText('after', `
Examples:
  lineage scan --format json -o main.json            (on the main branch, e.g. in CI)
  lineage diff main.json pr.json
  lineage diff main.json . --fail-on new-sensitive-flow,new-policy-violation,coverage-drop
  lineage diff old.json new.json --format json

Matching: assets by id, edges by (from, to), flows by id, findings by rule and fingerprint (stable under
unrelated edits). coverage-drop: a coverage rate (files parsed cleanly, SQL statements parsed, or any coverage field
named ...ratio/rate/percent/share) is lower than before.

Exit codes: 0 compared (no --fail-on condition met); 1 a --fail-on condition met; 2 usage error (bad flag,
unreadable or invalid report).`)
    .action(async (oldTarget: string, newTarget: string, raw: RawDiffOptions) => {
      const format = parseChoice('--format', raw.format, FORMATS);
      const conditions = parseList('--fail-on', raw.failOn, FAIL_ON);
      const diff = diffReports(await reportAt(oldTarget, raw.dialect), await reportAt(newTarget, raw.dialect));
      const failed = failures(diff, conditions);
      const text = format === 'json'
        ? JSON.stringify({ ...diff, failures: failed }, null, 2) + '\n'
        : formatDiffText(diff, {
          color: raw.output === undefined && colorEnabled(process.stdout, raw.color), old: oldTarget, new: newTarget,
          failures: failed.map((f) => `${f.condition}: ${f.reason}`),
        });
      await writeOutput(text, raw.output);
      process.exitCode = failed.length > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
}
