/**
 * dbt projects, read statically: which .sql files are models, the table each model builds, and the tables
 * behind `source()`. The context is computed once per scan and handed to the SQL extractor.
 *
 * A model's table is `<schema>.<alias or file name>` where the schema comes from the model's own
 * `config(schema=...)`, else from the folder's `+schema` in dbt_project.yml; without either it is the bare
 * model name. (dbt itself prefixes custom schemas with the target schema, which a static scan cannot know.)
 */
import fg from 'fast-glob';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { isScalar, isSeq, Lexer, LineCounter, parseDocument } from 'yaml';
import { readTreeFile } from '../../discover/read.js';
import { isInside } from '../../util/is-inside.js';
import type { Gap } from '../../facts/schema.js';
import { readConfig, readMacros, type MacroDefinition } from './jinja.js';

export interface DbtProject {
  /** Folder of dbt_project.yml relative to the scan root ('' for the root). */
  dir: string;
  name: string;
  /** Model folders relative to the scan root. */
  modelDirs: string[];
  /** model name -> table name */
  models: Record<string, string>;
  /** `source.table` -> table name */
  sources: Record<string, string>;
  /** table name -> column names, from schema.yml files and target/manifest.json */
  columns: Record<string, string[]>;
  /** model name -> materialization from its folder in dbt_project.yml (a model's own config wins). */
  materialized: Record<string, string>;
  /** Macros of the project's macro-paths, by name. */
  macros: Record<string, MacroDefinition>;
}

export interface DbtContext {
  projects: DbtProject[];
}

export const EMPTY_DBT_CONTEXT: DbtContext = { projects: [] };

type Yaml = Record<string, unknown>;
const isYaml = (v: unknown): v is Yaml => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `+schema` (or `schema`) per model folder, from the `models:` tree of dbt_project.yml. */
function folderSchemas(tree: unknown, prefix: string, out: Map<string, string>, setting = 'schema'): void {
  if (!isYaml(tree)) return;
  for (const [key, value] of Object.entries(tree)) {
    if ((key === `+${setting}` || key === setting) && typeof value === 'string') out.set(prefix, value);
    else if (!key.startsWith('+') && isYaml(value)) folderSchemas(value, prefix === '' ? key : `${prefix}/${key}`, out, setting);
  }
}

function schemaForModel(relInModels: string, schemas: Map<string, string>): string | undefined {
  let dir = path.posix.dirname(relInModels);
  for (;;) {
    const hit = schemas.get(dir === '.' ? '' : dir);
    if (hit !== undefined) return hit;
    if (dir === '.' || dir === '') return undefined;
    dir = path.posix.dirname(dir);
  }
}

/** dbt's files are read like code files: regular files only, no links, at most this large. */
const MAX_DBT_FILE_BYTES = 64 * 1024 * 1024;
/** target/manifest.json of a large project runs to hundreds of megabytes. */
const MAX_DBT_MANIFEST_BYTES = 512 * 1024 * 1024;

function readText(file: string, maxBytes = MAX_DBT_FILE_BYTES): string | undefined {
  return readTreeFile(file, maxBytes)?.toString('utf8');
}

/** Flow nesting (`[`, `{`) and block indentation past these are not dbt settings. */
const MAX_YAML_FLOW_DEPTH = 100;
const MAX_YAML_INDENT = 1_000;

/**
 * Whether YAML text is nested deeper than any dbt file is. The YAML reader recurses per level, and a few files of
 * thousands of levels (`a: {[{[{[...`) took the process down with a V8 fatal error ("RegExpCompiler Allocation
 * failed"), which nothing can catch; such files are not read. Flow nesting is counted on the YAML lexer's tokens
 * (it does not recurse, and knows a quoted `[` from a real one); block nesting by indentation.
 */
export function yamlTooDeep(text: string): boolean {
  let indent = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
    } else if (lineStart && (c === 32 || c === 9)) {
      if (++indent > MAX_YAML_INDENT) return true;
    } else {
      lineStart = false;
    }
  }
  let depth = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > MAX_YAML_FLOW_DEPTH) return true;
    } else if ((token === ']' || token === '}') && depth > 0) {
      depth--;
    }
  }
  return false;
}

/**
 * A dbt YAML file's data (undefined when it cannot be read or parsed, or is nested too deeply), and the line of an
 * entry of one of its top-level lists (for gaps).
 */
