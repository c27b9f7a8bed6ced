// Preloaded into benchmarked CLI runs (node --import): writes the process's peak resident set size, all threads
// included, in bytes, to the file named by LINEAGE_BENCH_RSS_FILE when the process exits.
import { writeFileSync } from 'node:fs';

const target = process.env.LINEAGE_BENCH_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS * 1024)));
