/**
 * The benchmark (`npm run bench`): for each corpus, in one run, the raw parse-only time, a cold scan, a warm
 * rescan, a rescan after one file changed, `--jobs 1` against `--jobs 2`, and the peak memory of the cold scan —
 * and a check that all those scans wrote byte-identical JSON. Scans run the built CLI as a user would. Ratios are what to compare across
 * machines; the absolute times depend on the machine and its load (printed with the results).
 *
 *   npm run bench -- [--corpus stdlib,usr-include,synthetic-100k,synthetic-1m] [--repeat 2]
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRepo } from './generate.js';
import { parseOnly } from './parse-only.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'bin/lineage.js');
const USAGE_PRELOAD = path.join(REPO, 'bench/child-usage.mjs');
const WORK = path.join(tmpdir(), 'lineage-bench');
const MAX_FILE_SIZE = 2 * 1024 * 1024;

interface Corpus {
  name: string;
  /** Prepares the corpus; its root, or null when this machine lacks it. */
  root(): string | null;
  exclude: string[];
}

function pythonStdlib(): string | null {
  try {
    return execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

function synthetic(lines: number): () => string {
  return () => {
    const dir = path.join(WORK, `synthetic-${lines}`);
    const marker = path.join(dir, '.generated');
    if (!existsSync(marker)) {
      rmSync(dir, { recursive: true, force: true });
      generateRepo(dir, { lines, seed: 1 });
      writeFileSync(marker, 'seed 1\n');
    }
    return dir;
  };
}

const CORPORA: Corpus[] = [
  { name: 'stdlib', root: pythonStdlib, exclude: ['site-packages/'] },
  { name: 'usr-include', root: () => (existsSync('/usr/include') ? '/usr/include' : null), exclude: [] },
  { name: 'synthetic-100k', root: synthetic(100_000), exclude: [] },
  { name: 'synthetic-1m', root: synthetic(1_000_000), exclude: [] },
];

interface Run {
  ms: number;
  /** CPU time of all the process's threads. */
  cpuMs: number;
  rss: number;
  output: string;
  /** Wall-clock seconds by stage, from `--timings` (cold scans). */
  phases: Map<string, number>;
}

function runCli(args: string[], output: string): Run {
  const usageFile = `${output}.usage`;
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--import', USAGE_PRELOAD, CLI, ...args, '--format', 'json', '-o', output, '-q'], {
    env: { ...process.env, LINEAGE_BENCH_USAGE_FILE: usageFile },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`lineage ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { rss: number; cpuMs: number };
  const phases = new Map<string, number>();
  for (const match of child.stderr.matchAll(/^(\S.*?)\s+(\d+\.\d\d) s\s+\d+\.\d%\s+\d+\.\d\d s$/gm)) phases.set(match[1]!, Number(match[2]));
  return { ms, cpuMs: usage.cpuMs, rss: usage.rss, output: readFileSync(output, 'utf8'), phases };
}

interface Result {
  corpus: string;
  files: number;
  lines: number;
  parse: { ms: number; cpuMs: number };
  cold: Run;
  warm: Run;
  /** A rescan after one file changed: its facts and every cached report gone. */
  changed: Run;
  jobs1: Run;
  jobs2: Run;
  peakRss: number;
  identical: boolean;
  load: string;
}

/**
 * Makes the cache what a CI job finds after a commit that changed one file (the corpora are read-only, so the
 * change is made in the cache): the facts of one file (the first entry, in name order) and the cached reports are
 * removed. The next scan extracts that file and runs every whole-program stage, and its report is the same.
 */
function forgetOneFile(cache: string): void {
  const facts = path.join(cache, 'facts-v1');
  const folder = readdirSync(facts).filter((name) => /^[0-9a-f]{2}$/.test(name)).sort()[0];
  const entry = folder === undefined ? undefined : readdirSync(path.join(facts, folder)).filter((name) => name.endsWith('.json')).sort()[0];
  if (folder === undefined || entry === undefined) throw new Error(`no facts in the cache ${cache}`);
  rmSync(path.join(facts, folder, entry));
  rmSync(path.join(cache, 'reports-v1'), { recursive: true, force: true });
}

function best(runs: Run[]): Run {
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

async function measure(corpus: Corpus, root: string, repeat: number): Promise<Result> {
  const load = loadavg().map((n) => n.toFixed(1)).join(' ');
  const out = mkdtempSync(path.join(WORK, `${corpus.name}-`));
  const scanArgs = ['scan', root, ...corpus.exclude.flatMap((pattern) => ['--exclude', pattern])];
  const parses = [];
  for (let round = 0; round < repeat; round++) parses.push(await parseOnly(root, corpus.exclude, MAX_FILE_SIZE));
  const parse = parses.reduce((a, b) => (b.ms < a.ms ? b : a));

  const colds: Run[] = [];
  const warms: Run[] = [];
  const changes: Run[] = [];
  const jobs1: Run[] = [];
  const jobs2: Run[] = [];
  for (let round = 0; round < repeat; round++) {
    const cache = path.join(out, `cache-${round}`);
    colds.push(runCli([...scanArgs, '--cache-dir', cache, '--timings'], path.join(out, `cold-${round}.json`)));
    warms.push(runCli([...scanArgs, '--cache-dir', cache], path.join(out, `warm-${round}.json`)));
    forgetOneFile(cache);
    changes.push(runCli([...scanArgs, '--cache-dir', cache], path.join(out, `changed-${round}.json`)));
    // Interleaved, so a burst of load on the machine hits both alike.
    jobs1.push(runCli([...scanArgs, '--no-cache', '--jobs', '1'], path.join(out, `jobs1-${round}.json`)));
    jobs2.push(runCli([...scanArgs, '--no-cache', '--jobs', '2'], path.join(out, `jobs2-${round}.json`)));
    rmSync(cache, { recursive: true, force: true });
  }
  const reference = colds[0]!.output;
  const identical = [...colds, ...warms, ...changes, ...jobs1, ...jobs2].every((run) => run.output === reference);
  const summary = (JSON.parse(reference) as { summary: { files: number; lines: number } }).summary;
  rmSync(out, { recursive: true, force: true });
  return {
    corpus: corpus.name, files: summary.files, lines: summary.lines, parse,
    cold: best(colds), warm: best(warms), changed: best(changes), jobs1: best(jobs1), jobs2: best(jobs2),
    peakRss: Math.max(...colds.map((run) => run.rss)), identical, load,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

function table(results: Result[]): string {
  const rows = [
    '| corpus | files | lines | parse only (1 thread) | cold scan | cold / parse | warm rescan | warm / cold | one file changed | changed / cold | --jobs 1 | --jobs 2 | jobs 1 / jobs 2 | peak RSS (cold) | JSON identical | load avg |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of results) {
    rows.push(`| ${r.corpus} | ${r.files.toLocaleString('en-US')} | ${r.lines.toLocaleString('en-US')} | ${seconds(r.parse.ms)} | ${seconds(r.cold.ms)} | ` +
      `${ratio(r.cold.ms, r.parse.ms)} | ${seconds(r.warm.ms)} | ${(100 * r.warm.ms / r.cold.ms).toFixed(1)}% | ` +
      `${seconds(r.changed.ms)} | ${(100 * r.changed.ms / r.cold.ms).toFixed(1)}% | ${seconds(r.jobs1.ms)} | ` +
      `${seconds(r.jobs2.ms)} | ${ratio(r.jobs1.ms, r.jobs2.ms)} | ${mib(r.peakRss)} | ${r.identical ? 'yes' : '**NO**'} | ${r.load} |`);
  }
  return rows.join('\n');
}

/** CPU time (all threads) next to wall time: what the scans cost regardless of how busy the machine was. */
function cpuTable(results: Result[]): string {
  const rows = [
    '| corpus | parse only CPU | cold scan CPU | cold CPU / parse CPU | --jobs 1 CPU | --jobs 2 CPU | cores used by --jobs 2 (CPU / wall) |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    rows.push(`| ${r.corpus} | ${seconds(r.parse.cpuMs)} | ${seconds(r.cold.cpuMs)} | ${ratio(r.cold.cpuMs, r.parse.cpuMs)} | ` +
      `${seconds(r.jobs1.cpuMs)} | ${seconds(r.jobs2.cpuMs)} | ${(r.jobs2.cpuMs / r.jobs2.ms).toFixed(2)} |`);
  }
  return rows.join('\n');
}

/** Where the cold scan's wall-clock time went, by stage (`lineage scan --timings`). */
function phaseTable(results: Result[]): string {
  const rows = [
    '| corpus | discover + extract | simulate | other whole-program stages | report, format, write | cold scan (stages) |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  const sum = (phases: Map<string, number>, names: string[]) => names.reduce((n, name) => n + (phases.get(name) ?? 0), 0);
  for (const r of results) {
    const p = r.cold.phases;
    const total = p.get('total') ?? 0;
    const cell = (seconds: number) => `${seconds.toFixed(2)} s (${total > 0 ? ((100 * seconds) / total).toFixed(0) : 0}%)`;
    rows.push(`| ${r.corpus} | ${cell(sum(p, ['discover', 'extract']))} | ${cell(sum(p, ['simulate']))} | ${cell(sum(p, ['sql columns', 'graph', 'analyze']))} | ` +
      `${cell(sum(p, ['report', 'store report', 'format and write']))} | ${total.toFixed(2)} s |`);
  }
  return rows.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const option = (name: string) => {
    const at = argv.indexOf(name);
    return at === -1 ? undefined : argv[at + 1];
  };
  const wanted = option('--corpus')?.split(',') ?? CORPORA.map((c) => c.name);
  const repeat = Number(option('--repeat') ?? 1);
  const unknown = wanted.filter((name) => !CORPORA.some((c) => c.name === name));
  if (unknown.length > 0 || !(repeat >= 1)) {
    process.stderr.write(`usage: npm run bench -- [--corpus ${CORPORA.map((c) => c.name).join(',')}] [--repeat N]\n`);
    process.exitCode = 2;
    return;
  }
  mkdirSync(WORK, { recursive: true });
  process.stdout.write(`lineage benchmark · node ${process.version} · ${availableParallelism()} cores · default --jobs (up to ${availableParallelism()} threads, one per 4 MiB of source) for cold and warm scans\n\n`);
  const results: Result[] = [];
  for (const corpus of CORPORA.filter((c) => wanted.includes(c.name))) {
    const root = corpus.root();
    if (!root) {
      process.stdout.write(`(${corpus.name}: not on this machine, skipped)\n`);
      continue;
    }
    process.stderr.write(`measuring ${corpus.name} (${root}) ...\n`);
    results.push(await measure(corpus, root, repeat));
    process.stderr.write(`${table(results.slice(-1)).split('\n').pop()}\n`);
  }
  process.stdout.write(`${table(results)}\n\n${cpuTable(results)}\n\n${phaseTable(results)}\n`);
  if (results.some((r) => !r.identical)) process.exitCode = 1;
}

await main(process.argv.slice(2));
