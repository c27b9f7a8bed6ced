/** The tool's own version, from its package.json. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let cached: string | undefined;

export function toolVersion(): string {
  cached ??= (require('../package.json') as { version: string }).version;
  return cached;
}
