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
import { PathEdit, type Language, type Value } from '../facts/schema.js';
import { extendPath } from '../facts/values.js';

/**
 * A dotted call name. `*` matches one name or, inside a name, any characters (`*hash*`); `**` any number of
 * names; a leading `*.` any receiver (`*.execute` matches `cur.execute` and `self.conn.cursor.execute`). A last
 * name may be a C++ operator (`std.ofstream.operator<<`: inserting into a stream; `std.filesystem.path.operator/`).
 */
export const CallPattern = z.string().regex(
  /^(\*\*?\.)?([A-Za-z_*][\w*]*)(\.([A-Za-z_*][\w*]*))*(\.operator(<<|>>|\(\)|\/))?$/,
  'a dotted call name, with optional `*` / `**` wildcards',
);

/** Where a call's value comes from: a position, a keyword, or both (the first present wins); `kwarg: "*"` is every keyword argument. */
export const ArgRef = z.strictObject({
  arg: z.number().int().nonnegative().optional(),
  kwarg: z.string().optional(),
  /** Every positional argument from this one on, as a list (`KafkaConsumer("orders", "refunds", ...)`). */
  from: z.number().int().nonnegative().optional(),
  /** The entry under this key of the argument, an array of options (`['QueueUrl' => $url, ...]` of the AWS SDK). */
  key: z.string().optional(),
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

/** A condition on an argument's text: a literal, or a name as written (`CURLOPT_POSTFIELDS`, `stderr`). */
export const ArgCondition = z.strictObject({
  arg: z.number().int().nonnegative(),
  /** The argument is one of these. */
  is: z.array(z.string()).optional(),
  /** The argument is none of these. */
  not: z.array(z.string()).optional(),
  /** The argument's text starts with what this regular expression matches (`^https?://`). */
  matches: Regex.optional(),
});
export type ArgCondition = z.infer<typeof ArgCondition>;

const base = {
  call: CallPattern,
  /** Only when the receiver's last name (in snake_case) matches this regular expression (`logger`, `self._log`). */
  receiver: Regex.optional(),
  /** Only when every condition on the arguments holds (`curl_easy_setopt(h, CURLOPT_POSTFIELDS, body)`). */
  when: z.array(ArgCondition).optional(),
};

export const SqlCallModel = z.strictObject({
  ...base,
  /** Position of the argument that carries SQL (default 0). */
  arg: z.number().int().nonnegative().default(0),
  /** Keyword name of the same argument, where the language has keywords. */
  kwarg: z.string().optional(),
  /** The argument holding the values bound to the statement's parameters. */
  binds: ArgRef.optional(),
  /** Every positional argument from this one on is bound to a parameter (`queryf(sql, $a, $b)`). */
  bindsFrom: z.number().int().nonnegative().optional(),
  /**
   * As `bindsFrom`, in place of `binds`, when the text numbers its parameters (`$1`, `$2`) or more positional
   * arguments follow than `binds` takes: asyncpg's `execute(sql, a, b)` beside DB-API's `execute(sql, (a, b))`.
   */
  numberedBindsFrom: z.number().int().nonnegative().optional(),
  /** `binds` holds rows of values and the statement runs once per row (`executemany(sql, [(a, b), (c, d)])`). */
  bindsRows: z.literal(true).optional(),
  /** Parameters are printf-style specifiers in the text (`%d`, `%s`; `%T`, `%C` name tables and columns). */
  params: z.literal('printf').optional(),
  /**
   * A prepared statement: it runs later, through this handle (`result`: the call's result, `PDO::prepare`; an
   * argument: `&stmt` of `sqlite3_prepare_v2`). `statements` models bind values to it, run it and read its columns.
   */
  handle: z.union([z.literal('result'), z.literal('receiver'), ArgRef]).optional(),
  /**
   * Python: the SQL is inside the argument, a dict written at the call, under these keys
   * (`configuration={"query": {"query": "..."}}` of BigQuery jobs: `key: [query, query]`).
   */
  key: z.array(z.string()).optional(),
  /** The call returns one row of the result (`fetchAssociative`, `get_row`), not the result set. */
  row: z.literal(true).optional(),
  /** The call returns the first column of the first row (`fetchval`, `fetchOne`, `get_var`). */
  value: z.literal(true).optional(),
  /**
   * The text is a query over the program's mapped classes (Doctrine's DQL: `SELECT c FROM App\Entity\Customer c`),
   * read as the SQL it runs once the classes' tables are known.
   */
  entities: z.literal(true).optional(),
});
export type SqlCallModel = z.infer<typeof SqlCallModel>;

/** What a SQL call returns to the code, by its model: the result set, one row, or one value. */
export function sqlCallResult(model: SqlCallModel, result: Value): Value {
  if (model.value) return firstValue(result);
  return model.row ? extendPath(result, '*') : result;
}

/** The first column of the first row of a result set. */
export function firstValue(rows: Value): Value {
  return extendPath(extendPath(rows, '*'), '0');
}

export const SinkModel = z.strictObject({
  ...base,
  /** log, stdout, file, http, third_party, cookie, exception, response, session, email, queue, storage, ... */
  kind: z.string(),
  /** Arguments carrying data (default: all). */
  data: z.array(ValueRef).optional(),
  /** The argument is a `%` format string applied to the positional arguments after it (`logger.info("ssn=%s", ssn)`). */
  format: ArgRef.optional(),
  /** The format's style: `printf` (`%s`, the default) or `brace` (`{}`: spdlog, fmt, std::format). */
  style: z.enum(['printf', 'brace']).optional(),
  /** Keyword arguments that carry no data for this sink (`headers`, `auth`, `timeout`). */
  except: z.array(z.string()).optional(),
  /** The URL, path, topic or key the data goes to. */
  target: ValueRef.optional(),
  /** When the target names an asset: its kind (`api`, `file`, `topic`, `bucket`). */
  asset: z.string().optional(),
  /**
   * The target names an asset only through a handle (a message builder opened on a topic), never by the texts that
   * went into it (the builder's payload).
   */
  handleTarget: z.boolean().optional(),
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
  /** Column names follow the table's relations, separated by this text (`customer__email`: Django's lookups). */
  lookups: z.string().optional(),
  /**
   * Python: columns named earlier in the receiver's chain of calls (`.annotate(email=F("customer__email"))`): calls of
   * these `methods` whose keyword arguments are calls of `expressions` with a text argument name a column by that text.
   */
  annotations: z.strictObject({ methods: z.array(z.string()), expressions: z.array(CallPattern) }).optional(),
  /** An argument whose data the result combines with what is read (`entity_df` of a feature store). */
  with: ValueRef.optional(),
  /**
   * Python: the call is this read only when `name` is a class (a capitalised name, `session.get(User, 5)`), whose
   * mapped table it reads; otherwise the other models decide (`session.get("theme")` of a web session).
   */
  nameIsClass: z.boolean().optional(),
  /** The name, when a literal, lists several assets split by this text (Spark's `subscribe`: `"orders,refunds"`). */
  separator: z.string().optional(),
  /**
   * Where in the result the asset's data sits, whole: dotted paths, `*` for any element (`Messages.*.Body` of an
   * SQS response, `body` of a queue message). Other members of the result are read as columns.
   */
  members: z.array(z.string()).optional(),
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
  /** Positional arguments are these columns' values, in order (`objects.create_user(username, email, password)`). */
  positionalColumns: z.array(z.string()).optional(),
  /**
   * The argument listing, as literals, the columns each written row's items go to, by position
   * (`hook.insert_rows(table, rows, target_fields=["email", "phone"])`).
   */
  rowColumns: ArgRef.optional(),
  /** Also a sink of this kind (a file written). */
  sink: z.string().optional(),
  /** The argument is a printf-style format applied to the positional arguments after it (`fprintf(fp, "%s", x)`). */
  format: ArgRef.optional(),
  /**
   * The write copies another asset: what it writes is read from the asset this names (`shutil.copyfile(src, dst)`,
   * a transfer of a bucket's files into a table), in place of `value`.
   */
  from: z.strictObject({ asset: z.string(), name: ValueRef, schema: ArgRef.optional() }).optional(),
  /**
   * Python: the call is this write only when `name` is written as a call of one of these (a statement built for a
   * table: `conn.execute(users.insert(), rows)`); otherwise the other models decide (`cursor.execute("...")`).
   */
  statement: z.array(z.string()).optional(),
});
export type WriteModel = z.infer<typeof WriteModel>;

export const OpenModel = z.strictObject({
  ...base,
  asset: z.string(),
  name: ValueRef,
  /** The argument holding the mode (`"w"`); a mode without `r` or `+` opens for writing only. */
  mode: ArgRef.optional(),
  /** The mode when no argument gives it (`w` for `std::ofstream`, `r` for `std::ifstream`). */
  modeIs: z.string().optional(),
  /** Members of each element of the handle that hold the asset's data, whole: a message's `value`, `payload`. */
  members: z.array(z.string()).optional(),
  /** C and C++, PHP: the argument that is the handle from now on (`rd_kafka_subscribe(rk, topics)`). */
  into: ArgRef.optional(),
});
export type OpenModel = z.infer<typeof OpenModel>;

/**
 * Calls that declare a table and its columns, like DDL (SQLAlchemy Core's `Table("users", metadata, Column("email"))`,
 * Alembic's `op.create_table(...)` and `op.add_column("users", Column(...))`). The table is an asset with those
 * columns, declared where the call is; the call's value stands for the table's rows, and `members` are the
 * attributes of it that hold the rows' columns (`users.c.email` is the column `email`). Declaring reads nothing.
 */
export const TableModel = z.strictObject({
  ...base,
  asset: z.string().default('table'),
  /** The argument naming the table. */
  name: ArgRef,
  /** Prefix joined to the name with a dot (`schema="crm"`). */
  schema: ArgRef.optional(),
  /** Calls among the positional arguments that declare a column, named by their first argument (`Column("email")`). */
  columns: z.array(CallPattern).default([]),
  /** Attributes of the call's value holding the table's columns (`c`, `columns`). */
  members: z.array(z.string()).default([]),
  /**
   * PHP: the argument holding a callback whose calls on its first parameter declare the columns (Laravel's
   * `Schema::create('users', function (Blueprint $table) { $table->string('email'); })`): a call whose first
   * argument is a literal declares that column, except the methods in `except`.
   */
  callback: ArgRef.optional(),
  /** Methods of the callback's parameter that declare no column (`index`, `dropColumn`). */
  except: z.array(z.string()).default([]),
  /** Columns methods declare when no name is given (`timestamps`: `created_at`, `updated_at`; `id`: `id`). */
  defaults: z.record(z.string(), z.array(z.string())).default({}),
  /** Methods whose name argument starts several columns (`morphs('taggable')`: `taggable_id`, `taggable_type`). */
  suffixes: z.record(z.string(), z.array(z.string())).default({}),
  /** Methods whose second argument names a column (`renameColumn('phone', 'phone_number')`: `phone_number`). */
  renames: z.array(z.string()).default([]),
});
export type TableModel = z.infer<typeof TableModel>;

/**
 * Calls whose result is data known by a name: a fixed one (`getpass.getpass` -> `password`) or the literal in an
 * argument (`os.getenv("DB_PASSWORD")` -> `DB_PASSWORD`).
 */
export const SourceModel = z.strictObject({
  ...base,
  name: z.string().optional(),
  nameFrom: ArgRef.optional(),
  /** Categories of the data the call returns, as stated (no classifier); the name defaults to the call's. */
  categories: z.array(z.string()).optional(),
  /** The asset the call reads (`table:crm.contacts`): the call is a read of it, its data of `categories`. */
  asset: z.string().regex(/^[a-z][a-z0-9_]*:\S+$/, 'an asset id <kind>:<name>').optional(),
});
export type SourceModel = z.infer<typeof SourceModel>;

/** Calls whose result hides what went in (hashing, counting, boolean tests). */
export const MaskModel = z.strictObject({ ...base });

/**
 * Python: calls whose result is the text of their arguments joined by `separator`, after the receiver's with
 * `withReceiver` (a method): paths built from parts (`os.path.join(EXPORT_DIR, "customers.csv")`,
 * `base.joinpath("daily.txt")`, and `base / "x.csv"`, the operator named `pathlib.Path.__truediv__`). A part that is
 * a handle on a file stands for that file's path.
 */
export const JoinModel = z.strictObject({ ...base, separator: z.string(), withReceiver: z.boolean().optional() });
export type JoinModel = z.infer<typeof JoinModel>;

/**
 * Calls (or, with `attribute`, attributes) that edit a path (`out.with_suffix(".tmp")`, `out.parent`,
 * `os.path.dirname(p)`): the value is the path `of` names, edited (see PathEdit in src/facts/code.ts), `to` giving
 * the new part. A list of edits gives a tuple, one entry per edit (`os.path.splitext(p)`: root and suffix).
 */
export const PathEditModel = z.strictObject({
  ...base,
  edit: z.union([PathEdit, z.array(PathEdit).min(1)]),
  of: ValueRef.default('receiver'),
  to: ArgRef.optional(),
  /** The model names an attribute read, not a call (`pathlib.Path.parent`). */
  attribute: z.boolean().optional(),
});
export type PathEditModel = z.infer<typeof PathEditModel>;

/**
 * Calls that show an object whole, every field of it, whatever its class shows when formatted (`model_to_dict(c)`,
 * `serializers.serialize("json", qs)`, `vars(user)`): a record of a table they show is all of the table.
 */
export const SerialiserModel = z.strictObject({
  ...base,
  /** The argument listing the only fields shown (`model_to_dict(c, fields=[...])`), when it is a literal list. */
  fields: ArgRef.optional(),
  /** The argument listing fields left out (`exclude=[...]`), when it is a literal list. */
  exclude: ArgRef.optional(),
  /** Python: an attribute whose value is the call's result for its object (`obj.__dict__`: `vars(obj)`). */
  attribute: z.string().optional(),
  /**
   * The call is this serialiser only when it is given `fields` or `exclude` (pydantic 1's `user.dict(exclude=...)`);
   * otherwise it is what the other sections say (`response.json()` is no serialiser).
   */
  withForm: z.boolean().optional(),
});
export type SerialiserModel = z.infer<typeof SerialiserModel>;

/**
 * Python: classes whose objects serialise what they are constructed with (Django REST framework's
 * `ModelSerializer`): `CustomerSerializer(customer).data` is the customer with the fields the class's `Meta.fields`
 * lists (all for `all`), without those `Meta.exclude` lists. A class matching `bases` that defines no constructor of
 * its own gets one taking `params`, whose `into` attribute is the parameter `shows` serialised.
 */
export const SerialiserClassModel = z.strictObject({
  bases: z.array(CallPattern).min(1),
  params: z.array(z.string()).min(1),
  shows: z.string(),
  into: z.string(),
  /** Class attributes (`Inner.attribute`) listing the fields shown, and those left out: literal lists only. */
  fields: z.string().optional(),
  exclude: z.string().optional(),
  /** The text `fields` holds to show every field (`__all__`). */
  all: z.string().optional(),
  /** The constructor's parameter taking input (`data`), kept as the attribute `into` (`validated_data`). */
  validates: z.strictObject({ param: z.string(), into: z.string() }).optional(),
  /**
   * `method()` (`save()`) passes the validated input to `creates` (`create(validated_data)`), which, unless the class
   * defines it, writes it into the table of the class the attribute `model` names (`Meta.model`) and returns it.
   */
  saves: z.strictObject({ method: z.string(), creates: z.string(), model: z.string() }).optional(),
  /**
   * Fields the class body declares (`email = serializers.EmailField(source="customer.email")`): each shows the
   * attribute of the object that its keyword `source` names (a dotted path, `*` the object itself), else the one of
   * its own name. `methods`: calls whose field shows what the class's method returns for the object (`get_<name>`,
   * or the one the keyword `kwarg` names: SerializerMethodField); `keys`: calls whose field shows no data but the
   * related object's key or link; `attribute`: calls whose field shows an attribute of the related object that a
   * keyword names (`SlugRelatedField(slug_field="email")`); `plain`: calls whose field shows the attribute as it
   * is. Any other call is a serializer class of the program: the field is that class's `into` of the attribute
   * (a nested serializer).
   */
  declared: z.strictObject({
    source: z.string(),
    methods: z.strictObject({ calls: z.array(CallPattern), kwarg: z.string(), prefix: z.string() }).optional(),
    keys: z.array(CallPattern).default([]),
    attribute: z.strictObject({ calls: z.array(CallPattern), kwarg: z.string() }).optional(),
    plain: z.array(CallPattern).default([]),
    /**
     * Calls whose first argument names another schema class of the program (`fields.Nested(AddressSchema)`, or its
     * name as a text): the field is what that class's `method` (`dump`) returns for the attribute.
     */
    nested: z.strictObject({ calls: z.array(CallPattern), method: z.string() }).optional(),
  }).optional(),
});
export type SerialiserClassModel = z.infer<typeof SerialiserClassModel>;

/**
 * Python: schema classes whose methods serialise the object they are given (marshmallow's `Schema`:
 * `CustomerSchema().dump(customer)`): a class matching `bases` gets the `dumps` methods it does not define, which
 * return the fields the class declares (as `declared` of serialiserClasses reads them, `source` naming the keyword
 * of the object's attribute), and, with `auto`, every field of the object but those its `exclude` attribute lists
 * (or only those `fields` lists: `Meta.fields`; a schema generated from its `Meta.model`'s columns).
 */
export const SchemaClassModel = z.strictObject({
  bases: z.array(CallPattern).min(1),
  dumps: z.array(z.string()).min(1),
  auto: z.boolean().default(false),
  fields: z.string().optional(),
  exclude: z.string().optional(),
  declared: SerialiserClassModel.shape.declared,
  /**
   * The constructor's keywords listing the only fields its dumps show and those they leave out
   * (`CustomerSchema(exclude=("phone",)).dump(customer)`), when the schema is made where it dumps, with literal lists.
   */
  options: z.strictObject({ only: z.string(), exclude: z.string() }).optional(),
});
export type SchemaClassModel = z.infer<typeof SchemaClassModel>;

/**
 * Python: classes a web framework drives (Django REST framework's generic views and viewsets). A class matching
 * `bases` gets the framework's methods it does not define itself: `rows.method()` returns the attribute
 * `rows.attribute` (`get_queryset()`: `queryset`), `object()` one of the rows, `serialiser.method()` the attribute
 * `serialiser.attribute` (`get_serializer_class()`: `serializer_class`), `serialiser.builds(...)` an object of that
 * class made with what it is given; and, with `responds`, the action the framework calls for a request
 * (`list`), which sends the rows serialised (the serializer's `serialiser.into` attribute) to a sink of `kind`
 * named `callee`.
 */
export const ViewClassModel = z.strictObject({
  bases: z.array(CallPattern).min(1),
  rows: z.strictObject({ method: z.string(), attribute: z.string() }),
  object: z.string().optional(),
  serialiser: z.strictObject({ method: z.string(), attribute: z.string(), builds: z.string(), into: z.string() }),
  responds: z.strictObject({ method: z.string(), kind: z.string(), callee: z.string() }).optional(),
  /**
   * The action that makes an object from a request (`create`): a serializer made with the request's attribute
   * `from` (`request.data`) as its keyword `into` (`data=`), then its method `save` called.
   */
  creates: z.strictObject({ method: z.string(), from: z.string(), into: z.string(), save: z.string() }).optional(),
});
export type ViewClassModel = z.infer<typeof ViewClassModel>;

/**
 * Calls whose result is their receiver with only the fields an argument lists, or without them: a frame's columns
 * picked or dropped (`df.filter(items=[...])`, `df.drop(columns=[...])`, Spark's `df.select("id", "plan")`). Only
 * when the argument is literal names; otherwise the call is what the other sections say.
 */
export const ProjectionModel = z.strictObject({
  ...base,
  only: ArgRef.optional(),
  except: ArgRef.optional(),
});
export type ProjectionModel = z.infer<typeof ProjectionModel>;

/**
 * Calls whose result is their input with some categories removed (`remove: [user]` removes `user` and everything
 * below it) or turned into others (`downgrade: { user.contact.email: user.unique_id.pseudonymous }`): a
 * sanitizer, a pseudonymiser. Unlike a mask, what stays keeps its sensitivity.
 */
export const TransformModel = z.strictObject({
  ...base,
  remove: z.array(z.string()).optional(),
  downgrade: z.record(z.string(), z.string()).optional(),
});
export type TransformModel = z.infer<typeof TransformModel>;

/**
 * Calls reading one key of their receiver (`d.get("email")`) or of an argument (`getattr(user, "email")`); with
 * `key: element` one element of it, a row of a result set (`cur.fetchone()`, `mysqli_fetch_assoc($res)`); with
 * `key: value` the first column of its first row (`result.scalar()`, `$stmt->fetchColumn()`).
 */
export const KeyModel = z.strictObject({
  ...base, key: z.union([ArgRef, z.literal('element'), z.literal('value')]), of: ValueRef.default('receiver'),
  /** The key is taken out of the receiver too (`payload.pop("password")`): later reads of it find no such field. */
  removes: z.boolean().optional(),
});

/**
 * Calls that move data into their receiver (`items.append(x)`, `model.fit(X, y)`), into an argument (`into`:
 * `strcpy(dst, src)`), or only into their result (`into: result`: `std::format(...)`, `implode(...)`). With
 * `format`, that argument is a format string (`style`: `printf` `%s`, or `brace` `{}`) applied to the arguments
 * after it, so each value stays next to the text naming it.
 */
export const PropagateModel = z.strictObject({
  ...base,
  from: z.array(ValueRef).default(['all']),
  into: z.union([z.literal('receiver'), z.literal('result'), ArgRef]).optional(),
  /** The data becomes one element of the receiver or argument (`rows.append((a, b))`: `rows[*]`), not part of the whole. */
  element: z.literal(true).optional(),
  /**
   * With `into: result`: the result is rows with one column per positional argument, named by the argument's last
   * name (`select(users.c.email, User.plan)`: `email`, `plan`) or its label (`.label("to")`), so `row.email` is that
   * column alone. Only when every argument names a column; otherwise the arguments' data, as without it.
   */
  rows: z.literal(true).optional(),
  /** With `rows`: the method that names a column of the list (`label`: `users.c.email.label("to")` is `to`). */
  alias: z.string().optional(),
  format: ArgRef.optional(),
  style: z.enum(['printf', 'brace']).optional(),
});
export type PropagateModel = z.infer<typeof PropagateModel>;

/**
 * Calls that run code of the program later, elsewhere (a task queue's worker, a thread, an executor) with arguments
 * they are given: `send_welcome.delay(email)` runs `send_welcome(email)`, Laravel's `SyncContact::dispatch($id)` runs
 * `(new SyncContact($id))->handle()`. The simulator follows them as calls, so data reaches the code from the caller's
 * values.
 */
export const DeferredModel = z.strictObject({
  ...base,
  /** The function run: the receiver (`task.delay(...)`) or an argument (`pool.submit(fn, ...)`, `Thread(target=fn)`). */
  fn: z.union([z.literal('receiver'), ArgRef]),
  /**
   * Its positional arguments: the call's own from a position on (`submit(fn, a, b)`: `{ from: 1 }`), or an argument
   * holding them (`apply_async((a, b))`, `Thread(args=(a, b))`).
   */
  args: z.union([
    z.strictObject({ from: z.number().int().nonnegative() }),
    /** One element of the argument, the function's only argument: `pool.map(fn, rows)` calls `fn(row)`. */
    z.strictObject({ each: ArgRef }),
    /** One element of the argument, spread as the function's arguments: `starmap(fn, pairs)` calls `fn(*pair)`. */
    z.strictObject({ spreadEach: ArgRef }),
    /** The receiver, the function's first argument: `stream.writeStream.foreachBatch(fn)` calls `fn(batch, id)`. */
    z.strictObject({ receiver: z.literal(true) }),
    ArgRef,
  ]).optional(),
  /** Its keyword arguments: the call's own (`keywords`) or an argument holding them (`kwargs={...}`). */
  kwargs: z.union([z.literal('keywords'), ArgRef]).optional(),
  /** C++, PHP: `fn` is a class, built with the arguments (`Job::dispatch($a)` builds `new Job($a)`). */
  construct: z.boolean().optional(),
  /**
   * Python: `fn` is the function's dotted name as text, the module's and its own (a Celery task's default name:
   * `app.send_task("billing.tasks.charge", args=[card])` runs `charge` of `billing.tasks`).
   */
  named: z.literal(true).optional(),
  /** C++, PHP: the method run on the object (`handle` of a Laravel job), with no arguments after a construction. */
  method: z.string().optional(),
  /**
   * A consumer's callback: the function receives, at position `at`, what is read from the asset `name` names
   * (`channel.basic_consume(queue="orders", on_message_callback=handle)` calls `handle(ch, method, properties, body)`
   * with the queue's messages as `body`); `members` as for reads.
   */
  message: z.strictObject({ asset: z.string(), name: ArgRef, at: z.number().int().nonnegative(), members: z.array(z.string()).optional() }).optional(),
});
export type DeferredModel = z.infer<typeof DeferredModel>;

/**
 * Python: decorators that hand a function itself (a bound task) in as its first argument when the keyword `kwarg` is
 * true (Celery's `@shared_task(bind=True)`): that parameter stands for no caller's data, and arguments bind from the
 * next one.
 */
export const BoundModel = z.strictObject({ ...base, kwarg: z.string() });

/**
 * Python: calls that make a function with its first arguments bound (`functools.partial(send, session)`): where a
 * deferred call is given one, the function runs with those arguments first.
 */
export const PartialModel = z.strictObject({ ...base, fn: ArgRef, from: z.number().int().nonnegative() });
export type PartialModel = z.infer<typeof PartialModel>;
export type BoundModel = z.infer<typeof BoundModel>;

/**
 * Calls whose elements pair a position or a key with an element of an argument (`enumerate(xs)`), or of the receiver
 * with `from: receiver` (`df.iterrows()`): the position is no data.
 */
export const IndexedModel = z.strictObject({ ...base, arg: z.number().int().nonnegative().default(0), from: z.literal('receiver').optional() });
export type IndexedModel = z.infer<typeof IndexedModel>;

/**
 * Decorators that make a function a request handler (`@app.get("/users/{id}")`, `@bp.route("/")`): what it returns
 * is sent to the client, a sink of `kind` (default `response`).
 */
export const RouteModel = z.strictObject({
  ...base,
  kind: z.string().default('response'),
  /**
   * The class a handler's response shows its result as (FastAPI's `response_model`): named by the decorator's
   * keyword `kwarg`, else (with `annotation`) by the handler's return annotation; `many` are the wrappers of a list
   * of them (`List[UserOut]`), `unwrap` those of one (`Optional[UserOut]`). Of a record class, only the fields it
   * declares are sent.
   */
  shows: z.strictObject({
    kwarg: z.string(),
    annotation: z.boolean().default(false),
    many: z.array(z.string()).default([]),
    unwrap: z.array(z.string()).default([]),
    /** The decorator's keywords listing the only fields sent and those left out (`response_model_exclude={"email"}`). */
    include: z.string().optional(),
    exclude: z.string().optional(),
  }).optional(),
});
export type RouteModel = z.infer<typeof RouteModel>;

/** The type of a call's result, so later method calls resolve (`logging.getLogger` -> `logging.Logger`). */
export const TypeModel = z.strictObject({
  ...base,
  returns: z.string().default(''),
  /** The result is of the class this argument names (`$container->get(Mailer::class)`), when it names one. */
  classFrom: ArgRef.optional(),
});

/**
 * Calls that take callbacks (closures written among the arguments): `params` are the types of their parameters, in
 * order (`Sentry\configureScope(function ($scope) {...})` passes a `Sentry\State\Scope`); with `elements`, the
 * call runs them with each element of the value `of` names, given at parameter `at` (`$users->each(fn ($u) => ...)`:
 * the receiver's; `array_map($fn, $rows)`: the argument's). `returns`: the call's value is a list of what the
 * callbacks return (`results`: `map`), what they return (`result`: `reduce`), the elements themselves (`elements`:
 * `filter`) or one of them (`element`: `first`), not everything the call was given.
 */
export const CallbackModel = z.strictObject({
  ...base,
  params: z.array(z.string()).default([]),
  elements: z.strictObject({ of: ValueRef, at: z.number().int().nonnegative().default(0) }).optional(),
  returns: z.enum(['results', 'result', 'elements', 'element']).optional(),
});
export type CallbackModel = z.infer<typeof CallbackModel>;

/** Assignments into objects of these types are sinks (`cookie["user"] = ...`, `session["email"] = ...`). */
export const StoreModel = z.strictObject({ type: CallPattern, kind: z.string() });

/**
 * Prepared statements (see `sql.handle`): `bind` binds a value to a parameter (`index`: its position or name,
 * `base` the index of the first parameter; or every argument `from` a position), `run` executes the statement
 * (`value`: values bound at execution, `execute([...])`), `column` reads one result column (`index`).
 */
export const StatementModel = z.strictObject({
  ...base,
  action: z.enum(['bind', 'run', 'column']),
  handle: z.union([z.literal('receiver'), ArgRef]),
  index: ArgRef.optional(),
  base: z.number().int().nonnegative().default(0),
  value: ValueRef.optional(),
  from: z.number().int().nonnegative().optional(),
  /** `column`: the value also goes into this argument (`SQLGetData(h, 2, type, buf, ...)`). */
  into: ArgRef.optional(),
});
export type StatementModel = z.infer<typeof StatementModel>;

/**
 * HTTP clients bound to a base URL (`new GuzzleHttp\Client(['base_uri' => ...])`): relative targets of requests
 * through them resolve against it, and a client bound to an external host sends to a third party.
 */
export const ClientModel = z.strictObject({
  ...base,
  url: z.strictObject({ arg: z.number().int().nonnegative().optional(), kwarg: z.string().optional(), key: z.string().optional() }),
  /** The client is this argument (`curl_easy_setopt(h, CURLOPT_URL, url)` binds `h`), not the call's result. */
  into: ArgRef.optional(),
});
export type ClientModel = z.infer<typeof ClientModel>;

/** Classes mapped to tables by an ORM: by base class or by a class attribute naming the table. */
export const OrmModel = z.strictObject({
  /** Base classes that make a class a mapped model. */
  bases: z.array(CallPattern).default([]),
  /** Class attribute (or `Inner.attribute`) holding the table name: `__tablename__`, `Meta.db_table`. */
  tableAttribute: z.string().optional(),
  /**
   * Table name when no attribute names it: `{app}` (the folder of the module's package), `{model}` (lower-cased
   * class name), `{snake}` (snake_case class name: `OrderItem` -> `order_item`), `{class}`, `{plural}` (snake_case plural of the class name: `OrderItem` -> `order_items`).
   */
  defaultTable: z.string().optional(),
  /** Calls whose result assigned to a class attribute declares a column. */
  fields: z.array(CallPattern).default([]),
  /** Class attributes listing column names (`$fillable`, `$hidden` of an Eloquent model). */
  columnAttributes: z.array(z.string()).default([]),
  /** Class attributes listing the columns a model's serialised form leaves out (`$hidden` of an Eloquent model). */
  hiddenAttributes: z.array(z.string()).default([]),
  /** Class attributes listing the only columns a model's serialised form keeps (`$visible` of an Eloquent model). */
  visibleAttributes: z.array(z.string()).default([]),
  /**
   * Python: methods that show an object's columns when it is formatted (`__str__`, `__repr__`). A class of the
   * model that defines none of them shows none (Django's `Customer object (1)`, SQLAlchemy's `<User at 0x...>`):
   * its whole objects hold no column's categories.
   */
  shownBy: z.array(z.string()).default([]),
  /**
   * Python: the key column a mapped class gets without declaring it (Django's `id`), unless one of its fields is
   * given the keyword `unless` set to `True` (`primary_key=True`).
   */
  implicitKey: z.strictObject({ column: z.string(), unless: z.string() }).optional(),
  /** Python: a class attribute (or `Inner.attribute`) that, set to `True`, makes the class no table (`__abstract__`). */
  abstract: z.string().optional(),
  /** Python: keyword arguments the class statement gives, as written, that map it (`table: "True"` of SQLModel). */
  classKeywords: z.record(z.string(), z.string()).default({}),
  /**
   * Python: attributes with a type annotation are columns (`name: str = Field(index=True)`), but not private ones;
   * a text: only annotations starting with it (`Mapped[` of SQLAlchemy 2.0: `email: Mapped[str]`).
   */
  annotated: z.union([z.boolean(), z.string()]).optional(),
  /** Python: calls whose annotated attributes are not columns (`Relationship(...)`). */
  notFields: z.array(CallPattern).default([]),
  /** Python: the keyword that, passed `True`, makes a field the table's key (`primary_key`). */
  primaryKey: z.string().optional(),
  /**
   * Python: the argument of a field's call that names its column, when a text is there (`Column("email_address",
   * String)`, Django's `db_column="email_address"`): the attribute is that column.
   */
  columnName: z.strictObject({ arg: z.number().int().nonnegative().optional(), kwarg: z.string().optional() }).optional(),
  /** Python: columns a class gets from a framework base it extends (Django's `AbstractUser`: `email`, `username`...). */
  baseColumns: z.array(z.strictObject({ bases: z.array(CallPattern), columns: z.array(z.string()) })).default([]),
  /**
   * Python: calls whose result, assigned to a class attribute, relates the class to another mapped class (Django's
   * `ForeignKey(Customer, ...)`, SQLAlchemy's `relationship("Customer")`): an object's attribute is then the related
   * object, or its objects. `target` is the argument naming the class (the class, or its name as text; without it, the
   * class the attribute's annotation names: `Mapped["Customer"]`). `reverse` names the attribute the related class's
   * objects get for this class's: the keyword that names it (`related_name`, `backref`), else `default` (`{model}_set`:
   * the lower-cased class name); `none` is the keyword's value that gives them none (Django's `"+"`).
   */
  relations: z.array(z.strictObject({
    call: z.array(CallPattern),
    target: ArgRef.optional(),
    /**
     * Targets written as a name the framework resolves at run time, and the class name that stands for them
     * (`settings.AUTH_USER_MODEL`: `User`, the program's user model, looked up by that name).
     */
    aliases: z.record(z.string(), z.string()).default({}),
    /**
     * Classes a framework defines, by their name as written or aliased, and the tables they map: the related rows
     * when the program maps no class of that name (`User`, `django.contrib.auth.models.User`: `auth_user`).
     */
    tables: z.record(z.string(), z.string()).default({}),
    /** Generic types an annotation naming the class may wrap it in (`Mapped`, `Optional`, `List`: `Mapped[List["Order"]]`). */
    unwrap: z.array(z.string()).default([]),
    reverse: z.strictObject({ kwarg: z.string(), default: z.string().optional(), none: z.string().optional() }).optional(),
    /**
     * The column of this class's table that holds the related object's key (Django: `{field}_id`, or the keyword
     * `kwarg` names it: `db_column`); without it, the attribute is no column (SQLAlchemy's `relationship()`).
     */
    column: z.strictObject({ default: z.string(), kwarg: z.string().optional() }).optional(),
  })).default([]),
  /** PHP attributes or docblock annotations on a class that map it (`#[ORM\Entity]`, `@ORM\Entity`: Doctrine). */
  classMarks: z.array(CallPattern).default([]),
  /** The attribute or annotation naming the table, and the argument that does (`#[ORM\Table(name: 'users')]`). */
  tableMark: z.strictObject({
    call: CallPattern, arg: z.number().int().nonnegative().optional(), kwarg: z.string().optional(),
    /** The named argument giving the table's schema (`#[ORM\Table(name: 'posts', schema: 'cms')]`: `cms.posts`). */
    schema: z.string().optional(),
  }).optional(),
  /**
   * Attributes or annotations on properties that make them columns (`#[ORM\Column]`, `#[ORM\JoinColumn]`): named by
   * the argument given, else by the property's name in snake_case followed by `suffix` (`customer` -> `customer_id`).
   * The first mark of a property that names its column wins, else the first mark's default.
   */
  /**
   * Attributes or annotations on properties that relate the class to another mapped class (`#[ORM\ManyToOne]`,
   * `@ORM\OneToMany(targetEntity="Order")`): the getter of the property (`getCustomer()`) gives the related
   * object, or its objects. The class is the argument `target` names (`targetEntity: Customer::class`), else the
   * property's declared type (`private ?Customer $customer`); the property's column, if a column mark gives it one,
   * holds the related row's key.
   */
  relationMarks: z.array(z.strictObject({ call: z.array(CallPattern), target: ArgRef.optional() })).default([]),
  /**
   * Methods that return a relation (`return $this->belongsTo(Customer::class);`: Eloquent): the method's name read
   * as a property of an object (`$order->customer`) gives the related object, or its objects. `call` lists the
   * methods called on `$this`, `target` the argument naming the class, `column` the column of this class's table
   * that holds the related row's key (`{field}_id` of the snake_case method name, or the argument `arg` names).
   */
  relationMethods: z.array(z.strictObject({
    call: z.array(z.string()),
    target: z.number().int().nonnegative().default(0),
    column: z.strictObject({ default: z.string(), arg: z.number().int().nonnegative().optional() }).optional(),
  })).default([]),
  /**
   * PHP: methods that make an attribute of the class's objects (Eloquent's accessors). `named`: a regular
   * expression whose first group is the attribute in StudlyCase (`^get(.+)Attribute$`: `getFullNameAttribute()` is
   * `full_name`); `returns`: classes a method declares it returns (`Attribute`), the attribute being the method's
   * name in snake_case (`fullName()`: `full_name`). Reading the attribute runs the method.
   */
  accessorMethods: z.strictObject({ named: z.string().optional(), returns: z.array(CallPattern).default([]) }).optional(),
  /** The attribute or annotation argument naming the class whose objects give the rows (`repositoryClass:`). */
  repositoryMark: z.strictObject({ call: CallPattern, arg: z.number().int().nonnegative().optional(), kwarg: z.string().optional() }).optional(),
  columnMarks: z.array(z.strictObject({
    call: CallPattern, arg: z.number().int().nonnegative().optional(), kwarg: z.string().optional(), suffix: z.string().optional(),
    /** Only on properties that also have one of these marks (a join column of a to-one association, not a join table's). */
    with: z.array(CallPattern).optional(),
  })).default([]),
});
export type OrmModel = z.infer<typeof OrmModel>;

/**
 * Classes a framework maps itself, which a program imports (`from django.contrib.auth.models import User`) or gets
 * from a call instead of declaring them: the table, its columns and key. `calls` return the class (`get_user_model()`)
 * or one of its objects (Laravel's `Auth::user()`): either stands for the table's rows. `swappable`: the program's
 * own mapped class of that name replaces it (a custom user model, Django's AUTH_USER_MODEL).
 */
export const FrameworkClassModel = z.strictObject({
  class: z.array(z.string()).min(1),
  calls: z.array(CallPattern).default([]),
  table: z.string(),
  columns: z.array(z.string()),
  key: z.string().optional(),
  swappable: z.string().optional(),
  /** A module-level name of the program whose text names the class that stands in (`AUTH_USER_MODEL`), before `swappable`. */
  swappableBy: z.string().optional(),
  /**
   * Attributes, as written, whose value is an object of the class (`request.user`: the signed-in user), in files
   * that import one of `imports` (a module or a package: `django`).
   */
  attributes: z.strictObject({ names: z.array(z.string()).min(1), imports: z.array(z.string()).default([]) }).optional(),
  /** The columns the class's objects show when formatted (Django's user: its `username`). */
  shows: z.array(z.string()).optional(),
  /** Methods of the class's objects that return columns of their row (`get_full_name`: `first_name`, `last_name`). */
  getters: z.record(z.string(), z.array(z.string())).optional(),
  /**
   * Framework classes (as bases are matched) whose subclasses in the program have the `getters` too, besides the
   * class itself: a program's own user model (`class Account(AbstractUser)`; in Laravel `class User extends
   * Authenticatable`, the class itself) gets the methods it does not define.
   */
  heirsOf: z.array(CallPattern).default([]),
});
export type FrameworkClassModel = z.infer<typeof FrameworkClassModel>;

/**
 * Python: classes whose constructor a library writes from the attributes the class declares with a type annotation
 * (a dataclass, a pydantic model, a NamedTuple): by their decorators or bases. Annotations whose outer type's last
 * name is among `ignoreTypes` (`ClassVar`) are no such attribute, nor are attributes assigned a call of `noInit`
 * that passes its `kwarg` as `False` (`field(init=False)`).
 */
export const RecordClassModel = z.strictObject({
  decorators: z.array(CallPattern).default([]),
  bases: z.array(CallPattern).default([]),
  ignoreTypes: z.array(z.string()).default([]),
  noInit: z.strictObject({ calls: z.array(CallPattern), kwarg: z.string() }).optional(),
  /**
   * Class methods that build an object of the class from the object or mapping given first, each attribute read from
   * it by name (pydantic's `UserOut.model_validate(user)`, `from_orm`): the call builds the class as `UserOut(**user)`.
   */
  builders: z.array(z.string()).default([]),
});
export type RecordClassModel = z.infer<typeof RecordClassModel>;

/**
 * Python: decorators that make a method an attribute (`@property`, `@functools.cached_property`): reading the
 * attribute runs the method on the object.
 */
export const AccessorModel = z.strictObject({
  call: CallPattern,
  /** The decorator makes the method the attribute's setter (`@email.setter`): assigning the attribute runs it. */
  sets: z.boolean().optional(),
});
export type AccessorModel = z.infer<typeof AccessorModel>;

/**
 * Python: decorators that register a function whose result a library gives the program under a name of its own
 * (`@login_manager.user_loader`: Flask-Login's `current_user` is the user it loads).
 */
export const ProviderModel = z.strictObject({ call: CallPattern, provides: z.array(z.string()).min(1) });
export type ProviderModel = z.infer<typeof ProviderModel>;

/**
 * Python: parameter defaults (or `Annotated[...]` metadata) by which a framework passes a function what another
 * function returns (FastAPI's `user: User = Depends(get_current_user)`): the parameter holds the result of calling
 * the function `fn` names, with no arguments.
 */
export const InjectionModel = z.strictObject({ call: CallPattern, fn: ArgRef });
export type InjectionModel = z.infer<typeof InjectionModel>;

export const LanguageModels = z.strictObject({
  version: z.literal(1),
  sql: z.array(SqlCallModel).default([]),
  /** Calls that wrap SQL text and pass it on (`sqlalchemy.text`). */
  // `separator`: the text is every positional argument's, joined by it (`Identifier("crm", "users")`: `crm.users`).
  sqlWrappers: z.array(z.strictObject({ call: CallPattern, arg: z.number().int().nonnegative().default(0), separator: z.string().optional() })).default([]),
  sinks: z.array(SinkModel).default([]),
  reads: z.array(ReadModel).default([]),
  writes: z.array(WriteModel).default([]),
  opens: z.array(OpenModel).default([]),
  /** Calls that declare a table and its columns. */
  tables: z.array(TableModel).default([]),
  sources: z.array(SourceModel).default([]),
  transforms: z.array(TransformModel).default([]),
  masks: z.array(MaskModel).default([]),
  joins: z.array(JoinModel).default([]),
  pathEdits: z.array(PathEditModel).default([]),
  serialisers: z.array(SerialiserModel).default([]),
  serialiserClasses: z.array(SerialiserClassModel).default([]),
  schemaClasses: z.array(SchemaClassModel).default([]),
  viewClasses: z.array(ViewClassModel).default([]),
  projections: z.array(ProjectionModel).default([]),
  keys: z.array(KeyModel).default([]),
  propagate: z.array(PropagateModel).default([]),
  indexed: z.array(IndexedModel).default([]),
  deferred: z.array(DeferredModel).default([]),
  bound: z.array(BoundModel).default([]),
  partials: z.array(PartialModel).default([]),
  routes: z.array(RouteModel).default([]),
  types: z.array(TypeModel).default([]),
  stores: z.array(StoreModel).default([]),
  orm: z.array(OrmModel).default([]),
  frameworkClasses: z.array(FrameworkClassModel).default([]),
  recordClasses: z.array(RecordClassModel).default([]),
  accessors: z.array(AccessorModel).default([]),
  providers: z.array(ProviderModel).default([]),
  injections: z.array(InjectionModel).default([]),
  statements: z.array(StatementModel).default([]),
  clients: z.array(ClientModel).default([]),
  callbacks: z.array(CallbackModel).default([]),
});
export type LanguageModels = z.infer<typeof LanguageModels>;

const GRAMMARS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../grammars');
const cache = new Map<string, LanguageModels>();

const SECTIONS = [
  'sql', 'sqlWrappers', 'sinks', 'reads', 'writes', 'opens', 'tables', 'sources', 'transforms', 'masks', 'joins', 'pathEdits', 'serialisers', 'serialiserClasses', 'schemaClasses', 'viewClasses', 'projections', 'keys', 'propagate', 'indexed', 'deferred', 'bound', 'partials', 'routes', 'types', 'stores', 'orm',
  'frameworkClasses', 'recordClasses', 'accessors', 'providers', 'injections', 'statements', 'clients', 'callbacks',
] as const;

/** Parses one model file; errors name the file and line of the offending entry. */
export function parseModels(text: string, file: string): LanguageModels {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, logLevel: 'error' });
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

/**
 * All model files of a language (`grammars/<language>/*.yaml`), in file-name order, merged. Several folders
 * (`php+hack`: Hack uses the PHP models and its own) are merged in the order given.
 */
export function loadModels(language: string): LanguageModels {
  const cached = cache.get(language);
  if (cached) return cached;
  const sets: LanguageModels[] = [];
  for (const folder of language.split('+')) {
    const dir = path.join(GRAMMARS_DIR, folder);
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
    sets.push(...files.map((f) => parseModels(readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f))));
  }
  const merged = mergeModels(sets);
  cache.set(language, merged);
  return merged;
}

