/** `lineage explain <asset[.column]>`: a few plain sentences about an asset or column, from the graph. */
import { Command } from 'commander';
import { explain } from '../graph/explain.js';
import { indexReport } from '../graph/lineage-index.js';
import { resolveFocus } from '../graph/resolve.js';
import { formatExplanationText } from '../report/explain/text.js';
import { EXIT_OK, UsageError } from './errors.js';
import { parseChoice } from './options.js';
import { addOutputOptions, writeOutput } from './output.js';
import { addSourceOptions, loadReport, type RawSourceOptions } from './report-source.js';

const FORMATS = ['text', 'json'] as const;

interface RawExplainOptions extends RawSourceOptions {
  format: string;
  output?: string;
}

export function explainCommand(): Command {
  const command = new Command('explain')
    .description('explain an asset or column in plain language: how it is built, from what, what it feeds, what is sensitive')
    .argument('<asset>', 'asset or column: raw.users, model:churn, raw.users.email')
    .argument('[dir]', 'folder to scan (default .)');
  return addSourceOptions(addOutputOptions(command, FORMATS, 'text', { color: false }))
    .addHelpText('after', `
Examples:
  lineage explain model:churn fixtures/demo
  lineage explain raw.users.email --report lineage.json
  lineage explain mart.customer_features --format json

The text is built only from the report (edges, jobs, column lineage, manifest annotations, categories, flows and
findings): the same report always gives the same sentences. Nothing is sent anywhere.

Exit codes: 0 explained; 2 usage error (unknown or ambiguous asset, bad flag, unreadable report).`)
    .action(async (asset: string, dir: string | undefined, raw: RawExplainOptions) => {
      const format = parseChoice('--format', raw.format, FORMATS);
      const source = await loadReport(dir, raw);
      const index = indexReport(source.report);
      const resolved = resolveFocus(index, asset);
      if (!resolved.ok) throw new UsageError(resolved.message);
      const explanation = explain(index, resolved.focus);
      const text = format === 'json' ? JSON.stringify(explanation, null, 2) + '\n' : formatExplanationText(explanation);
      await writeOutput(text, raw.output);
      process.exitCode = EXIT_OK;
    });
}
