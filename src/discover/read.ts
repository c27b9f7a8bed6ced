/**
 * Reading one discovered file into text, or into a gap that says why it cannot be analysed. Nothing here
 * throws for a bad file: binary content, oversize, unreadable or vanished files become gaps.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Gap, Language } from '../facts/schema.js';
import { isNotebook, notebookSource } from './notebook.js';
import { declaredEncoding, decoderFor } from './source-encoding.js';

export interface SourceText {
  text: string;
  bytes: number;
  hash: string;
  lines: number;
  /** Problems that did not stop the analysis (e.g. invalid UTF-8 replaced). */
  gaps: Gap[];
}

export type ReadResult = { ok: true; source: SourceText } | { ok: false; gap: Gap };

const BINARY_SNIFF_BYTES = 8000;
const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export function isBinary(buffer: Uint8Array): boolean {
  const end = Math.min(buffer.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (buffer[i] === 0) return true;
  return false;
}

export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 0;
  let at = text.indexOf('\n');
  while (at !== -1) {
    lines++;
    at = text.indexOf('\n', at + 1);
  }
  return text.endsWith('\n') ? lines : lines + 1;
}

/** Number of bytes that are not part of a well-formed UTF-8 sequence. */
function invalidUtf8Bytes(buffer: Uint8Array): { count: number; firstOffset: number } {
  let count = 0;
  let firstOffset = -1;
  let i = 0;
  while (i < buffer.length) {
    const b = buffer[i]!;
    let need = 0;
    if (b < 0x80) { i++; continue; }
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    let ok = need > 0 && i + need < buffer.length;
    for (let k = 1; ok && k <= need; k++) {
      const c = buffer[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 either.
    const second = buffer[i + 1] ?? 0;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) ok = false;
    if (ok) { i += need + 1; continue; }
    if (firstOffset < 0) firstOffset = i;
    count++;
    i++;
  }
  return { count, firstOffset };
}

function lineAtByte(buffer: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (buffer[i] === 0x0a) line++;
  return line;
}

/**
 * The text of a file: UTF-8, or the encoding a Python file declares (PEP 263), with a gap in `gaps` for bytes it
 * cannot read. Snippets of findings read their lines through it too, so they show what was analysed.
 */
export function decodeText(file: string, buffer: Uint8Array, language: Language | undefined, gaps: Gap[] = []): string {
  const declared = declaredEncoding(buffer, language);
  const decoder = declared === undefined ? ({ kind: 'utf-8' } as const) : decoderFor(declared.name);
  if (declared !== undefined && decoder.kind === 'unknown') {
    gaps.push({
      kind: 'unknown-encoding', file, line: declared.line,
      detail: `declares the source encoding '${declared.name}', which is not known; analysed as UTF-8`, severity: 'warning',
    });
  }
  if (decoder.kind === 'latin-1') return Buffer.from(buffer.buffer, buffer.byteOffset, buffer.length).toString('latin1');
  if (decoder.kind === 'whatwg') {
    try {
      return new TextDecoder(decoder.label, { fatal: true }).decode(buffer);
    } catch {
      gaps.push({
        kind: 'invalid-encoding', file, line: firstUndecodableLine(buffer, decoder.label),
        detail: `bytes that are not valid ${decoder.label}, the declared source encoding (first on this line); analysed with replacement characters`,
        severity: 'warning',
      });
      return new TextDecoder(decoder.label).decode(buffer);
    }
  }
  const text = utf8.decode(buffer);
  if (text.includes('\uFFFD')) {
    const bad = invalidUtf8Bytes(buffer);
    if (bad.count > 0) {
      gaps.push({
        kind: 'invalid-utf8',
        file,
        line: lineAtByte(buffer, bad.firstOffset),
        detail: `${bad.count} byte(s) are not valid UTF-8 (first at byte ${bad.firstOffset}); analysed with replacement characters`,
        severity: 'warning',
      });
    }
  }
  return text;
}

/** The first line that does not decode on its own (the encodings a declaration can name keep `\n` a line end). */
function firstUndecodableLine(buffer: Uint8Array, label: string): number {
  const decoder = new TextDecoder(label, { fatal: true });
  let start = 0;
  for (let line = 1; start <= buffer.length; line++) {
    let end = buffer.indexOf(0x0a, start);
    if (end === -1) end = buffer.length;
    try {
      decoder.decode(buffer.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
  }
  return 0;
}

/**
 * Decoded text as the extractors read it: without a byte order mark, CRLF line ends read as LF (as the languages'
 * own readers do, Python's tokenizer and C and C++ translation, so a checkout with CRLF line ends, Git for Windows'
 * default, gives the same facts and report as one with LF; lines do not move, a lone CR stays), and a notebook as
 * its code cells (notebook.ts). Findings' code lines are read through it too, so they match what was analysed.
 */
export function asAnalysed(file: string, decoded: string, language: Language | undefined): { ok: true; text: string; gaps: Gap[] } | { ok: false; gap: Gap } {
  let text = decoded.replace(/^\uFEFF/, '');
  if (text.includes('\r\n')) text = text.replace(/\r\n/g, '\n');
  if (language !== 'python' || !isNotebook(file)) return { ok: true, text, gaps: [] };
  return notebookSource(file, text);
}

/**
 * A file's bytes as text to analyse, or the gap that says why it cannot be. `language` decides whether an
 * encoding declaration is honoured (Python's); everything else is read as UTF-8.
 */
export function decodeSource(file: string, buffer: Uint8Array, language?: Language): ReadResult {
  if (buffer.length === 0) {
    return { ok: false, gap: { kind: 'empty-file', file, line: 0, detail: 'file is empty', severity: 'info' } };
  }
  if (isBinary(buffer)) {
    return {
      ok: false,
      gap: { kind: 'binary-file', file, line: 0, detail: 'file contains NUL bytes; treated as binary and skipped', severity: 'warning' },
    };
  }
  const gaps: Gap[] = [];
  let text = decodeText(file, buffer, language, gaps);
  if (text.trim().length === 0) {
    return { ok: false, gap: { kind: 'empty-file', file, line: 0, detail: 'file contains only white space', severity: 'info' } };
  }
  const analysed = asAnalysed(file, text, language);
  if (!analysed.ok) return analysed;
  text = analysed.text;
  gaps.push(...analysed.gaps);
  // NUL past the binary sniffing window: tree-sitter stops reading at a NUL, so it would silently lose the rest
  // of the file. Blanked to spaces (offsets unchanged) and reported.
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    let count = 0;
    text = text.replace(/\0/g, () => (count++, ' '));
    gaps.push({
      kind: 'nul-bytes', file, line: countLines(text.slice(0, nul + 1)),
      detail: `${count} NUL byte(s) in a text file (first on this line); analysed as spaces`, severity: 'warning',
    });
  }
  const hash = hashBytes(buffer);
  return { ok: true, source: { text, bytes: buffer.length, hash, lines: countLines(text), gaps } };
}

/** sha256 of a file's raw bytes, hex: the `hash` of its facts and the content part of its cache key. */
export function hashBytes(buffer: Uint8Array): string {
  return createHash('sha256').update(buffer).digest('hex');
}

export type RawRead = { ok: true; buffer: Buffer } | { ok: false; gap: Gap };

function tooLarge(file: string, size: number, maxBytes: number): RawRead {
  return {
    ok: false,
    gap: {
      kind: 'file-too-large', file, line: 0,
      detail: `${size} bytes exceeds the limit of ${maxBytes} bytes (--max-file-size)`, severity: 'warning',
    },
  };
}

function unreadable(file: string, why: string): RawRead {
  return { ok: false, gap: { kind: 'unreadable-file', file, line: 0, detail: `cannot read file (${why})`, severity: 'error' } };
}

/**
 * The raw bytes of a file, never more than `maxBytes`: a file that grew since discovery is not read whole, and
 * something that is no longer a regular file (a FIFO put in its place, a folder) is refused without blocking.
 * Synchronous on purpose: for the many small files of a source tree it is several times faster than going
 * through libuv's thread pool, and the callers have nothing else to do meanwhile.
 */
export function readRaw(file: string, absPath: string, maxBytes: number, size: number, options: { noFollow?: boolean } = {}): RawRead {
  if (size > maxBytes) return tooLarge(file, size, maxBytes);
  let fd: number;
  try {
    fd = openSync(absPath, constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0));
  } catch (error) {
    return unreadable(file, (error as NodeJS.ErrnoException).code ?? 'error');
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return unreadable(file, 'no longer a regular file');
    if (stats.size > maxBytes) return tooLarge(file, stats.size, maxBytes);
    // One byte more than the size seen tells a file that grows while being read; it is read on, up to the limit.
    let buffer = Buffer.allocUnsafe(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) return tooLarge(file, Math.max(length, fstatSync(fd).size), maxBytes);
      if (length === buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
    }
    return { ok: true, buffer: buffer.subarray(0, length) };
  } catch (error) {
    return unreadable(file, (error as NodeJS.ErrnoException).code ?? 'error');
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Nothing to do about a failed close of a read-only file.
    }
  }
}

/**
 * A file the scan reads besides the code files (dbt's project, schema and model files): its bytes, or null when it
 * is not a regular file, is a symbolic link, cannot be read or is larger than `maxBytes`. Never blocks on a FIFO,
 * never reads a device, never follows a link out of the tree.
 */
export function readTreeFile(absPath: string, maxBytes: number): Buffer | null {
  const raw = readRaw(absPath, absPath, maxBytes, 0, { noFollow: true });
  return raw.ok ? raw.buffer : null;
}

export async function readSource(
  file: string, absPath: string, maxBytes: number, size: number, language?: Language,
): Promise<ReadResult> {
  const raw = readRaw(file, absPath, maxBytes, size);
  return raw.ok ? decodeSource(file, raw.buffer, language) : raw;
}
