#!/usr/bin/env node
// Measures extraction alone (discovery + per-file facts, no whole-program stages) with one thread and with
// worker threads, interleaved over rounds: wall seconds, CPU seconds of all threads, and the load average.
// On a shared machine compare CPU (work done) and the best wall of each. Run `npm run build` first.
//   node scripts/bench-extract-jobs.mjs DIR [--rounds N] [--jobs 1,2]
import os from 'node:os';
import path from 'node:path';
import { extractTree } from '../dist/pipeline/scan.js';
import { resolveDialect } from '../dist/extract/sql/dialects.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const root = path.resolve(args[0] ?? '.');
const rounds = Number(option('--rounds', '2'));
const jobsList = option('--jobs', '1,2').split(',').map(Number);
const cpu = () => { const used = process.cpuUsage(); return (used.user + used.system) / 1e6; };

const best = new Map();
for (let round = 0; round < rounds; round++) {
  for (const jobs of jobsList) {
    const options = {
      root, include: [], exclude: [], gitignore: true, dialect: resolveDialect('postgres'), maxFileSize: 2 * 1024 * 1024, jobs, cacheDir: null,
    };
    const start = performance.now();
    const cpuStart = cpu();
    const tree = await extractTree(options);
    const run = { jobs, files: tree.files.length, wall: (performance.now() - start) / 1000, cpu: cpu() - cpuStart, load: +os.loadavg()[0].toFixed(2) };
    console.log(JSON.stringify({ round, ...run, wall: +run.wall.toFixed(2), cpu: +run.cpu.toFixed(2) }));
    const previous = best.get(jobs);
    best.set(jobs, { wall: Math.min(previous?.wall ?? Infinity, run.wall), cpu: Math.min(previous?.cpu ?? Infinity, run.cpu) });
  }
}
const one = best.get(jobsList[0]);
for (const [jobs, { wall, cpu: used }] of best) {
  console.log(`jobs ${jobs}: best wall ${wall.toFixed(2)} s, best CPU ${used.toFixed(2)} s` +
    (jobs === jobsList[0] ? '' : ` | speed-up ${(one.wall / wall).toFixed(2)}x, CPU ${(used / one.cpu).toFixed(2)}x of jobs ${jobsList[0]}`));
}
