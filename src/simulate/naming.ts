/**
 * Asset ids from the names code uses: `table:raw.users` (unquoted names lower-cased, as query languages do),
 * `file:data/users.csv`, `api:api.vendor.example/v2/contacts` (host and path of a URL), `topic:orders`,
 * `bucket:exports`, `model:models/churn.joblib`.
 */
import type { Step } from '../facts/schema.js';
import { editedPath } from './path-edits.js';
import { hasMarker } from './values.js';

/** Host and path of a URL, without scheme, credentials, query or fragment. */
export function urlTarget(url: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/?#]+)([^?#]*)/i.exec(url.trim());
  if (!match) return undefined;
  const path = match[2]!.replace(/\/+$/, '');
  return `${match[1]!.toLowerCase()}${path}`;
}

export function assetId(kind: string, text: string): string | undefined {
  const name = text.trim();
  if (name === '' || (!hasMarker(name) && /[\s<>|]/.test(name) && kind !== 'file')) return undefined;
  switch (kind) {
    case 'table': {
      const parts = name.split('.').map((part) => (/^["`[].*["`\]]$/.test(part) ? part.slice(1, -1) : part.toLowerCase()));
      return `table:${parts.join('.')}`;
    }
    case 'api': {
      const target = urlTarget(name);
      return target ? `api:${target}` : undefined;
    }
    case 'file':
      // A path has a letter or digit somewhere: `$`, `%` or `\\` alone are pieces of paths being built, no file. A
      // whole number is a descriptor (`open(0)`, `os.fdopen(1)`), no path.
      // `data/./raw/../users.csv` is `data/users.csv`: one file, however the path was built.
      return /[\p{L}\p{N}]/u.test(name) && !/^-?\d+$/.test(name) ? `file:${normalFile(name)}` : undefined;
    case 'feature':
      // `view:feature` references name the feature view.
      return `feature:${name.split(':', 1)[0]}`;
    default:
      return `${kind}:${name}`;
  }
}

/** A file's path with `.`, `..` and doubled separators collapsed; a URL (`s3://bucket/key`) or a text being built as it is. */
function normalFile(name: string): string {
  if (hasMarker(name) || name.includes('://') || !name.includes('/')) return name.replace(/^\.\//, '');
  return editedPath(name, 'normal') ?? name;
}

/**
 * Whether an id completed from a caller's text (`file:<param>` with the argument's value) names an asset as one
 * written out would: `file:$`, a piece of a path being built, does not.
 */
export function isAssetId(id: string): boolean {
  const colon = id.indexOf(':');
  return colon > 0 && assetId(id.slice(0, colon), id.slice(colon + 1)) !== undefined;
}

/** The asset a step declares by a constant name, and its columns (`Table("users", ...)`, `Schema::create('users', ...)`). */
export function declaredAsset(step: Step): { id: string; columns: readonly string[] } | undefined {
  if (step.op !== 'open' || !step.declares || step.asset.name === undefined) return undefined;
  const id = assetId(step.asset.kind, step.asset.name);
  return id ? { id, columns: step.declares.columns } : undefined;
}

/** The target of a sink as shown in a flow: host and path for URLs, else the text. */
export function displayTarget(kind: string | undefined, text: string): string {
  if (kind === 'api') return urlTarget(text) ?? text;
  if (kind === 'file') return normalFile(text);
  return text;
}
