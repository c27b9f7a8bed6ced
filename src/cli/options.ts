/** Parsing of option values shared by commands; every failure is a UsageError naming the flag. */
import { dialectNames, resolveDialect, type DialectInfo } from '../extract/sql/dialects.js';
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
