/**
 * JSON text a piece at a time, byte-identical to `JSON.stringify(value, null, indent)`. A report of a large tree
 * is over 100 MB of text; built whole it is held at once (twice that when it has characters outside Latin-1, which
 * V8 then stores two bytes each), on top of the report it came from. In pieces, only one batch is held at a time.
 *
 * The first `levels` levels of plain objects and arrays are opened here; everything below them is one
 * `JSON.stringify` call per value (so a report's assets, jobs, edges ... are serialised one at a time).
 */

/** Pieces are joined into batches of about this many characters. */
const BATCH = 1 << 20;

function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** `JSON.stringify` of a value nested under `pad`: its own line breaks carry the enclosing indentation. */
function leaf(value: unknown, indent: string, pad: string): string | undefined {
  const text = JSON.stringify(value, null, indent) as string | undefined;
  return text !== undefined && pad !== '' && indent !== '' ? text.replace(/\n/g, `\n${pad}`) : text;
}

/** Depth is bounded by `levels` (a handful), so the recursion cannot run deep. */
function* pieces(value: unknown, indent: string, levels: number, pad: string): Generator<string> {
  const inner = pad + indent;
  const open = indent === '' ? '' : `\n${inner}`;
  const close = indent === '' ? '' : `\n${pad}`;
  const colon = indent === '' ? ':' : ': ';
  const member = function* (item: unknown): Generator<string> {
    if (levels > 1 && isPlainContainer(item)) yield* pieces(item, indent, levels - 1, inner);
    else yield leaf(item, indent, inner) ?? 'null';
  };
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    for (let index = 0; index < value.length; index++) {
      yield `${index === 0 ? '[' : ','}${open}`;
      yield* member(value[index]);
    }
    yield `${close}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(value as object)) {
    const item = (value as Record<string, unknown>)[key];
    // Members JSON.stringify leaves out.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    const text = levels > 1 && isPlainContainer(item) ? null : leaf(item, indent, inner);
    if (text === undefined) continue;
    yield `${first ? '{' : ','}${open}${JSON.stringify(key)}${colon}`;
    first = false;
    if (text === null) yield* pieces(item, indent, levels - 1, inner);
    else yield text;
  }
  yield first ? '{}' : `${close}}`;
}

/**
 * The pieces of `JSON.stringify(value, null, indent)`, joined into batches of about a megabyte. A value that is
 * not a plain object or array comes as one piece; one that JSON.stringify turns into `undefined` yields nothing.
 */
export function* jsonPieces(value: unknown, indent = '', levels = 2): Generator<string> {
  if (!isPlainContainer(value)) {
    const text = JSON.stringify(value, null, indent) as string | undefined;
    if (text !== undefined) yield text;
    return;
  }
  let batch = '';
  for (const piece of pieces(value, indent, levels, '')) {
    batch += piece;
    if (batch.length >= BATCH) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}
