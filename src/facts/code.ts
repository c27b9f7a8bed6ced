/**
 * The code part of the IR: values and the ordered steps of a unit of code (function, method, module top level,
 * class body). Language-neutral: every extractor of a programming language emits these, and the simulator
 * (src/simulate) interprets them without knowing which language they came from. docs/ir.md describes them with
 * a worked example.
 *
 * A *value* is what an expression evaluates to, described by where its data comes from: variables read through
 * access paths, results of earlier steps (slots), literals, collections, concatenations and dynamic subscripts.
 * The *names* a value is read through (`user.email`, `row["ssn"]`) are kept in the paths: they are what the
 * sensitivity heuristics look at.
 */
import { z } from 'zod';

/**
 * An access path: attribute names and constant keys, in order. `*` is an element of a collection or a key not
 * known statically; a decimal number is a position in a tuple or list (`a, b = f()` reads `0` and `1`).
 */
export const Path = z.array(z.string());
export type Path = z.infer<typeof Path>;

/** One key of a collection literal (`{"email": x}`); no key for positional elements (`[x, y]`, `(x, y)`). */
export interface Entry {
  key?: string;
  value: Value;
}

/**
 * One contribution to a value:
 * - `{ ref, path? }` a name (local variable, parameter, module global, imported name) read through a path;
 * - `{ slot, path? }` the result of an earlier step of the same unit (a call, read, query), through a path;
 * - `{ lit }` a literal's text (strings, numbers): constants let the simulator resolve table names, URLs, paths;
 * - `{ items }` a collection literal (dict, list, tuple, set, keyword arguments);
 * - `{ concat }` an ordered string concatenation (f-strings, `+`, `%`, `.format`, `join`, interpolation);
 * - `{ index, key, path? }` a subscript whose key is not a literal (`frame[FEATURES]`, `row[col]`);
 * - `{ edit, of, to? }` a file path edited (`out.parent`, `out.with_suffix(".tmp")`, `dirname($path)`): see PathEdit.
 */
export type Part =
  | { ref: string; path?: Path }
  | { slot: number; path?: Path }
  | { lit: string }
  | { items: Entry[] }
  | { concat: Value[] }
  | { index: Value; key: Value; path?: Path }
  | { edit: PathEdit; of: Value; to?: Value };

/**
 * How a path is edited, on its text (`/srv/out/users.csv`): `parent` is `/srv/out` (`.` for a bare name), `dirname`
 * the same but empty for a bare name (os.path.dirname), `name` is `users.csv`, `stem` `users`, `suffix` `.csv`;
 * `withName`, `withStem` and `withSuffix` replace that part with `to`; `normal` collapses `.`, `..` and doubled
 * separators.
 */
export const PathEdit = z.enum(['parent', 'dirname', 'name', 'stem', 'suffix', 'withName', 'withStem', 'withSuffix', 'normal']);
export type PathEdit = z.infer<typeof PathEdit>;

/** A value: the union of its parts. `[]` holds no data (a comparison, a constant-free expression). */
export type Value = Part[];

export const Value: z.ZodType<Value> = z.lazy(() => z.array(Part));
export const Entry: z.ZodType<Entry> = z.lazy(() => z.strictObject({ key: z.string().optional(), value: Value }));
export const Part: z.ZodType<Part> = z.lazy(() => z.union([
  z.strictObject({ ref: z.string(), path: Path.optional() }),
  z.strictObject({ slot: z.number().int().nonnegative(), path: Path.optional() }),
  z.strictObject({ lit: z.string() }),
  z.strictObject({ items: z.array(Entry) }),
  z.strictObject({ concat: z.array(Value) }),
  z.strictObject({ index: Value, key: Value, path: Path.optional() }),
  z.strictObject({ edit: PathEdit, of: Value, to: Value.optional() }),
]));

/** An assignment target: a variable, or a path inside one (`self.email`, `row["ssn"]`, `items[*]`). */
export const Target = z.strictObject({ name: z.string(), path: Path.optional() });
export type Target = z.infer<typeof Target>;

/**
 * An asset a step reads or writes. `kind` is the asset kind of its id (`table`, `file`, `api`, `topic`, `bucket`,
 * `model`, `feature`, ...); `name` is set when the extractor knows it literally, else `value` is the expression
 * naming it (a parameter, a module constant) for the simulator to resolve.
 */
