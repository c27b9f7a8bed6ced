/** `lineage report`: render a saved JSON report (or a fresh scan) in another format, e.g. the HTML page in CI. */
import { Command } from 'commander';
import { REPORTERS } from '../report/index.js';
import { EXIT_OK } from './errors.js';
import { readHtmlBaseline } from './html-baseline.js';
import { colorEnabled, parseChoice } from './options.js';
import { addOutputOptions, writeOutput } from './output.js';
import { addSourceOptions, loadReport, type RawSourceOptions } from './report-source.js';

const FORMATS = ['text', 'json', 'html'] as const;

interface RawReportOptions extends RawSourceOptions {
  format: string;
  output?: string;
  color?: boolean;
  htmlBaseline?: string;
}

export function reportCommand(): Command {
  const command = new Command('report')
    .description('render a saved JSON report (or a fresh scan) as text, JSON or a self-contained HTML page')
    .argument('[dir]', 'folder to scan when no --report is given (default .)')
    .option('--html-baseline <file>', 'html: a previous JSON report; the dashboard shows the drift since then');
  return addSourceOptions(addOutputOptions(command, FORMATS, 'text'))
    .addHelpText('after', `
Examples:
  lineage report --report lineage.json --format html -o lineage.html
  lineage report --report pr.json --html-baseline main.json --format html -o lineage.html

Exit codes: 0 written; 2 usage error (bad flag, unreadable or invalid report).`)
    .action(async (dir: string | undefined, raw: RawReportOptions) => {
      const format = parseChoice('--format', raw.format, FORMATS);
      const source = await loadReport(dir, raw);
      const baseline = await readHtmlBaseline(format, raw);
      const target = raw.report !== undefined && dir === undefined && raw.dir === undefined ? raw.report.replace(/\.json$/, '') : source.root;
      const text = REPORTERS[format](source.report, {
        color: raw.output === undefined && colorEnabled(process.stdout, raw.color), target, ...(baseline ? { baseline } : {}),
      });
      await writeOutput(text, raw.output);
      process.exitCode = EXIT_OK;
    });
}
