/**
 * The manifest's library models (`sources`, `sinks`, `sql`, `sqlWrappers`, `transforms`) as extra models for the
 * extractors, in the format of grammars/<language>/*.yaml (docs/manifest.md says how each entry maps). The result
 * is plain data in a canonical form (manifest order, sorted category lists and keys, no empty sections or
 * languages), so equal manifests give equal extraction fingerprints.
 */
import type { ExtraModels, ModelsByLanguage } from '../extract/extra-models.js';
import type { Language } from '../facts/schema.js';
import type { Manifest } from './model.js';

const sortedKeys = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Extra models by language; undefined when the manifest declares none (the context stays as without a manifest). */
export function manifestLibraryModels(manifest: Manifest): ModelsByLanguage | undefined {
  const byLanguage: ModelsByLanguage = {};
  const add = <S extends keyof ExtraModels>(language: Language, section: S, entry: NonNullable<ExtraModels[S]>[number]) => {
    const set = (byLanguage[language] ??= {});
    ((set[section] ??= []) as Array<typeof entry>).push(entry);
  };
  const { models } = manifest;
  for (const { language, ...model } of models.sql) add(language, 'sql', model);
  for (const { language, call, arg } of models.sqlWrappers) add(language, 'sqlWrappers', { call, arg });
  for (const { language, call, kind, arg, kwarg } of models.sinks) {
    // `arg`/`kwarg`: the one argument that carries the data (the first present wins); default every argument.
    const data = arg !== undefined || kwarg !== undefined ? { data: [{ ...(arg !== undefined ? { arg } : {}), ...(kwarg !== undefined ? { kwarg } : {}) }] } : {};
    add(language, 'sinks', { call, kind, ...data });
  }
  for (const { language, call, categories, asset } of models.sources) {
    add(language, 'sources', { call, ...(categories ? { categories: [...new Set(categories)].sort() } : {}), ...(asset !== undefined ? { asset } : {}) });
  }
  for (const { language, call, remove, downgrade } of models.transforms) {
    add(language, 'transforms', {
      call, ...(remove ? { remove: [...new Set(remove)].sort() } : {}), ...(downgrade ? { downgrade: sortedKeys(downgrade) } : {}),
    });
  }
  return Object.keys(byLanguage).length > 0 ? byLanguage : undefined;
}
