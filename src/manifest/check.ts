/**
 * Checks that need the whole manifest: the taxonomy it extends, categories it references, unique ids, sink kinds,
 * references from suppressions to rules and policies, SQL dialects. Runs after the zod schema accepted the shape.
 */
import { dialectNames, resolveDialect } from '../extract/sql/dialects.js';
import { RULE_IDS, resolveRuleName, ruleNames } from '../analyze/rules/ids.js';
import { SINK_KINDS } from '../report/json/schema.js';
import { Taxonomy } from '../taxonomy/index.js';
import type { ManifestProblem } from './errors.js';
import type { DataPath } from './positions.js';
import type { ManifestDocument } from './schema.js';
import { AssetPattern } from './schema.js';
import { isGlob } from './globs.js';
import { didYouMean } from './suggest.js';

export interface Checked {
  taxonomy: Taxonomy;
  problems: ManifestProblem[];
}

/** Builds the taxonomy: built-in keys plus custom ones, whose parents may be other custom keys in any order. */
function buildTaxonomy(doc: ManifestDocument, problems: ManifestProblem[]): Taxonomy {
  const taxonomy = Taxonomy.builtin();
  const custom = (doc.taxonomy?.custom ?? []).map((entry, index) => ({ entry, index }));
  const seen = new Map<string, number>();
  for (const { entry, index } of custom) {
    const first = seen.get(entry.key);
    const path = ['taxonomy', 'custom', index, 'key'];
    if (taxonomy.has(entry.key)) problems.push({ path, message: `category '${entry.key}' is already a built-in category; expected a new key` });
    else if (first !== undefined) problems.push({ path, message: `category '${entry.key}' is declared twice (also at taxonomy.custom[${first}]); expected each key once` });
    else seen.set(entry.key, index);
  }
  let pending = custom.filter(({ index, entry }) => seen.get(entry.key) === index);
  while (pending.length > 0) {
    const next = pending.filter(({ entry }) => {
      if (entry.parent !== undefined && !taxonomy.has(entry.parent)) return true;
      taxonomy.add(entry.key, entry.parent ?? null, entry.name ?? entry.key);
      return false;
    });
    if (next.length === pending.length) {
      for (const { entry, index } of next) {
        const known = [...taxonomy.keys(), ...next.map((n) => n.entry.key).filter((k) => k !== entry.key)];
        problems.push({
          path: ['taxonomy', 'custom', index, 'parent'],
          message: `unknown parent category '${entry.parent}'${didYouMean(entry.parent!, known)}; expected a built-in key or another custom key`,
        });
      }
      break;
    }
    pending = next;
  }
  return taxonomy;
}

function checkCategory(taxonomy: Taxonomy, key: string, path: DataPath, problems: ManifestProblem[]): void {
  if (taxonomy.has(key)) return;
  problems.push({
    path,
    message: `unknown data category '${key}'${didYouMean(key, taxonomy.keys())}; expected a built-in category or one declared under taxonomy.custom`,
  });
}

function checkUnique(values: Array<{ value: string; path: DataPath }>, what: string, problems: ManifestProblem[]): void {
  const seen = new Map<string, DataPath>();
  for (const { value, path } of values) {
    const first = seen.get(value);
    if (first) problems.push({ path, message: `duplicate ${what} '${value}' (already declared at ${formatIndex(first)}); expected each to be declared once` });
    else seen.set(value, path);
  }
}

/** Languages whose files make library calls: a model for another language would never apply. */
const MODEL_LANGUAGES = ['python', 'cpp', 'php', 'hack'];
const MODEL_SECTIONS = ['sources', 'sinks', 'sql', 'sqlWrappers', 'transforms'] as const;

function checkModelLanguages(doc: ManifestDocument, problems: ManifestProblem[]): void {
  for (const section of MODEL_SECTIONS) {
    doc[section].forEach((entry, i) => {
      if (MODEL_LANGUAGES.includes(entry.language)) return;
      problems.push({
        path: [section, i, 'language'],
        message: `library models apply to calls in code, and ${entry.language} files make none; expected one of ${MODEL_LANGUAGES.join(', ')}`,
      });
    });
  }
}

