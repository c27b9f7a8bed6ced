/**
 * Shards: deterministic slices of a tree for running one scan on many machines. A path belongs to shard
 * `1 + (hash(path) mod N)`, so adding or removing a file never moves any other file to another shard.
 */
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** `I/N` with 1 <= I <= N; null when malformed. */
export function parseShard(text: string): Shard | null {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return null;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) return null;
  return { index, count };
}

/** The 1-based shard a path belongs to among `count`. */
export function shardOf(path: string, count: number): number {
  const digest = createHash('sha256').update(path).digest();
  return 1 + (digest.readUInt32BE(0) % count);
}

export function inShard(shard: Shard | undefined): (path: string) => boolean {
  if (!shard || shard.count === 1) return () => true;
  return (path) => shardOf(path, shard.count) === shard.index;
}

export const formatShard = (shard: Shard) => `${shard.index}/${shard.count}`;
