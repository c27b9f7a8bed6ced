/** Lines of a stream (src/util/text-lines.ts): what readline gave, with a bound on a line's length. */
import { describe, expect, it } from 'vitest';
import { LineTooLongError, textLines } from '../src/util/text-lines.js';

async function lines(chunks: string[], max?: number): Promise<string[]> {
  async function* source() {
    for (const chunk of chunks) yield chunk;
  }
  const out: string[] = [];
  for await (const line of textLines(source(), max)) out.push(line);
  return out;
}

describe('lines of a stream', () => {
  it('split at LF and CRLF, across chunks, keeping empty lines and a last line without an end', async () => {
    expect(await lines(['{"a":1}\n{"b"', ':2}\r\n\n{"c":3}'])).toEqual(['{"a":1}', '{"b":2}', '', '{"c":3}']);
    expect(await lines(['one\r', '\ntwo\n'])).toEqual(['one', 'two']);
    expect(await lines([''])).toEqual([]);
    expect(await lines(['\n'])).toEqual(['']);
  });

  it('stop at a line longer than the bound, saying which line, whether it ends or not', async () => {
    await expect(lines(['short\n', 'x'.repeat(20), '\nafter\n'], 10)).rejects.toThrow(new LineTooLongError(2, 10));
    await expect(lines(['short\n', 'y'.repeat(6), 'y'.repeat(6)], 10)).rejects.toThrow(/^line 2 is longer than/);
    expect(await lines(['exactly10!\n'], 10)).toEqual(['exactly10!']);
  });
});
