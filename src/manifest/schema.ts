/**
 * The annotation manifest (`lineage.yaml`, version 1) as zod schemas: what users write. Every object is strict, so
 * an unknown key is an error (with a suggestion) rather than a silently ignored typo. Checks that need the whole
 * manifest (known categories, unique ids, policy references) are in `check.ts`. Reference: docs/manifest.md.
 */
import { z } from 'zod';
import { CallPattern, SqlCallModel } from '../extract/models.js';
import { LANGUAGES } from '../facts/schema.js';
import { DatasetRule } from '../runtime/mapping.js';
import { FINDING_LEVELS } from './levels.js';

const text = (what: string) => z.string({ error: `expected ${what} (a string)` }).min(1, `expected ${what}, got an empty string`);

export const CategoryKey = z
  .string({ error: 'expected a data category key (a string such as user.contact.email)' })
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/, 'expected a dotted data category key such as user.contact.email');

const Categories = z.array(CategoryKey, { error: 'expected a list of data category keys, e.g. [user.contact.email]' });

/** `table:raw.users`, `table:raw.*`, `file:exports/*.csv`. */
export const AssetPattern = z
  .string({ error: 'expected an asset id such as table:raw.users (a string)' })
  .regex(/^[a-z][a-z0-9_]*:\S.*$/, 'expected an asset id or glob of the form <kind>:<name>, e.g. table:raw.users or table:raw.*');

