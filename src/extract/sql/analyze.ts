/**
 * SQL text -> SqlStatement facts: split, parse (with dialect fallbacks), table lineage, and the tolerant
 * fallback when nothing parses. Used for .sql files and for SQL found in code strings alike.
 */
import type { Gap, SqlStatement } from '../../facts/schema.js';
import type { DialectInfo } from './dialects.js';
import { fallbackLineage } from './fallback.js';
import { statementBudgetGap } from './guard.js';
import { tableAssetId } from './names.js';
import { parseStatement } from './parser.js';
import { normalizePlaceholders } from './placeholders.js';
import { splitStatements, type SqlChunk } from './split.js';
import { tableLineage } from './tables.js';

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
}

export interface SqlTextResult {
  statements: SqlStatement[];
  gaps: Gap[];
  /** Characters of statements that no grammar parsed (for parse health). */
  unparsedChars: number;
}

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

export function analyzeSqlText(text: string, options: SqlTextOptions): SqlTextResult {
  const baseLine = options.baseLine ?? 1;
  const baseColumn = options.baseColumn ?? 1;
  const statements: SqlStatement[] = [];
  const gaps: Gap[] = [];
  let unparsedChars = 0;

  for (const chunk of splitStatements(text, options.dialect.split)) {
    const position = shiftPosition(chunk, baseLine, baseColumn);
    const parsed = parseStatement(options.embedded ? normalizePlaceholders(chunk.text) : chunk.text, options.dialect.parser);
    let operation: string;
    let reads: string[];
    let writes: string[];
    let defines = new Map<string, string[]>();
    let confidence: 'high' | 'low' = 'high';

    if (parsed.ok) {
      const lineages = parsed.ast.map((ast) => tableLineage(ast, chunk.text));
      operation = lineages[0]!.operation;
      reads = [...new Set(lineages.flatMap((l) => l.reads))];
      writes = [...new Set(lineages.flatMap((l) => l.writes))];
      for (const l of lineages) for (const [k, v] of l.defines) defines.set(k, v);
    } else {
      const fallback = fallbackLineage(chunk.text);
      operation = fallback.operation;
      reads = fallback.reads;
      writes = fallback.writes;
      confidence = 'low';
      unparsedChars += chunk.text.length;
      const found = reads.length + writes.length > 0;
      gaps.push(parsed.budget ? statementBudgetGap(parsed.budget, options.file, position.line, found) : {
        kind: found ? 'sql-fallback' : 'sql-parse-error',
        file: options.file,
        line: position.line,
        detail: found
          ? `statement not parsed (${options.dialect.name}: ${firstLine(parsed.message)}); tables found by the tolerant fallback`
          : `statement not parsed (${options.dialect.name}): ${firstLine(parsed.message)}`,
        severity: 'warning',
      });
    }

    if (options.modelTable && operation === 'select') {
      writes = [options.modelTable.table];
      operation = options.modelTable.operation;
    }

    statements.push({
      ...position,
      dialect: options.dialect.name,
      operation,
      text: chunk.text,
      inputs: reads.map(tableAssetId),
      outputs: writes.map(tableAssetId),
      columnLineage: [],
      defines: [...defines].map(([table, columns]) => ({ asset: tableAssetId(table), columns })),
      confidence,
    });
  }
  return { statements, gaps, unparsedChars };
}
