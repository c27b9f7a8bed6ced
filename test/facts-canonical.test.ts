/**
 * The compiled canonical serializer (src/facts/canonical.ts) against zod: on the facts of every fixture file and
 * on facts broken on purpose, both agree on valid or not and, when valid, the serializer's text is exactly
 * `JSON.stringify` of zod's output. Constructs the compiler does not know make compiling throw.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { seededRandom } from '../bench/generate.js';
import { languageByContent, languageByName } from '../src/discover/language.js';
import { canonicalJson, compileCanonical, compileCanonicalMatcher, MAX_NESTING, UnsupportedSchemaError } from '../src/facts/canonical.js';
import { FileFacts, type Value } from '../src/facts/schema.js';
import { canonicalFactsText } from '../src/parallel/file-task.js';
import { REPO_ROOT } from './helpers/cli.js';
import { extractText } from './helpers/extract.js';

const serialize = compileCanonical(FileFacts);
const matches = compileCanonicalMatcher(FileFacts);

/** zod's verdict as canonical text: undefined when the value breaks the schema. */
function zodText(schema: z.ZodType, value: unknown): string | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? JSON.stringify(parsed.data) : undefined;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const byName = languageByName(file);
    if (byName !== null && languageByContent(file, readFileSync(file, 'utf8').slice(0, 200), byName)) out.push(file);
  }
  return out.sort();
}

/** Small valid facts around one unit's steps. */
function factsWith(steps: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    file: 'app/x.py', language: 'python', hash: 'ab12', bytes: 10, lines: 2, parse: { errorBytes: 0, quality: 1 },
    units: [{ name: 'module', kind: 'module', line: 1, endLine: 2, steps }], gaps: [], ...extra,
  };
}

const returning = (value: unknown) => factsWith([{ op: 'return', line: 1, value }]);

/** A value nested `levels` concatenations deep. */
function nested(levels: number): Value {
  let value: Value = [{ ref: 'x', path: ['a'] }];
  for (let level = 0; level < levels; level++) value = [{ concat: [value, [{ lit: `"${level}"` }]] }];
  return value;
}

let fixtureFacts: Array<{ file: string; facts: unknown }>;

/** `count` copies of fixture facts, each broken at one random place (a value replaced, removed, added, `__proto__`). */
function* randomBreakages(seed: number, count: number): Generator<Record<string, unknown>> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const replacements: unknown[] = [
    0, -1, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, -0, '', 'cobol', 'DIRECT', 'x\u2028"\\\n\ud800', true, null, undefined,
    [], {}, [{}], [[]], { lit: 'a' }, { ref: 'r', lit: 'a' }, [{ ref: 'r', path: undefined }], { a: 'b' },
  ];
  for (let round = 0; round < count; round++) {
    const { facts } = pick(fixtureFacts);
    const copy = structuredClone(facts) as Record<string, unknown>;
    // Every object and array inside, with the key or index of each of its entries.
    const places: Array<[Record<string, unknown> | unknown[], string | number]> = [];
    const pending: unknown[] = [copy];
    while (pending.length > 0) {
      const node = pending.pop();
      if (Array.isArray(node)) node.forEach((item, index) => { places.push([node, index]); pending.push(item); });
      else if (typeof node === 'object' && node !== null) {
        for (const [key, item] of Object.entries(node)) { places.push([node as Record<string, unknown>, key]); pending.push(item); }
      }
    }
    const [holder, at] = pick(places);
    const edit = Math.floor(random() * 4);
    if (edit === 0) (holder as Record<string | number, unknown>)[at] = pick(replacements);
    else if (edit === 1) {
      if (Array.isArray(holder)) holder.splice(at as number, 1);
      else delete holder[at as string];
    } else if (edit === 2 && !Array.isArray(holder)) holder[pick(['stray', 'path', 'value', 'optional'])] = pick(replacements);
    else if (edit === 2) holder.push(pick(replacements));
    else {
      // An own `__proto__` key, as JSON.parse makes one.
      const target = (holder as Record<string | number, unknown>)[at];
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) Object.assign(target, JSON.parse('{"__proto__": "x"}'));
      else (holder as Record<string | number, unknown>)[at] = JSON.parse('{"__proto__": {"lit": "a"}}');
    }
    yield copy;
  }
}

