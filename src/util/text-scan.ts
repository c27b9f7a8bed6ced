/**
 * Reading text backwards by hand, for matchers that must stay linear (a regular expression anchored at the end is
 * tried from every position, in quadratic time on long runs).
 */

/** Where the run of white space that ends at `at` starts (`at` itself when none ends there). */
export function spaceStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && /\s/.test(text[start - 1]!)) start--;
  return start;
}
