/**
 * Policy evaluation (Policy Zones): a policy speaks about data whose categories lie within its `from` categories.
 * Such data must not reach a denied sink kind or asset, and, when the policy has `allow_only`, must reach nothing
 * but the listed paths (the sink's file) and assets. The same test serves code flows and table flows.
 */
import { assetMatcher, pathMatcher } from '../manifest/globs.js';
import type { Policy } from '../manifest/model.js';
import type { Taxonomy } from '../taxonomy/index.js';

/** Where data ends up: the sink's kind, its file, and the asset it writes when known. */
export interface SinkSite {
  kind: string;
  file: string;
  target?: string;
}

/** Sink kinds where sensitive data is reported even without a manifest (`unannotated-sensitive-flow`). */
export const RISKY_SINK_KINDS: readonly string[] = ['log', 'stdout', 'file', 'http', 'third_party', 'cookie', 'exception'];

export interface PolicyVerdict {
  policy: Policy;
  /** The flow's categories the policy is about. */
  categories: string[];
  violated: boolean;
  /** Why, for people: `denies log`, `allows only services/billing/**`. */
  reason: string;
}

interface CompiledPolicy {
  policy: Policy;
  denyAssets: Array<(id: string) => boolean>;
  allowPaths: Array<(file: string) => boolean>;
  allowAssets: Array<(id: string) => boolean>;
}

export class PolicyEngine {
  private readonly compiled: CompiledPolicy[];

  constructor(policies: readonly Policy[], private readonly taxonomy: Taxonomy) {
    this.compiled = policies.map((policy) => ({
      policy,
      denyAssets: policy.denyAssets.map(assetMatcher),
      allowPaths: policy.allowPaths.map(pathMatcher),
      allowAssets: policy.allowAssets.map(assetMatcher),
    }));
  }

  /** Categories of `categories` that lie within one of `from` (hierarchically). */
  within(categories: readonly string[], from: readonly string[]): string[] {
    return categories.filter((category) => from.some((ancestor) => this.taxonomy.isWithin(category, ancestor)));
  }

  /** The verdict of every policy that has something to say about this data reaching this sink. */
  evaluate(categories: readonly string[], sink: SinkSite): PolicyVerdict[] {
    const verdicts: PolicyVerdict[] = [];
    for (const { policy, denyAssets, allowPaths, allowAssets } of this.compiled) {
      const matched = this.within(categories, policy.from);
      if (matched.length === 0) continue;
      if (policy.denyKinds.includes(sink.kind)) {
        verdicts.push({ policy, categories: matched, violated: true, reason: `denies ${sink.kind} sinks` });
        continue;
      }
      const deniedAsset = sink.target !== undefined ? policy.denyAssets.find((_, i) => denyAssets[i]!(sink.target!)) : undefined;
      if (deniedAsset) {
        verdicts.push({ policy, categories: matched, violated: true, reason: `denies ${deniedAsset}` });
        continue;
      }
      if (allowPaths.length + allowAssets.length > 0) {
        const allowed = allowPaths.some((match) => match(sink.file)) || (sink.target !== undefined && allowAssets.some((match) => match(sink.target!)));
        const only = [...policy.allowPaths, ...policy.allowAssets].join(', ');
        verdicts.push({ policy, categories: matched, violated: !allowed, reason: `allows it only in ${only}` });
      }
    }
    return verdicts;
  }
}
