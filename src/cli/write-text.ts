/**
 * Writing large texts (the JSON report of a big tree is over 100 MB) a slice at a time: writing a string whole
 * first encodes all of it into one buffer, doubling the memory the report takes at the very end of a scan.
 */
import { once } from 'node:events';
import { open } from 'node:fs/promises';

const SLICE = 1 << 20;

/** Slices of about SLICE characters; never between the two halves of a surrogate pair. */
export function* slices(text: string, size = SLICE): Generator<string> {
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + size, text.length);
    const last = text.charCodeAt(end - 1);
    // A high surrogate last: its pair goes into the next slice (or this one, if it would be empty).
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end = end - 1 > at ? end - 1 : end + 1;
    yield text.slice(at, end);
    at = end;
  }
}

/** A whole text in slices, or a text that comes in pieces already (see util/json-pieces.ts). */
const piecesOf = (text: string | Iterable<string>): Iterable<string> => (typeof text === 'string' ? slices(text) : text);

export async function writeFileChunked(file: string, text: string | Iterable<string>): Promise<void> {
  const handle = await open(file, 'w');
  try {
    for (const slice of piecesOf(text)) await handle.write(slice);
  } finally {
    await handle.close();
  }
}

export async function writeChunked(stream: NodeJS.WritableStream, text: string | Iterable<string>): Promise<void> {
  for (const slice of piecesOf(text)) {
    if (!stream.write(slice)) await once(stream, 'drain');
  }
}
