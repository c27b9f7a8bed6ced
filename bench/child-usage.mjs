// Preloaded into benchmarked CLI runs (node --import): when the process exits, writes its peak resident set size
// (bytes) and the CPU time of all its threads (milliseconds) as JSON to the file named by LINEAGE_BENCH_USAGE_FILE.
import { writeFileSync } from 'node:fs';

const target = process.env.LINEAGE_BENCH_USAGE_FILE;
if (target) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(target, JSON.stringify({ rss: process.resourceUsage().maxRSS * 1024, cpuMs: (cpu.user + cpu.system) / 1000 }));
  });
}
