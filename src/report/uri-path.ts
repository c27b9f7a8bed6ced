/**
 * A repository-relative path as the path of a URI: each segment percent-encoded, the slashes kept. `encodeURI`
 * leaves `#` and `?` as they are, so `jobs/#1.py` became a URI whose path ends at `jobs/` (the rest read as a
 * fragment) in SARIF viewers and code scanning.
 */
export function uriPath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
