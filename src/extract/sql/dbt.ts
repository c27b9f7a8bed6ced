/**
 * dbt projects, read statically: which .sql files are models, the table each model builds, and the tables
 * behind `source()`. The context is computed once per scan and handed to the SQL extractor.
 *
 * A model's table is `<schema>.<alias or file name>` where the schema comes from the model's own
 * `config(schema=...)`, else from the folder's `+schema` in dbt_project.yml; without either it is the bare
 * model name. (dbt itself prefixes custom schemas with the target schema, which a static scan cannot know.)
 */
import fg from 'fast-glob';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readConfig } from './jinja.js';

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
}

export interface DbtContext {
  projects: DbtProject[];
}

export const EMPTY_DBT_CONTEXT: DbtContext = { projects: [] };

type Yaml = Record<string, unknown>;
const isYaml = (v: unknown): v is Yaml => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `+schema` (or `schema`) per model folder, from the `models:` tree of dbt_project.yml. */
function folderSchemas(tree: unknown, prefix: string, out: Map<string, string>): void {
  if (!isYaml(tree)) return;
  for (const [key, value] of Object.entries(tree)) {
    if ((key === '+schema' || key === 'schema') && typeof value === 'string') out.set(prefix, value);
    else if (!key.startsWith('+') && isYaml(value)) folderSchemas(value, prefix === '' ? key : `${prefix}/${key}`, out);
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

async function readYaml(file: string): Promise<unknown> {
  try {
    return parseYaml(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function loadProject(root: string, projectFile: string): Promise<DbtProject | null> {
  const config = await readYaml(path.join(root, projectFile));
  if (!isYaml(config)) return null;
  const dir = path.posix.dirname(projectFile) === '.' ? '' : path.posix.dirname(projectFile);
  const name = typeof config.name === 'string' ? config.name : 'dbt';
  const modelPaths = Array.isArray(config['model-paths']) ? config['model-paths'].filter((p): p is string => typeof p === 'string') : ['models'];
  const schemas = new Map<string, string>();
  const modelsTree = isYaml(config.models) ? config.models : {};
  // The models tree is keyed by project name first; folder keys follow.
  folderSchemas(isYaml(modelsTree[name]) ? modelsTree[name] : modelsTree, '', schemas);

  const project: DbtProject = { dir, name, modelDirs: [], models: {}, sources: {} };
  for (const modelPath of modelPaths) {
    const modelDir = dir === '' ? modelPath : `${dir}/${modelPath}`;
    project.modelDirs.push(modelDir);
    const absDir = path.join(root, modelDir);
    const sqlFiles = (await fg('**/*.sql', { cwd: absDir })).sort();
    for (const rel of sqlFiles) {
      const modelName = path.posix.basename(rel, '.sql');
      let text = '';
      try {
        // Synchronous: thousands of small model files read far faster than through the libuv thread pool.
        text = readFileSync(path.join(absDir, rel), 'utf8');
      } catch {
        // Unreadable models are reported by the extractor; the name still resolves.
      }
      const own = readConfig(text);
      const schema = own.schema ?? schemaForModel(rel, schemas);
      const table = own.alias ?? modelName;
      project.models[modelName] = (schema ? `${schema}.${table}` : table).toLowerCase();
    }
    const ymlFiles = (await fg('**/*.{yml,yaml}', { cwd: absDir })).sort();
    for (const rel of ymlFiles) {
      const doc = await readYaml(path.join(absDir, rel));
      if (!isYaml(doc) || !Array.isArray(doc.sources)) continue;
      for (const source of doc.sources) {
        if (!isYaml(source) || typeof source.name !== 'string') continue;
        const schema = typeof source.schema === 'string' ? source.schema : source.name;
        for (const table of Array.isArray(source.tables) ? source.tables : []) {
          if (!isYaml(table) || typeof table.name !== 'string') continue;
          const identifier = typeof table.identifier === 'string' ? table.identifier : table.name;
          project.sources[`${source.name}.${table.name}`] = `${schema}.${identifier}`.toLowerCase();
        }
      }
    }
  }
  return project;
}

export async function loadDbtContext(root: string, projectFiles: readonly string[]): Promise<DbtContext> {
  const projects: DbtProject[] = [];
  for (const file of projectFiles) {
    if (path.posix.basename(file) !== 'dbt_project.yml') continue;
    const project = await loadProject(root, file);
    if (project) projects.push(project);
  }
  return { projects };
}

/** The dbt project whose model folders contain `file`, if any. */
export function projectForFile(context: DbtContext, file: string): DbtProject | undefined {
  return context.projects.find((p) => p.modelDirs.some((dir) => file.startsWith(dir + '/')));
}
