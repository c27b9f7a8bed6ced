/**
 * One file's extraction, the unit of work of a scan: read (bounded), decode, extract, check the facts against
 * the schema, store them in the cache. The same code runs in worker threads and in-process, so where it runs
 * cannot change a result. Inputs and outputs are plain data (they cross thread boundaries).
 */
import { readSource } from '../discover/read.js';
import { extractFile, type ExtractContext } from '../extract/index.js';
import { resolveDialect } from '../extract/sql/dialects.js';
import { canonicalJson } from '../facts/canonical.js';
import { FileFacts, type Gap, type Language } from '../facts/schema.js';
import { FactsCache } from '../cache/store.js';
import { outcomeText } from './outcome-text.js';

export interface FileTask {
  file: string;
  absPath: string;
  language: Language;
  /** Size seen at discovery. */
  size: number;
  /** SQL dialect of this file when per-path settings choose one other than the scan's, by name. */
  dialect?: string;
}

/** Everything a thread needs to process files; sent once to each worker. */
export interface TaskSettings {
  context: ExtractContext;
  maxFileSize: number;
  /** Facts cache folder, or null for none. */
  cacheDir: string | null;
  fingerprint: string;
}

/** Facts, or the gap that says why the file has none. */
export type FileOutcome = FileFacts | Gap;

export function isGap(outcome: FileOutcome): outcome is Gap {
  return 'kind' in outcome;
}

const factsJson = canonicalJson(FileFacts);

/**
 * Facts in the schema's own shape (key order, no stray fields), as JSON text, so fresh, cached and merged facts
 * serialise alike; facts that break the schema are an extractor bug and become an `extractor-error` gap.
 */
export function canonicalFactsText(facts: FileFacts): string {
  const checked = factsJson(facts);
  if (checked.success) return checked.text;
  const issue = checked.error.issues[0];
  const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid';
  return outcomeText({
    file: facts.file, language: facts.language, hash: String(facts.hash), bytes: Number(facts.bytes) || 0, lines: Number(facts.lines) || 0,
    parse: { errorBytes: 0, quality: 1 },
    units: [],
    gaps: [{
      kind: 'extractor-error', file: facts.file, line: 0, severity: 'error',
      detail: `the ${facts.language} extractor produced facts that do not match the schema (${where})`,
    }],
  });
}

export function crashGap(task: Pick<FileTask, 'file' | 'language'>, error: unknown): Gap {
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'extractor-error', file: task.file, line: 0, detail: `the ${task.language} extractor failed: ${message}`, severity: 'error' };
}

export class FileProcessor {
  private readonly cache: FactsCache | null;

  constructor(private readonly settings: TaskSettings) {
    this.cache = settings.cacheDir ? new FactsCache(settings.cacheDir, settings.fingerprint) : null;
  }

  private contextFor(task: FileTask): ExtractContext {
    const dialect = task.dialect === undefined ? undefined : resolveDialect(task.dialect);
    return dialect ? { ...this.settings.context, dialect } : this.settings.context;
  }

  /** The file's outcome as JSON text (see outcome-text.ts); the facts cache stores the same text. */
  async process(task: FileTask): Promise<string> {
    const read = await readSource(task.file, task.absPath, this.settings.maxFileSize, task.size, task.language);
    if (!read.ok) return outcomeText(read.gap);
    const facts = await extractFile(task.file, task.language, read.source, this.contextFor(task));
    const text = canonicalFactsText(facts);
    this.cache?.put(facts, text);
    return text;
  }
}
