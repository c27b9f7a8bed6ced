/**
 * stale-annotation: manifest entries that no scanned code touches any more: an asset entry (or glob) that matches
 * no asset, or a field that is not a column of the table's CREATE TABLE.
 */
import type { DraftFinding, Rule, RuleContext } from '../types.js';

function fieldFindings(context: RuleContext, manifestPath: string): DraftFinding[] {
  const findings: DraftFinding[] = [];
  const { graph, manifest } = context.input;
  manifest.assets.forEach((entry, index) => {
    if (entry.glob || context.annotations.matches[index]!.length === 0) return;
    // Only a CREATE TABLE lists every column; other statements may name a few.
    const ddl = graph.jobs.find((job) => job.operation === 'create_table' && job.outputs.includes(entry.id));
    const asset = graph.assets.find((a) => a.id === entry.id);
    if (!ddl || !asset || asset.columns.length === 0) return;
    for (const field of Object.keys(entry.fields).sort()) {
      if (asset.columns.includes(field)) continue;
      findings.push({
        ruleId: 'stale-annotation',
        level: 'note',
        message: `Field '${field}' of ${entry.id} is not a column of the table (CREATE TABLE at ${ddl.file}:${ddl.line}).`,
        file: manifestPath,
        line: entry.fieldLines[field] ?? entry.line,
        identity: [entry.id, field],
        asset: entry.id,
        hint: `Remove the field from ${manifestPath} or rename it to the column's current name.`,
      });
    }
  });
  return findings;
}

export const staleAnnotation: Rule = {
  meta: {
    id: 'stale-annotation',
    name: 'StaleAnnotation',
    shortDescription: 'A manifest entry names an asset or column that no scanned code uses any more.',
    fullDescription: 'An asset entry of the manifest (or its glob) matches no asset the scan found, or a field names a column the table\'s CREATE TABLE does not have. The manifest has drifted from the code.',
    help: [
      '## A manifest entry no longer matches the code',
      '',
      'The manifest annotates an asset that no scanned SQL or code reads or writes, or a column that the table no',
      'longer has. Stale entries make the inventory lie and can hide a renamed table that is now unannotated.',
      '',
      '**Fix**: remove the entry, or update its id or field names to the current ones. Scanning only part of a',
      'repository (`--include`) also makes entries look stale: scan the whole tree for this rule.',
    ].join('\n'),
    defaultLevel: 'note',
    tags: ['maintainability', 'inventory'],
    securitySeverity: 2.0,
    precision: 'high',
  },
  check(context) {
    const manifestPath = context.input.manifestPath;
    if (manifestPath === null) return [];
    const findings: DraftFinding[] = context.input.manifest.assets.flatMap((entry, index) => {
      if (context.annotations.matches[index]!.length > 0) return [];
      return [{
        ruleId: 'stale-annotation' as const,
        level: 'note' as const,
        message: entry.glob
          ? `The manifest entry '${entry.id}' matches no asset of the scanned code.`
          : `The manifest annotates ${entry.id}, but no scanned code reads or writes it.`,
        file: manifestPath,
        line: entry.line,
        identity: [entry.id],
        asset: entry.id,
        hint: `Remove the entry from ${manifestPath}, or correct its id if the asset was renamed.`,
      }];
    });
    return [...findings, ...fieldFindings(context, manifestPath)];
  },
};
