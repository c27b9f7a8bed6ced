/**
 * A zod schema compiled, once, into a validating serializer: one pass over a value that checks it against the
 * schema and writes the JSON text of what `schema.safeParse(value).data` would be — the schema's key order, no
 * stray keys, undefined optional keys left out — without zod's deep copy and without a second serialisation.
 * Every file's facts go through this on the way out of the extractor. The same compiled walk can instead match a
 * value against a text that should be its canonical form (CanonicalMatcher): facts read back from the cache or a
 * facts file, in the form the tool writes them, are then checked without being written out and parsed again.
 *
 * It only says yes or "not this way": a value it rejects is handed to zod by the caller (canonicalJson), so zod
 * still decides failures and words their issues. It knows exactly the constructs the IR uses, with zod's
 * semantics for them (zod/v4/core/schemas.js): objects (stripped or strict), arrays, strings, numbers with
 * int/min/max-style checks, booleans, enums, literals, unions (first option that succeeds), discriminated unions,
 * lazy (recursive) schemas, optional object fields and records of strings. Anything else — another construct, a
 * check, a refinement, a transform, a default — makes compiling throw, so a schema change can never be half
 * checked here: the caller then keeps zod for that schema.
 *
 * Recursion is bounded: a value nested deeper than MAX_NESTING is left to zod.
 */
import type { z } from 'zod';

type Schema = z.core.$ZodType;

/**
 * Objects and arrays nested deeper than this are left to zod. The standard library's facts nest 59 deep; the
 * extractors' expression bounds keep the hostile corpus's deepest file under 500.
 */
export const MAX_NESTING = 1000;

/** A construct or check the compiler does not know. */
export class UnsupportedSchemaError extends Error {}

/** Thrown through the writers when a value nests past MAX_NESTING. */
const TOO_DEEP = Symbol('too deep');

/** Appends the canonical JSON text of `value` to the output; false when the value breaks the schema. */
type Writer = (value: unknown, depth: number) => boolean;

/**
 * Where compiled writers put the canonical text: one per compiled schema, used by one call at a time (calls are
 * synchronous). `mark` and `reset` take back a failed union option's partial text.
 */
interface Output {
  put(piece: string): void;
  /** A string value, as JSON.stringify writes it. */
  putString(value: string): void;
  mark(): number | string;
  reset(mark: number | string): void;
}

/**
 * Builds the text. Appending to a string (V8 keeps it as a rope until it is read) measured faster than collecting
 * parts and joining them, and taking back a partial text is one assignment.
 */
class TextOutput implements Output {
  text = '';

  put(piece: string): void {
    this.text += piece;
  }

  putString(value: string): void {
    this.text += JSON.stringify(value);
  }

  mark(): string {
    return this.text;
  }

  reset(mark: number | string): void {
    this.text = mark as string;
  }
}

const QUOTE = 0x22;
/** What JSON.stringify escapes in a string: quote, backslash, control characters, lone surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Compares the text with an expected one, piece by piece, building nothing. After a piece that differs it only
 * keeps validating, unless a union takes that piece back with its failed option.
 */
class MatchOutput implements Output {
  expected = '';
  at = 0;
  differs = false;

  put(piece: string): void {
    if (this.differs) return;
    const same = piece.length === 1 ? this.expected.charCodeAt(this.at) === piece.charCodeAt(0) : this.expected.startsWith(piece, this.at);
    if (same) this.at += piece.length;
    else this.differs = true;
  }

  /**
   * Most strings need no escapes: then the text holds them between quotes as they are, and comparing them so
   * spares writing each one out. A string with quotes, backslashes, control characters or lone surrogates (all
   * escaped by JSON.stringify) is compared written out.
   */
  putString(value: string): void {
    if (this.differs) return;
    const { expected, at } = this;
    const end = at + 1 + value.length;
    if (expected.charCodeAt(at) === QUOTE && expected.charCodeAt(end) === QUOTE && expected.startsWith(value, at + 1) && !NEEDS_ESCAPE.test(value)) {
      this.at = end + 1;
    } else this.put(JSON.stringify(value));
  }

  /** -1 when the text already differs before the mark: taking pieces back cannot mend that. */
  mark(): number {
    return this.differs ? -1 : this.at;
  }

  reset(mark: number | string): void {
    if ((mark as number) < 0) return;
    this.at = mark as number;
    this.differs = false;
  }
}

