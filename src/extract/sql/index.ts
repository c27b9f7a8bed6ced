/** The SQL extractor: a .sql file (plain or a dbt model) -> FileFacts with one `script` unit. */
import type { FileFacts, Step } from '../../facts/schema.js';
import type { SourceText } from '../../discover/read.js';
import { analyzeSqlText } from './analyze.js';
import { modelNameOf, projectForFile, refTable, sourceTable, type DbtContext, type DbtProject } from './dbt.js';
import type { DialectInfo } from './dialects.js';
import { expandMacro, renderJinja, type JinjaResolver } from './jinja.js';

export interface SqlExtractContext {
  dialect: DialectInfo;
  dbt: DbtContext;
  defaultSchema?: string;
}

function resolverFor(project: DbtProject | undefined, selfTable: string): JinjaResolver {
  return {
    ref: (model) => refTable(project, model),
    source: (source, table) => sourceTable(project, source, table),
    self: () => selfTable,
    macro: (name, args) => {
      const macro = project?.macros[name];
      return macro ? expandMacro(macro, args) : undefined;
    },
  };
}


function modelOperation(materialized: string | undefined): string {
  if (materialized === 'table') return 'create_table_as';
  if (materialized === 'incremental') return 'insert';
  return 'create_view';
}

export function extractSql(file: string, source: SourceText, context: SqlExtractContext): FileFacts {
  const project = projectForFile(context.dbt, file);
  const name = modelNameOf(file);
  const model = project ? refTable(project, name) : undefined;
  const rendered = renderJinja(source.text, resolverFor(project, model ?? name.toLowerCase()));
  const result = analyzeSqlText(rendered.text, {
    file,
    dialect: context.dialect,
    defaultSchema: context.defaultSchema,
    modelTable: model ? { table: model, operation: modelOperation(rendered.config.materialized ?? project?.materialized[name]) } : undefined,
  });
  const steps: Step[] = result.statements.map((statement) => ({ op: 'sql', line: statement.line, statement }));
  const lastLine = Math.max(1, source.lines);
  return {
    file,
    language: 'sql',
    hash: source.hash,
    bytes: source.bytes,
    lines: source.lines,
    parse: {
      errorBytes: result.unparsedChars,
      quality: Math.round((1 - result.unparsedChars / Math.max(1, rendered.text.length)) * 10000) / 10000,
    },
    units: steps.length > 0 ? [{ name: 'script', kind: 'script', line: 1, endLine: lastLine, steps }] : [],
    gaps: [...source.gaps, ...result.gaps],
  };
}