beforeAll(async () => {
  const root = path.join(REPO_ROOT, 'fixtures');
  fixtureFacts = [];
  for (const file of sourceFiles(root)) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    fixtureFacts.push({ file: relative, facts: await extractText(relative, readFileSync(file, 'utf8')) });
  }
});

describe('the compiled facts serializer', () => {
  it('writes the facts of every fixture file exactly as zod does', () => {
    expect(fixtureFacts.length).toBeGreaterThan(100);
    let reshaped = 0;
    for (const { file, facts } of fixtureFacts) {
      const text = serialize(facts);
      expect(text, file).toBeDefined();
      expect(text, file).toBe(zodText(FileFacts, facts));
      if (text !== JSON.stringify(facts)) reshaped++;
    }
    // Extractors build objects in their own key order: the serializer does reorder (and strip) for real.
    expect(reshaped).toBeGreaterThan(10);
  });

  it('agrees with zod on thousands of random breakages of fixture facts', () => {
    let accepted = 0;
    let rejected = 0;
    for (const copy of randomBreakages(20240611, 4000)) {
      const expected = zodText(FileFacts, copy);
      expect(serialize(copy)).toBe(expected);
      if (expected === undefined) rejected++;
      else accepted++;
    }
    // Both outcomes are well exercised.
    expect(accepted).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(1500);
  });

  it('strips stray keys of plain objects and rejects them in strict ones, as zod does', () => {
    const valid = returning([{ ref: 'user', path: ['email'] }]);
    const text = serialize({ ...valid, extra: 1, parse: { quality: 1, errorBytes: 0, note: 'x' } });
    expect(text).toBe(zodText(FileFacts, valid));
    expect(text).not.toContain('extra');
    expect(text).toContain('"parse":{"errorBytes":0,"quality":1}');
    for (const part of [{ ref: 'user', lit: 'a' }, { lit: 'a', key: [] }, { items: [{ value: [], extra: true }] }, { concat: [[{ slot: 1, path: [], x: 1 }]] }]) {
      expect(serialize(returning([part])), JSON.stringify(part)).toBeUndefined();
      expect(zodText(FileFacts, returning([part]))).toBeUndefined();
    }
    const call = { op: 'call', line: 3, slot: 0, callee: 'f', args: [], stray: 1 };
    expect(serialize(factsWith([call]))).toBeUndefined();
    expect(zodText(FileFacts, factsWith([call]))).toBeUndefined();
  });

  it('writes keys in the schema order, leaves out undefined optional keys and picks the first union option that fits', () => {
    const facts = {
      imports: [{ line: 2, target: 'etl.db', local: 'db' }], module: undefined, gaps: [], units: [], parse: { quality: 0.5, errorBytes: 3 },
      lines: 2, bytes: 10, hash: 'ab12', language: 'python', file: 'app/x.py',
    };
    const text = serialize(facts);
    expect(text).toBe('{"file":"app/x.py","language":"python","hash":"ab12","bytes":10,"lines":2,"parse":{"errorBytes":3,"quality":0.5},'
      + '"units":[],"gaps":[],"imports":[{"local":"db","target":"etl.db","line":2}]}');
    expect(text).toBe(zodText(FileFacts, facts));
    const parts = [{ path: undefined, ref: 'r' }, { slot: 2 }, { key: [{ lit: 'k' }], index: [{ ref: 'row' }] }, { items: [{ value: [], key: 'a' }, { value: [{ lit: '1' }] }] }];
    const value = serialize(returning(parts));
    expect(value).toContain('"value":[{"ref":"r"},{"slot":2},{"index":[{"ref":"row"}],"key":[{"lit":"k"}]},{"items":[{"key":"a","value":[]},{"value":[{"lit":"1"}]}]}]');
    expect(value).toBe(zodText(FileFacts, returning(parts)));
  });

  it('rejects what zod rejects: missing keys, wrong types, numbers out of range, bad enum values and tags', () => {
    const valid = returning([{ lit: 'x' }]);
    const broken: Array<Record<string, unknown>> = [
      { ...valid, hash: undefined },
      { ...valid, bytes: '10' },
      { ...valid, bytes: -1 },
      { ...valid, bytes: 1.5 },
      { ...valid, lines: 2 ** 53 },
      { ...valid, parse: { errorBytes: 0, quality: 1.01 } },
      { ...valid, parse: { errorBytes: 0, quality: Number.NaN } },
      { ...valid, language: 'cobol' },
      { ...valid, units: {} },
      { ...valid, gaps: [{ kind: 'k', file: 'f', line: 0, detail: 'd', severity: 'fatal' }] },
      factsWith([{ op: 'return', line: 0, value: [] }]),
      factsWith([{ op: 'send', line: 1, value: [] }]),
      factsWith([{ op: 'sink', line: 1, slot: -1, kind: 'log', callee: 'print', value: [] }]),
      factsWith([{ op: 'call', line: 1, slot: 0, callee: 'f', args: [], transform: { downgrade: { a: 1 } } }]),
      returning([{ slot: 0.5 }]),
      returning({ lit: 'x' }),
      returning([null]),
    ];
    for (const facts of broken) {
      expect(zodText(FileFacts, facts), JSON.stringify(facts)).toBeUndefined();
      expect(serialize(facts), JSON.stringify(facts)).toBeUndefined();
    }
    // The boundaries themselves are valid.
    for (const facts of [{ ...valid, bytes: 0, parse: { errorBytes: 0, quality: 0 } }, { ...valid, lines: 2 ** 53 - 1 }, { ...valid, bytes: -0 }]) {
      expect(serialize(facts)).toBe(zodText(FileFacts, facts));
      expect(serialize(facts)).toBeDefined();
    }
  });

  it('writes records in key order, without __proto__, and escapes strings as JSON does', () => {
    const downgrade = JSON.parse('{"b": "x", "2": "y", "__proto__": "z", "a\\"\\u2028": "\\ud800\\n"}') as Record<string, string>;
    const facts = factsWith([{ op: 'call', line: 1, slot: 0, callee: 'f', args: [], transform: { downgrade } }]);
    const text = serialize(facts);
    expect(text).toContain('"transform":{"downgrade":{"2":"y","b":"x","a\\"\u2028":"\\ud800\\n"}}');
    expect(text).toBe(zodText(FileFacts, facts));
  });

  it('handles nesting far past real facts, and leaves values deeper than its bound to zod', () => {
    const deep = returning(nested(300));
    expect(serialize(deep)).toBeDefined();
    expect(serialize(deep)).toBe(zodText(FileFacts, deep));
    // Each concatenation is three levels (value, part, concat): this one nests past the bound.
    const deeper = returning(nested(Math.ceil(MAX_NESTING / 3) + 10));
    expect(serialize(deeper)).toBeUndefined();
    const checked = canonicalJson(FileFacts)(deeper);
    expect(checked.success && checked.text).toBe(zodText(FileFacts, deeper));
  });

  it('leaves failures to zod, with its issues, and facts that break the schema still become one extractor-error gap', () => {
    const broken = returning([{ ref: 'user', lit: 'x' }]);
    const checked = canonicalJson(FileFacts)(broken);
    expect(checked.success).toBe(false);
    if (!checked.success) expect(checked.error.issues).toEqual(FileFacts.safeParse(broken).error!.issues);
    expect(JSON.parse(canonicalFactsText(broken as unknown as FileFacts))).toEqual({
      file: 'app/x.py', language: 'python', hash: 'ab12', bytes: 10, lines: 2, parse: { errorBytes: 0, quality: 1 }, units: [],
      gaps: [{
        kind: 'extractor-error', file: 'app/x.py', line: 0, severity: 'error',
        detail: 'the python extractor produced facts that do not match the schema (units.0.steps.0.value.0: Invalid input)',
      }],
    });
  });
});

