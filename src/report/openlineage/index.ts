/**
 * OpenLineage export (`lineage scan --format openlineage`): newline-delimited JSON, one event per job, for the
 * user's own tooling to post to Marquez, DataHub or any OpenLineage consumer. Static lineage is a JobEvent; with
 * `runEvents` each job becomes a COMPLETE RunEvent whose runId is derived from the job (UUID v5), so the output is
 * deterministic. Mapping and facets: docs/openlineage.md.
 */
import { createHash } from 'node:crypto';
import { compareStrings } from '../../graph/ids.js';
import { toolVersion } from '../../version.js';
import type { Report, ReportAsset, ReportJob } from '../json/schema.js';
import { uriPath } from '../uri-path.js';

export interface NamespaceRule {
  /** Matched against the asset id (`table:raw.`) and its name (`raw.`); the longest matching prefix wins. */
  prefix: string;
  namespace: string;
}

export interface OpenLineageOptions {
  /** Dataset namespace of tables no rule matches. */
  namespace: string;
  namespaceRules: NamespaceRule[];
  jobNamespace: string;
  /** COMPLETE RunEvents instead of JobEvents. */
  runEvents: boolean;
  /** ISO 8601 date-time written as `eventTime`. */
  eventTime: string;
  producer: string;
  /** Prefix for SourceCodeLocationJobFacet URLs, e.g. `https://git.example.com/shop/blob/main/`. */
  sourceUrl?: string;
}

export const FIXED_EVENT_TIME = '1970-01-01T00:00:00.000Z';
export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_JOB_NAMESPACE = 'lineage';

const SPEC = 'https://openlineage.io/spec';
const EVENT_SCHEMA = `${SPEC}/2-0-2/OpenLineage.json`;
const FACET_SCHEMAS = {
  sql: `${SPEC}/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet`,
  jobType: `${SPEC}/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet`,
  sourceCodeLocation: `${SPEC}/facets/1-1-0/SourceCodeLocationJobFacet.json#/$defs/SourceCodeLocationJobFacet`,
  columnLineage: `${SPEC}/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet`,
  schema: `${SPEC}/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet`,
  ownership: `${SPEC}/facets/1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet`,
  tags: `${SPEC}/facets/1-0-0/TagsDatasetFacet.json#/$defs/TagsDatasetFacet`,
} as const;

