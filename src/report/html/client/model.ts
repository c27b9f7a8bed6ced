/**
 * The page's index over the report: assets, jobs, table edges by end, flows and findings by what they concern,
 * and (built on first use) column edges from the jobs' column lineage. No DOM here, so it runs in tests too.
 */
import type { Asset, Edge, Finding, Flow, Job, PageData, Report } from './types.js';

export interface ColumnEdge {
  from: { asset: string; column: string };
  to: { asset: string; column: string };
  job: string;
  type: string;
  subtype: string;
}

export interface Model {
  report: Report;
  page: Partial<PageData>;
  assets: Map<string, Asset>;
  /** Asset ids in report order (sorted by id), placeholders for ids only edges or jobs mention at the end. */
  assetIds: string[];
  jobs: Map<string, Job>;
  outgoing: Map<string, Edge[]>;
  incoming: Map<string, Edge[]>;
  flows: Map<string, Flow>;
  flowsBySource: Map<string, Flow[]>;
  findingsByFlow: Map<string, Finding[]>;
  findingsByAsset: Map<string, Finding[]>;
  /** Column edges by `columnKey` of their source and of their target; built lazily. */
  columnEdges(): { out: Map<string, ColumnEdge[]>; in: Map<string, ColumnEdge[]> };
  /** Asset id -> every column known for it (declared, annotated, in column lineage), sorted; built lazily. */
  lineageColumns(): Map<string, string[]>;
}

export const columnKey = (asset: string, column: string) => `${asset}\u0000${column}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildModel(report: Report, page: Partial<PageData>): Model {
  const assets = new Map<string, Asset>();
  const assetIds: string[] = [];
  const ensure = (id: string) => {
    if (assets.has(id)) return;
    const colon = id.indexOf(':');
    assets.set(id, { id, kind: colon > 0 ? id.slice(0, colon) : 'unknown', name: colon > 0 ? id.slice(colon + 1) : id, columns: [], categories: [], locations: [] });
    assetIds.push(id);
  };
  for (const asset of report.assets ?? []) {
    if (!assets.has(asset.id)) assetIds.push(asset.id);
    assets.set(asset.id, asset);
  }
  const jobs = new Map<string, Job>();
  for (const job of report.jobs ?? []) {
    jobs.set(job.id, job);
    for (const id of [...(job.inputs ?? []), ...(job.outputs ?? [])]) ensure(id);
  }
  const outgoing = new Map<string, Edge[]>();
  const incoming = new Map<string, Edge[]>();
  for (const edge of report.edges ?? []) {
    ensure(edge.from);
    ensure(edge.to);
    push(outgoing, edge.from, edge);
    push(incoming, edge.to, edge);
  }
  const flows = new Map<string, Flow>();
  const flowsBySource = new Map<string, Flow[]>();
  for (const flow of report.flows ?? []) {
    flows.set(flow.id, flow);
    if (flow.source.asset) {
      ensure(flow.source.asset);
      push(flowsBySource, flow.source.asset, flow);
    }
  }
  const findingsByFlow = new Map<string, Finding[]>();
  const findingsByAsset = new Map<string, Finding[]>();
  for (const finding of report.findings ?? []) {
    if (finding.flow) push(findingsByFlow, finding.flow, finding);
    if (finding.asset) push(findingsByAsset, finding.asset, finding);
  }
  let columns: { out: Map<string, ColumnEdge[]>; in: Map<string, ColumnEdge[]> } | undefined;
  const columnEdges = () => {
    if (columns) return columns;
    columns = { out: new Map(), in: new Map() };
    for (const job of report.jobs ?? []) {
      for (const lineage of job.columnLineage ?? []) {
        for (const input of lineage.inputs) {
          if (input.column === '*') continue;
          const edge: ColumnEdge = {
            from: { asset: input.asset, column: input.column }, to: lineage.output, job: job.id,
            type: input.type ?? 'DIRECT', subtype: input.subtype ?? '',
          };
          push(columns.out, columnKey(input.asset, input.column), edge);
          push(columns.in, columnKey(lineage.output.asset, lineage.output.column), edge);
        }
      }
    }
    return columns;
  };
  let known: Map<string, string[]> | undefined;
  const lineageColumns = () => {
    if (known) return known;
    const sets = new Map<string, Set<string>>();
    const add = (asset: string, column: string) => {
      if (column === '*') return;
      let set = sets.get(asset);
      if (!set) sets.set(asset, (set = new Set()));
      set.add(column);
    };
    for (const asset of assets.values()) {
      for (const column of asset.columns ?? []) add(asset.id, column);
      for (const column of Object.keys(asset.annotation?.fields ?? {})) add(asset.id, column);
    }
    for (const job of report.jobs ?? []) {
      for (const lineage of job.columnLineage ?? []) {
        add(lineage.output.asset, lineage.output.column);
        for (const input of lineage.inputs) add(input.asset, input.column);
      }
    }
    known = new Map([...sets].map(([asset, set]) => [asset, [...set].sort()]));
    return known;
  };
  return { report, page, assets, assetIds, jobs, outgoing, incoming, flows, flowsBySource, findingsByFlow, findingsByAsset, columnEdges, lineageColumns };
}

/** `table:raw.users` -> `raw.users`; other kinds keep their prefix (`model:churn`), as the commands print them. */
export function displayName(assetId: string): string {
  return assetId.startsWith('table:') ? assetId.slice('table:'.length) : assetId;
}

export function columnLabel(assetId: string, column?: string): string {
  return column === undefined ? displayName(assetId) : `${displayName(assetId)}.${column}`;
}

/** Categories of a column: the manifest's field annotation. */
export function columnCategories(model: Model, assetId: string, column: string): string[] {
  return model.assets.get(assetId)?.annotation?.fields?.[column] ?? [];
}

/** Categories of an asset: its own and those of its annotated fields. */
export function assetCategories(model: Model, assetId: string): string[] {
  const asset = model.assets.get(assetId);
  const set = new Set(asset?.categories ?? []);
  for (const list of Object.values(asset?.annotation?.fields ?? {})) for (const c of list) set.add(c);
  return [...set].sort();
}

/** Every column the report knows for an asset: declared, annotated or in column lineage; sorted. */
export function knownColumns(model: Model, assetId: string): string[] {
  return model.lineageColumns().get(assetId) ?? [];
}

/** An unsuppressed finding that breaks a policy (same rule as `lineage diff`). */
export function isViolation(finding: Finding): boolean {
  return finding.suppression === undefined && (finding.policy !== undefined || finding.ruleId === 'policy-violation');
}

export function flowViolations(model: Model, flowId: string): Finding[] {
  return (model.findingsByFlow.get(flowId) ?? []).filter(isViolation);
}