describe('the schema compiler', () => {
  it('compiles the facts schemas and the facts-file record', () => {
    expect(() => compileCanonical(FileFacts)).not.toThrow();
    expect(() => compileCanonical(z.strictObject({ facts: FileFacts }))).not.toThrow();
  });

  it('checks numbers as zod does', () => {
    const schemas = [z.number().int().positive(), z.number().int().nonnegative(), z.number().min(0).max(1), z.number().gt(-2).lt(2), z.number()];
    const numbers = [0, -0, 1, -1, 0.5, 1.5, 2, -2, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), Number.NaN, Number.POSITIVE_INFINITY, Number.MIN_VALUE, 1e21, '1', null];
    for (const schema of schemas) {
      const compiled = compileCanonical(schema);
      for (const number of numbers) expect(compiled(number), `${String(number)}`).toBe(zodText(schema, number));
    }
  });

  it('refuses constructs and checks it does not know, and canonicalJson then uses zod', () => {
    const unsupported: z.ZodType[] = [
      z.string().min(1), z.email(), z.int(), z.number().multipleOf(2), z.string().transform((s) => s.length), z.date(), z.null(),
      z.object({ a: z.string() }).refine(() => true), z.looseObject({ a: z.string() }), z.object({ a: z.string() }).catchall(z.string()),
      z.object({ a: z.string().default('x') }), z.object({ a: z.string().nullable() }), z.tuple([z.string()]), z.xor([z.string(), z.number()]),
      z.array(z.string().optional()), z.union([z.string(), z.number().optional()]), z.record(z.enum(['a']), z.string()),
      z.object({ a: z.string().optional().optional() }), z.lazy(() => z.any()), z.array(z.string()).max(3),
      z.discriminatedUnion('op', [z.object({ op: z.string() })]),
    ];
    for (const schema of unsupported) expect(() => compileCanonical(schema), schema._zod.def.type).toThrow(UnsupportedSchemaError);
    const schema = z.object({ a: z.string().min(2), b: z.number().optional() });
    const json = canonicalJson(schema);
    expect(json({ b: 1, a: 'xy', c: 3 })).toEqual({ success: true, text: '{"a":"xy","b":1}' });
    expect(json({ a: 'x' }).success).toBe(false);
  });
});

