/**
 * Library models: what calls of a language's libraries do (carry SQL, read, write, log, send, hide data, ...),
 * as data under grammars/<language>/*.yaml. One schema for every file and language, so a manifest can add
 * models in the same format. See docs/models.md for the format.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

/**
 * A dotted call name. `*` matches one name or, inside a name, any characters (`*hash*`); `**` any number of
 * names; a leading `*.` any receiver (`*.execute` matches `cur.execute` and `self.conn.cursor.execute`).
 */
export const CallPattern = z.string().regex(
  /^(\*\*?\.)?([A-Za-z_*][\w*]*)(\.([A-Za-z_*][\w*]*))*$/,
  'a dotted call name, with optional `*` / `**` wildcards',
);

/** Where a call's value comes from: a position, a keyword, or both (the first present wins); `kwarg: "*"` is every keyword argument. */
export const ArgRef = z.strictObject({
  arg: z.number().int().nonnegative().optional(),
  kwarg: z.string().optional(),
});
export type ArgRef = z.infer<typeof ArgRef>;

/** An argument, the receiver (`df` in `df.to_csv(...)`), or every argument (`all`). */
export const ValueRef = z.union([z.literal('receiver'), z.literal('all'), ArgRef]);
export type ValueRef = z.infer<typeof ValueRef>;

/** A regular expression; a leading `(?i)` makes it case-insensitive. */
export function compileRegex(source: string): RegExp {
  return source.startsWith('(?i)') ? new RegExp(source.slice(4), 'i') : new RegExp(source);
}

const Regex = z.string().refine((source) => {
  try {
    compileRegex(source);
    return true;
  } catch {
    return false;
  }
}, 'a valid regular expression');

const base = {
  call: CallPattern,
  /** Only when the receiver's last name (in snake_case) matches this regular expression (`logger`, `self._log`). */
  receiver: Regex.optional(),
};

export const SqlCallModel = z.strictObject({
  ...base,
  /** Position of the argument that carries SQL (default 0). */
  arg: z.number().int().nonnegative().default(0),
  /** Keyword name of the same argument, where the language has keywords. */
  kwarg: z.string().optional(),
  /** The argument holding the values bound to the statement's parameters. */
  binds: ArgRef.optional(),
});
export type SqlCallModel = z.infer<typeof SqlCallModel>;

export const SinkModel = z.strictObject({
  ...base,
  /** log, stdout, file, http, third_party, cookie, exception, response, session, email, queue, storage, ... */
  kind: z.string(),
  /** Arguments carrying data (default: all). */
  data: z.array(ValueRef).optional(),
  /** The argument is a `%` format string applied to the positional arguments after it (`logger.info("ssn=%s", ssn)`). */
  format: ArgRef.optional(),
  /** Keyword arguments that carry no data for this sink (`headers`, `auth`, `timeout`). */
  except: z.array(z.string()).optional(),
  /** The URL, path, topic or key the data goes to. */
  target: ValueRef.optional(),
  /** When the target names an asset: its kind (`api`, `file`, `topic`, `bucket`). */
  asset: z.string().optional(),
});
export type SinkModel = z.infer<typeof SinkModel>;

export const ReadModel = z.strictObject({
  ...base,
  asset: z.string(),
  /** What names the asset: an argument, or `receiver` (a handle: an opened file, an ORM class). */
  name: ValueRef,
  /** Prefix joined to the name with a dot (`schema` of `pandas.read_sql_table`). */
  schema: ArgRef.optional(),
  /** The argument listing the columns read (`usecols`, `columns`), or `all`: every positional argument names one. */
  columns: ValueRef.optional(),
  /** An argument whose data the result combines with what is read (`entity_df` of a feature store). */
  with: ValueRef.optional(),
});
export type ReadModel = z.infer<typeof ReadModel>;

export const WriteModel = z.strictObject({
  ...base,
  asset: z.string(),
  name: ValueRef,
  schema: ArgRef.optional(),
  /** What is written (default: the receiver). */
  value: ValueRef.default('receiver'),
  /** Keyword arguments are column values (`objects.create(email=...)`, `.update(...)`). */
  kwargsAreColumns: z.boolean().optional(),
  /** Also a sink of this kind (a file written). */
  sink: z.string().optional(),
});
export type WriteModel = z.infer<typeof WriteModel>;

