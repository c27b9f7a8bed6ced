/** The tool's own version, from its package.json. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let cached: string | undefined;

export function toolVersion(): string {
  cached ??= (require('../package.json') as { version: string }).version;
  return cached;
}

/**
 * Where people learn about the tool (SARIF `informationUri`): package.json `homepage`, else a URN naming the
 * README shipped with the package (SARIF needs an absolute URI; the project has no public home page yet).
 */
export function toolHomepage(): string {
  const pkg = require('../package.json') as { homepage?: string };
  return pkg.homepage ?? 'urn:lineage:readme';
}
