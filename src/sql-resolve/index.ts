/** The SQL resolution pass, run after extraction: catalog, column plans, script summaries. */
export { buildCatalog, Catalog, type CatalogSources, type ColumnSource } from './catalog.js';
export { resolveColumns, resolveStatement } from './resolve.js';
export { buildScriptSummaries, type ScriptSummary } from './script.js';
export { readSchemaFile, parseSchemaJson } from './schema-file.js';