const formatIndex = (path: DataPath) => path.slice(0, 2).map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('');

export function checkManifest(doc: ManifestDocument): Checked {
  const problems: ManifestProblem[] = [];
  const taxonomy = buildTaxonomy(doc, problems);

  doc.assets.forEach((asset, i) => {
    asset.categories?.forEach((key, j) => checkCategory(taxonomy, key, ['assets', i, 'categories', j], problems));
    for (const [field, entry] of Object.entries(asset.fields ?? {})) {
      entry.categories.forEach((key, j) => checkCategory(taxonomy, key, ['assets', i, 'fields', field, 'categories', j], problems));
    }
  });
  checkUnique(doc.assets.map((a, i) => ({ value: a.id, path: ['assets', i, 'id'] })), 'asset entry', problems);

  checkModelLanguages(doc, problems);
  doc.sources.forEach((source, i) => {
    source.categories?.forEach((key, j) => checkCategory(taxonomy, key, ['sources', i, 'categories', j], problems));
    if (source.asset !== undefined && isGlob(source.asset)) {
      problems.push({ path: ['sources', i, 'asset'], message: `expected one asset id without wildcards (a source reads one asset), got '${source.asset}'` });
    }
  });
  doc.transforms.forEach((transform, i) => {
    transform.remove?.forEach((key, j) => checkCategory(taxonomy, key, ['transforms', i, 'remove', j], problems));
    for (const [from, to] of Object.entries(transform.downgrade ?? {})) {
      checkCategory(taxonomy, from, ['transforms', i, 'downgrade', from], problems);
      checkCategory(taxonomy, to, ['transforms', i, 'downgrade', from], problems);
    }
  });

  const sinkKinds = new Set<string>([...SINK_KINDS, ...doc.sinks.map((s) => s.kind)]);
  doc.policies.forEach((policy, i) => {
    policy.from.forEach((key, j) => checkCategory(taxonomy, key, ['policies', i, 'from', j], problems));
    policy.deny?.forEach((target, j) => {
      if (target.includes(':')) {
        if (!AssetPattern.safeParse(target).success) problems.push({ path: ['policies', i, 'deny', j], message: `expected an asset id of the form <kind>:<name>, got '${target}'` });
      } else if (!sinkKinds.has(target)) {
        problems.push({
          path: ['policies', i, 'deny', j],
          message: `unknown sink kind '${target}'${didYouMean(target, sinkKinds)}; expected one of ${[...sinkKinds].sort().join(', ')} or an asset id such as table:analytics.*`,
        });
      }
    });
    policy.allow_only?.forEach((target, j) => {
      if (target.includes(':') && !AssetPattern.safeParse(target).success) {
        problems.push({ path: ['policies', i, 'allow_only', j], message: `expected a path glob or an asset id of the form <kind>:<name>, got '${target}'` });
      }
    });
  });
  checkUnique(doc.policies.map((p, i) => ({ value: p.id, path: ['policies', i, 'id'] })), 'policy id', problems);

  const policyIds = doc.policies.map((p) => p.id);
  doc.suppressions.forEach((suppression, i) => {
    if (suppression.rule !== undefined && resolveRuleName(suppression.rule).length !== 1) {
      problems.push({ path: ['suppressions', i, 'rule'], message: `unknown rule '${suppression.rule}'${didYouMean(suppression.rule, ruleNames())}; expected one of ${RULE_IDS.join(', ')}` });
    }
    if (suppression.policy !== undefined && !policyIds.includes(suppression.policy)) {
      problems.push({
        path: ['suppressions', i, 'policy'],
        message: `unknown policy '${suppression.policy}'${didYouMean(suppression.policy, policyIds)}; expected the id of a policy of this manifest`,
      });
    }
  });

  doc.settings.forEach((setting, i) => {
    if (setting.dialect !== undefined && !resolveDialect(setting.dialect)) {
      problems.push({
        path: ['settings', i, 'dialect'],
        message: `unknown SQL dialect '${setting.dialect}'${didYouMean(setting.dialect, dialectNames())}; expected one of ${dialectNames().join(', ')}`,
      });
    }
  });
  return { taxonomy, problems };
}
