/**
 * Values bound to a SQL statement by column name (`binds: [{ items: [{ key: "email", ... }] }]`, as the C++ and PHP
 * extractors emit for prepared statements) keep their columns in the unit's job: column lineage from the columns
 * read to the columns bound. Positional binds stay table-level. Language-neutral: facts written by hand.
 */
import { describe, expect, it } from 'vitest';
import type { FileFacts, SqlStatement, Step, Value } from '../src/facts/schema.js';
import { simulate } from '../src/simulate/index.js';

function statement(operation: string, inputs: string[], outputs: string[], line: number): SqlStatement {
  return { line, column: 1, endLine: line, dialect: 'postgres', operation, text: '', inputs, outputs, columnLineage: [], defines: [], confidence: 'high' };
}

function facts(binds: Value): FileFacts {
  const steps: Step[] = [
    {
      op: 'sql', line: 2, callee: 'db.query', slot: 0, statement: statement('select', ['table:crm.customers'], [], 2),
      columns: [{ name: 'id', from: [{ asset: 'table:crm.customers', column: 'id' }] }, { name: 'email', from: [{ asset: 'table:crm.customers', column: 'email' }] }],
    },
    { op: 'sql', line: 3, callee: 'db.prepare', slot: 1, statement: statement('insert', [], ['table:mart.contacts'], 3), binds },
  ];
  return {
    file: 'job.x', language: 'php', hash: '', bytes: 0, lines: 4, parse: { errorBytes: 0, quality: 1 }, gaps: [], module: 'job', imports: [],
    units: [{ name: 'copy', kind: 'function', line: 1, endLine: 4, steps }],
  };
}

describe('values bound to a statement by column', () => {
  it('give the job column lineage', () => {
    const keyed: Value = [{ items: [{ key: 'contact_email', value: [{ slot: 0, path: ['email'] }] }, { key: 'customer_id', value: [{ slot: 0, path: ['id'] }] }] }];
    const { jobs } = simulate([facts(keyed)]);
    expect(jobs.map((j) => [j.unit, j.inputs, j.outputs])).toEqual([['copy', ['table:crm.customers'], ['table:mart.contacts']]]);
    expect(jobs[0]!.columnLineage.map((c) => `${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual([
      'contact_email <- table:crm.customers.email',
      'customer_id <- table:crm.customers.id',
    ]);
  });

  it('stay table-level when bound by position', () => {
    const positional: Value = [{ items: [{ value: [{ slot: 0, path: ['email'] }] }, { value: [{ slot: 0, path: ['id'] }] }] }];
    const { jobs } = simulate([facts(positional)]);
    expect(jobs.map((j) => [j.unit, j.inputs, j.outputs, j.columnLineage])).toEqual([['copy', ['table:crm.customers'], ['table:mart.contacts'], []]]);
  });
});
