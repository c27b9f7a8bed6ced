/** Errors the user can fix (bad flag, bad value, missing folder): one clear line and exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