/** The built-in model set (`loadModels` key) each language's extractor uses; SQL files use none. */
export const MODEL_KEYS: Readonly<Record<Language, string | null>> = { sql: null, python: 'python', cpp: 'cpp', php: 'php', hack: 'php+hack' };

/**
 * The models of these language keys (see `loadModels`), loaded here once as plain data, to hand to worker
 * threads: parsing and validating the YAML costs each thread more than a second of CPU, a copy a few ms.
 */
export function modelsToShare(languages: readonly string[]): Record<string, LanguageModels> {
  const out: Record<string, LanguageModels> = {};
  for (const language of languages) out[language] = loadModels(language);
  return out;
}

/** Takes models another thread loaded (`modelsToShare`) as this thread's own. */
export function adoptModels(models: Record<string, LanguageModels>): void {
  for (const [language, set] of Object.entries(models)) if (!cache.has(language)) cache.set(language, set);
}

const compiled = new Map<string, RegExp>();

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function patternRegex(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (regex) return regex;
  const segments = pattern.split('.');
  let source = '^';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') source += last ? '.*' : '(?:[^.]+\\.)*';
    else if (i === 0 && segment === '*' && segments.length > 1) source += '(?:.+\\.)';
    else source += segment.split('*').map(escapeRegex).join('[^.]*') + (last ? '' : '\\.');
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

/** What argument conditions look at: an argument's exact text (a literal or a name) and its literal prefix. */
export interface ArgText {
  text?: string;
  prefix?: string;
}

/**
 * Models of one kind indexed by their last name, so a call is only compared with the few models that can match
 * it: exact names first, then wildcard patterns, each in file order.
 */
export class ModelIndex<T extends { call: string; receiver?: string }> {
  private readonly byLast = new Map<string, T[]>();
  private readonly wild: T[] = [];
  private readonly receivers = new Map<T, RegExp>();
  private readonly patterns = new Map<string, RegExp>();

  constructor(models: readonly T[]) {
    // Exact names first, then patterns with a receiver condition (more specific), then the other patterns; in
    // each group, models with argument conditions before those without.
    const exact: T[] = [];
    const conditioned: T[] = [];
    const patterned: T[] = [];
    for (const model of models) (!model.call.includes('*') ? exact : model.receiver ? conditioned : patterned).push(model);
    // Among patterns, the one naming more of the call first: `**.write.**.save` (a Spark writer) before `*.save`
    // (any object's save, Django's); in file order otherwise.
    const literals = (model: T) => model.call.split('.').filter((segment) => !segment.includes('*')).length;
    const bySpecificity = (group: T[]) => group.map((model, order) => ({ model, order, literals: literals(model) }))
      .sort((a, b) => b.literals - a.literals || a.order - b.order).map(({ model }) => model);
    const whenFirst = (group: T[]) => {
      const ordered = group === exact ? group : bySpecificity(group);
      return [...ordered.filter((m) => 'when' in m && m.when), ...ordered.filter((m) => !('when' in m && m.when))];
    };
    for (const model of [...whenFirst(exact), ...whenFirst(conditioned), ...whenFirst(patterned)]) {
      const last = model.call.slice(model.call.lastIndexOf('.') + 1);
      const conditional = 'when' in model && model.when !== undefined;
      if (last.includes('*')) {
        this.wild.push(model);
        if (conditional) this.conditionalWild = true;
      } else {
        let list = this.byLast.get(last);
        if (!list) this.byLast.set(last, (list = []));
        list.push(model);
        if (conditional) this.conditionalLasts.add(last);
      }
      if (model.receiver) this.receivers.set(model, compileRegex(model.receiver));
    }
  }

  private readonly cache = new Map<string, T | null>();
  /** Last names of models with argument conditions, and whether a wildcard one has them. */
  private readonly conditionalLasts = new Set<string>();
  private conditionalWild = false;

  /** Whether a model with argument conditions could match one of these names (only then do arguments matter). */
  conditionalFor(names: readonly string[]): boolean {
    return this.conditionalWild || names.some((name) => this.conditionalLasts.has(name.slice(name.lastIndexOf('.') + 1)));
  }

  /**
   * The first model matching any of the names (most specific name first), checking receiver conditions and, when
   * the caller can tell arguments' texts (`argText`), argument conditions; models with argument conditions never
   * match without it.
   */
  find(names: readonly string[], receiver: string | undefined, argText?: (position: number) => ArgText | undefined): T | undefined {
    if (argText) return this.search(names, receiver, argText);
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
  search(names: readonly string[], receiver: string | undefined, argText?: (position: number) => ArgText | undefined): T | undefined {
    for (const name of names) {
      const last = name.slice(name.lastIndexOf('.') + 1);
      const candidates = this.byLast.get(last);
      if (candidates) {
        for (const model of candidates) if (this.accepts(model, name, receiver, argText)) return model;
      }
      for (const model of this.wild) if (this.accepts(model, name, receiver, argText)) return model;
    }
    return undefined;
  }

  private accepts(model: T, name: string, receiver: string | undefined, argText: ((position: number) => ArgText | undefined) | undefined): boolean {
    if (!matchesCall(model.call, name)) return false;
    const condition = this.receivers.get(model);
    if (condition !== undefined && (receiver === undefined || !condition.test(receiver))) return false;
    const when = (model as { when?: ArgCondition[] }).when;
    if (!when) return true;
    if (!argText) return false;
    return when.every((c) => {
      const arg = argText(c.arg);
      const text = arg?.text;
      if (c.is && (text === undefined || !c.is.includes(text))) return false;
      if (c.not && text !== undefined && c.not.includes(text)) return false;
      if (c.matches) {
        let regex = this.patterns.get(c.matches);
        if (!regex) this.patterns.set(c.matches, (regex = compileRegex(c.matches)));
        if (arg?.prefix === undefined || !regex.test(arg.prefix)) return false;
      }
      return true;
    });
  }
}
