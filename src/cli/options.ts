/** Parsing of option values shared by commands; every failure is a UsageError naming the flag. */
import { BUDGET_NAMES, isBudgetName, type Budgets } from '../budget/index.js';
import { dialectNames, resolveDialect, type DialectInfo } from '../extract/sql/dialects.js';
import { parseShard, type Shard } from '../pipeline/shard.js';
import { UsageError } from './errors.js';

export function parseDialect(value: string): DialectInfo {
  const dialect = resolveDialect(value);
  if (!dialect) throw new UsageError(`--dialect: unknown dialect '${value}' (expected one of: ${dialectNames().join(', ')})`);
  return dialect;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** `2000000`, `500k`, `2MB`, `1.5mb` -> bytes. */
export function parseSize(flag: string, value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new UsageError(`${flag}: expected a size such as 2000000, 500k or 2MB, got '${value}'`);
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes <= 0) throw new UsageError(`${flag}: the size must be greater than zero, got '${value}'`);
  return bytes;
}

export function parseChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag}: expected one of ${choices.join(', ')}, got '${value}'`);
}

/** Colors only for a terminal, never with NO_COLOR, always with FORCE_COLOR (unless it is 0). */
export function colorEnabled(stream: NodeJS.WriteStream, flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag === false) return false;
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  return stream.isTTY === true;
}

/** `--jobs`: a positive whole number of threads. */
export function parseJobs(value: string): number {
  const jobs = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(jobs) || jobs < 1) throw new UsageError(`--jobs: expected a whole number of threads, 1 or more, got '${value}'`);
  return jobs;
}

/** `--shard I/N`. */
export function parseShardOption(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new UsageError(`--shard: expected I/N with 1 <= I <= N (e.g. 2/8), got '${value}'`);
  return shard;
}

/** Repeated `--budget name=value` -> overrides of the default budgets. */
export function parseBudgets(values: readonly string[]): Partial<Budgets> {
  const budgets: Partial<Budgets> = {};
  for (const value of values) {
    const match = /^\s*([a-z-]+)\s*=\s*(\d+)\s*$/.exec(value);
    if (!match) throw new UsageError(`--budget: expected name=number (e.g. ast-nodes=2000000), got '${value}'`);
    const name = match[1]!;
    if (!isBudgetName(name)) throw new UsageError(`--budget: unknown budget '${name}' (expected one of: ${BUDGET_NAMES.join(', ')})`);
    const limit = Number(match[2]);
    if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`--budget: ${name} must be a whole number of 1 or more, got '${match[2]}'`);
    budgets[name] = limit;
  }
  return budgets;
}
