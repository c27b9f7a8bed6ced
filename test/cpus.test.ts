import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cgroupCpuLimit, defaultJobs } from '../src/parallel/cpus.js';
import { writeTree } from './helpers/tree.js';

describe('default number of threads', () => {
  it('reads a container CPU quota from cgroup v2 or v1', () => {
    expect(cgroupCpuLimit(writeTree({ 'cpu.max': '200000 100000\n' }))).toBe(2);
    expect(cgroupCpuLimit(writeTree({ 'cpu.max': '150000 100000\n' }))).toBe(1.5);
    expect(cgroupCpuLimit(writeTree({ 'cpu.max': 'max 100000\n' }))).toBeNull();
    expect(cgroupCpuLimit(writeTree({ 'cpu/cpu.cfs_quota_us': '400000\n', 'cpu/cpu.cfs_period_us': '100000\n' }))).toBe(4);
    expect(cgroupCpuLimit(writeTree({ 'cpu/cpu.cfs_quota_us': '-1\n', 'cpu/cpu.cfs_period_us': '100000\n' }))).toBeNull();
    const empty = writeTree({});
    mkdirSync(`${empty}/cpu`);
    expect(cgroupCpuLimit(empty)).toBeNull();
  });

  it('uses the cores available, but no more than the quota (rounded up)', () => {
    expect(defaultJobs(64, 2)).toBe(2);
    expect(defaultJobs(64, 1.5)).toBe(2);
    expect(defaultJobs(4, 16)).toBe(4);
    expect(defaultJobs(8, null)).toBe(8);
    expect(defaultJobs(1, 0.5)).toBe(1);
  });
});
