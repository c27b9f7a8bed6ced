/**
 * The two kinds of patterns a manifest uses:
 * - asset patterns, `<kind>:<name>` where in the name `*` stands for one dotted part (`table:raw.*` matches
 *   `table:raw.users`, not `table:raw.a.b`), `**` for any run of parts, `?` for one character;
 * - path globs, relative to the scanned folder, where `*` stays within a folder, `**` crosses folders, and a
 *   pattern without wildcards names a file or everything below a folder (`warehouse` = `warehouse/**`).
 */

const escape = (ch: string) => ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');

export const isGlob = (pattern: string) => /[*?]/.test(pattern);

function compile(pattern: string, separator: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      // `**/` also matches nothing, so `a/**/b` matches `a/b`.
      if (pattern[i + 2] === separator) {
        out += `(?:.*${escape(separator)})?`;
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (ch === '*') out += `[^${escape(separator)}]*`;
    else if (ch === '?') out += `[^${escape(separator)}]`;
    else out += escape(ch);
  }
  return out;
}

export function assetMatcher(pattern: string): (assetId: string) => boolean {
  if (!isGlob(pattern)) return (id) => id === pattern;
  const colon = pattern.indexOf(':');
  const kind = pattern.slice(0, colon);
  const name = new RegExp(`^${compile(pattern.slice(colon + 1), '.')}$`);
  return (id) => {
    const at = id.indexOf(':');
    return at > 0 && (kind === '*' || id.slice(0, at) === kind) && name.test(id.slice(at + 1));
  };
}

export function pathMatcher(glob: string): (file: string) => boolean {
  const clean = glob.replace(/^\.\//, '').replace(/^\/+/, '');
  if (!isGlob(clean)) {
    const folder = clean.replace(/\/+$/, '');
    return (file) => file === folder || file.startsWith(`${folder}/`);
  }
  const regex = new RegExp(`^${compile(clean, '/')}$`);
  return (file) => regex.test(file);
}

/** How specific an asset pattern is: exact ids first, then globs with more literal characters. */
export function specificity(pattern: string): number {
  return isGlob(pattern) ? pattern.replace(/[*?]/g, '').length : Number.MAX_SAFE_INTEGER;
}
