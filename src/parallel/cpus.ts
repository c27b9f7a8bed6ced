/**
 * How many threads a default scan uses: the cores this process may run on, and no more than a container's CPU
 * quota allows. `os.availableParallelism()` ignores cgroup quotas, so in a CI pod limited to 2 CPUs on a
 * 64-core node it says 64 — and 64 workers would mostly wait for CPU while each holds its own memory.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The CPU quota of this process's cgroup (v2 `cpu.max`, or v1 `cpu.cfs_quota_us`), in CPUs; null when unlimited. */
export function cgroupCpuLimit(root = '/sys/fs/cgroup'): number | null {
  const v2 = readText(path.join(root, 'cpu.max'));
  if (v2 !== null) {
    const [quota, period] = v2.split(/\s+/);
    const limit = Number(quota) / Number(period);
    return quota !== 'max' && Number.isFinite(limit) && limit > 0 ? limit : null;
  }
  const quota = Number(readText(path.join(root, 'cpu/cpu.cfs_quota_us')));
  const period = Number(readText(path.join(root, 'cpu/cpu.cfs_period_us')));
  return quota > 0 && period > 0 ? quota / period : null;
}

export function defaultJobs(cores = availableParallelism(), limit = cgroupCpuLimit()): number {
  return Math.max(1, limit === null ? cores : Math.min(cores, Math.ceil(limit)));
}
