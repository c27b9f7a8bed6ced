/**
 * The governance options of `lineage scan`: --manifest, --fail-on, --baseline. Turns them into strict values once
 * (a bad value is a UsageError: one line, exit code 2) and decides the exit code from the findings.
 */
import path from 'node:path';
import { applyBaseline, parseBaseline, type Baseline } from '../analyze/baseline.js';
import { resolveRuleName, ruleNames, type RuleId } from '../analyze/rules/ids.js';
import { findManifest, loadManifest, ManifestError, type Manifest } from '../manifest/index.js';
import { didYouMean } from '../manifest/suggest.js';
import type { Report } from '../report/json/schema.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from './errors.js';
import { readFailure } from '../util/read-failure.js';
import { readTextBounded } from '../util/read-bounded.js';

export interface GovernanceOptions {
  manifest?: string;
  failOn?: string;
  baseline?: string;
}

export interface Governance {
  manifest?: Manifest;
  /** Absolute path of the manifest in use. */
  manifestFile?: string;
  failOn: ReadonlySet<RuleId>;
  baseline?: Baseline;
}

/** `policy,unannotated-sensitive-flow` -> rule ids; an unknown name is a usage error. */
export function parseFailOn(value: string): Set<RuleId> {
  const rules = new Set<RuleId>();
  for (const name of value.split(',').map((n) => n.trim()).filter((n) => n !== '')) {
    const resolved = resolveRuleName(name);
    if (resolved.length === 0) {
      throw new UsageError(`--fail-on: unknown rule '${name}'${didYouMean(name, ruleNames())}; expected rule ids or aliases: ${ruleNames().join(', ')}`);
    }
    resolved.forEach((rule) => rules.add(rule));
  }
  if (rules.size === 0) throw new UsageError(`--fail-on: expected a comma-separated list of rules, e.g. policy,unannotated-sensitive-flow`);
  return rules;
}

async function resolveManifest(dir: string, option: string | undefined): Promise<{ manifest?: Manifest; manifestFile?: string }> {
  const file = option ?? (await findManifest(dir));
  if (file === null) return {};
  // Messages name the manifest as the user would: as typed, or relative to the current folder.
  const shown = option ?? path.relative(process.cwd(), file);
  try {
    return { manifest: await loadManifest(file, shown), manifestFile: path.resolve(file) };
  } catch (error) {
    if (error instanceof ManifestError) throw new UsageError(error.message);
    throw error;
  }
}

async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readTextBounded(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--baseline: ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${readFailure(error)})`}`);
  }
  try {
    return parseBaseline(text);
  } catch (error) {
    throw new UsageError(`--baseline: ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function loadGovernance(dir: string, options: GovernanceOptions): Promise<Governance> {
  const failOn = options.failOn === undefined ? new Set<RuleId>() : parseFailOn(options.failOn);
  const baseline = options.baseline === undefined ? undefined : await readBaseline(options.baseline);
  return { ...(await resolveManifest(dir, options.manifest)), failOn, ...(baseline ? { baseline } : {}) };
}

export function withBaseline(report: Report, governance: Governance): Report {
  return governance.baseline ? applyBaseline(report, governance.baseline) : report;
}

/** 1 when an unsuppressed finding of a --fail-on rule is present (with a baseline: a new one), else 0. */
export function exitCodeFor(report: Report, governance: Governance): number {
  const failing = report.findings.some((finding) => governance.failOn.has(finding.ruleId as RuleId)
    && !finding.suppression && finding.baseline !== 'unchanged');
  return failing ? EXIT_FINDINGS : EXIT_OK;
}
