/**
 * Facts files: the extracted facts of a tree or of one shard, written by `lineage scan --facts-out` and read by
 * `lineage merge`. JSON Lines — a header, then one record per file's facts or per skipped file's gap — so they
 * are written and read as streams. Everything read back is validated; nothing from a facts file is trusted.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { threadId } from 'node:worker_threads';
import { z } from 'zod';
import { resolveBudgets, type Budgets } from '../budget/index.js';
import { canonicalJson, canonicalMatcher } from '../facts/canonical.js';
import { FileFacts, Gap } from '../facts/schema.js';
import { compareStrings } from '../graph/ids.js';
import { OutcomeReader } from '../parallel/outcome-text.js';
import { readFailure } from '../util/read-failure.js';
import { LineTooLongError, textLines } from '../util/text-lines.js';
import { formatShard, type Shard } from './shard.js';

const FORMAT = 'lineage-facts';
const VERSION = 1;

export const FactsHeader = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  tool: z.string(),
  /** Extraction settings (tool build, models, dialect, dbt, budgets): equal across the shards of one scan. */
  fingerprint: z.string(),
  /** The discovered file list: equal across the shards of one scan. */
  tree: z.string(),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }),
  discovered: z.number().int().nonnegative(),
  /** The scanned folder as the user typed it (shown by the text report; `lineage merge` reads sources there). */
  target: z.string(),
  /** What the whole-program stages of `lineage merge` need from the scan. */
  program: z.strictObject({
    dialect: z.string(),
    defaultSchema: z.string().nullable(),
    /** sha256 of the manifest the shards were scanned with, or null without one. */
    manifest: z.string().nullable(),
    /** Columns the dbt projects declare, by table asset id. */
    dbtColumns: z.record(z.string(), z.array(z.string())),
    /** The work budgets in effect (the simulation's apply at merge time). */
    budgets: z.record(z.string(), z.number().int().positive()),
  }),
});
export type FactsHeader = z.infer<typeof FactsHeader>;

const FactsRecord = z.strictObject({ facts: FileFacts });
const factsRecordJson = canonicalJson(FactsRecord);
const isCanonicalFacts = canonicalMatcher(FileFacts);
const FACTS_RECORD_HEAD = '{"facts":';
const SkippedRecord = z.strictObject({ skipped: Gap });

export interface FactsFileContent {
  header: FactsHeader;
  files: FileFacts[];
  skipped: Gap[];
}

/** The header of the facts file of an extracted tree or shard. */
export function factsHeader(
  extracted: { fingerprint: string; tree: string; discovered: number; dbtColumns: Readonly<Record<string, readonly string[]>> },
  shard: Shard | undefined,
  target: string,
  tool: string,
  program: { dialect: { name: string }; defaultSchema?: string; manifestFile?: string; budgets?: Partial<Budgets> },
): FactsHeader {
  return {
    format: FORMAT, version: VERSION, tool, fingerprint: extracted.fingerprint, tree: extracted.tree,
    shard: shard ?? { index: 1, count: 1 }, discovered: extracted.discovered, target,
    program: {
      dialect: program.dialect.name, defaultSchema: program.defaultSchema ?? null,
      manifest: manifestDigest(program.manifestFile), budgets: resolveBudgets(program.budgets), dbtColumns: Object.fromEntries(Object.entries(extracted.dbtColumns).map(([table, columns]) => [table, [...columns]])),
    },
  };
}

/** sha256 of a manifest file's bytes; null without a manifest. */
export function manifestDigest(file: string | undefined): string | null {
  return file === undefined ? null : createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A facts file that cannot be used, with where and why: the user's to fix (wrong file, mixed shards). */
export class FactsFileError extends Error {}

async function write(stream: NodeJS.WritableStream, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, 'drain');
}

/**
 * Whether `file` is something other than a regular file (a pipe, a device, `/dev/stdout`): it is written to as it
 * is. A regular file is replaced whole instead (a temporary file, then a rename), so no reader sees half of one;
 * renaming over a device or pipe would replace it with a file (`--facts-out /dev/stdout | gzip`).
 */
async function writtenInPlace(file: string): Promise<boolean> {
  try {
    return !(await stat(file)).isFile();
  } catch {
    return false;
  }
}

