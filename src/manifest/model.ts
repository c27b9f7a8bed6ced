/**
 * The loaded manifest in its strict, normalised form: what every later stage reads. Raw user input is checked
 * and normalised once (load.ts); nothing downstream re-validates it.
 */
import type { DialectInfo } from '../extract/sql/dialects.js';
import type { SqlCallModel } from '../extract/models.js';
import type { Language } from '../facts/schema.js';
import { Taxonomy } from '../taxonomy/index.js';
import type { FindingLevel } from './levels.js';

export interface AssetAnnotationEntry {
  /** The id or glob as written (`table:raw.users`, `table:raw.*`). */
  id: string;
  glob: boolean;
  owner?: string;
  description?: string;
  retention?: string;
  /** Categories of the asset as a whole. */
  categories: string[];
  /** Column -> categories. */
  fields: Record<string, string[]>;
  /** Manifest line of the entry and of each field. */
  line: number;
  fieldLines: Record<string, number>;
}

export interface Policy {
  id: string;
  description?: string;
  from: string[];
  /** Sink kinds the data must never reach. */
  denyKinds: string[];
  /** Asset ids or globs the data must never reach. */
  denyAssets: string[];
  /** When non-empty: the only path globs (of the sink's file) the data may reach. */
  allowPaths: string[];
  /** When non-empty: the only assets the data may be written to. */
  allowAssets: string[];
  severity: FindingLevel;
  line: number;
}

export interface ManifestSuppression {
  fingerprint: string;
  rule?: string;
  policy?: string;
  reason: string;
  author?: string;
  expires?: string;
  line: number;
}

export interface PathSetting {
  path: string;
  dialect?: DialectInfo;
  exclude: string[];
  line: number;
}

/** Extra library models, the shapes of grammars/<language>/models.yaml entries plus `language`. */
export type SqlModel = SqlCallModel & { language: Language };
export interface SqlWrapperModel { language: Language; call: string; arg: number }
export interface SourceModel { language: Language; call: string; categories?: string[]; asset?: string }
export interface SinkModel { language: Language; call: string; kind: string; arg?: number; kwarg?: string }
export interface TransformModel { language: Language; call: string; remove?: string[]; downgrade?: Record<string, string> }

export interface ManifestModels {
  sql: SqlModel[];
  sqlWrappers: SqlWrapperModel[];
  sources: SourceModel[];
  sinks: SinkModel[];
  transforms: TransformModel[];
}

export interface Manifest {
  /** The manifest file as the user named it; null when the scan has no manifest. */
  file: string | null;
  taxonomy: Taxonomy;
  assets: AssetAnnotationEntry[];
  policies: Policy[];
  suppressions: ManifestSuppression[];
  settings: PathSetting[];
  models: ManifestModels;
}

export function emptyManifest(): Manifest {
  return {
    file: null, taxonomy: Taxonomy.builtin(), assets: [], policies: [], suppressions: [], settings: [],
    models: { sql: [], sqlWrappers: [], sources: [], sinks: [], transforms: [] },
  };
}

type WithoutLanguage<T> = Omit<T, 'language'>;

/** The manifest's models for one language, in the shape of that language's models.yaml sections. */
export function modelsFor(manifest: Manifest, language: Language): {
  sql: WithoutLanguage<SqlModel>[];
  sqlWrappers: WithoutLanguage<SqlWrapperModel>[];
  sources: WithoutLanguage<SourceModel>[];
  sinks: WithoutLanguage<SinkModel>[];
  transforms: WithoutLanguage<TransformModel>[];
} {
  const pick = <T extends { language: Language }>(entries: T[]) =>
    entries.filter((entry) => entry.language === language).map(({ language: _language, ...rest }) => rest);
  const { models } = manifest;
  return {
    sql: pick(models.sql), sqlWrappers: pick(models.sqlWrappers), sources: pick(models.sources),
    sinks: pick(models.sinks), transforms: pick(models.transforms),
  };
}