export const AssetRef = z.strictObject({
  kind: z.string(),
  name: z.string().optional(),
  value: Value.optional(),
});
export type AssetRef = z.infer<typeof AssetRef>;

/** A column of a result or a write, with the asset columns it comes from when known. */
export const ResultColumn = z.strictObject({
  name: z.string(),
  from: z.array(z.strictObject({ asset: z.string(), column: z.string() })).optional(),
  /** A read's column that another column of the asset gives, named as the read's `lookups` name columns (`customer__email`). */
  lookup: z.string().optional(),
});
export type ResultColumn = z.infer<typeof ResultColumn>;

const line = z.number().int().positive();
const slot = z.number().int().nonnegative();

/** `x = v`, `a, b = f()` (one step per element), `x += v`, `self.email = v`, `for x in xs`, `with f() as x`. */
export const AssignStep = z.strictObject({
  op: z.literal('assign'),
  line,
  target: Target,
  value: Value,
  /** A weak update adds to what the target holds (container stores, mutation through a method). */
  weak: z.boolean().optional(),
  /**
   * Replaces the target's data only, keeping what the object is (its handles, functions, class): a cursor after
   * `cur.execute(...)` holds that statement's rows, not also those of statements it ran before. A plain name only.
   */
  data: z.literal(true).optional(),
});

/**
 * A key taken out of a local value (`del record["email"]`, `payload.pop("password")`): the value the name holds
 * no longer has the field at the end of `target.path`. Data the value holds as a whole stays.
 */
export const RemoveStep = z.strictObject({
  op: z.literal('remove'),
  line,
  target: Target,
});

/**
 * A call of anything that is not modelled as a read, write, sink or query: the simulator follows it into the
 * repository's own functions and methods, and otherwise lets the result depend on the arguments and receiver.
 */
export const CallStep = z.strictObject({
  op: z.literal('call'),
  line,
  slot,
  /** The callee resolved as far as the extractor can (import aliases, known receiver types): `etl.db.cursor`. */
  callee: z.string(),
  /** The callee as a value (`{ref:"cursor"}`, `{ref:"self",path:["load"]}`); its prefix is the receiver. */
  fn: Part.optional(),
  /** The receiver's value when `fn` cannot carry it (`f"{x}".lower()`, `(a or b).strip()`). */
  receiver: Value.optional(),
  args: z.array(Value),
  kwargs: z.array(z.strictObject({ name: z.string(), value: Value })).optional(),
  /** Arguments spread from a collection (`*args`, `**kwargs`): their data reaches every parameter. */
  spread: Value.optional(),
  /** The call hides its input's content (hashing, counting, a boolean test): results carry no sensitive data. */
  masks: z.boolean().optional(),
  /**
   * The call shows its input whole, every field of an object whatever its class shows when formatted
   * (`model_to_dict(customer)`, `vars(user)`): data of an asset known by a member of it (`Customer.objects.get(...)`)
   * is all of the asset, or the fields the call lists (`fields=[...]`, `exclude=[...]`).
   */
  serialises: z.strictObject({
    /** The only fields shown, when the call lists them. */
    visible: z.array(z.string()).optional(),
    /** Fields left out. */
    hidden: z.array(z.string()).optional(),
    /** The only fields shown, listed by a name of the program (`fields=PUBLIC_FIELDS`): resolved when simulated. */
    visibleNames: Value.optional(),
    /** Fields left out, listed by a name of the program. */
    hiddenNames: Value.optional(),
  }).optional(),
  /**
   * The result is the argument with only these fields, or without them (`df.drop(columns=["email"])`); a table read
   * whole keeps only those columns.
   */
  project: z.strictObject({
    only: z.array(z.string()).optional(),
    except: z.array(z.string()).optional(),
    /** `only` or `except` listed by a name of the program (`df.drop(columns=PII)`): resolved when simulated. */
    onlyNames: Value.optional(),
    exceptNames: Value.optional(),
  }).optional(),
  /** The result is data known by this name (`getpass.getpass()` is a `password`). */
  source: z.string().optional(),
  /** With `source`: the data's categories as a model states them (the name is not classified). */
  categories: z.array(z.string()).optional(),
  /**
   * The result is the input with these categories changed (a sanitizer): `remove` drops them and everything
   * below them, `downgrade` turns each key (and what is below it) into its value. Lineage stays.
   */
  transform: z.strictObject({
    remove: z.array(z.string()).optional(),
    downgrade: z.record(z.string(), z.string()).optional(),
  }).optional(),
  /**
   * The call's value when it reaches no code of the program, as a library model says (`select(...).where(c)` is
   * the select: criteria are no row data); a method of the program by that name is still followed.
   */
  otherwise: Value.optional(),
  /**
   * Not made when this callee is code of the program: a call a deferred-call model adds (`todo.add_task(fn, x)`
   * runs `fn(x)`) is no such call when `add_task` is the program's own method.
   */
  unless: Part.optional(),
  /**
   * The method is looked up in the bases of the class whose method makes the call, and runs with the same receiver
   * (`super().save(row)`, `parent::save($row)`): `fn` is the receiver with the method's name (`{ref:"self",
   * path:["save"]}`).
   */
  viaBase: z.literal(true).optional(),
});