function readYaml(file: string): { data: unknown; lineOf: (key: string, entry: string) => number } {
  const text = readText(file);
  if (text === undefined || yamlTooDeep(text)) return { data: undefined, lineOf: () => 0 };
  const lineCounter = new LineCounter();
  // 'error': a stray tag or key in the scanned repository's YAML must not print a process warning.
  const doc = parseDocument(text, { lineCounter, logLevel: 'error' });
  if (doc.errors.length > 0) return { data: undefined, lineOf: () => 0 };
  const lineOf = (key: string, entry: string) => {
    const list = doc.get(key, true);
    const item = isSeq(list) ? list.items.find((node) => isScalar(node) && node.value === entry) : undefined;
    const offset = isScalar(item) ? item.range?.[0] : undefined;
    return offset === undefined ? 0 : lineCounter.linePos(offset).line;
  };
  return { data: doc.toJS(), lineOf };
}

/**
 * The files of a project folder matching `pattern`, sorted; none when the folder leaves the scanned tree (by
 * `..`, an absolute path or a link), which is reported. Links inside the folder are not followed, as in the scan.
 */
async function filesIn(
  root: string, projectFile: string, key: string, folder: string, pattern: string, gaps: Gap[], line: number,
): Promise<{ dir: string; files: string[]; outside?: true }> {
  const base = path.resolve(root);
  const dir = path.resolve(base, path.posix.dirname(projectFile), folder);
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return { dir, files: [] }; // a folder that does not exist has no files
  }
  if (!isInside(base, dir) || !isInside(realpathSync(base), real)) {
    gaps.push({
      kind: 'path-outside-root', file: projectFile, line, severity: 'warning',
      detail: `${key} entry '${folder}' is outside the scanned folder; not read`,
    });
    return { dir, files: [], outside: true };
  }
  return { dir, files: (await fg(pattern, { cwd: dir, followSymbolicLinks: false })).sort() };
}

async function loadProject(root: string, projectFile: string, gaps: Gap[]): Promise<DbtProject | null> {
  const { data: config, lineOf } = readYaml(path.join(root, projectFile));
  if (!isYaml(config)) return null;
  const dir = path.posix.dirname(projectFile) === '.' ? '' : path.posix.dirname(projectFile);
  const name = typeof config.name === 'string' ? config.name : 'dbt';
  const modelPaths = Array.isArray(config['model-paths']) ? config['model-paths'].filter((p): p is string => typeof p === 'string') : ['models'];
  const schemas = new Map<string, string>();
  const modelsTree = isYaml(config.models) ? config.models : {};
  // The models tree is keyed by project name first; folder keys follow.
  folderSchemas(isYaml(modelsTree[name]) ? modelsTree[name] : modelsTree, '', schemas);
  const materializations = new Map<string, string>();
  folderSchemas(isYaml(modelsTree[name]) ? modelsTree[name] : modelsTree, '', materializations, 'materialized');

  const project: DbtProject = { dir, name, modelDirs: [], models: {}, sources: {}, columns: {}, macros: {}, materialized: {} };
  const macroPaths = Array.isArray(config['macro-paths']) ? config['macro-paths'].filter((p): p is string => typeof p === 'string') : ['macros'];
  for (const macroPath of macroPaths) {
    const macros = await filesIn(root, projectFile, 'macro-paths', macroPath, '**/*.sql', gaps, lineOf('macro-paths', macroPath));
    for (const rel of macros.files) {
      // An unreadable macro file only means its macros stay unexpanded.
      Object.assign(project.macros, readMacros(readText(path.join(macros.dir, rel)) ?? ''));
    }
  }
  for (const modelPath of modelPaths) {
    const modelDir = dir === '' ? modelPath : `${dir}/${modelPath}`;
    // SQL models, and Python models (`def model(dbt, session)`, dbt 1.3 and later).
    const models = await filesIn(root, projectFile, 'model-paths', modelPath, '**/*.{sql,py}', gaps, lineOf('model-paths', modelPath));
    if (models.outside) continue;
    project.modelDirs.push(modelDir);
    const absDir = models.dir;
    for (const rel of models.files) {
      const modelName = modelNameOf(rel);
      // Unreadable models are reported by the extractor; the name still resolves.
      const own = readConfig(readText(path.join(absDir, rel)) ?? '', rel.endsWith('.py'));
      const schema = own.schema ?? schemaForModel(rel, schemas);
      const materialized = own.materialized ?? schemaForModel(rel, materializations);
      if (materialized) project.materialized[modelName] = materialized;
      const table = own.alias ?? modelName;
      project.models[modelName] = (schema ? `${schema}.${table}` : table).toLowerCase();
    }
    const ymlFiles = (await fg('**/*.{yml,yaml}', { cwd: absDir, followSymbolicLinks: false })).sort();
    for (const rel of ymlFiles) {
      const doc = readYaml(path.join(absDir, rel)).data;
      if (!isYaml(doc)) continue;
      for (const source of Array.isArray(doc.sources) ? doc.sources : []) {
        if (!isYaml(source) || typeof source.name !== 'string') continue;
        const schema = typeof source.schema === 'string' ? source.schema : source.name;
        for (const table of Array.isArray(source.tables) ? source.tables : []) {
          if (!isYaml(table) || typeof table.name !== 'string') continue;
          const identifier = typeof table.identifier === 'string' ? table.identifier : table.name;
          const tableName = `${schema}.${identifier}`.toLowerCase();
          project.sources[`${source.name}.${table.name}`] = tableName;
          addColumns(project, tableName, table.columns);
        }
      }
      for (const model of Array.isArray(doc.models) ? doc.models : []) {
        if (!isYaml(model) || typeof model.name !== 'string') continue;
        addColumns(project, project.models[model.name] ?? model.name.toLowerCase(), model.columns);
      }
    }
  }
  await readDbtManifest(root, dir, project);
  return project;
}

