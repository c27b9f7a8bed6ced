/** Validation of OpenLineage events against the official JSON Schemas copied into test/data/openlineage/. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './cli.js';

const DIR = path.join(REPO_ROOT, 'test/data/openlineage');
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const schemas = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(path.join(DIR, f), 'utf8')));
for (const schema of schemas) ajv.addSchema(schema);

const EVENT = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';
/** Facet name -> the schema `$id` that defines it (its root has `properties: { <name>: ... }`). */
const FACETS: Record<string, string> = Object.fromEntries(schemas
  .filter((s) => s.$id !== EVENT)
  .flatMap((s) => Object.keys(s.properties ?? {}).map((name) => [name, s.$id as string])));

export function facetSchemaIds(): Record<string, string> {
  return FACETS;
}

/** Every error of an event: the event schema, then each known facet against its own schema. */
export function openLineageErrors(event: Record<string, any>): string[] {
  const errors: string[] = [];
  const check = (id: string, data: unknown, where: string) => {
    const validate = ajv.getSchema(id)!;
    if (!validate(data)) errors.push(...(validate.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message}`));
  };
  check(EVENT, event, 'event');
  const facetSets: Array<[string, Record<string, unknown> | undefined]> = [['job', event.job?.facets]];
  for (const [side, list] of [['inputs', event.inputs], ['outputs', event.outputs]] as const) {
    (list ?? []).forEach((d: any, i: number) => facetSets.push([`${side}[${i}]`, d.facets]));
  }
  for (const [where, facets] of facetSets) {
    for (const [name, facet] of Object.entries(facets ?? {})) {
      const id = FACETS[name];
      if (!id) errors.push(`${where}.facets.${name}: no official schema for this facet in test/data/openlineage`);
      else check(id, { [name]: facet }, `${where}.facets.${name}`);
    }
  }
  return errors;
}