/**
 * The call a modelled step stands for when a model matched it by its receiver's name only (`consumer.subscribe(...)`
 * of an object called `consumer`): when the callee is code of the program (a method of its own `Consumer` class),
 * the step is this call instead, and its slot the call's.
 */
const OrCall = CallStep.omit({ unless: true });

/**
 * A handle on an asset into the step's slot: a file opened, a client bound to a bucket. Reads and writes through
 * the handle (`f.write(x)`, `json.load(f)`) name the asset; `read` when the handle is opened for reading, so its
 * data flows from the asset.
 */
export const OpenStep = z.strictObject({
  op: z.literal('open'),
  line,
  slot,
  callee: z.string(),
  asset: AssetRef,
  read: z.boolean().optional(),
  /**
   * The call declares the asset rather than opening it (`Table("users", metadata, Column("email"))`): its columns,
   * and the attributes of the value that hold them (`users.c.email`). A declaration reads nothing.
   */
  declares: z.strictObject({ columns: z.array(z.string()), members: z.array(z.string()).optional() }).optional(),
  orCall: OrCall.optional(),
  /**
   * Dotted paths of each element of the handle (a message of the topic a consumer subscribes to) that hold the
   * asset's data, whole (`message.value`, `$message->payload`), not a column of that name.
   */
  members: z.array(z.string()).optional(),
});

/** Data read from an asset into the step's slot: a file, a table, a topic, a bucket object, a model. */
export const ReadStep = z.strictObject({
  op: z.literal('read'),
  line,
  slot,
  callee: z.string(),
  asset: AssetRef,
  /** Columns or fields of what is read, when known. */
  columns: z.array(ResultColumn).optional(),
  /**
   * Column names follow the relations of the table's mapped class, separated by this text: `customer__email` is the
   * `email` column of the table the relation `customer` gives.
   */
  lookups: z.string().optional(),
  /** Data the read combines with what it reads (an entity frame joined with stored features). */
  with: Value.optional(),
  /** The data's categories as a model states them (a manifest source reading this asset). */
  categories: z.array(z.string()).optional(),
  /** Dotted paths of the result (`*` any element) that hold what is read, whole (`Messages.*.Body`). */
  members: z.array(z.string()).optional(),
  orCall: OrCall.optional(),
});

/** A value written into an asset (a table, a file, a model, a feature view), per column when known. */
export const WriteStep = z.strictObject({
  op: z.literal('write'),
  line,
  callee: z.string(),
  asset: AssetRef,
  value: Value,
  /** Column name -> the value written into it, when the write names columns. */
  columns: z.array(z.strictObject({ name: z.string(), value: Value })).optional(),
  /** Also a sink of this kind (a file written is data leaving the system). */
  sink: z.string().optional(),
  orCall: OrCall.optional(),
});