/** `columns: [{ name: a }, ...]` of a schema.yml entry (a list) or of manifest.json (an object by name). */
function addColumns(project: DbtProject, table: string, columns: unknown): void {
  const names = Array.isArray(columns)
    ? columns.map((c) => (isYaml(c) && typeof c.name === 'string' ? c.name : null))
    : isYaml(columns) ? Object.values(columns).map((c) => (isYaml(c) && typeof c.name === 'string' ? c.name : null)) : [];
  const found = names.filter((n): n is string => n !== null).map((n) => n.toLowerCase());
  if (found.length > 0 && !project.columns[table]) project.columns[table] = found;
}

/**
 * `target/manifest.json` (written by `dbt compile`/`dbt run`), when present, is the better source: it names
 * each model's real schema and alias and lists documented columns. It is read, never produced.
 */
async function readDbtManifest(root: string, dir: string, project: DbtProject): Promise<void> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readText(path.join(root, dir, 'target', 'manifest.json'), MAX_DBT_MANIFEST_BYTES) ?? '');
  } catch {
    return;
  }
  if (!isYaml(manifest)) return;
  const nodes = isYaml(manifest.nodes) ? Object.values(manifest.nodes) : [];
  for (const node of nodes) {
    if (!isYaml(node) || node.resource_type !== 'model' || typeof node.name !== 'string' || typeof node.schema !== 'string') continue;
    const table = `${node.schema}.${typeof node.alias === 'string' ? node.alias : node.name}`.toLowerCase();
    project.models[node.name] = table;
    delete project.columns[table];
    addColumns(project, table, node.columns);
  }
  const sources = isYaml(manifest.sources) ? Object.values(manifest.sources) : [];
  for (const source of sources) {
    if (!isYaml(source) || typeof source.source_name !== 'string' || typeof source.name !== 'string' || typeof source.schema !== 'string') continue;
    const table = `${source.schema}.${typeof source.identifier === 'string' ? source.identifier : source.name}`.toLowerCase();
    project.sources[`${source.source_name}.${source.name}`] = table;
    addColumns(project, table, source.columns);
  }
}

/** Columns dbt documents, by asset id, for the column catalog. */
export function dbtColumns(context: DbtContext): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const project of context.projects) for (const [table, columns] of Object.entries(project.columns)) out[`table:${table}`] ??= columns;
  return out;
}

/** The dbt projects of the tree, and gaps for what they name outside it. `root` is absolute. */
export async function loadDbtContext(root: string, projectFiles: readonly string[]): Promise<{ context: DbtContext; gaps: Gap[] }> {
  const projects: DbtProject[] = [];
  const gaps: Gap[] = [];
  for (const file of projectFiles) {
    if (path.posix.basename(file) !== 'dbt_project.yml') continue;
    const project = await loadProject(root, file, gaps);
    if (project) projects.push(project);
  }
  return { context: { projects }, gaps };
}

/** A model's name: its file's name without `.sql` or `.py`. */
export function modelNameOf(file: string): string {
  return path.posix.basename(file).replace(/\.(sql|py)$/i, '');
}

/** The table `ref('m')` (or `ref('pkg', 'm')`) names in a project: the model's, else the name as written. */
export function refTable(project: DbtProject | undefined, model: string): string {
  return project?.models[model] ?? model.toLowerCase();
}

/** The table `source('s', 't')` names: the sources YAML's, else `s.t`. */
export function sourceTable(project: DbtProject | undefined, source: string, table: string): string {
  return project?.sources[`${source}.${table}`] ?? `${source}.${table}`.toLowerCase();
}

/** The dbt project whose model folders contain `file`, if any. */
export function projectForFile(context: DbtContext, file: string): DbtProject | undefined {
  return context.projects.find((p) => p.modelDirs.some((dir) => file.startsWith(dir + '/')));
}