export const OpenModel = z.strictObject({
  ...base,
  asset: z.string(),
  name: ValueRef,
  /** The argument holding the mode (`"w"`); a mode without `r` or `+` opens for writing only. */
  mode: ArgRef.optional(),
});
export type OpenModel = z.infer<typeof OpenModel>;

/**
 * Calls whose result is data known by a name: a fixed one (`getpass.getpass` -> `password`) or the literal in an
 * argument (`os.getenv("DB_PASSWORD")` -> `DB_PASSWORD`).
 */
export const SourceModel = z.strictObject({ ...base, name: z.string().optional(), nameFrom: ArgRef.optional() });
export type SourceModel = z.infer<typeof SourceModel>;

/** Calls whose result hides what went in (hashing, counting, boolean tests). */
export const MaskModel = z.strictObject({ ...base });

/** Calls reading one key of their receiver (`d.get("email")`) or of an argument (`getattr(user, "email")`). */
export const KeyModel = z.strictObject({ ...base, key: ArgRef, of: ValueRef.default('receiver') });

/** Calls that move data into their receiver (`items.append(x)`, `model.fit(X, y)`). */
export const PropagateModel = z.strictObject({ ...base, from: z.array(ValueRef).default(['all']) });
export type PropagateModel = z.infer<typeof PropagateModel>;

/** The type of a call's result, so later method calls resolve (`logging.getLogger` -> `logging.Logger`). */
export const TypeModel = z.strictObject({ ...base, returns: z.string() });

/** Assignments into objects of these types are sinks (`cookie["user"] = ...`, `session["email"] = ...`). */
export const StoreModel = z.strictObject({ type: CallPattern, kind: z.string() });

/** Classes mapped to tables by an ORM: by base class or by a class attribute naming the table. */
export const OrmModel = z.strictObject({
  /** Base classes that make a class a mapped model. */
  bases: z.array(CallPattern).default([]),
  /** Class attribute (or `Inner.attribute`) holding the table name: `__tablename__`, `Meta.db_table`. */
  tableAttribute: z.string().optional(),
  /** Table name when no attribute names it: `{app}` (the folder of the module's package), `{model}` (lower-cased class name), `{class}`. */
  defaultTable: z.string().optional(),
  /** Calls whose result assigned to a class attribute declares a column. */
  fields: z.array(CallPattern).default([]),
});
export type OrmModel = z.infer<typeof OrmModel>;

export const LanguageModels = z.strictObject({
  version: z.literal(1),
  sql: z.array(SqlCallModel).default([]),
  /** Calls that wrap SQL text and pass it on (`sqlalchemy.text`). */
  sqlWrappers: z.array(z.strictObject({ call: CallPattern, arg: z.number().int().nonnegative().default(0) })).default([]),
  sinks: z.array(SinkModel).default([]),
  reads: z.array(ReadModel).default([]),
  writes: z.array(WriteModel).default([]),
  opens: z.array(OpenModel).default([]),
  sources: z.array(SourceModel).default([]),
  masks: z.array(MaskModel).default([]),
  keys: z.array(KeyModel).default([]),
  propagate: z.array(PropagateModel).default([]),
  types: z.array(TypeModel).default([]),
  stores: z.array(StoreModel).default([]),
  orm: z.array(OrmModel).default([]),
});
export type LanguageModels = z.infer<typeof LanguageModels>;

const GRAMMARS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../grammars');
const cache = new Map<string, LanguageModels>();

const SECTIONS = [
  'sql', 'sqlWrappers', 'sinks', 'reads', 'writes', 'opens', 'sources', 'masks', 'keys', 'propagate', 'types', 'stores', 'orm',
] as const;

/** Parses one model file; errors name the file and line of the offending entry. */
export function parseModels(text: string, file: string): LanguageModels {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new Error(`${file}:${error.linePos?.[0].line ?? 0}: ${error.message.split('\n', 1)[0]}`);
  }
  const parsed = LanguageModels.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  let line = 0;
  for (let depth = issue.path.length; depth > 0 && line === 0; depth--) {
    const node = doc.getIn(issue.path.slice(0, depth) as Array<string | number>, true) as { range?: [number, number, number] } | undefined;
    if (node?.range) line = lineCounter.linePos(node.range[0]).line;
  }
  throw new Error(`${file}:${line}: ${issue.message} (at ${issue.path.join('.') || 'top level'})`);
}

