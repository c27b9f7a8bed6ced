/** policy-violation: data a policy speaks about reaches a sink or asset the policy forbids. */
import { assetName } from '../../graph/ids.js';
import type { Asset } from '../../graph/model.js';
import { flowPath, list, sinkLabel, sourceKey, sourceLabel } from '../describe.js';
import type { DraftFinding, Rule, RuleContext, TableFlow } from '../types.js';

const HINT_FLOW = 'Keep the value out of this sink, or mask it (hash, redact) on the way; if the flow is intended, narrow the policy or suppress it with a reason.';
const HINT_TABLE = 'Do not copy these columns into this asset (drop or mask them in the SELECT); if the asset may hold them, change the policy or suppress it with a reason.';

function codeFlowFindings(context: RuleContext): DraftFinding[] {
  const findings: DraftFinding[] = [];
  for (const flow of context.input.flows) {
    const categories = context.flowCategories(flow);
    const verdicts = context.policies.evaluate(categories, { kind: flow.sink.kind, file: flow.sink.file, ...(flow.sink.target ? { target: flow.sink.target } : {}) });
    for (const verdict of verdicts.filter((v) => v.violated)) {
      findings.push({
        ruleId: 'policy-violation',
        level: verdict.policy.severity,
        message: `${sourceLabel(flow.source)} (${list(verdict.categories)}) reaches ${sinkLabel(flow.sink)}: policy '${verdict.policy.id}' ${verdict.reason}.`,
        file: flow.sink.file,
        line: flow.sink.line,
        ...(flow.sink.endLine ? { endLine: flow.sink.endLine } : {}),
        identity: [verdict.policy.id, sourceKey(flow.source), flow.sink.kind, flow.sink.callee, flow.sink.file, ...verdict.categories],
        flow: flow.id,
        ...(flow.source.asset ? { asset: flow.source.asset } : {}),
        policy: verdict.policy.id,
        categories: verdict.categories,
        hint: HINT_FLOW,
        path: flowPath(flow),
      });
    }
  }
  return findings;
}

function tableFlowPath(assets: ReadonlyMap<string, Asset>, flow: TableFlow, sources: TableFlow['sources']) {
  const steps = sources.flatMap((source) => {
    const at = assets.get(source.asset)?.locations[0];
    const column = source.column ? `.${source.column}` : '';
    return at ? [{ file: at.file, line: at.line, note: `source: ${assetName(source.asset)}${column} (${list(source.categories)})` }] : [];
  });
  return [...steps, { file: flow.file, line: flow.line, note: `written to ${assetName(flow.target)}` }];
}

function tableFlowFindings(context: RuleContext): DraftFinding[] {
  const findings: DraftFinding[] = [];
  const assets = new Map(context.input.graph.assets.map((a) => [a.id, a]));
  for (const flow of context.tableFlows) {
    for (const verdict of context.policies.evaluate(flow.categories, { kind: 'database', file: flow.file, target: flow.target }).filter((v) => v.violated)) {
      // Only the sources holding data the policy is about belong in the message and the path.
      const sources = flow.sources.filter((s) => context.policies.within(s.categories, verdict.policy.from).length > 0);
      const from = sources.map((s) => `${assetName(s.asset)}${s.column ? `.${s.column}` : ''}`);
      findings.push({
        ruleId: 'policy-violation',
        level: verdict.policy.severity,
        message: `${list(from)} (${list(verdict.categories)}) is written to ${assetName(flow.target)}: policy '${verdict.policy.id}' ${verdict.reason}.`,
        file: flow.file,
        line: flow.line,
        endLine: flow.endLine,
        identity: [verdict.policy.id, 'table', flow.file, flow.callee ?? '', flow.target, ...from, ...verdict.categories],
        asset: flow.target,
        policy: verdict.policy.id,
        categories: verdict.categories,
        hint: HINT_TABLE,
        path: tableFlowPath(assets, flow, sources),
      });
    }
  }
  return findings;
}

export const policyViolation: Rule = {
  meta: {
    id: 'policy-violation',
    name: 'PolicyViolation',
    shortDescription: 'Sensitive data reaches a place a policy of the manifest forbids.',
    fullDescription: 'Data of a category named in a policy\'s `from` reaches a sink kind or an asset the policy denies, or a place outside the paths and assets it allows (`allow_only`).',
    help: [
      '## Sensitive data reaches a place a policy forbids',
      '',
      'A policy in `lineage.yaml` says where data of some categories may never go (`deny`: sink kinds such as `log`',
      'or `third_party`, or assets such as `table:analytics.*`), or the only places it may go (`allow_only`: path globs',
      'or assets). This flow breaks it. The finding shows the path from the source to the sink.',
      '',
      '**Fix**: keep the value out of the sink, or mask it on the way (hash, redact, aggregate). If the flow is',
      'intended, narrow the policy, or suppress this finding with a reason and an expiry date:',
      '',
      '```python',
      'logger.info("exported %s", user.email)  # lineage: allow no-pii-in-logs reason="ticket SEC-12" until=2026-12-31',
      '```',
    ].join('\n'),
    defaultLevel: 'error',
    tags: ['security', 'privacy', 'policy'],
    securitySeverity: 8.0,
    precision: 'high',
  },
  check: (context) => [...codeFlowFindings(context), ...tableFlowFindings(context)],
};
