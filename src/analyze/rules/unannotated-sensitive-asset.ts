/**
 * unannotated-sensitive-asset: an asset whose column names look sensitive (name classifier) has no manifest entry,
 * so nobody owns it and no annotation says what it holds.
 */
import type { Job } from '../../graph/model.js';
import { assetName } from '../../graph/ids.js';
import type { DraftFinding, Rule, RuleContext } from '../types.js';

const DECLARING = new Set(['create_table', 'create_table_as', 'create_view', 'create_materialized_view']);

type Place = { file: string; line: number; endLine?: number };

/** Where each asset is declared (its first CREATE statement), else where it is first written or read. */
function declarations(context: RuleContext): Map<string, Place> {
  const places = new Map<string, Place>();
  for (const job of context.input.graph.jobs.filter((j: Job) => DECLARING.has(j.operation))) {
    const callLine = job.kind === 'sql' ? job.callLine : undefined;
    const endLine = callLine === undefined ? context.statementEnds.get(`${job.file}:${job.line}`) : undefined;
    for (const id of job.outputs) {
      if (!places.has(id)) places.set(id, { file: job.file, line: callLine ?? job.line, ...(endLine !== undefined ? { endLine } : {}) });
    }
  }
  for (const asset of context.input.graph.assets) {
    const first = asset.locations[0];
    if (first && !places.has(asset.id)) places.set(asset.id, first);
  }
  return places;
}

export const unannotatedSensitiveAsset: Rule = {
  meta: {
    id: 'unannotated-sensitive-asset',
    name: 'UnannotatedSensitiveAsset',
    shortDescription: 'An asset has columns that look sensitive but the manifest does not annotate it.',
    fullDescription: 'The names of some columns of this asset look like personal or secret data (e-mail, government id, phone, ...), and no entry of the manifest covers the asset, so it has no owner and no declared categories.',
    help: [
      '## An asset looks sensitive but is not in the manifest',
      '',
      'Column names such as `email` or `ssn` suggest this table holds personal data, but `lineage.yaml` has no entry',
      'for it: nobody is named as its owner, its categories are not declared, and coverage reports count it as',
      'unannotated.',
      '',
      '**Fix**: add an entry to `lineage.yaml`:',
      '',
      '```yaml',
      'assets:',
      '  - id: table:audit.user_exports',
      '    owner: data-platform',
      '    fields:',
      '      email: { categories: [user.contact.email] }',
      '```',
      '',
      'If a column only looks sensitive, declare it with `categories: []`.',
    ].join('\n'),
    defaultLevel: 'warning',
    tags: ['security', 'privacy', 'inventory'],
    securitySeverity: 5.0,
    precision: 'high',
  },
  check(context) {
    const findings: DraftFinding[] = [];
    const manifestName = context.input.manifestPath ?? 'lineage.yaml';
    const places = declarations(context);
    for (const [id, sensitivity] of context.sensitivity) {
      if (sensitivity.annotation) continue;
      const columns = Object.entries(sensitivity.classified);
      if (columns.length === 0) continue;
      const at = places.get(id);
      if (!at) continue;
      const categories = [...new Set(columns.flatMap(([, c]) => c))].sort();
      const described = columns.map(([column, cats]) => `${column}: ${cats.join(', ')}`).join('; ');
      findings.push({
        ruleId: 'unannotated-sensitive-asset',
        level: 'warning',
        message: `${assetName(id)} has columns that look sensitive (${described}) but ${context.input.manifestPath ? `${manifestName} does not annotate it` : 'there is no manifest to annotate it'}.`,
        file: at.file,
        line: at.line,
        ...(at.endLine !== undefined ? { endLine: at.endLine } : {}),
        identity: [id],
        asset: id,
        categories,
        hint: `Add '- id: ${id}' with an owner and its fields' categories to ${manifestName}; declare a column with 'categories: []' if it only looks sensitive.`,
      });
    }
    return findings;
  },
};
