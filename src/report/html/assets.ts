/**
 * The HTML report's browser code and styles, built by `npm run build` (see build-assets.ts) into
 * `dist/report/html/assets/`. Read once per process and inlined into every page, so the page needs no network.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * This module lives at `<package>/src/report/html/` (tests) or `<package>/dist/report/html/` (the built tool):
 * three levels up is the package root either way.
 */
export const ASSET_DIR = fileURLToPath(new URL('../../../dist/report/html/assets/', import.meta.url));

export interface PageAssets {
  script: string;
  style: string;
}

let cached: PageAssets | undefined;

export function pageAssets(): PageAssets {
  if (cached) return cached;
  try {
    cached = {
      script: readFileSync(`${ASSET_DIR}app.js`, 'utf8'),
      style: readFileSync(`${ASSET_DIR}app.css`, 'utf8'),
    };
  } catch {
    throw new Error(`the HTML report's browser code is missing from ${ASSET_DIR}; run \`npm run build\``);
  }
  return cached;
}
