/** The `scan` flags of the OpenLineage export, parsed once into OpenLineageOptions. */
import type { Command } from 'commander';
import { DEFAULT_JOB_NAMESPACE, DEFAULT_NAMESPACE, FIXED_EVENT_TIME, type NamespaceRule, type OpenLineageOptions } from '../report/openlineage/index.js';
import { UsageError } from './errors.js';
import { collect } from './report-source.js';

export interface RawOpenLineageOptions {
  namespace: string;
  namespaceMap: string[];
  jobNamespace: string;
  openlineageRunEvents?: boolean;
  eventTime?: string;
  sourceUrl?: string;
}

export function addOpenLineageOptions(command: Command): Command {
  return command
    .option('--namespace <namespace>', 'openlineage: dataset namespace of tables (e.g. postgres://db:5432)', DEFAULT_NAMESPACE)
    .option('--namespace-map <prefix=namespace>', 'openlineage: namespace for assets whose id or name starts with prefix (repeatable)', collect, [])
    .option('--job-namespace <namespace>', 'openlineage: namespace of the jobs', DEFAULT_JOB_NAMESPACE)
    .option('--openlineage-run-events', 'openlineage: COMPLETE RunEvents with runIds derived from job ids, instead of JobEvents')
    .option('--event-time <time>', `openlineage: eventTime, an ISO 8601 date-time or 'now' (default ${FIXED_EVENT_TIME})`)
    .option('--source-url <prefix>', 'openlineage: URL prefix of the source files, for SourceCodeLocationJobFacet');
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function parseRule(value: string): NamespaceRule {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new UsageError(`--namespace-map: expected prefix=namespace (e.g. raw.=postgres://db:5432), got '${value}'`);
  return { prefix: value.slice(0, eq), namespace: value.slice(eq + 1) };
}

export function parseOpenLineageOptions(raw: RawOpenLineageOptions): Partial<OpenLineageOptions> {
  let eventTime = FIXED_EVENT_TIME;
  if (raw.eventTime === 'now') eventTime = new Date().toISOString();
  else if (raw.eventTime !== undefined) {
    if (!ISO_DATE_TIME.test(raw.eventTime) || Number.isNaN(Date.parse(raw.eventTime))) {
      throw new UsageError(`--event-time: expected an ISO 8601 date-time such as 2026-01-31T02:00:00Z, or 'now', got '${raw.eventTime}'`);
    }
    eventTime = raw.eventTime;
  }
  if (raw.sourceUrl !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(raw.sourceUrl)) {
    throw new UsageError(`--source-url: expected a URL prefix such as https://git.example.com/shop/blob/main/, got '${raw.sourceUrl}'`);
  }
  return {
    namespace: raw.namespace, namespaceRules: raw.namespaceMap.map(parseRule), jobNamespace: raw.jobNamespace,
    runEvents: raw.openlineageRunEvents === true, eventTime,
    ...(raw.sourceUrl !== undefined ? { sourceUrl: raw.sourceUrl } : {}),
  };
}
