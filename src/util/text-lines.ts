/**
 * The lines of a text stream, each without its `\n` or `\r\n`, with a bound on their length. readline has none:
 * a source without line ends (`lineage merge /dev/zero`, a damaged file) grew its line buffer until the string
 * length limit threw inside a stream event, where no caller can catch it, and the process crashed. Here the
 * error reaches the loop reading the lines.
 */

/** Longer than any line the tool writes (a facts record is bounded by the extraction budgets) and below V8's string limit. */
export const MAX_LINE_CHARS = 256 * 1024 * 1024;

export class LineTooLongError extends Error {
  constructor(readonly line: number, readonly limit: number) {
    super(`line ${line} is longer than ${Math.round(limit / (1024 * 1024))} MiB characters`);
  }
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

export async function* textLines(chunks: AsyncIterable<string>, maxChars = MAX_LINE_CHARS): AsyncGenerator<string> {
  let pending = '';
  let number = 0;
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      number++;
      const line = pending + chunk.slice(start, end);
      pending = '';
      if (line.length > maxChars) throw new LineTooLongError(number, maxChars);
      yield withoutCr(line);
      start = end + 1;
    }
    pending += chunk.slice(start);
    if (pending.length > maxChars) throw new LineTooLongError(number + 1, maxChars);
  }
  if (pending !== '') yield withoutCr(pending);
}
