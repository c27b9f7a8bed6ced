/**
 * dbt Python models (a `.py` file in a dbt project's model folders): `def model(dbt, session)` returns the data
 * frame dbt writes to the model's table, and `dbt.ref("m")` / `dbt.source("s", "t")` read the tables the
 * project names, resolved as the SQL models' `ref` and `source` are (src/extract/sql/dbt.ts).
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { Value } from '../../facts/schema.js';
import { modelNameOf, projectForFile, refTable, sourceTable, type DbtContext } from '../sql/dbt.js';
import { argumentNodes } from './arguments.js';
import type { Callee } from './callees.js';
import type { UnitBuilder } from './context.js';
import { constantString } from './strings.js';

export interface DbtPythonModel {
  /** The table the model builds. */
  table: string;
  ref(model: string): string;
  source(source: string, table: string): string;
}

export function dbtPythonModel(dbt: DbtContext | undefined, file: string): DbtPythonModel | undefined {
  if (!dbt || !/\.py$/i.test(file)) return undefined;
  const project = projectForFile(dbt, file);
  if (!project) return undefined;
  return {
    table: refTable(project, modelNameOf(file)),
    ref: (model) => refTable(project, model),
    source: (source, table) => sourceTable(project, source, table),
  };
}

/** The model function: `def model(dbt, session)` at the top of the file. */
export function isModelFunction(b: UnitBuilder): boolean {
  return b.file.dbtModel !== undefined && b.kind === 'function' && b.name === 'model' && b.params.length >= 1;
}

/** `dbt.ref("m")`, `dbt.ref("pkg", "m")`, `dbt.source("s", "t")` in the model function: a read of that table. */
export function dbtModelRead(b: UnitBuilder, callee: Callee, args: Node | null, line: number): Value | undefined {
  const model = b.file.dbtModel;
  if (!model || !isModelFunction(b) || callee.receiver?.type !== 'identifier' || callee.receiver.text !== b.params[0]!.name) return undefined;
  const method = callee.written.slice(callee.written.lastIndexOf('.') + 1);
  if (method !== 'ref' && method !== 'source') return undefined;
  const texts = argumentNodes(args).positional.map((node) => constantString(node)?.text);
  if (texts.length === 0 || texts.some((text) => text === undefined)) return undefined;
  const names = texts as string[];
  const table = method === 'ref' ? model.ref(names[names.length - 1]!) : names.length >= 2 ? model.source(names[0]!, names[1]!) : undefined;
  if (table === undefined) return undefined;
  const slot = b.slot();
  b.steps.push({ op: 'read', line, slot, callee: callee.written, asset: { kind: 'table', name: table } });
  return [{ slot }];
}