export const IsoDate = z
  .string({ error: 'expected a date written YYYY-MM-DD (a string)' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD, e.g. 2027-06-30')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'expected a real calendar date written YYYY-MM-DD');

export const Severity = z.enum(FINDING_LEVELS, { error: `expected one of ${FINDING_LEVELS.join(', ')}` });

/** `sql` parses, so that check.ts can say why it makes no sense for a library model. */
const Language = z.enum(LANGUAGES, { error: `expected a language: one of ${LANGUAGES.filter((l) => l !== 'sql').join(', ')}` });

export const TaxonomySection = z.strictObject({
  extends: z.literal('builtin', { error: "expected 'builtin' (the built-in fideslang-shaped taxonomy)" }).default('builtin'),
  custom: z.array(z.strictObject({
    key: CategoryKey,
    /** Omitted for a new top-level category. */
    parent: CategoryKey.optional(),
    name: text('a display name').optional(),
  })).default([]),
});

export const FieldEntry = z.strictObject({
  categories: Categories,
  description: text('a description').optional(),
});

export const AssetEntry = z.strictObject({
  id: AssetPattern,
  owner: text('an owner (team or person)').optional(),
  description: text('a description').optional(),
  /** How long the data is kept, as the owners write it (`90 days`, `P2Y`). */
  retention: z.preprocess((value) => (typeof value === 'number' ? String(value) : value), text('a retention period such as "90 days"')).optional(),
  /** Categories of the asset as a whole (files, topics, tables without column knowledge). */
  categories: Categories.optional(),
  fields: z.record(z.string(), FieldEntry, { error: 'expected a map of column name -> { categories: [...] }' }).optional(),
});

/** Extra library models, the same shapes as grammars/<language>/models.yaml entries plus `language`. */
const withLanguage = { language: Language };
export const SqlModelEntry = SqlCallModel.extend(withLanguage);
export const SqlWrapperEntry = z.strictObject({ ...withLanguage, call: CallPattern, arg: z.number().int().nonnegative().default(0) });
export const SourceModelEntry = z.strictObject({
  ...withLanguage,
  call: CallPattern,
  /** Categories of the data the call returns. */
  categories: Categories.optional(),
  /** The asset the call reads (`table:crm.contacts`, `http:api.vendor.example`). */
  asset: AssetPattern.optional(),
}).refine((entry) => entry.categories !== undefined || entry.asset !== undefined, 'expected `categories` or `asset`: a source must say what data the call returns');
export const SinkModelEntry = z.strictObject({
  ...withLanguage,
  call: CallPattern,
  kind: z.string({ error: 'expected a sink kind such as log or third_party' }).regex(/^[a-z][a-z0-9_]*$/, 'expected a sink kind in lower snake case, e.g. log or third_party'),
  /** Position of the argument that receives the data (default: every argument). */
  arg: z.number().int().nonnegative().optional(),
  kwarg: z.string().optional(),
});
export const TransformModelEntry = z.strictObject({
  ...withLanguage,
  call: CallPattern,
  /** Categories the call removes (`[user]` removes everything below `user`). */
  remove: Categories.optional(),
  /** Category -> the category it becomes (`user.contact.email: user.contact.email.hashed`). */
  downgrade: z.record(CategoryKey, CategoryKey, { error: 'expected a map of category -> downgraded category' }).optional(),
}).refine((entry) => entry.remove !== undefined || entry.downgrade !== undefined, 'expected `remove` or `downgrade`: a transform must say which categories it changes');

export const PolicyEntry = z.strictObject({
  id: z.string({ error: 'expected a policy id (a string)' }).regex(/^[A-Za-z0-9][\w.-]*$/, 'expected a policy id made of letters, digits, -, _ and .'),
  description: text('a description').optional(),
  from: z.array(CategoryKey, { error: 'expected a list of data categories, e.g. [user.contact]' }).min(1, 'expected at least one data category in `from`'),
  /** Sink kinds (`log`) and asset ids or globs (`table:analytics.*`) the data must never reach. */
  deny: z.array(z.string({ error: 'expected a sink kind or an asset id (a string)' }).min(1), { error: 'expected a list of sink kinds or asset ids, e.g. [log, third_party]' }).optional(),
  /** The only paths (globs of the sink's file) and assets the data may reach. */
  allow_only: z.array(z.string({ error: 'expected a path glob or an asset id (a string)' }).min(1), { error: 'expected a list of path globs or asset ids, e.g. ["services/billing/**"]' }).optional(),
  severity: Severity.default('error'),
}).refine((entry) => (entry.deny?.length ?? 0) + (entry.allow_only?.length ?? 0) > 0, 'expected a non-empty `deny` or `allow_only`: a policy must say where the data may not or may only go');

export const SuppressionEntry = z.strictObject({
  fingerprint: z.string({ error: 'expected the fingerprint of the finding (a string, from the JSON or SARIF report)' }).regex(/^[0-9a-f]{8,64}$/, 'expected a fingerprint: 8 to 64 lower-case hex digits, as printed in the report'),
  rule: z.string().optional(),
  policy: z.string().optional(),
  reason: text('a reason'),
  author: text('an author').optional(),
  expires: IsoDate.optional(),
});

export const SettingsEntry = z.strictObject({
  /** Files this entry applies to: a glob relative to the scanned folder (`warehouse/**`). */
  path: text('a path glob such as "warehouse/**"'),
  dialect: text('a SQL dialect name').optional(),
  /** `.gitignore`-style patterns of files to skip among those `path` matches. */
  exclude: z.array(text('a .gitignore-style pattern'), { error: 'expected a list of .gitignore-style patterns' }).optional(),
}).refine((entry) => entry.dialect !== undefined || entry.exclude !== undefined, 'expected `dialect` or `exclude`: a settings entry must change something');

export const ManifestDocument = z.strictObject({
  version: z.literal(1, { error: 'expected `version: 1`' }),
  taxonomy: TaxonomySection.optional(),
  assets: z.array(AssetEntry).default([]),
  sources: z.array(SourceModelEntry).default([]),
  sinks: z.array(SinkModelEntry).default([]),
  sql: z.array(SqlModelEntry).default([]),
  sqlWrappers: z.array(SqlWrapperEntry).default([]),
  transforms: z.array(TransformModelEntry).default([]),
  policies: z.array(PolicyEntry).default([]),
  suppressions: z.array(SuppressionEntry).default([]),
  settings: z.array(SettingsEntry).default([]),
  /** Mapping of run-time datasets to static assets, for `lineage validate --runtime` (docs/runtime.md). */
  runtime: z.strictObject({ datasets: z.array(DatasetRule).default([]) }).optional(),
}, { error: 'expected a map with `version: 1` and the sections assets, policies, suppressions, ...' });
export type ManifestDocument = z.infer<typeof ManifestDocument>;