describe('the compiled matcher', () => {
  it('knows the canonical text of every fixture file, alone or inside a record, and nothing else', () => {
    let reordered = 0;
    for (const { file, facts } of fixtureFacts) {
      const text = serialize(facts)!;
      expect(matches(JSON.parse(text), text), file).toBe(true);
      const record = `{"facts":${text}}`;
      expect(matches(JSON.parse(record).facts, record, 9, record.length - 1), file).toBe(true);
      expect(matches(JSON.parse(record).facts, record, 9, record.length), file).toBe(false);
      // The extractor's own key order is valid facts in another text: not canonical.
      const raw = JSON.stringify(facts);
      if (raw === text) continue;
      reordered++;
      expect(matches(JSON.parse(raw), raw), file).toBe(false);
    }
    expect(reordered).toBeGreaterThan(10);
  });

  it('says yes exactly when a text is the canonical text of what it parses to, on thousands of random breakages', () => {
    let canonical = 0;
    for (const copy of randomBreakages(20261126, 3000)) {
      const expected = zodText(FileFacts, copy);
      if (expected !== undefined) {
        expect(matches(JSON.parse(expected), expected)).toBe(true);
        canonical++;
      }
      // As a cache entry or facts file may hold it: whatever JSON.stringify writes for the broken value.
      const raw = JSON.stringify(copy);
      if (raw === undefined) continue;
      const parsed: unknown = JSON.parse(raw);
      expect(matches(parsed, raw)).toBe(zodText(FileFacts, parsed) === raw);
    }
    expect(canonical).toBeGreaterThan(300);
  });

  it('takes back what a failed union option wrote before it failed', () => {
    // zod tries the first option, which fails on `a` after `b` matched nothing in the text, then the second.
    const schema = z.union([z.object({ b: z.string(), a: z.number() }), z.object({ a: z.string(), b: z.string() })]);
    const match = compileCanonicalMatcher(schema);
    const value = { a: 'x', b: 'y' };
    expect(zodText(schema, value)).toBe('{"a":"x","b":"y"}');
    expect(match(value, '{"a":"x","b":"y"}')).toBe(true);
    expect(match(value, '{"b":"y","a":"x"}')).toBe(false);
    expect(match({ a: 1, b: 'y' }, '{"b":"y","a":1}')).toBe(true);
  });
});