/** Data leaving through a sink: a log, stdout, a file, an HTTP request, a third-party SDK, a cookie, ... */
export const SinkStep = z.strictObject({
  op: z.literal('sink'),
  line,
  /** Last line of the sink's statement when it spans several lines. */
  endLine: line.optional(),
  /** Result of the call, when the sink is a call whose result is used (`r = requests.post(...)`). */
  slot: slot.optional(),
  kind: z.string(),
  callee: z.string(),
  value: Value,
  /** The URL, file path, topic or key the data goes to, as a value (a literal or a name to resolve). */
  target: Value.optional(),
  /** When the target names an asset (`api`, `file`, `topic`, `bucket`), the asset kind. */
  asset: z.string().optional(),
  /** The target names an asset only through a handle (a message builder), never by the texts that went into it. */
  handleTarget: z.boolean().optional(),
  orCall: OrCall.optional(),
  /**
   * The data is sent as an object of this class (a handler's response model), or with `many` as a list of them: of
   * a record class (a unit with `record`), only the fields the class and its bases declare, read from the data by
   * name; of any other class, the data as it is.
   */
  shownAs: z.strictObject({
    class: Part,
    many: z.literal(true).optional(),
    /** Of those fields, only these are sent (`response_model_include`), and these are not (`response_model_exclude`). */
    visible: z.array(z.string()).optional(),
    hidden: z.array(z.string()).optional(),
  }).optional(),
});

export const ReturnStep = z.strictObject({ op: z.literal('return'), line, value: Value });

/** An import: the local name and the dotted name it stands for; leading dots are relative (`..db.cursor`). */
export const Import = z.strictObject({ local: z.string(), target: z.string(), line });
export type Import = z.infer<typeof Import>;

/** Class units mapped to an asset (ORM models): instances are records of this table, with these columns. */
export const AssetBinding = z.strictObject({
  kind: z.string(),
  name: z.string(),
  columns: z.array(z.string()),
  /** Classes (named as bases are) whose objects stand for the table's rows: the entity's repository. */
  repositories: z.array(z.string()).optional(),
  /**
   * Attributes of the class's objects named otherwise than the column or relation they stand for
   * (`fullName`: `full_name`, `phone`: `phone_number`, `shippingAddress`: the relation `shipping_address`).
   */
  attributes: z.record(z.string(), z.string()).optional(),
  /** Columns the class's serialised form leaves out (`$hidden`): a whole row of it does not hold them. */
  hidden: z.array(z.string()).optional(),
  /** The only columns the class's serialised form keeps (`$visible`). */
  visible: z.array(z.string()).optional(),
  /** The column that identifies a row (a primary key the class declares or its ORM gives it: Django's `id`). */
  key: z.string().optional(),
  /**
   * Attributes of the class's objects that are other mapped classes' objects (`order.customer`: a customer's row),
   * the class named as bases are; `reverse`: the attribute the related class's objects get for this class's rows.
   * Such an attribute is not among `columns`; its `column` is.
   */
  relations: z.array(z.strictObject({
    field: z.string(), target: z.string(), reverse: z.string().optional(),
    /** The column holding the related row's key (`customer_id`); none when the attribute is no column. */
    column: z.string().optional(),
    /**
     * The framework's table `target` names when the program maps no class of that name (Django's `auth_user`); the
     * extractor gives the file a framework class unit for it (`framework`), which such a class of the program replaces.
     */
    table: z.string().optional(),
  })).optional(),
  /**
   * The class is a framework's, not the program's: the extractor made the unit where the program names it (an import,
   * `get_user_model()`), so the table is used there, not declared.
   */
  framework: z.literal(true).optional(),
  /** A mapped class of the program with this name stands in its place (a custom user model). */
  swappable: z.string().optional(),
  /**
   * A module-level name of the program whose text names the class that stands in its place, before `swappable`
   * (`AUTH_USER_MODEL = "accounts.Account"`: the program's mapped class `Account`).
   */
  swappableBy: z.string().optional(),
});
export type AssetBinding = z.infer<typeof AssetBinding>;

/** A parameter of a unit: name, position kind and default value. */
export const Param = z.strictObject({
  name: z.string(),
  /** `varargs` (`*args`), `kwargs` (`**kwargs`), `keyword` (keyword-only); positional when absent. */
  kind: z.enum(['varargs', 'kwargs', 'keyword']).optional(),
  default: Value.optional(),
});
export type Param = z.infer<typeof Param>;

export type AssignStep = z.infer<typeof AssignStep>;
export type RemoveStep = z.infer<typeof RemoveStep>;
export type CallStep = z.infer<typeof CallStep>;
export type ReadStep = z.infer<typeof ReadStep>;
export type WriteStep = z.infer<typeof WriteStep>;
export type SinkStep = z.infer<typeof SinkStep>;
export type ReturnStep = z.infer<typeof ReturnStep>;
export type OpenStep = z.infer<typeof OpenStep>;
