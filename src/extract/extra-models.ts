/**
 * Library models a scan adds to the built-in ones (the manifest's `sources`, `sinks`, `sql`, `sqlWrappers`,
 * `transforms`), per language, in the format of grammars/<language>/*.yaml. They travel in the extraction context
 * as plain data (sent once to each worker thread, part of the facts cache fingerprint). An extractor builds its
 * model indexes once per distinct set: the built-in models with the extra ones ahead of them.
 */
import { stableStringify } from '../cache/fingerprint.js';
import type { Language } from '../facts/schema.js';
import { LanguageModels, mergeModels } from './models.js';

/** The sections a scan can add to. */
export type ExtraModels = Partial<Pick<LanguageModels, 'sql' | 'sqlWrappers' | 'sinks' | 'sources' | 'transforms'>>;

/** Extra models by language (`hack` files also get the `php` ones, as they get the built-in PHP models). */
export type ModelsByLanguage = Partial<Record<Language, ExtraModels>>;

/** The extra models of the languages whose models a file of `language` uses, in that order. */
function extrasFor(byLanguage: ModelsByLanguage, language: Language): ExtraModels[] {
  const languages: Language[] = language === 'hack' ? ['php', 'hack'] : [language];
  return languages.map((l) => byLanguage[l]).filter((set): set is ExtraModels => set !== undefined);
}

/** The extra models alone, as one validated model set (null when there are none). */
function extraSet(extras: readonly ExtraModels[]): LanguageModels | null {
  const sets = extras.map((extra) => LanguageModels.parse({ version: 1, ...extra }));
  const merged = mergeModels(sets);
  return Object.values(merged).some((section) => Array.isArray(section) && section.length > 0) ? merged : null;
}

/** Built model indexes, by the identity of the context's models (the common case: one context per thread) ... */
const byIdentity = new WeakMap<object, Map<string, unknown>>();
/** ... and by content, so equal sets from different contexts share them. */
const byDigest = new Map<string, unknown>();

/**
 * The model indexes of `key` (a built-in set: `python`, `php+hack`) for files of `language`, with the extra models
 * of `byLanguage`: `build(merged, own)` gets the built-in models with the extra ones ahead of them (so they win
 * within a section) and the extra ones alone (null when none apply), and runs once per distinct extra set.
 */
export function modelsWithExtras<T>(
  key: string, language: Language, byLanguage: ModelsByLanguage | undefined, base: () => LanguageModels,
  build: (merged: LanguageModels, own: LanguageModels | null) => T,
): T {
  const memo = byLanguage ? byIdentity.get(byLanguage) ?? new Map<string, unknown>() : undefined;
  if (byLanguage && memo && !byIdentity.has(byLanguage)) byIdentity.set(byLanguage, memo);
  const found = memo?.get(key);
  if (found !== undefined) return found as T;
  const extras = byLanguage ? extrasFor(byLanguage, language) : [];
  const digest = `${key}\u0000${stableStringify(extras)}`;
  let built = byDigest.get(digest) as T | undefined;
  if (built === undefined) {
    const own = extraSet(extras);
    built = build(own ? mergeModels([own, base()]) : base(), own);
    byDigest.set(digest, built);
  }
  memo?.set(key, built);
  return built;
}
