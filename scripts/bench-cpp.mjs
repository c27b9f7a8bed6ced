#!/usr/bin/env node
// Measures the C/C++ pipeline on a tree (default: this machine's /usr/include), one thread: parse only,
// extraction (parse + IR), and the simulation, in seconds, with the parse-quality distribution of the files.
// Run `npm run build` first.
//   node scripts/bench-cpp.mjs [dir]
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { extractFile } from '../dist/extract/index.js';
import { resolveDialect } from '../dist/extract/sql/dialects.js';
import { parserFor } from '../dist/extract/tree-sitter.js';
import { countLines, isBinary } from '../dist/discover/read.js';
import { simulate } from '../dist/simulate/index.js';

const root = process.argv[2] ?? '/usr/include';
const sources = [];
for (const file of fg.sync('**/*', { cwd: root, onlyFiles: true, followSymbolicLinks: false }).sort()) {
  if (!/\.(h|hh|hpp|hxx|c|cc|cpp|cxx|inl|tcc)$|^[^.]+$/i.test(path.basename(file))) continue;
  const buffer = readFileSync(path.join(root, file));
  if (buffer.length > 2_000_000 || isBinary(buffer)) continue;
  const text = buffer.toString('utf8');
  sources.push({ file, text, source: { text, bytes: buffer.length, hash: '', lines: countLines(text), gaps: [] } });
}
const lines = sources.reduce((n, s) => n + s.source.lines, 0);
const parser = await parserFor('cpp');
const context = { dialect: resolveDialect('postgres'), dbt: { projects: [] } };
await extractFile(sources[0].file, 'cpp', sources[0].source, context); // warm-up: models, grammar

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
for (const { file, source } of sources) facts.push(await extractFile(file, 'cpp', source, context));
const extract = (performance.now() - start) / 1000;
const extractCpu = cpu() - cpuStart;

start = performance.now();
const simulation = process.env.NO_SIM ? { flows: [], jobs: [], gaps: [] } : simulate(facts);
const sim = (performance.now() - start) / 1000;

const quality = { clean: 0, '0.99-1': 0, '0.9-0.99': 0, '0.5-0.9': 0, 'below 0.5': 0 };
for (const f of facts) {
  const q = f.parse.quality;
  if (f.parse.errorBytes === 0) quality.clean++;
  else if (q >= 0.99) quality['0.99-1']++;
  else if (q >= 0.9) quality['0.9-0.99']++;
  else if (q >= 0.5) quality['0.5-0.9']++;
  else quality['below 0.5']++;
}
const steps = facts.reduce((n, f) => n + f.units.reduce((m, u) => m + u.steps.length, 0), 0);
const units = facts.reduce((n, f) => n + f.units.length, 0);
const errors = facts.filter((f) => f.gaps.some((g) => g.kind === 'extractor-error')).length;
console.log(JSON.stringify({
  root, load: os.loadavg().map((n) => +n.toFixed(2)), files: sources.length, lines, units, steps, extractorErrors: errors, parseQuality: quality,
  seconds: { parse: +parse.toFixed(2), extract: +extract.toFixed(2), simulate: +sim.toFixed(2) },
  cpuSeconds: { parse: +parseCpu.toFixed(2), extract: +extractCpu.toFixed(2) },
  ratios: { extractOverParse: +(extract / parse).toFixed(2), extractOverParseCpu: +(extractCpu / parseCpu).toFixed(2), extractPlusSimulateOverParse: +((extract + sim) / parse).toFixed(2) },
  flows: simulation.flows.length, jobs: simulation.jobs.length, gaps: simulation.gaps.length,
}, null, 2));
