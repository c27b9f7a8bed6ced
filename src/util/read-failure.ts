/** Why reading a file failed, for a message: the system's code (`ENOENT`, `EISDIR`), or what else went wrong. */
export function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // readBounded's own error: its message says how large.
  if (code === 'EFBIG' && error instanceof Error) return error.message;
  if (code) return code;
  // A device or file larger than a string can hold (`--manifest /dev/zero`): Node throws a RangeError, no code.
  if (error instanceof RangeError) return 'too large to read';
  return error instanceof Error ? error.message : String(error);
}