/** A compiled object field. */
interface Field {
  key: string;
  /** `"key":` and `,"key":`. */
  head: string;
  nextHead: string;
  optional: boolean;
  write: Writer;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** zod's isPlainObject (util.js), which records require of their input. */
function isPlainObject(value: unknown): value is Record<PropertyKey, unknown> {
  if (!isObject(value)) return false;
  const ctor = value.constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const prototype: unknown = ctor.prototype;
  return isObject(prototype) && Object.prototype.hasOwnProperty.call(prototype, 'isPrototypeOf');
}

function unsupported(schema: Schema, what: string): never {
  throw new UnsupportedSchemaError(`cannot compile a zod ${schema._zod.def.type} schema: ${what}`);
}

/** Primitive values of an enum or literal, each with its JSON text. */
function valueTexts(schema: Schema, values: readonly unknown[]): Map<unknown, string> {
  const texts = new Map<unknown, string>();
  for (const value of values) {
    const ok = typeof value === 'string' || typeof value === 'boolean' || value === null || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) unsupported(schema, `value ${String(value)}`);
    texts.set(value, JSON.stringify(value));
  }
  return texts;
}

/** zod's getEnumValues (util.js): the values of an enum's entries, minus the reverse keys of numeric enums. */
function enumValues(entries: Record<string, unknown>): unknown[] {
  const numeric = Object.values(entries).filter((value) => typeof value === 'number');
  return Object.entries(entries).filter(([key]) => !numeric.includes(+key)).map(([, value]) => value);
}

/** A number's checks as one predicate; throws on a check it does not know. */
function numberTest(schema: Schema): (value: number) => boolean {
  const tests: Array<(value: number) => boolean> = [];
  for (const check of schema._zod.def.checks ?? []) {
    const def = check._zod.def as unknown as { check: string; format?: string; value?: unknown; inclusive?: boolean; when?: unknown };
    if (def.when !== undefined) unsupported(schema, `a conditional ${def.check} check`);
    if (def.check === 'number_format' && def.format === 'safeint') tests.push(Number.isSafeInteger);
    else if ((def.check === 'greater_than' || def.check === 'less_than') && typeof def.value === 'number') {
      const bound = def.value;
      if (def.check === 'greater_than') tests.push(def.inclusive ? (value) => value >= bound : (value) => value > bound);
      else tests.push(def.inclusive ? (value) => value <= bound : (value) => value < bound);
    } else unsupported(schema, `the check ${def.check}${def.format ? ` (${def.format})` : ''}`);
  }
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return (value) => tests.every((test) => test(value));
}

class Compiler {
  /** Writers by schema, so recursive (lazy) schemas compile once and refer to themselves. */
  private readonly compiled = new Map<Schema, Writer>();

  constructor(private readonly out: Output) {}

  writer(schema: Schema): Writer {
    const known = this.compiled.get(schema);
    if (known) return known;
    const def = schema._zod.def;
    if (schema._zod.traits.has('$ZodCheck')) unsupported(schema, 'a schema that is itself a check (a string or number format)');
    if (def.type !== 'number' && (def.checks?.length ?? 0) > 0) unsupported(schema, 'checks or refinements');
    if ((def as { coerce?: boolean }).coerce) unsupported(schema, 'coercion');
    if (def.type === 'lazy') {
      // Registered before the inner schema compiles, so the inner one can refer back to it.
      let inner: Writer = () => false;
      this.compiled.set(schema, (value, depth) => inner(value, depth));
      inner = this.writer((schema as z.core.$ZodLazy)._zod.innerType);
      return this.compiled.get(schema)!;
    }
    const writer = this.build(schema);
    this.compiled.set(schema, writer);
    return writer;
  }

  private build(schema: Schema): Writer {
    const out = this.out;
    const def = schema._zod.def;
    switch (def.type) {
      case 'string':
        return (value) => {
          if (typeof value !== 'string') return false;
          out.putString(value);
          return true;
        };
      case 'number': {
        const test = numberTest(schema);
        return (value) => {
          // z.number() rejects NaN and the infinities; finite numbers print alike in String and JSON.stringify.
          if (typeof value !== 'number' || !Number.isFinite(value) || !test(value)) return false;
          out.put(String(value));
          return true;
        };
      }
      case 'boolean':
        return (value) => {
          if (typeof value !== 'boolean') return false;
          out.put(value ? 'true' : 'false');
          return true;
        };
      case 'enum':
      case 'literal': {
        const values = def.type === 'enum' ? enumValues((def as z.core.$ZodEnumDef).entries) : (def as z.core.$ZodLiteralDef<z.core.util.Literal>).values;
        const texts = valueTexts(schema, values);
        return (value) => {
          const text = texts.get(value);
          if (text === undefined) return false;
          out.put(text);
          return true;
        };
      }
      case 'array':
        return this.array(this.writer((def as z.core.$ZodArrayDef).element));
      case 'object':
        return this.object(schema as z.core.$ZodObject);
      case 'record':
        return this.record(schema as z.core.$ZodRecord);
      case 'union':
        return 'discriminator' in def ? this.discriminated(schema as z.core.$ZodDiscriminatedUnion) : this.union(schema as z.core.$ZodUnion);
      case 'optional':
        return unsupported(schema, 'optional outside an object field');
      default:
        return unsupported(schema, 'unknown construct');
    }
  }

