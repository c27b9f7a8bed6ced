/**
 * zod issues -> manifest problems a person can act on: what was expected, what was found, and for unknown keys
 * and values the closest known one.
 */
import type { z } from 'zod';
import type { ManifestProblem } from './errors.js';
import type { DataPath } from './positions.js';
import { didYouMean } from './suggest.js';

/** The few zod internals needed to find which keys an object at some path accepts. */
interface SchemaDef {
  type: string;
  innerType?: ZodLike;
  in?: ZodLike;
  shape?: Record<string, ZodLike>;
  element?: ZodLike;
  valueType?: ZodLike;
  options?: ZodLike[];
}
interface ZodLike { _zod: { def: SchemaDef } }

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function unwrap(schema: ZodLike): ZodLike {
  let current = schema;
  for (let i = 0; i < 16; i++) {
    const def = current._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

function child(schema: ZodLike, segment: PropertyKey): ZodLike | undefined {
  const def = unwrap(schema)._zod.def;
  if (def.type === 'object') return def.shape?.[String(segment)];
  if (def.type === 'array') return def.element;
  if (def.type === 'record') return def.valueType;
  if (def.type === 'union') return def.options?.map((option) => child(option, segment)).find((found) => found !== undefined);
  return undefined;
}

/** Keys the object schema at `path` accepts, in declaration order. */
export function knownKeysAt(schema: z.ZodType, path: DataPath): string[] {
  let current: ZodLike | undefined = schema as unknown as ZodLike;
  for (const segment of path) {
    current = current ? child(current, segment) : undefined;
  }
  if (!current) return [];
  const def = unwrap(current)._zod.def;
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

export function valueAt(data: unknown, path: DataPath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment as string];
  }
  return current;
}

/** How a found value is named in a message: `a list`, `the number 5`, `'critical'`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'nothing (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list',
  object: 'a map', record: 'a map', literal: 'a specific value',
};

/** zod's own messages start with these; ours (set on the schemas) start with "expected" or "a ...". */
const isDefaultMessage = (message: string) => /^(Invalid|Too (small|big)|Unrecognized)/.test(message);

const missingKey = (path: DataPath, expected: string) => `missing required key '${String(path[path.length - 1])}': ${expected}`;

function problem(issue: z.core.$ZodIssue, data: unknown, schema: z.ZodType, prefix: DataPath = []): ManifestProblem[] {
  const path = [...prefix, ...issue.path];
  const value = valueAt(data, path);
  const got = `, got ${describeValue(value)}`;
  const parent = valueAt(data, path.slice(0, -1));
  const missing = value === undefined && path.length > 0 && parent !== null && typeof parent === 'object' && !Array.isArray(parent);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, path);
      return issue.keys.map((key) => ({
        path, key,
        message: `unknown key '${key}'${didYouMean(key, known)}; expected one of: ${known.join(', ')}`,
      }));
    }
    case 'invalid_type': {
      const expected = isDefaultMessage(issue.message) ? `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}` : issue.message;
      return [{ path, message: missing ? missingKey(path, expected) : `${expected}${got}` }];
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      const expected = isDefaultMessage(issue.message) ? `expected one of: ${values.join(', ')}` : issue.message;
      const hint = typeof value === 'string' ? didYouMean(value, values) : '';
      return [{ path, message: missing ? missingKey(path, expected) : `${expected}${got}${hint}` }];
    }
    case 'invalid_union': {
      const first = issue.errors.flat()[0];
      return first ? problem(first, data, schema, path) : [{ path, message: `expected a valid value${got}` }];
    }
    case 'invalid_key': {
      const inner = issue.issues[0];
      const key = String(path[path.length - 1]);
      return [{ path, message: `key '${key}': ${inner && !isDefaultMessage(inner.message) ? inner.message : 'not an accepted key'}` }];
    }
    case 'too_small':
      if (!isDefaultMessage(issue.message)) return [{ path, message: issue.message }];
      return [{ path, message: issue.origin === 'array' ? `expected at least ${String(issue.minimum)} item(s)` : `expected at least ${String(issue.minimum)}${got}` }];
    case 'too_big':
      return [{ path, message: isDefaultMessage(issue.message) ? `expected at most ${String(issue.maximum)}${got}` : `${issue.message}${got}` }];
    default: {
      if (isDefaultMessage(issue.message)) return [{ path, message: `invalid value${got}` }];
      const expected = issue.message.startsWith('expected') ? issue.message : `expected ${issue.message}`;
      return [{ path, message: `${expected}${value === undefined || typeof value === 'object' ? '' : got}` }];
    }
  }
}

export function problemsFromZod(error: z.ZodError, data: unknown, schema: z.ZodType): ManifestProblem[] {
  return error.issues.flatMap((issue) => problem(issue, data, schema));
}
