#!/usr/bin/env node
// Measures putting facts in canonical form, per pass over all the files of a facts file: zod's safeParse followed
// by JSON.stringify (what every file's facts went through before) against the compiled validating serializer
// (src/facts/canonical.ts), with JSON.stringify of the facts alone as a floor. Paths are interleaved over rounds;
// the best pass of each is reported. Run `npm run build` first, and make the facts with a scan, e.g.
//   node bin/lineage.js scan DIR --no-cache --facts-out /tmp/x.facts -q --format json -o /dev/null
//   node scripts/bench-canonical.mjs /tmp/x.facts [--rounds N]
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { compileCanonical } from '../dist/facts/canonical.js';
import { FileFacts } from '../dist/facts/schema.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
if (!args[0]) {
  console.error('usage: node scripts/bench-canonical.mjs FACTS_FILE [--rounds N]');
  process.exit(2);
}
const rounds = Number(option('--rounds', '5'));
const records = readFileSync(args[0], 'utf8').split('\n').slice(1).filter((line) => line !== '').map((line) => JSON.parse(line));
const facts = records.filter((record) => record.facts).map((record) => record.facts);
const serialize = compileCanonical(FileFacts);

const paths = {
  'zod safeParse + JSON.stringify': (value) => JSON.stringify(FileFacts.safeParse(value).data),
  'compiled serializer': (value) => serialize(value),
  'JSON.stringify alone (floor)': (value) => JSON.stringify(value),
};

let bytes = 0;
for (const value of facts) {
  const text = serialize(value);
  if (text === undefined || text !== paths['zod safeParse + JSON.stringify'](value)) throw new Error(`texts differ for ${value.file}`);
  bytes += text.length;
}
console.log(`${facts.length} files, ${(bytes / 1e6).toFixed(1)} MB of canonical JSON`);

const best = new Map();
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of Object.entries(paths)) {
    const start = performance.now();
    for (const value of facts) run(value);
    const ms = performance.now() - start;
    best.set(name, Math.min(best.get(name) ?? Infinity, ms));
    console.log(JSON.stringify({ round, path: name, ms: Math.round(ms), load: +os.loadavg()[0].toFixed(2) }));
  }
}
const zod = best.get('zod safeParse + JSON.stringify');
for (const [name, ms] of best) {
  console.log(`${name}: best ${ms.toFixed(0)} ms (${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s)${name === 'zod safeParse + JSON.stringify' ? '' : `, ${(zod / ms).toFixed(2)}x faster than zod`}`);
}
