/**
 * Reading a manifest: YAML (or JSON) text -> the strict Manifest, or a ManifestError naming the file, the YAML
 * path, the line and column of the first problem and what was expected.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { resolveDialect } from '../extract/sql/dialects.js';
import { checkManifest } from './check.js';
import { ManifestError, pathLabel, type ManifestProblem } from './errors.js';
import { isGlob } from './globs.js';
import { problemsFromZod } from './issues.js';
import type { Manifest } from './model.js';
import { keyNode, pathAtOffset, positionAt, positionOf, type DataPath } from './positions.js';
import { ManifestDocument } from './schema.js';
import { readFailure } from '../util/read-failure.js';
import { readTextBounded } from '../util/read-bounded.js';

/** Manifest names looked for in the scanned folder, in order. */
export const DEFAULT_MANIFEST_NAMES = ['lineage.yaml', 'lineage.yml', 'lineage.json'];

export async function findManifest(dir: string): Promise<string | null> {
  for (const name of DEFAULT_MANIFEST_NAMES) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate);
      return candidate;
    } catch {
      // not there: try the next name
    }
  }
  return null;
}

function fail(file: string, doc: Document, counter: LineCounter, problems: ManifestProblem[]): never {
  const located = problems.map((problem) => {
    const key = problem.key === undefined ? null : keyNode(doc, problem.path, problem.key);
    return { problem, position: key ? positionOf(key, counter) : positionAt(doc, counter, problem.path) };
  });
  located.sort((a, b) => a.position.offset - b.position.offset);
  const { problem, position } = located[0]!;
  throw new ManifestError(file, pathLabel(problem.path, problem.key), position.line, position.column, problem.message, located.length - 1);
}

function lineOf(doc: Document, counter: LineCounter, at: DataPath): number {
  return positionAt(doc, counter, at).line;
}

/** Aliases a manifest may resolve (`*defaults`): plenty for shared field lists, far too few for an alias bomb. */
const MAX_ALIAS_COUNT = 100;

/** The manifest's YAML as plain data; aliases that expand past the bound (a "billion laughs" file) are an error. */
function manifestData(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml package throws a ReferenceError ("Excessive alias count ...") for alias bombs.
    if (!(error instanceof ReferenceError)) throw error;
    throw new ManifestError(file, '(document)', 0, 0,
      `its YAML aliases expand to too much data (${error.message.toLowerCase()}); expected each alias (*name) to be used a few times at most`);
  }
}

/** Parses and checks manifest text; `file` is how the manifest is named in messages and reports. */
export function parseManifest(text: string, file: string): Manifest {
  const counter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: counter, keepSourceTokens: true, uniqueKeys: true, prettyErrors: false, logLevel: 'error',
  });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const { line, col: column } = counter.linePos(error.pos[0]);
    const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const expected = error.code === 'DUPLICATE_KEY' ? 'expected each key at most once in a map' : 'expected well-formed YAML (check the indentation and quotes here)';
    // The YAML reader recurses per level: a document nested thousands deep exhausts its stack.
    const problem = /Maximum call stack size exceeded/.test(message)
      ? 'nested too deeply to read; expected a manifest a few levels deep (assets, fields, categories)'
      : `not valid YAML: ${message}; ${expected}`;
    throw new ManifestError(file, pathLabel(pathAtOffset(doc, error.pos[0])), line, column, problem);
  }
  const data = manifestData(doc, file);
  const parsed = ManifestDocument.safeParse(data ?? undefined);
  if (!parsed.success) fail(file, doc, counter, problemsFromZod(parsed.error, data, ManifestDocument));
  const raw = parsed.data;
  const { taxonomy, problems } = checkManifest(raw);
  if (problems.length > 0) fail(file, doc, counter, problems);

  return {
    file,
    taxonomy,
    assets: raw.assets.map((asset, i) => ({
      id: asset.id,
      glob: isGlob(asset.id),
      ...(asset.owner !== undefined ? { owner: asset.owner } : {}),
      ...(asset.description !== undefined ? { description: asset.description } : {}),
      ...(asset.retention !== undefined ? { retention: asset.retention } : {}),
      categories: [...(asset.categories ?? [])].sort(),
      fields: Object.fromEntries(Object.entries(asset.fields ?? {}).map(([name, field]) => [name, [...field.categories].sort()])),
      line: lineOf(doc, counter, ['assets', i]),
      fieldLines: Object.fromEntries(Object.keys(asset.fields ?? {}).map((name) => [name, lineOf(doc, counter, ['assets', i, 'fields', name])])),
    })),
    policies: raw.policies.map((policy, i) => ({
      id: policy.id,
      ...(policy.description !== undefined ? { description: policy.description } : {}),
      from: policy.from,
      denyKinds: (policy.deny ?? []).filter((t) => !t.includes(':')),
      denyAssets: (policy.deny ?? []).filter((t) => t.includes(':')),
      allowPaths: (policy.allow_only ?? []).filter((t) => !t.includes(':')),
      allowAssets: (policy.allow_only ?? []).filter((t) => t.includes(':')),
      severity: policy.severity,
      line: lineOf(doc, counter, ['policies', i]),
    })),
    suppressions: raw.suppressions.map((suppression, i) => ({ ...suppression, line: lineOf(doc, counter, ['suppressions', i]) })),
    settings: raw.settings.map((setting, i) => ({
      path: setting.path,
      ...(setting.dialect !== undefined ? { dialect: resolveDialect(setting.dialect)! } : {}),
      exclude: setting.exclude ?? [],
      line: lineOf(doc, counter, ['settings', i]),
    })),
    models: {
      sql: raw.sql, sqlWrappers: raw.sqlWrappers, sources: raw.sources, sinks: raw.sinks, transforms: raw.transforms,
    },
  };
}

/**
 * Reads and parses a manifest file; a file that cannot be read is a ManifestError too. `shown` is how messages
 * name the file (as the user typed it).
 */
export async function loadManifest(file: string, shown = file): Promise<Manifest> {
  let text: string;
  try {
    text = await readTextBounded(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ManifestError(shown, '(file)', 0, 0, code === 'ENOENT' ? 'no such manifest file' : `cannot read the manifest (${readFailure(error)})`);
  }
  return parseManifest(text, shown);
}