export async function writeFactsFile(file: string, content: FactsFileContent): Promise<void> {
  const inPlace = await writtenInPlace(file);
  const temp = inPlace ? file : `${file}.${process.pid}.${threadId}.tmp`;
  const stream = createWriteStream(temp);
  try {
    await write(stream, JSON.stringify(content.header));
    for (const facts of [...content.files].sort((a, b) => compareStrings(a.file, b.file))) await write(stream, JSON.stringify({ facts }));
    for (const gap of content.skipped) await write(stream, JSON.stringify({ skipped: gap }));
    stream.end();
    await once(stream, 'close');
    if (!inPlace) await rename(temp, file);
  } catch (error) {
    stream.destroy();
    if (!inPlace) await unlink(temp).catch(() => undefined);
    throw error;
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(record)'}: ${issue.message}` : 'invalid';
}

export async function readFactsFile(file: string): Promise<FactsFileContent> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = textLines(input);
  let header: FactsHeader | undefined;
  const files: FileFacts[] = [];
  const skipped: Gap[] = [];
  const reader = new OutcomeReader();
  let number = 0;
  try {
    for await (const line of lines) {
      number++;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new FactsFileError(header
          ? `${file}:${number}: not JSON (truncated or damaged?)`
          : `${file}: not a lineage facts file (those are written by \`lineage scan --facts-out\`)`);
      }
      if (!header) {
        const parsed = FactsHeader.safeParse(value);
        if (!parsed.success) throw new FactsFileError(`${file}: not a lineage facts file (version ${VERSION}) (${firstIssue(parsed.error)})`);
        header = parsed.data;
        continue;
      }
      const isFacts = typeof value === 'object' && value !== null && 'facts' in value;
      if (isFacts) {
        // Held in the compact form of freshly extracted facts (see outcome-text.ts). A record as `--facts-out`
        // writes it is `{"facts":<the facts' canonical text>}`, so its parsed facts are kept as they are.
        const parsed = (value as { facts: unknown }).facts;
        if (line.startsWith(FACTS_RECORD_HEAD) && isCanonicalFacts(parsed, line, FACTS_RECORD_HEAD.length, line.length - 1)) {
          files.push(reader.adopt(parsed as FileFacts));
          continue;
        }
        const checked = factsRecordJson(value);
        if (!checked.success) throw new FactsFileError(`${file}:${number}: invalid record (${firstIssue(checked.error)})`);
        files.push(reader.read(checked.text.slice(FACTS_RECORD_HEAD.length, -1)) as FileFacts);
        continue;
      }
      const parsed = SkippedRecord.safeParse(value);
      if (!parsed.success) throw new FactsFileError(`${file}:${number}: invalid record (${firstIssue(parsed.error)})`);
      skipped.push(parsed.data.skipped);
    }
  } catch (error) {
    if (error instanceof FactsFileError) throw error;
    if (error instanceof LineTooLongError) throw new FactsFileError(`${file}:${error.line}: not a lineage facts file (${error.message})`);
    throw new FactsFileError(`${file}: cannot read (${readFailure(error)})`);
  } finally {
    input.destroy();
  }
  if (!header) throw new FactsFileError(`${file}: empty; not a lineage facts file`);
  return { header, files, skipped };
}

/** The facts of all shards of one scan, checked to be exactly the shards 1..N of the same tree and settings. */
export function combineFacts(parts: ReadonlyArray<{ file: string; content: FactsFileContent }>): {
  files: FileFacts[];
  skipped: Gap[];
  discovered: number;
  target: string;
  program: FactsHeader['program'];
} {
  const ordered = [...parts].sort((a, b) => a.content.header.shard.index - b.content.header.shard.index);
  const [first] = ordered;
  if (!first) throw new FactsFileError('no facts files given');
  const { count } = first.content.header.shard;
  const seen = new Map<number, string>();
  for (const { file, content } of ordered) {
    const { header } = content;
    if (header.shard.count !== count) {
      throw new FactsFileError(`${file} is shard ${formatShard(header.shard)} but ${first.file} is shard ${formatShard(first.content.header.shard)}: all shards of a scan use the same count`);
    }
    if (header.tool !== first.content.header.tool) {
      throw new FactsFileError(`${file} and ${first.file} were written by different versions of lineage (${header.tool} and ${first.content.header.tool}); run all shards with the same one`);
    }
    if (header.fingerprint !== first.content.header.fingerprint) {
      throw new FactsFileError(`${file} and ${first.file} were extracted with different settings (dialect, budgets, dbt projects, library models or program build); run all shards with the same ones`);
    }
    if (header.program.manifest !== first.content.header.program.manifest) {
      throw new FactsFileError(`${file} and ${first.file} were scanned with different manifests; run all shards with the same lineage.yaml`);
    }
    if (header.tree !== first.content.header.tree) {
      throw new FactsFileError(`${file} and ${first.file} saw different file trees; run all shards on the same checkout`);
    }
    const other = seen.get(header.shard.index);
    if (other) throw new FactsFileError(`${file} and ${other} are both shard ${formatShard(header.shard)}`);
    seen.set(header.shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) throw new FactsFileError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((index) => `${index}/${count}`).join(', ')}`);

  const files = ordered.flatMap(({ content }) => content.files);
  const paths = new Set<string>();
  for (const facts of files) {
    if (paths.has(facts.file)) throw new FactsFileError(`${facts.file} appears in more than one facts file`);
    paths.add(facts.file);
  }
  return {
    files,
    skipped: ordered.flatMap(({ content }) => content.skipped),
    discovered: ordered.reduce((n, { content }) => n + content.header.discovered, 0),
    target: first.content.header.target,
    program: first.content.header.program,
  };
}
