/**
 * The facts cache never changes a result: warm and cold scans write byte-identical JSON, a rescan extracts only
 * what changed, any change to the extraction settings invalidates, and bad entries are ignored and replaced.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractionFingerprint, folderDigest, stableStringify } from '../src/cache/fingerprint.js';
import { resolveDialect } from '../src/extract/sql/dialects.js';
import { extractTree, scanReport } from '../src/pipeline/scan.js';
import { formatJson } from '../src/report/json/index.js';
import { KEPT_REPORTS } from '../src/cache/results.js';
import { resolveBudgets } from '../src/budget/index.js';
import { DEMO, REPO_ROOT, runCli, TEST_CACHE_HOME } from './helpers/cli.js';
import { scanJson, scanOptions } from './helpers/scan.js';

const temp = (name: string) => mkdtempSync(path.join(tmpdir(), `lineage-${name}-`));

function demoCopy(): string {
  const root = path.join(temp('tree'), 'demo');
  cpSync(DEMO, root, { recursive: true });
  return root;
}

function cacheEntries(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(at, entry.name));
      else out.push(path.join(at, entry.name));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

const entriesOf = (dir: string) => cacheEntries(dir).filter((file) => file.endsWith('.json') && file.includes(`${path.sep}facts-v1${path.sep}`));
const reportEntries = (dir: string) => cacheEntries(dir).filter((file) => file.includes(`${path.sep}reports-v1${path.sep}`));

describe('facts cache', () => {
  it('gives byte-identical JSON cold and warm, and the warm scan extracts nothing', async () => {
    const cache = temp('cache');
    const cold = runCli(['scan', DEMO, '--format', 'json', '--cache-dir', cache]);
    const warm = runCli(['scan', DEMO, '--format', 'json', '--cache-dir', cache]);
    expect(cold.code).toBe(0);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.stdout).toBe(runCli(['scan', DEMO, '--format', 'json', '--no-cache']).stdout);
    const built = entriesOf(cache).length;
    expect(built).toBeGreaterThan(0);
    // In-process (the program run from its sources has its own code digest, hence its own entries).
    const own = temp('cache');
    await extractTree(await scanOptions(DEMO, { cacheDir: own }));
    const tree = await extractTree(await scanOptions(DEMO, { cacheDir: own }));
    expect(tree.stats.extracted).toBe(0);
    expect(tree.stats.fromCache).toBe(tree.files.length);
    expect(entriesOf(own)).toHaveLength(tree.files.length);
    expect(built).toBe(tree.files.length);
    // Atomic writes leave no temporary files behind.
    expect(cacheEntries(cache).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  it('re-extracts only the file that changed, and matches an uncached scan of the changed tree', async () => {
    const root = demoCopy();
    const cache = temp('cache');
    const first = await extractTree(await scanOptions(root, { cacheDir: cache }));
    expect(first.stats.extracted).toBe(first.files.length);
    const model = path.join(root, 'warehouse/models/staging/stg_users.sql');
    writeFileSync(model, readFileSync(model, 'utf8').replace('from', 'FROM'));
    const second = await extractTree(await scanOptions(root, { cacheDir: cache }));
    expect(second.stats).toMatchObject({ extracted: 1, fromCache: first.files.length - 1 });
    expect(await scanJson(root, { cacheDir: cache })).toBe(await scanJson(root));
  });

  it('invalidates every entry when the dialect or a budget changes', async () => {
    const cache = temp('cache');
    const postgres = await extractTree(await scanOptions(DEMO, { cacheDir: cache }));
    const mysql = await extractTree(await scanOptions(DEMO, { cacheDir: cache, dialect: resolveDialect('mysql')! }));
    expect(mysql.stats.fromCache).toBe(0);
    expect(mysql.fingerprint).not.toBe(postgres.fingerprint);
    const budget = await extractTree(await scanOptions(DEMO, { cacheDir: cache, budgets: { 'sql-nesting': 150 } }));
    expect(budget.stats.fromCache).toBe(0);
    expect((await extractTree(await scanOptions(DEMO, { cacheDir: cache }))).stats.extracted).toBe(0);
  });

  it('keys on the tool version, the program code, the grammars and the whole extraction context', () => {
    const context = { dialect: resolveDialect('postgres')!, dbt: { projects: [] }, budgets: resolveBudgets() };
    const base = { tool: '1.0.0', code: 'c0de', grammars: 'g0' };
    const reference = extractionFingerprint(context, base);
    expect(extractionFingerprint(context, base)).toBe(reference);
    expect(extractionFingerprint(context, { ...base, tool: '1.0.1' })).not.toBe(reference);
    expect(extractionFingerprint(context, { ...base, code: 'c0df' })).not.toBe(reference);
    expect(extractionFingerprint(context, { ...base, grammars: 'g1' })).not.toBe(reference);
    const dbt = { projects: [{ dir: '', name: 'shop', modelDirs: ['models'], models: { orders: 'mart.orders' }, sources: {} }] };
    expect(extractionFingerprint({ ...context, dbt }, base)).not.toBe(reference);
    expect(stableStringify({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(stableStringify({ a: [{ c: 3, d: 2 }], b: 1 }));
  });

  it('sees any change to a library model file under grammars/', () => {
    const grammars = path.join(temp('grammars'), 'grammars');
    cpSync(path.join(REPO_ROOT, 'grammars'), grammars, { recursive: true });
    const before = folderDigest(grammars);
    expect(folderDigest(grammars)).toBe(before);
    const models = path.join(grammars, 'python/logging.yaml');
    writeFileSync(models, `${readFileSync(models, 'utf8')}\n# a comment is a change too\n`);
    expect(folderDigest(grammars)).not.toBe(before);
  });

  it('ignores and rewrites entries that are not JSON, carry another key, break the schema or describe another file', async () => {
    const cache = temp('cache');
    const expected = await scanJson(DEMO, { cacheDir: cache });
    const entries = entriesOf(cache);
    expect(entries.length).toBeGreaterThan(4);
    const [notJson, otherKey, badSchema, foreign] = entries as [string, string, string, string];
    writeFileSync(notJson, '{"format": "lineage-facts-cache/1", "key": ');
    writeFileSync(otherKey, readFileSync(otherKey, 'utf8').replace(/"key":"[0-9a-f]+"/, `"key":"${'0'.repeat(64)}"`));
    const broken = JSON.parse(readFileSync(badSchema, 'utf8'));
    broken.facts.lines = -1;
    writeFileSync(badSchema, JSON.stringify(broken));
    // Well-formed, with the right key, but its facts describe another file.
    const impostor = JSON.parse(readFileSync(foreign, 'utf8'));
    impostor.facts.file = 'elsewhere.sql';
    writeFileSync(foreign, JSON.stringify(impostor));

    const rescan = await extractTree(await scanOptions(DEMO, { cacheDir: cache }));
    expect(rescan.stats.extracted).toBe(4);
    expect(await scanJson(DEMO, { cacheDir: cache })).toBe(expected);
    // Rewritten: the next scan is served from the cache entirely.
    expect((await extractTree(await scanOptions(DEMO, { cacheDir: cache }))).stats.extracted).toBe(0);
    expect(JSON.parse(readFileSync(notJson, 'utf8')).key).toBe(path.basename(notJson, '.json'));
  });

  it('uses a valid entry written in another form as the canonical facts it holds', async () => {
    const cache = temp('cache');
    const cold = await extractTree(await scanOptions(DEMO, { cacheDir: cache }));
    const [pretty, reversed, stray] = entriesOf(cache) as [string, string, string];
    writeFileSync(pretty, JSON.stringify(JSON.parse(readFileSync(pretty, 'utf8')), null, 2));
    const flipped = JSON.parse(readFileSync(reversed, 'utf8'));
    flipped.facts = Object.fromEntries(Object.entries(flipped.facts).reverse());
    writeFileSync(reversed, JSON.stringify(flipped));
    const extra = JSON.parse(readFileSync(stray, 'utf8'));
    extra.facts.parse.note = 'not in the schema';
    writeFileSync(stray, JSON.stringify(extra));

    const warm = await extractTree(await scanOptions(DEMO, { cacheDir: cache }));
    expect(warm.stats.extracted).toBe(0);
    // The same facts, key order included (reports serialise them), and no stray key.
    expect(warm.files.map((facts) => JSON.stringify(facts))).toEqual(cold.files.map((facts) => JSON.stringify(facts)));
  });

  it('scans without the cache, with a warning, when the cache folder cannot be written', () => {
    const blocker = path.join(temp('blocked'), 'a-file');
    writeFileSync(blocker, '');
    const result = runCli(['scan', DEMO, '--format', 'json', '--cache-dir', path.join(blocker, 'cache')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^lineage: warning: cache folder .*a-file\/cache is not writable \(ENOTDIR\); scanning without the cache\n$/);
    expect(result.stdout).toBe(runCli(['scan', DEMO, '--format', 'json', '--no-cache']).stdout);
    expect(runCli(['scan', DEMO, '--format', 'json', '--cache-dir', path.join(blocker, 'cache'), '-q']).stderr).toBe('');
  });

  it('writes to the user cache folder by default, never into the scanned tree', () => {
    const root = demoCopy();
    const before = cacheEntries(root);
    const home = temp('home');
    expect(runCli(['scan', root, '--format', 'json'], { env: { XDG_CACHE_HOME: home } }).code).toBe(0);
    expect(cacheEntries(root)).toEqual(before);
    expect(entriesOf(path.join(home, 'lineage')).length).toBeGreaterThan(0);
    expect(TEST_CACHE_HOME).not.toBe(home);
  });

  it('rejects --cache-dir together with --no-cache', () => {
    const result = runCli(['scan', DEMO, '--no-cache', '--cache-dir', temp('cache')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('lineage: error: --cache-dir and --no-cache contradict each other; give one\n');
  });
});

describe('report cache', () => {
  const scanTwice = async (root: string, cache: string, overrides = {}) => {
    const first = await scanReport(await scanOptions(root, { cacheDir: cache, ...overrides }));
    const second = await scanReport(await scanOptions(root, { cacheDir: cache, ...overrides }));
    return { first, second };
  };

  it('reuses the whole report of an unchanged tree without loading any facts, byte-identical', async () => {
    const cache = temp('reports');
    const { first, second } = await scanTwice(DEMO, cache);
    expect(first.extraction.stopped).toBe(false);
    expect(second.extraction.stopped).toBe(true);
    expect(formatJson(second.report)).toBe(formatJson(first.report));
    expect(formatJson(second.report)).toBe(await scanJson(DEMO));
    expect(reportEntries(cache)).toHaveLength(1);
  });

  it('runs the whole-program stages again when a file, the manifest, the schema or the date changes', async () => {
    const root = demoCopy();
    const cache = temp('reports');
    await scanTwice(root, cache);
    const again = async (overrides = {}) => (await scanReport(await scanOptions(root, { cacheDir: cache, ...overrides })));

    writeFileSync(path.join(root, 'warehouse/scripts/retention.sql'), `${readFileSync(path.join(root, 'warehouse/scripts/retention.sql'), 'utf8')}\n-- reviewed\n`);
    const edited = await again();
    expect(edited.extraction.stopped).toBe(false);
    expect(edited.extraction.stats.extracted).toBe(1);
    expect(formatJson(edited.report)).toBe(await scanJson(root));

    const manifest = path.join(root, 'lineage.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('owner: growth-team', 'owner: data-platform'));
    const reannotated = await again();
    expect(reannotated.extraction.stopped).toBe(false);
    expect(formatJson(reannotated.report)).toBe(await scanJson(root));

    expect((await again({ schemaColumns: { 'table:raw.users': ['id', 'email'] } })).extraction.stopped).toBe(false);
    expect((await again({ today: '2031-01-01' })).extraction.stopped).toBe(false);
    expect((await again()).extraction.stopped).toBe(true);
  });

  it('ignores and replaces a damaged or foreign entry, and keeps only the latest few', async () => {
    const cache = temp('reports');
    const { first } = await scanTwice(DEMO, cache);
    const [entry] = reportEntries(cache);
    const text = readFileSync(entry!, 'utf8');
    // Same length, one byte changed in the report: the recorded sha256 no longer matches.
    writeFileSync(entry!, text.replace('"schemaVersion":"1"', '"schemaVersion":"2"'));
    const damaged = await scanReport(await scanOptions(DEMO, { cacheDir: cache }));
    expect(damaged.extraction.stopped).toBe(false);
    expect(formatJson(damaged.report)).toBe(formatJson(first.report));
    expect(readFileSync(entry!, 'utf8')).toBe(text);
    writeFileSync(entry!, 'not a cache entry');
    expect((await scanReport(await scanOptions(DEMO, { cacheDir: cache }))).extraction.stopped).toBe(false);

    for (let day = 1; day <= KEPT_REPORTS + 2; day++) {
      await scanReport(await scanOptions(DEMO, { cacheDir: cache, today: `2030-01-0${day}` }));
    }
    expect(reportEntries(cache)).toHaveLength(KEPT_REPORTS);
  });
});
