/**
 * Library models: what calls of a language's libraries do (carry SQL, ...), as data under
 * grammars/<language>/models.yaml. See docs/models.md for the format.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** `pandas.read_sql` matches that exact (import-resolved) name; `*.execute` any call ending in `.execute`. */
export const CallPattern = z.string().regex(/^(\*\.)?[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/, 'a dotted call name, optionally starting with "*."');

export const SqlCallModel = z.strictObject({
  call: CallPattern,
  /** Position of the argument that carries SQL (default 0). */
  arg: z.number().int().nonnegative().default(0),
  /** Keyword name of the same argument, where the language has keywords. */
  kwarg: z.string().optional(),
});
export type SqlCallModel = z.infer<typeof SqlCallModel>;

export const LanguageModels = z.strictObject({
  version: z.literal(1),
  /** Calls whose argument is SQL text. */
  sql: z.array(SqlCallModel).default([]),
  /** Calls that wrap SQL text and pass it on (`sqlalchemy.text`). */
  sqlWrappers: z.array(z.strictObject({ call: CallPattern, arg: z.number().int().nonnegative().default(0) })).default([]),
});
export type LanguageModels = z.infer<typeof LanguageModels>;

const GRAMMARS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../grammars');
const cache = new Map<string, LanguageModels>();

export function loadModels(language: string): LanguageModels {
  const cached = cache.get(language);
  if (cached) return cached;
  const file = path.join(GRAMMARS_DIR, language, 'models.yaml');
  const parsed = LanguageModels.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`invalid library models in ${file}: ${z.prettifyError(parsed.error)}`);
  }
  cache.set(language, parsed.data);
  return parsed.data;
}

export function matchesCall(pattern: string, callee: string): boolean {
  if (pattern.startsWith('*.')) return callee.endsWith(pattern.slice(1)) && callee.length > pattern.length - 1;
  return callee === pattern;
}

export function findModel<T extends { call: string }>(models: readonly T[], callee: string): T | undefined {
  return models.find((model) => matchesCall(model.call, callee));
}