/** Merges model sets: later sets' entries come after earlier ones (first match wins within a kind). */
export function mergeModels(sets: readonly LanguageModels[]): LanguageModels {
  const merged = LanguageModels.parse({ version: 1 });
  for (const set of sets) for (const section of SECTIONS) (merged[section] as unknown[]).push(...set[section]);
  return merged;
}

/** All model files of a language (`grammars/<language>/*.yaml`), in file-name order, merged. */
export function loadModels(language: string): LanguageModels {
  const cached = cache.get(language);
  if (cached) return cached;
  const dir = path.join(GRAMMARS_DIR, language);
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const merged = mergeModels(files.map((f) => parseModels(readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f))));
  cache.set(language, merged);
  return merged;
}

const compiled = new Map<string, RegExp>();

function patternRegex(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (regex) return regex;
  const segments = pattern.split('.');
  let source = '^';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') source += last ? '.*' : '(?:[^.]+\\.)*';
    else if (i === 0 && segment === '*' && segments.length > 1) source += '(?:.+\\.)';
    else source += segment.replace(/\*/g, '[^.]*') + (last ? '' : '\\.');
  });
  regex = new RegExp(source + '$');
  compiled.set(pattern, regex);
  return regex;
}

export function matchesCall(pattern: string, callee: string): boolean {
  if (!pattern.includes('*')) return pattern === callee;
  return patternRegex(pattern).test(callee);
}

export function findModel<T extends { call: string }>(models: readonly T[], callee: string): T | undefined {
  return models.find((model) => matchesCall(model.call, callee));
}

/**
 * Models of one kind indexed by their last name, so a call is only compared with the few models that can match
 * it: exact names first, then wildcard patterns, each in file order.
 */
export class ModelIndex<T extends { call: string; receiver?: string }> {
  private readonly byLast = new Map<string, T[]>();
  private readonly wild: T[] = [];
  private readonly receivers = new Map<T, RegExp>();

  constructor(models: readonly T[]) {
    // Exact names first, then patterns with a receiver condition (more specific), then the other patterns.
    const exact: T[] = [];
    const conditioned: T[] = [];
    const patterned: T[] = [];
    for (const model of models) (!model.call.includes('*') ? exact : model.receiver ? conditioned : patterned).push(model);
    for (const model of [...exact, ...conditioned, ...patterned]) {
      const last = model.call.slice(model.call.lastIndexOf('.') + 1);
      if (last.includes('*')) this.wild.push(model);
      else {
        let list = this.byLast.get(last);
        if (!list) this.byLast.set(last, (list = []));
        list.push(model);
      }
      if (model.receiver) this.receivers.set(model, compileRegex(model.receiver));
    }
  }

  private readonly cache = new Map<string, T | null>();

  /** The first model matching any of the names (most specific name first), checking receiver conditions. */
  find(names: readonly string[], receiver: string | undefined): T | undefined {
    // Call names repeat a lot (`self.assertEqual`, `log.info`): remember the answer per names and receiver.
    const key = receiver === undefined ? names.join('\u0000') : `${names.join('\u0000')}\u0001${receiver}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.search(names, receiver);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, found ?? null);
    return found;
  }

  /** The first matching model, without the cache (for callers that cache a larger answer themselves). */
  search(names: readonly string[], receiver: string | undefined): T | undefined {
    for (const name of names) {
      const last = name.slice(name.lastIndexOf('.') + 1);
      const candidates = this.byLast.get(last);
      if (candidates) {
        for (const model of candidates) if (this.accepts(model, name, receiver)) return model;
      }
      for (const model of this.wild) if (this.accepts(model, name, receiver)) return model;
    }
    return undefined;
  }

  private accepts(model: T, name: string, receiver: string | undefined): boolean {
    if (!matchesCall(model.call, name)) return false;
    const condition = this.receivers.get(model);
    return condition === undefined || (receiver !== undefined && condition.test(receiver));
  }
}
