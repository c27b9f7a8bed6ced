/**
 * Reading a file the user named (a manifest, a report, a schema, SQL, sample data), with a bound. `readFile` on a device
 * without an end (`/dev/zero`) or a huge file fills memory before it fails (a Buffer may grow to 4 GiB); here the
 * read stops one byte past the bound with an EFBIG error whose message says so.
 */
import { open } from 'node:fs/promises';

/** The most text a file the user names may hold: about V8's longest string (a longer one cannot be parsed anyway). */
export const MAX_TEXT_BYTES = 512 * 1024 * 1024;

const CHUNK = 1024 * 1024;

export async function readBounded(file: string, limit = MAX_TEXT_BYTES): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) {
        throw Object.assign(new Error(`larger than ${Math.round(limit / (1024 * 1024))} MiB`), { code: 'EFBIG' });
      }
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

export async function readTextBounded(file: string, limit = MAX_TEXT_BYTES): Promise<string> {
  return (await readBounded(file, limit)).toString('utf8');
}

/**
 * The start of a file, up to `limit` bytes and cut after its last complete line when there is more (sample data:
 * a production export of several gigabytes used to be read whole, and skipped when it did not fit in a string).
 */
export async function readLeadingLines(file: string, limit: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    // No larger than the file: most samples are far below the limit.
    const buffer = Buffer.allocUnsafe(Math.min(limit, (await handle.stat()).size) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length <= limit) return buffer.toString('utf8', 0, length);
    const lastLine = buffer.lastIndexOf(0x0a, limit - 1);
    return buffer.toString('utf8', 0, lastLine === -1 ? limit : lastLine + 1);
  } finally {
    await handle.close();
  }
}