  private array(element: Writer): Writer {
    const out = this.out;
    return (value, depth) => {
      if (!Array.isArray(value)) return false;
      if (depth >= MAX_NESTING) throw TOO_DEEP;
      out.put('[');
      for (let index = 0; index < value.length; index++) {
        if (index > 0) out.put(',');
        if (!element(value[index], depth + 1)) return false;
      }
      out.put(']');
      return true;
    };
  }

  private field(key: string, schema: Schema): Field {
    const head = `${JSON.stringify(key)}:`;
    const def = schema._zod.def;
    if (def.type !== 'optional') return { key, head, nextHead: `,${head}`, optional: false, write: this.writer(schema) };
    if (schema._zod.traits.has('$ZodExactOptional') || def.checks?.length) unsupported(schema, 'an exact or checked optional');
    const inner = (def as z.core.$ZodOptionalDef).innerType;
    if (inner._zod.optin !== undefined) unsupported(schema, 'an optional of an optional or default');
    return { key, head, nextHead: `,${head}`, optional: true, write: this.writer(inner) };
  }

  private object(schema: z.core.$ZodObject): Writer {
    const out = this.out;
    const { shape, catchall } = schema._zod.def;
    if (Object.getOwnPropertySymbols(shape).length > 0) unsupported(schema, 'symbol keys');
    const keys = Object.keys(shape);
    if (keys.includes('__proto__')) unsupported(schema, 'a __proto__ key');
    // z.object strips unknown keys; z.strictObject (catchall never) rejects them.
    if (catchall !== undefined && catchall._zod.def.type !== 'never') unsupported(schema, `a ${catchall._zod.def.type} catchall`);
    const strict = catchall !== undefined ? new Set(keys) : null;
    const fields = keys.map((key) => this.field(key, shape[key]!));
    return (value, depth) => {
      if (!isObject(value)) return false;
      if (depth >= MAX_NESTING) throw TOO_DEEP;
      let head = true;
      out.put('{');
      for (const field of fields) {
        const item = value[field.key];
        // An optional key that is absent or undefined is not in zod's output's JSON; a required one fails (none
        // of the compiled schemas but optional accepts undefined).
        if (item === undefined) {
          if (field.optional) continue;
          return false;
        }
        out.put(head ? field.head : field.nextHead);
        head = false;
        if (!field.write(item, depth + 1)) return false;
      }
      if (strict) for (const key in value) if (!strict.has(key)) return false;
      out.put('}');
      return true;
    };
  }

  private record(schema: z.core.$ZodRecord): Writer {
    const out = this.out;
    const { keyType, valueType, mode, partial } = schema._zod.def;
    const keyDef = keyType._zod.def;
    if (keyDef.type !== 'string' || keyDef.checks?.length || keyType._zod.traits.has('$ZodCheck') || (keyDef as z.core.$ZodStringDef).coerce) {
      unsupported(schema, 'keys other than plain strings');
    }
    if ((mode !== undefined && mode !== 'strict') || partial) unsupported(schema, `mode ${mode ?? ''}${partial ? ' partial' : ''}`);
    const item = this.writer(valueType);
    return (value, depth) => {
      if (!isPlainObject(value)) return false;
      if (depth >= MAX_NESTING) throw TOO_DEEP;
      let head = true;
      out.put('{');
      // zod reads own enumerable keys and never writes __proto__; a symbol key fails the string key schema.
      for (const key of Reflect.ownKeys(value)) {
        if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(value, key)) continue;
        if (typeof key !== 'string') return false;
        out.put(head ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
        head = false;
        if (!item(value[key], depth + 1)) return false;
      }
      out.put('}');
      return true;
    };
  }

  private union(schema: z.core.$ZodUnion): Writer {
    const out = this.out;
    const def = schema._zod.def;
    if (def.inclusive === false) unsupported(schema, 'an exclusive union');
    const options = def.options.map((option) => this.writer(option));
    // The first option that succeeds wins; a failed option's partial text is taken back.
    return (value, depth) => {
      const mark = out.mark();
      for (const option of options) {
        if (option(value, depth)) return true;
        out.reset(mark);
      }
      return false;
    };
  }

