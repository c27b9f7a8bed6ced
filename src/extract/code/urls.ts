/**
 * URLs of HTTP clients bound to a base URL: resolving a request's relative target against the base, and telling
 * an external host (a vendor's API) from the service's own infrastructure.
 */

/** `base` + `relative` as a client resolves it (RFC 3986), or undefined when either is not a URL. */
export function resolveUrl(base: string, relative: string | undefined): string | undefined {
  try {
    return new URL(relative ?? '', base).toString();
  } catch {
    return undefined;
  }
}

export { isExternalHost } from '../../classify/hosts.js';
