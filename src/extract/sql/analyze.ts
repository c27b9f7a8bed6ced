/**
 * SQL text -> SqlStatement facts: split into statements, analyse each (statement.ts), finalise column lineage
 * with the columns the text itself declares, and turn parser failures into gaps. Used for .sql files and for
 * SQL found in code strings alike. `USE x` makes `x` the schema of unqualified names for the statements after
 * it; statements inside CREATE PROCEDURE / FUNCTION bodies are analysed as statements of their own.
 */
import { finalizePlan, planNeedsCatalog } from '../../facts/column-plan.js';
import type { Gap, SqlStatement } from '../../facts/schema.js';
import type { DialectInfo } from './dialects.js';
import { statementBudgetGap } from './guard.js';
import { normalizePlaceholders } from './placeholders.js';
import { splitStatements, type SqlChunk } from './split.js';
import { fallbackLineage } from './fallback.js';
import { tableAssetId } from './names.js';
import { analyzeStatement, type StatementLineage, type StatementOptions } from './statement.js';

export interface SqlTextOptions {
  file: string;
  dialect: DialectInfo;
  /** Line and column of the text's first character in the file (for SQL inside code strings). */
  baseLine?: number;
  baseColumn?: number;
  /** SQL from a code string: client placeholders (`%s`, `?`) are rewritten before parsing. */
  embedded?: boolean;
  /** When set, every statement's result is written to this table (a dbt model). */
  modelTable?: { table: string; operation: string };
  /** Schema of unqualified table names (`--default-schema`). */
  defaultSchema?: string;
}

export interface SqlTextResult {
  statements: SqlStatement[];
  gaps: Gap[];
  /** Characters of statements that no grammar parsed (for parse health). */
  unparsedChars: number;
}

const MAX_ROUTINE_DEPTH = 3;

function shiftPosition(chunk: SqlChunk, baseLine: number, baseColumn: number) {
  return {
    line: baseLine + chunk.line - 1,
    column: chunk.line === 1 ? baseColumn + chunk.column - 1 : chunk.column,
    endLine: baseLine + chunk.endLine - 1,
  };
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]!.slice(0, 300);
}

/** Line and column of `offset` inside `text`, relative to a text starting at (line, column). */
function offsetPosition(text: string, offset: number, line: number, column: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const newlines = before.split('\n').length - 1;
  return newlines === 0 ? { line, column: column + offset } : { line: line + newlines, column: offset - before.lastIndexOf('\n') };
}

function analyze(text: string, options: SqlTextOptions, depth: number, result: SqlTextResult): void {
  const baseLine = options.baseLine ?? 1;
  const baseColumn = options.baseColumn ?? 1;
  // Columns this text declares: CREATE TABLE (also trusted for positional INSERT), CTAS and views.
  const catalog = new Map<string, string[]>();
  const declared = new Map<string, string[]>();
  let defaultSchema = options.defaultSchema;

  for (const chunk of splitStatements(text, options.dialect.split)) {
    const chunkPosition = shiftPosition(chunk, baseLine, baseColumn);
    const statementText = options.embedded ? normalizePlaceholders(chunk.text) : chunk.text;
    const lineage = safeAnalyze(statementText, { dialect: options.dialect, defaultSchema, selectTarget: options.modelTable });
    const position = lineage.offset ? { ...offsetPosition(chunk.text, lineage.offset, chunkPosition.line, chunkPosition.column), endLine: chunkPosition.endLine } : chunkPosition;
    if (lineage.useSchema) defaultSchema = lineage.useSchema;
    for (const [asset, columns] of lineage.defines) {
      if (lineage.operation === 'insert') continue;
      catalog.set(asset, columns);
      if (lineage.operation === 'create_table') declared.set(asset, columns);
    }

    if (lineage.failure !== undefined) {
      result.unparsedChars += chunk.text.length;
      const found = lineage.reads.length + lineage.writes.length > 0;
      result.gaps.push(lineage.failureBudget ? statementBudgetGap(lineage.failureBudget, options.file, position.line, found) : {
        kind: found ? 'sql-fallback' : 'sql-parse-error',
        file: options.file,
        line: position.line,
        detail: found
          ? `statement not parsed (${options.dialect.name}: ${firstLine(lineage.failure)}); tables found by the tolerant fallback`
          : `statement not parsed (${options.dialect.name}): ${firstLine(lineage.failure)}`,
        severity: 'warning',
      });
    }

    const known = (asset: string) => catalog.get(asset);
    const pending = lineage.plans.filter(planNeedsCatalog);
    const statement: SqlStatement = {
      ...position,
      dialect: options.dialect.name,
      operation: lineage.operation,
      text: lineage.offset ? chunk.text.slice(lineage.offset) : chunk.text,
      inputs: lineage.reads,
      outputs: lineage.writes,
      columnLineage: lineage.plans.flatMap((plan) => finalizePlan(plan, known, (asset) => declared.get(asset))),
      defines: [...lineage.defines].map(([asset, columns]) => ({ asset, columns })),
      confidence: lineage.confidence,
    };
    if (pending.length > 0) statement.columnPlans = pending;
    if (lineage.temporary.length > 0) statement.temporary = [...new Set(lineage.temporary)];
    result.statements.push(statement);

    if (lineage.body && depth < MAX_ROUTINE_DEPTH) {
      const at = offsetPosition(chunk.text, lineage.body.start, position.line, position.column);
      const inside = chunk.text.slice(lineage.body.start, lineage.body.end);
      // A quoted body's doubled quotes are one quote each; ` '` keeps every later position where it was.
      const body = lineage.body.quoted ? inside.replaceAll("''", " '") : inside;
      // SQL*Plus commands and `/` lines belong to the script around a PL/SQL unit, not to its body (where
      // `EXIT WHEN done;` is PL/SQL).
      const dialect = options.dialect.split.sqlplus ? { ...options.dialect, split: { ...options.dialect.split, sqlplus: false } } : options.dialect;
      analyze(body, { ...options, dialect, baseLine: at.line, baseColumn: at.column, defaultSchema }, depth + 1, result);
    }
  }
}

/** A bug in the engine must not lose the statement (nor the file): the tolerant fallback takes over. */
function safeAnalyze(text: string, options: StatementOptions): StatementLineage {
  try {
    return analyzeStatement(text, options);
  } catch (error) {
    const fallback = fallbackLineage(text);
    return {
      operation: fallback.operation, reads: fallback.reads.map(tableAssetId), writes: fallback.writes.map(tableAssetId),
      defines: new Map(), plans: [], confidence: 'low', temporary: [],
      failure: `internal error: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

export function analyzeSqlText(text: string, options: SqlTextOptions): SqlTextResult {
  const result: SqlTextResult = { statements: [], gaps: [], unparsedChars: 0 };
  analyze(text, options, 0, result);
  return result;
}
