/**
 * unannotated-sensitive-flow: sensitive data reaches a risky sink (log, stdout, file, http, third party, cookie,
 * exception) and no policy says whether that is allowed. Without a manifest this is the default policy.
 */
import { RISKY_SINK_KINDS } from '../policies.js';
import { flowPath, list, sinkLabel, sourceKey, sourceLabel } from '../describe.js';
import type { DraftFinding, Rule } from '../types.js';

export const unannotatedSensitiveFlow: Rule = {
  meta: {
    id: 'unannotated-sensitive-flow',
    name: 'UnannotatedSensitiveFlow',
    shortDescription: 'Sensitive data reaches a log, file, network or similar sink that no policy covers.',
    fullDescription: 'Data the classifier or the manifest marks as sensitive reaches a log, stdout, file, http, third_party, cookie or exception sink, and no policy of the manifest allows or forbids it.',
    help: [
      '## Sensitive data reaches a risky sink that no policy covers',
      '',
      'Personal data (e-mail addresses, government ids, credentials, ...) reaches a log, the console, a file, an HTTP',
      'call, a third party, a cookie or an exception message, and `lineage.yaml` has no policy about it.',
      '',
      '**Fix**: keep the value out of the sink or mask it. If it is meant to be there, say so: add a policy with',
      '`allow_only` listing where this data may go, or a `deny` policy if it must never go there, so future changes',
      'are checked against it. A one-off exception can be suppressed with a reason.',
    ].join('\n'),
    defaultLevel: 'warning',
    tags: ['security', 'privacy'],
    securitySeverity: 6.5,
    precision: 'medium',
  },
  check(context) {
    const findings: DraftFinding[] = [];
    const hasManifest = context.input.manifest.file !== null;
    for (const flow of context.input.flows) {
      if (!RISKY_SINK_KINDS.includes(flow.sink.kind)) continue;
      const categories = context.flowCategories(flow);
      if (categories.length === 0) continue;
      const site = { kind: flow.sink.kind, file: flow.sink.file, ...(flow.sink.target ? { target: flow.sink.target } : {}) };
      if (context.policies.evaluate(categories, site).length > 0) continue;
      findings.push({
        ruleId: 'unannotated-sensitive-flow',
        level: 'warning',
        message: `${sourceLabel(flow.source)} (${list(categories)}) reaches ${sinkLabel(flow.sink)}, and ${hasManifest ? 'no policy of the manifest covers it' : 'there is no manifest to say whether that is allowed'}.`,
        file: flow.sink.file,
        line: flow.sink.line,
        ...(flow.sink.endLine ? { endLine: flow.sink.endLine } : {}),
        identity: [sourceKey(flow.source), flow.sink.kind, flow.sink.callee, flow.sink.file, ...categories],
        flow: flow.id,
        ...(flow.source.asset ? { asset: flow.source.asset } : {}),
        categories,
        hint: 'Keep the value out of this sink or mask it; if it belongs there, add a policy to lineage.yaml that allows it (allow_only) or forbids it (deny), or suppress this finding with a reason.',
        path: flowPath(flow),
      });
    }
    return findings;
  },
};
