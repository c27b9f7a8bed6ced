/** `lineage validate --runtime FILE`: static lineage checked against run-time lineage (OpenLineage events). */
import { Command } from 'commander';
import path from 'node:path';
import { indexReport } from '../graph/lineage-index.js';
import { formatJson } from '../report/json/index.js';
import { formatRuntimeText } from '../report/runtime/text.js';
import { loadRuntimeRules } from '../runtime/config.js';
import { parseRuntimeEvents } from '../runtime/events.js';
import { annotateReport, validateRuntime } from '../runtime/validate.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from './errors.js';
import { colorEnabled, parseChoice } from './options.js';
import { addOutputOptions, writeOutput } from './output.js';
import { addSourceOptions, collect, loadReport, parseList, pickDir, type RawSourceOptions } from './report-source.js';
import { readTextBounded } from '../util/read-bounded.js';
import { readFailure } from '../util/read-failure.js';

const FORMATS = ['text', 'json', 'report'] as const;
const FAIL_ON = ['runtime-only', 'static-only'] as const;

interface RawValidateOptions extends RawSourceOptions {
  runtime?: string;
  manifest?: string;
  format: string;
  output?: string;
  failOn: string[];
  color?: boolean;
}

export function validateCommand(): Command {
  const command = new Command('validate')
    .description('check the static lineage against run-time lineage: confirmed, static-only and runtime-only edges')
    .argument('[dir]', 'folder to scan (default .)')
    .option('--runtime <file>', 'OpenLineage events or observed flows, one JSON object per line (required)')
    .option('--manifest <file>', 'the manifest with runtime.datasets mapping rules (default <dir>/lineage.yaml)')
    .option('--fail-on <conditions>', `exit 1 when there is any edge of: ${FAIL_ON.join(', ')} (comma-separated)`, collect, []);
  return addSourceOptions(addOutputOptions(command, FORMATS, 'text', { formatHelp: '; report = the JSON report with edges[].runtime and runtime-only gaps' }))
    .addHelpText('after', `
Examples:
  lineage validate --runtime marquez-export.jsonl                 scan ., compare with the events
  lineage validate fixtures/demo --runtime observed.jsonl --format json
  lineage validate --report lineage.json --runtime events.jsonl --format report -o checked.json
  lineage validate --runtime events.jsonl --fail-on runtime-only  CI: fail on blind spots

Input lines: OpenLineage RunEvents/JobEvents (inputs x outputs of each run are edges), or
{"from": "raw.users", "to": "staging.stg_users", "job": "dbt.stg_users", "observedAt": "..."}.
Runtime datasets map to assets by the manifest's runtime.datasets rules, else by name (docs/runtime.md).

Exit codes: 0 compared; 1 a --fail-on condition met; 2 usage error (no --runtime, unreadable file, bad manifest).`)
    .action(async (dir: string | undefined, raw: RawValidateOptions) => {
      const format = parseChoice('--format', raw.format, FORMATS);
      const conditions = parseList('--fail-on', raw.failOn, FAIL_ON);
      if (raw.runtime === undefined) throw new UsageError('--runtime <file> is required (OpenLineage events or observed flows, JSON lines)');
      const root = pickDir(dir, raw);
      const rules = await loadRuntimeRules(raw.manifest ?? path.join(root, 'lineage.yaml'), raw.manifest !== undefined);
      if (!rules.ok) throw new UsageError(rules.message);
      let text: string;
      try {
        text = await readTextBounded(raw.runtime);
      } catch (error) {
        throw new UsageError(`--runtime: cannot read '${raw.runtime}' (${readFailure(error)})`);
      }
      const source = await loadReport(dir, raw);
      const validation = validateRuntime(indexReport(source.report), parseRuntimeEvents(text), rules.rules);
      const failures = conditions
        .map((c) => ({ c, n: c === 'runtime-only' ? validation.runtimeOnly.length : validation.staticOnly.length }))
        .filter(({ n }) => n > 0)
        .map(({ c, n }) => `${c}: ${n} edge${n === 1 ? '' : 's'}`);
      const runtimeFile = raw.runtime.split(path.sep).join('/');
      const output = format === 'json' ? JSON.stringify({ ...validation, failures }, null, 2) + '\n'
        : format === 'report' ? formatJson(annotateReport(source.report, validation, runtimeFile))
        : formatRuntimeText(validation, { color: raw.output === undefined && colorEnabled(process.stdout, raw.color), runtimeFile, failures });
      await writeOutput(output, raw.output);
      process.exitCode = failures.length > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
}