  private discriminated(schema: z.core.$ZodDiscriminatedUnion): Writer {
    const { discriminator, options, unionFallback } = schema._zod.def;
    if (unionFallback) unsupported(schema, 'a union fallback');
    const byValue = new Map<unknown, Writer>();
    for (const option of options) {
      const def = option._zod.def;
      if (def.type !== 'object') unsupported(schema, `a ${def.type} option`);
      const tag = (def as z.core.$ZodObjectDef).shape[discriminator];
      const tagDef = tag?._zod.def;
      if (tagDef?.type !== 'literal' && tagDef?.type !== 'enum') unsupported(schema, `an option whose ${discriminator} is not a literal or enum`);
      const values = tagDef.type === 'enum' ? enumValues((tagDef as z.core.$ZodEnumDef).entries) : (tagDef as z.core.$ZodLiteralDef<z.core.util.Literal>).values;
      const write = this.writer(option);
      for (const value of values) {
        if (byValue.has(value)) unsupported(schema, `a duplicate discriminator value ${String(value)}`);
        byValue.set(value, write);
      }
    }
    // zod picks the option by the discriminator's value and parses with it alone.
    return (value, depth) => {
      if (!isObject(value)) return false;
      const option = byValue.get(value[discriminator]);
      return option !== undefined && option(value, depth);
    };
  }
}

/** The schema's validating serializer: the canonical JSON text of a valid value, undefined otherwise. */
export type CanonicalSerializer = (value: unknown) => string | undefined;

/**
 * Compiles a schema; throws UnsupportedSchemaError when it uses anything the compiler does not know. The
 * serializer returns undefined for a value that breaks the schema or nests past MAX_NESTING.
 */
export function compileCanonical(schema: Schema): CanonicalSerializer {
  const out = new TextOutput();
  const write = new Compiler(out).writer(schema);
  return (value) => {
    out.text = '';
    try {
      return write(value, 0) ? out.text : undefined;
    } catch (error) {
      if (error === TOO_DEEP) return undefined;
      throw error;
    } finally {
      out.text = '';
    }
  };
}

/**
 * Whether `text` from `start` to `end` is exactly the canonical JSON text of `value`. A value parsed from such a
 * text is then the value `schema.parse` would give (nothing to drop, nothing to reorder), so a reader can keep it
 * instead of serialising it and parsing the result again. Builds no text. Values nested past
 * MAX_NESTING get a no: the caller then takes the long way.
 */
export type CanonicalMatcher = (value: unknown, text: string, start?: number, end?: number) => boolean;

/** Compiles a schema into a matcher; throws UnsupportedSchemaError as `compileCanonical` does. */
export function compileCanonicalMatcher(schema: Schema): CanonicalMatcher {
  const out = new MatchOutput();
  const write = new Compiler(out).writer(schema);
  return (value, text, start = 0, end = text.length) => {
    out.expected = text;
    out.at = start;
    out.differs = false;
    try {
      return write(value, 0) && !out.differs && out.at === end;
    } catch (error) {
      if (error === TOO_DEEP) return false;
      throw error;
    } finally {
      out.expected = '';
    }
  };
}

/** Compiled serializers and matchers by schema (null: the schema cannot be compiled), shared in a thread. */
const serializers = new WeakMap<z.ZodType, CanonicalSerializer | null>();
const matchers = new WeakMap<z.ZodType, CanonicalMatcher | null>();

function compiledOf<T>(cache: WeakMap<z.ZodType, T | null>, schema: z.ZodType, compile: (schema: Schema) => T): T | null {
  let compiled = cache.get(schema);
  if (compiled === undefined) {
    try {
      compiled = compile(schema);
    } catch (error) {
      if (!(error instanceof UnsupportedSchemaError)) throw error;
      compiled = null;
    }
    cache.set(schema, compiled);
  }
  return compiled;
}

/**
 * The schema's matcher (see CanonicalMatcher), compiled on first use; one that always says no when the schema
 * cannot be compiled.
 */
export function canonicalMatcher(schema: z.ZodType): CanonicalMatcher {
  return (value, text, start, end) => compiledOf(matchers, schema, compileCanonicalMatcher)?.(value, text, start, end) ?? false;
}

/** A value's canonical JSON text, or zod's verdict on why it breaks the schema. */
export type CanonicalJson = { success: true; text: string } | { success: false; error: z.ZodError };

/**
 * The canonical JSON text of values of a schema — byte for byte `JSON.stringify(schema.parse(value))` — by the
 * compiled serializer, compiled on first use; zod parses only what the serializer rejects (so failures keep
 * zod's issues) and everything when the schema cannot be compiled.
 */
export function canonicalJson(schema: z.ZodType): (value: unknown) => CanonicalJson {
  return (value) => {
    const text = compiledOf(serializers, schema, compileCanonical)?.(value);
    if (text !== undefined) return { success: true, text };
    const parsed = schema.safeParse(value);
    return parsed.success ? { success: true, text: JSON.stringify(parsed.data) } : { success: false, error: parsed.error };
  };
}