/** RFC 9562 URL namespace: run ids are UUID v5 of `<job namespace>/<job name>` in it. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

export function defaultOpenLineageOptions(): OpenLineageOptions {
  return {
    namespace: DEFAULT_NAMESPACE, namespaceRules: [], jobNamespace: DEFAULT_JOB_NAMESPACE, runEvents: false,
    eventTime: FIXED_EVENT_TIME, producer: `urn:lineage:${toolVersion()}`,
  };
}

export function uuidV5(name: string, namespace = URL_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Asset id -> OpenLineage dataset (namespace, name). */
export function datasetOf(assetId: string, options: Pick<OpenLineageOptions, 'namespace' | 'namespaceRules'>): { namespace: string; name: string } {
  const colon = assetId.indexOf(':');
  const kind = colon > 0 ? assetId.slice(0, colon) : 'table';
  const name = colon > 0 ? assetId.slice(colon + 1) : assetId;
  const rule = options.namespaceRules
    .filter((r) => assetId.startsWith(r.prefix) || name.startsWith(r.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length || compareStrings(a.prefix, b.prefix))[0];
  if (rule) return { namespace: rule.namespace, name };
  if (kind === 'table' || kind === 'view') return { namespace: options.namespace, name };
  return { namespace: kind, name };
}

const facet = (schemaURL: string, producer: string) => ({ _producer: producer, _schemaURL: schemaURL });

function jobFacets(job: ReportJob, options: OpenLineageOptions): Record<string, unknown> {
  const facets: Record<string, unknown> = {};
  const line = (job.kind === 'sql' ? job.callLine : undefined) ?? job.line;
  const url = options.sourceUrl !== undefined ? `${options.sourceUrl}${uriPath(job.file)}#L${line}` : `file:${uriPath(job.file)}#L${line}`;
  facets.jobType = {
    ...facet(FACET_SCHEMAS.jobType, options.producer),
    processingType: 'BATCH', integration: 'LINEAGE', jobType: job.kind === 'sql' ? 'QUERY' : String(job.kind).toUpperCase(),
  };
  facets.sourceCodeLocation = {
    ...facet(FACET_SCHEMAS.sourceCodeLocation, options.producer),
    type: options.sourceUrl !== undefined ? 'git' : 'file', url, path: job.file,
  };
  if (job.kind === 'sql' && job.sql) facets.sql = { ...facet(FACET_SCHEMAS.sql, options.producer), query: job.sql, dialect: job.dialect };
  return facets;
}

function ownerUrn(owner: string): string {
  return owner.includes(':') ? owner : `team:${owner}`;
}

function datasetFacets(asset: ReportAsset | undefined, options: OpenLineageOptions): Record<string, unknown> {
  const facets: Record<string, unknown> = {};
  if (!asset) return facets;
  if (asset.columns.length > 0) {
    facets.schema = { ...facet(FACET_SCHEMAS.schema, options.producer), fields: asset.columns.map((name) => ({ name })) };
  }
  if (asset.annotation?.owner) {
    facets.ownership = { ...facet(FACET_SCHEMAS.ownership, options.producer), owners: [{ name: ownerUrn(asset.annotation.owner), type: 'OWNER' }] };
  }
  const tags: Array<{ key: string; value: string; source: string; field?: string }> = [];
  for (const category of [...asset.categories].sort(compareStrings)) tags.push({ key: 'data_category', value: category, source: 'LINEAGE' });
  const fields = asset.annotation?.fields ?? {};
  for (const field of Object.keys(fields).sort(compareStrings)) {
    for (const category of [...fields[field]!].sort(compareStrings)) tags.push({ key: 'data_category', value: category, source: 'MANIFEST', field });
  }
  if (tags.length > 0) facets.tags = { ...facet(FACET_SCHEMAS.tags, options.producer), tags };
  return facets;
}

type Transformation = { type: string; subtype: string; masking?: boolean };

function columnLineageFacet(job: ReportJob, output: string, options: OpenLineageOptions): Record<string, unknown> | undefined {
  const fields = new Map<string, Map<string, { asset: string; column: string; transformations: Map<string, Transformation> }>>();
  for (const lineage of job.columnLineage ?? []) {
    // `*`: into the output as a whole, which OpenLineage tells by the run's inputs and outputs, not by a field.
    if (lineage.output.asset !== output || lineage.output.column === '*') continue;
    let inputs = fields.get(lineage.output.column);
    if (!inputs) fields.set(lineage.output.column, (inputs = new Map()));
    for (const input of lineage.inputs) {
      if (input.column === '*') continue;
      const key = `${input.asset}\u0000${input.column}`;
      let entry = inputs.get(key);
      if (!entry) inputs.set(key, (entry = { asset: input.asset, column: input.column, transformations: new Map() }));
      entry.transformations.set(`${input.type}/${input.subtype}`, {
        type: input.type, subtype: input.subtype, ...(input.masking !== undefined ? { masking: input.masking } : {}),
      });
    }
  }
  if (fields.size === 0) return undefined;
  // A column fed only by whole tables (`*` inputs) names no input field.
  for (const [column, inputs] of fields) if (inputs.size === 0) fields.delete(column);
  if (fields.size === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const column of [...fields.keys()].sort(compareStrings)) {
    const inputs = [...fields.get(column)!.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, entry]) => ({
      ...datasetOf(entry.asset, options),
      field: entry.column,
      transformations: [...entry.transformations.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, t]) => t),
    }));
    out[column] = { inputFields: inputs };
  }
  return { ...facet(FACET_SCHEMAS.columnLineage, options.producer), fields: out };
}

function dataset(assetId: string, assets: Map<string, ReportAsset>, options: OpenLineageOptions, extra?: Record<string, unknown>) {
  const facets = { ...datasetFacets(assets.get(assetId), options), ...extra };
  return { ...datasetOf(assetId, options), ...(Object.keys(facets).length > 0 ? { facets } : {}) };
}

export function openLineageEvents(report: Report, partial: Partial<OpenLineageOptions> = {}): Array<Record<string, unknown>> {
  const options: OpenLineageOptions = { ...defaultOpenLineageOptions(), ...partial };
  const assets = new Map(report.assets.map((a) => [a.id, a]));
  return report.jobs.map((job) => {
    const jobName = job.id;
    const inputs = job.inputs.map((id) => dataset(id, assets, options));
    const outputs = job.outputs.map((id) => {
      const lineage = columnLineageFacet(job, id, options);
      return dataset(id, assets, options, lineage ? { columnLineage: lineage } : undefined);
    });
    const base = {
      eventTime: options.eventTime,
      producer: options.producer,
      schemaURL: `${EVENT_SCHEMA}#/$defs/${options.runEvents ? 'RunEvent' : 'JobEvent'}`,
    };
    const jobPart = { namespace: options.jobNamespace, name: jobName, facets: jobFacets(job, options) };
    if (!options.runEvents) return { ...base, job: jobPart, inputs, outputs };
    return {
      ...base, eventType: 'COMPLETE', run: { runId: uuidV5(`${options.jobNamespace}/${jobName}`) }, job: jobPart, inputs, outputs,
    };
  });
}

export function formatOpenLineage(report: Report, partial?: Partial<OpenLineageOptions>): string {
  return openLineageEvents(report, partial).map((event) => JSON.stringify(event) + '\n').join('');
}
