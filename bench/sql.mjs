#!/usr/bin/env node
/**
 * SQL engine throughput over the fixture suite (fixtures/sql and the demo warehouse): statements per second and
 * the median time per statement, next to the bare parser (node-sql-parser's astify) on the same statements.
 * Run with `npm run bench:sql` (compiles first); numbers are for this machine and noisy: compare runs, not
 * machines. Usage: node bench/sql.mjs [rounds]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeSqlText } from '../dist/extract/sql/analyze.js';
import { resolveDialect } from '../dist/extract/sql/dialects.js';
import { splitStatements } from '../dist/extract/sql/split.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 5);

function sqlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sqlFiles(full));
    else if (name.endsWith('.sql')) out.push(full);
  }
  return out;
}

const statements = [];
for (const file of [...sqlFiles(path.join(root, 'fixtures/sql')), ...sqlFiles(path.join(root, 'fixtures/demo'))]) {
  const folder = path.relative(path.join(root, 'fixtures/sql'), file).split(path.sep)[0];
  const dialect = resolveDialect(folder.split('-')[0]) ?? resolveDialect('postgres');
  for (const chunk of splitStatements(readFileSync(file, 'utf8'), dialect.split)) statements.push({ text: chunk.text, dialect });
}

const require = createRequire(import.meta.url);
const parsers = new Map();
const bareParse = (text, dialect) => {
  let parser = parsers.get(dialect.parser);
  if (!parser) parsers.set(dialect.parser, (parser = new (require(`node-sql-parser/build/${dialect.parser}`).Parser)()));
  try { parser.astify(text, { database: dialect.parser }); } catch { /* failures cost time too */ }
};

function measure(run) {
  const times = [];
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const s of statements) {
      const t0 = process.hrtime.bigint();
      run(s);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
  times.sort((a, b) => a - b);
  return { perSecond: (statements.length * rounds) / (totalMs / 1000), median: times[times.length >> 1], p95: times[Math.floor(times.length * 0.95)] };
}

// Warm-up: load grammars and JIT.
for (const s of statements) analyzeSqlText(s.text, { file: 'bench.sql', dialect: s.dialect });
const engine = measure((s) => analyzeSqlText(s.text, { file: 'bench.sql', dialect: s.dialect }));
const parser = measure((s) => bareParse(s.text, s.dialect));
const row = (name, m) => `${name.padEnd(26)} ${m.perSecond.toFixed(0).padStart(8)} stmt/s   median ${m.median.toFixed(3)} ms   p95 ${m.p95.toFixed(3)} ms`;
console.log(`${statements.length} statements x ${rounds} rounds`);
console.log(row('lineage engine', engine));
console.log(row('node-sql-parser astify', parser));
