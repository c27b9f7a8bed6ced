#!/usr/bin/env node
// Measures the Python pipeline on a tree (default: this machine's Python standard library), one thread:
// parse only, extraction (parse + IR), and the simulation, in seconds. Run `npm run build` first.
//   node scripts/bench-python.mjs [dir]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { extractFile } from '../dist/extract/index.js';
import { resolveDialect } from '../dist/extract/sql/dialects.js';
import { parserFor } from '../dist/extract/tree-sitter.js';
import { countLines } from '../dist/discover/read.js';
import { simulate } from '../dist/simulate/index.js';

const root = process.argv[2] ?? execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])']).toString().trim();
const files = fg.sync('**/*.py', { cwd: root, ignore: ['site-packages/**'] }).sort();
const sources = files.map((file) => {
  const text = readFileSync(path.join(root, file), 'utf8');
  return { file, text, source: { text, bytes: Buffer.byteLength(text), hash: '', lines: countLines(text), gaps: [] } };
});
const lines = sources.reduce((n, s) => n + s.source.lines, 0);
const parser = await parserFor('python');
const context = { dialect: resolveDialect('postgres'), dbt: { projects: [] } };
await extractFile(sources[0].file, 'python', sources[0].source, context); // warm-up: models, grammar

// CPU seconds too: on a shared machine they move less with other work than wall time does.
const cpu = () => { const used = process.cpuUsage(); return (used.user + used.system) / 1e6; };
let start = performance.now();
let cpuStart = cpu();
for (const { text } of sources) parser.parse(text)?.delete();
const parse = (performance.now() - start) / 1000;
const parseCpu = cpu() - cpuStart;

start = performance.now();
cpuStart = cpu();
const facts = [];
for (const { file, source } of sources) facts.push(await extractFile(file, 'python', source, context));
const extract = (performance.now() - start) / 1000;
const extractCpu = cpu() - cpuStart;

start = performance.now();
const simulation = process.env.NO_SIM ? { flows: [], jobs: [], gaps: [] } : simulate(facts);
const sim = (performance.now() - start) / 1000;

const steps = facts.reduce((n, f) => n + f.units.reduce((m, u) => m + u.steps.length, 0), 0);
const units = facts.reduce((n, f) => n + f.units.length, 0);
const errors = facts.filter((f) => f.gaps.some((g) => g.kind === 'extractor-error')).length;
console.log(JSON.stringify({
  root, load: os.loadavg().map((n) => +n.toFixed(2)), files: files.length, lines, units, steps, extractorErrors: errors,
  seconds: { parse: +parse.toFixed(2), extract: +extract.toFixed(2), simulate: +sim.toFixed(2) },
  cpuSeconds: { parse: +parseCpu.toFixed(2), extract: +extractCpu.toFixed(2) },
  ratios: { extractOverParse: +(extract / parse).toFixed(2), extractOverParseCpu: +(extractCpu / parseCpu).toFixed(2), extractPlusSimulateOverParse: +((extract + sim) / parse).toFixed(2) },
  flows: simulation.flows.length, jobs: simulation.jobs.length, gaps: simulation.gaps.length,
}, null, 2));
