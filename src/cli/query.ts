/** `lineage query <asset[.column]>`: the upstream or downstream subgraph of an asset or column. */
import { Command } from 'commander';
import { indexReport } from '../graph/lineage-index.js';
import { querySubgraph } from '../graph/query.js';
import { resolveFocus } from '../graph/resolve.js';
import { renderDot } from '../report/dot/index.js';
import { drawingOfSubgraph } from '../report/graph/drawing.js';
import { renderMermaid } from '../report/mermaid/index.js';
import { formatQueryText } from '../report/query/text.js';
import { EXIT_OK, UsageError } from './errors.js';
import { colorEnabled, parseChoice } from './options.js';
import { addSourceOptions, loadReport, parseDepth, type RawSourceOptions } from './report-source.js';
import { addOutputOptions, writeOutput } from './output.js';

const FORMATS = ['text', 'json', 'dot', 'mermaid'] as const;

interface RawQueryOptions extends RawSourceOptions {
  upstream?: boolean;
  downstream?: boolean;
  depth?: string;
  columns?: boolean;
  format: string;
  output?: string;
  color?: boolean;
}

export function queryCommand(): Command {
  const command = new Command('query')
    .description('the upstream or downstream lineage of an asset or column, with the jobs and file:line on every edge')
    .argument('<asset>', 'asset or column: raw.users, table:raw.users, raw.users.email, model:churn')
    .argument('[dir]', 'folder to scan (default .)')
    .option('--upstream', 'where it comes from')
    .option('--downstream', 'what it feeds (the default)')
    .option('--depth <n>', 'at most this many hops')
    .option('--columns', 'show the column mappings on each edge (column lineage)');
  return addSourceOptions(addOutputOptions(command, FORMATS, 'text'))
    .addHelpText('after', `
Examples:
  lineage query raw.users --downstream                  what is built from raw.users (scans .)
  lineage query model:churn --upstream fixtures/demo    where the churn model's data comes from
  lineage query raw.users.email --report lineage.json   follow one column through a saved report
  lineage query mart.customer_features --upstream --depth 1 --columns --format mermaid

Names: raw.users and table:raw.users are the same asset; raw.users.email is its email column; a unique last
part (stg_users) is enough. Unknown or ambiguous names are refused with suggestions.

Exit codes: 0 answered; 2 usage error (unknown or ambiguous asset, bad flag, unreadable report).`)
    .action(async (asset: string, dir: string | undefined, raw: RawQueryOptions) => {
      const format = parseChoice('--format', raw.format, FORMATS);
      if (raw.upstream && raw.downstream) throw new UsageError('give one of --upstream and --downstream');
      const depth = parseDepth(raw.depth);
      const source = await loadReport(dir, raw);
      const index = indexReport(source.report);
      const resolved = resolveFocus(index, asset);
      if (!resolved.ok) throw new UsageError(resolved.message);
      const subgraph = querySubgraph(index, resolved.focus, {
        direction: raw.upstream ? 'upstream' : 'downstream', ...(depth !== undefined ? { depth } : {}), columns: raw.columns === true,
      });
      const text = format === 'json' ? JSON.stringify(subgraph, null, 2) + '\n'
        : format === 'dot' ? renderDot(drawingOfSubgraph(subgraph))
        : format === 'mermaid' ? renderMermaid(drawingOfSubgraph(subgraph))
        : formatQueryText(subgraph, { color: raw.output === undefined && colorEnabled(process.stdout, raw.color) });
      await writeOutput(text, raw.output);
      process.exitCode = EXIT_OK;
    });
}
