/** `lineage impact [--since REF | FILES...]`: what a change touches downstream, for PR comments and CI. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { impactOf } from '../graph/impact.js';
import { indexReport } from '../graph/lineage-index.js';
import { formatImpactMarkdown, formatImpactText } from '../report/impact/index.js';
import { EXIT_OK, UsageError } from './errors.js';
import { colorEnabled, parseChoice } from './options.js';
import { addOutputOptions, writeOutput } from './output.js';
import { addSourceOptions, loadReport, pickDir, type RawSourceOptions } from './report-source.js';

const FORMATS = ['text', 'json', 'markdown'] as const;

interface RawImpactOptions extends RawSourceOptions {
  since?: string;
  format: string;
  output?: string;
  color?: boolean;
}

/**
 * Files changed since a git ref, relative to the scanned folder. Only git metadata is read: external diff drivers,
 * text conversion and the fsmonitor hook are switched off, so nothing configured in the repository runs.
 */
export function changedSince(ref: string, root: string): string[] {
  if (ref.startsWith('-') || ref.trim() === '') throw new UsageError(`--since: expected a git revision such as main or HEAD~1, got '${ref}'`);
  try {
    const output = execFileSync('git', ['-c', 'core.fsmonitor=false', 'diff', '--name-only', '--relative', '--no-ext-diff', '--no-textconv', ref, '--'], {
      cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024,
    });
    return output.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n')[0] ?? '';
    throw new UsageError(`--since ${ref}: git diff failed in ${root}${stderr ? ` (${stderr})` : ''}`);
  }
}

/** A path as typed (relative to the current folder or to the scanned folder) -> relative to the scanned folder. */
export function toRootRelative(file: string, root: string): string {
  const absoluteRoot = path.resolve(root);
  const fromCwd = path.resolve(file);
  const relative = existsSync(fromCwd) && fromCwd.startsWith(absoluteRoot + path.sep) ? path.relative(absoluteRoot, fromCwd) : path.normalize(file);
  return relative.split(path.sep).join('/').replace(/^\.\//, '');
}

export function impactCommand(): Command {
  const command = new Command('impact')
    .description('what a change touches: the jobs in the changed files, the assets they write and everything downstream')
    .argument('[files...]', 'changed files (relative to the scanned folder or the current one)')
    .option('--since <ref>', 'the files changed since this git revision (git diff --name-only REF)');
  return addSourceOptions(addOutputOptions(command, FORMATS, 'text'))
    .addHelpText('after', `
Examples:
  lineage impact --since origin/main                    in CI: what this branch's changes touch
  lineage impact etl/load_users.py --dir fixtures/demo
  lineage impact --since HEAD~1 --format markdown > impact.md   a pull-request comment

The folder (--dir, default .) is scanned unless --report gives a saved report; --since runs git in that folder.

Exit codes: 0 done; 2 usage error (no files and no --since, bad revision, bad flag, unreadable report).`)
    .action(async (files: string[], raw: RawImpactOptions) => {
      const format = parseChoice('--format', raw.format, FORMATS);
      if (raw.since === undefined && files.length === 0) throw new UsageError('give changed files, or --since <git revision>');
      if (raw.since !== undefined && files.length > 0) throw new UsageError('give changed files or --since, not both');
      const root = pickDir(undefined, raw);
      const changed = raw.since !== undefined ? changedSince(raw.since, root) : files.map((f) => toRootRelative(f, root));
      const source = await loadReport(undefined, raw);
      const impact = impactOf(indexReport(source.report), changed);
      const text = format === 'json' ? JSON.stringify(impact, null, 2) + '\n'
        : format === 'markdown' ? formatImpactMarkdown(impact)
        : formatImpactText(impact, { color: raw.output === undefined && colorEnabled(process.stdout, raw.color) });
      await writeOutput(text, raw.output);
      process.exitCode = EXIT_OK;
    });
}
