/**
 * Build step of the HTML report (`npm run build`, after both tsc passes): joins the compiled browser modules
 * (`dist/report/html/client/*.js`, from tsconfig.client.json) into one script after the graph layout library
 * (@dagrejs/dagre's self-contained minified build, with its licence), and copies the style sheet. Output:
 * `dist/report/html/assets/app.js` and `app.css`, which assets.ts inlines into every page.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASSET_DIR } from './assets.js';
import { bundleModules } from './bundle.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLIENT_OUT = path.join(ROOT, 'dist/report/html/client');
const STYLES = path.join(ROOT, 'src/report/html/client/styles.css');

/** dagre's browser build defines the global `dagre`; its package exports only the module builds, so go by folder. */
function layoutLibrary(): string {
  const dir = path.dirname(createRequire(import.meta.url).resolve('@dagrejs/dagre/package.json'));
  const code = readFileSync(path.join(dir, 'dist/dagre.min.js'), 'utf8');
  const licence = readFileSync(path.join(dir, 'dist/dagre.min.js.LEGAL.txt'), 'utf8').trim();
  const version = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const body = code.replace(/^\/\/# sourceMappingURL=.*$/gm, '').replace(/\/\*! For license information please see [^*]*\*\//, '').trim();
  return `/* @dagrejs/dagre ${version} (graph layout) */\n${licence}\n${body}\n`;
}

function clientModules(): Map<string, string> {
  const files = readdirSync(CLIENT_OUT).filter((f) => f.endsWith('.js')).sort();
  return new Map(files.map((f) => [f, readFileSync(path.join(CLIENT_OUT, f), 'utf8')]));
}

export function buildAssets(): { script: number; style: number } {
  const script = `${layoutLibrary()}${bundleModules(clientModules(), 'main.js')}`;
  const style = readFileSync(STYLES, 'utf8');
  mkdirSync(ASSET_DIR, { recursive: true });
  writeFileSync(path.join(ASSET_DIR, 'app.js'), script);
  writeFileSync(path.join(ASSET_DIR, 'app.css'), style);
  return { script: script.length, style: style.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sizes = buildAssets();
  process.stdout.write(`html assets: app.js ${Math.round(sizes.script / 1024)} KiB, app.css ${Math.round(sizes.style / 1024)} KiB\n`);
}
