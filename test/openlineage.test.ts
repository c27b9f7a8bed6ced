/**
 * `lineage scan --format openlineage`: every event validates against the official OpenLineage schemas (event and
 * each facet), on the demo (a fresh scan) and on the enriched report (column lineage, manifest annotations, a model).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLineageEvents, uuidV5 } from '../src/report/openlineage/index.js';
import type { Report } from '../src/report/json/schema.js';
import { DEMO, REPO_ROOT, runCli } from './helpers/cli.js';
import { facetSchemaIds, openLineageErrors } from './helpers/openlineage.js';

const ENRICHED = JSON.parse(readFileSync(path.join(REPO_ROOT, 'fixtures/reports/demo-enriched.json'), 'utf8')) as Report;

const lines = (text: string) => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, any>);

describe('OpenLineage export', () => {
  it('knows a schema for every facet it writes', () => {
    expect(Object.keys(facetSchemaIds()).sort()).toEqual(['columnLineage', 'jobType', 'ownership', 'schema', 'sourceCodeLocation', 'sql', 'tags']);
  });

  it.each([
    ['JobEvents', []],
    ['RunEvents', ['--openlineage-run-events']],
    ['namespaces and a source URL', ['--namespace', 'postgres://warehouse:5432', '--namespace-map', 'raw.=postgres://landing:5432',
      '--source-url', 'https://git.example.com/acme/shop/blob/main/', '--event-time', '2026-02-01T03:00:00Z']],
  ])('writes one valid event per job of the demo: %s', (_name, extra) => {
    const result = runCli(['scan', DEMO, '--format', 'openlineage', ...extra]);
    expect(result.code).toBe(0);
    const events = lines(result.stdout);
    expect(events).toHaveLength(35);
    for (const event of events) expect(openLineageErrors(event)).toEqual([]);
  });

  it('writes valid events for the Python fixture too', () => {
    const result = runCli(['scan', path.join(REPO_ROOT, 'fixtures/python-embedded-sql'), '--format', 'openlineage', '--openlineage-run-events']);
    const events = lines(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(openLineageErrors(event)).toEqual([]);
  });

  it('validates the events of a report with column lineage, annotations and a model (both event kinds)', () => {
    for (const runEvents of [false, true]) {
      const events = openLineageEvents(ENRICHED, { runEvents, namespace: 'postgres://warehouse:5432' });
      expect(events).toHaveLength(ENRICHED.jobs.length);
      for (const event of events) expect(openLineageErrors(event)).toEqual([]);
    }
  });

  it('catches events that break the schemas (the check can fail)', () => {
    const event = openLineageEvents(ENRICHED)[0] as any;
    expect(openLineageErrors({ ...event, eventTime: 'noon' }).join('\n')).toMatch(/eventTime must match format "date-time"/);
    const noProducer = structuredClone(event);
    delete noProducer.job.facets.jobType._producer;
    expect(openLineageErrors(noProducer).join('\n')).toMatch(/jobType.*_producer/);
    const badLineage = structuredClone(openLineageEvents(ENRICHED).find((e: any) => e.outputs[0]?.facets?.columnLineage)) as any;
    delete Object.values(badLineage.outputs[0].facets.columnLineage.fields as Record<string, any>)[0].inputFields[0].field;
    expect(openLineageErrors(badLineage).join('\n')).toMatch(/columnLineage.*must have required property 'field'/);
  });

  it('maps a job to inputs, outputs and facets as documented', () => {
    const events = openLineageEvents(ENRICHED, { namespace: 'postgres://warehouse:5432', namespaceRules: [{ prefix: 'table:raw.', namespace: 'postgres://landing:5432' }] });
    const stgUsers = events.find((e: any) => e.job.name === 'warehouse/models/staging/stg_users.sql#1') as any;
    expect(stgUsers.schemaURL).toBe('https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent');
    expect(stgUsers.eventTime).toBe('1970-01-01T00:00:00.000Z');
    expect(stgUsers.job.namespace).toBe('lineage');
    expect(stgUsers.job.facets.sql).toMatchObject({ dialect: 'postgres', _schemaURL: expect.stringContaining('SQLJobFacet.json') });
    expect(stgUsers.job.facets.sql.query).toContain('lower(trim(email))');
    expect(stgUsers.job.facets.jobType).toMatchObject({ processingType: 'BATCH', integration: 'LINEAGE', jobType: 'QUERY' });
    expect(stgUsers.job.facets.sourceCodeLocation).toMatchObject({ type: 'file', url: 'file:warehouse/models/staging/stg_users.sql#L2', path: 'warehouse/models/staging/stg_users.sql' });
    expect(stgUsers.inputs.map((d: any) => [d.namespace, d.name])).toEqual([['postgres://landing:5432', 'raw.users']]);
    // The manifest annotation of raw.users: owner and field categories.
    expect(stgUsers.inputs[0].facets.ownership.owners).toEqual([{ name: 'team:identity-team', type: 'OWNER' }]);
    expect(stgUsers.inputs[0].facets.tags.tags).toContainEqual({ key: 'data_category', value: 'user.contact.email', source: 'MANIFEST', field: 'email' });
    const output = stgUsers.outputs[0];
    expect([output.namespace, output.name]).toEqual(['postgres://warehouse:5432', 'staging.stg_users']);
    expect(output.facets.columnLineage.fields.email).toEqual({
      inputFields: [
        { namespace: 'postgres://landing:5432', name: 'raw.users', field: 'deleted_at', transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }] },
        { namespace: 'postgres://landing:5432', name: 'raw.users', field: 'email', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION' }] },
      ],
    });
    const churn = events.find((e: any) => e.job.name === 'ml/train_churn.py#2') as any;
    expect(churn.job.facets.sql).toBeUndefined();
    expect(churn.job.facets.jobType.jobType).toBe('FUNCTION');
    expect(churn.outputs.map((d: any) => [d.namespace, d.name])).toEqual([['model', 'churn']]);
  });

  it('derives run ids from job ids (UUID v5), so runs are the same on every export', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    const first = openLineageEvents(ENRICHED, { runEvents: true }) as any[];
    const second = openLineageEvents(ENRICHED, { runEvents: true }) as any[];
    expect(first.map((e) => e.run.runId)).toEqual(second.map((e) => e.run.runId));
    expect(new Set(first.map((e) => e.run.runId)).size).toBe(first.length);
    expect(first[0].eventType).toBe('COMPLETE');
  });

  it('refuses a bad event time or namespace rule with exit code 2', () => {
    expect(runCli(['scan', DEMO, '--format', 'openlineage', '--event-time', 'yesterday']).stderr).toMatch(/--event-time: expected an ISO 8601/);
    const bad = runCli(['scan', DEMO, '--format', 'openlineage', '--namespace-map', 'raw.']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--namespace-map: expected prefix=namespace/);
  });
});
