/** Small helpers for building IR values, shared by the extractors. */
import type { Part, Path, Value } from './code.js';

/**
 * A local name may carry a scope mark: `email#c1` is a variable of a comprehension (its own scope in Python),
 * apart from the function's `email`. Reports show and classify it as written (`shownName`).
 */
export const SCOPE_MARK = '#';

/** A local name without its scope mark: `email#c1` -> `email`. */
export function shownName(name: string): string {
  const at = name.indexOf(SCOPE_MARK);
  return at < 0 ? name : name.slice(0, at);
}

/** Paths longer than this keep their first and last segments (`a.b.c....y.email`): the ends carry the names. */
export const MAX_PATH = 24;

function longer(path: readonly string[] | undefined, segment: string): string[] {
  const next = [...(path ?? []), segment];
  return next.length <= MAX_PATH ? next : [...next.slice(0, MAX_PATH / 2), ...next.slice(next.length - MAX_PATH / 2)];
}

/** The value read through one more path segment (`user` -> `user.email`, `row` -> `row["ssn"]`). */
export function extendPath(value: Value, segment: string): Value {
  const out: Value = [];
  for (const part of value) {
    if ('ref' in part || 'slot' in part || 'index' in part) {
      out.push({ ...part, path: longer(part.path, segment) });
    } else if ('items' in part) {
      // A literal collection: pick the entry statically when the key or position is known.
      const keyed = part.items.find((entry) => entry.key === segment);
      if (keyed) out.push(...keyed.value);
      else {
        const positional = part.items.filter((entry) => entry.key === undefined);
        const position = /^\d+$/.test(segment) ? Number(segment) : -1;
        if (position >= 0 && position < positional.length && positional.length === part.items.length) out.push(...positional[position]!.value);
        else for (const entry of positional) out.push(...entry.value);
      }
    } else out.push(part);
  }
  return out;
}

/** A single ref or slot part with its path, when the value is exactly that (the receiver of a method call). */
export function singlePath(value: Value): { name?: string; slot?: number; path: Path } | null {
  if (value.length !== 1) return null;
  const part = value[0]!;
  if ('ref' in part) return { name: part.ref, path: part.path ?? [] };
  if ('slot' in part) return { slot: part.slot, path: part.path ?? [] };
  return null;
}

/** The literal text of a value made only of one literal. */
export function literalText(value: Value): string | undefined {
  return value.length === 1 && 'lit' in value[0]! ? value[0].lit : undefined;
}

/** The texts of a literal list (`["id", "email"]`) or of literal parts, when every one is a literal and there is one. */
export function literalList(value: Value): string[] | undefined {
  const items = value.length === 1 && 'items' in value[0]! ? value[0].items.map((entry) => entry.value) : value.map((part) => [part]);
  const names = items.map((entry) => literalText(entry));
  return names.every((n): n is string => n !== undefined) && names.length > 0 ? names : undefined;
}

/** Parts of a value as one union, without exact duplicates of simple parts. */
export function unionValues(values: readonly Value[]): Value {
  if (values.length === 1) return values[0]!;
  const out: Value = [];
  const seen = new Set<string>();
  for (const value of values) {
    for (const part of value) {
      if ('ref' in part && !part.path) {
        if (seen.has(part.ref)) continue;
        seen.add(part.ref);
      }
      out.push(part as Part);
    }
  }
  return out;
}

/** Call arguments from position `from` on: the one there, or a list of them all (`KafkaConsumer("a", "b")`). */
export function restOf(positional: readonly Value[], from: number): Value {
  const rest = positional.slice(from);
  return rest.length === 1 ? rest[0]! : [{ items: rest.map((value) => ({ value })) }];
}

/** A literal name listing several (`"orders,refunds"` with separator `,`), as a list of them; anything else as it is. */
export function separated(name: Value, separator: string | undefined): Value {
  const text = separator === undefined ? undefined : literalText(name);
  if (text === undefined || !text.includes(separator!)) return name;
  const names = text.split(separator!).map((part) => part.trim()).filter((part) => part.length > 0);
  return [{ items: names.map((part) => ({ value: [{ lit: part }] })) }];
}

/** The text of `parts` joined by `separator` (`os.path.join(a, b)` is `a + "/" + b`). */
export function joined(parts: readonly Value[], separator: string): Value {
  const pieces: Value[] = [];
  for (const part of parts) {
    if (pieces.length > 0) pieces.push([{ lit: separator }]);
    pieces.push(part);
  }
  return pieces.length === 1 ? pieces[0]! : [{ concat: pieces }];
}
