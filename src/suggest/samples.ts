/**
 * Sample data for `lineage suggest --samples DIR`: CSV (`.csv`, `.tsv`) and JSON-lines (`.jsonl`, `.ndjson`) files,
 * each mapped to an asset by its file name: `raw.users.csv` and `raw__users.jsonl` are samples of `raw.users`.
 * Only the first MAX_ROWS rows of a file are read. Problems become warnings; nothing throws.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { compareStrings } from '../graph/ids.js';
import { readLeadingLines } from '../util/read-bounded.js';

export const MAX_ROWS = 10_000;
/** Bytes read from the start of a sample file: far more than MAX_ROWS rows of any export. */
export const SAMPLE_HEAD_BYTES = 32 * 1024 * 1024;


export interface Sample {
  /** The file, relative to the samples folder. */
  file: string;
  /** The asset name it samples (`raw.users`). */
  asset: string;
  /** Column -> its values as text, in file order. */
  columns: Map<string, string[]>;
}

export interface SampleSet {
  samples: Sample[];
  warnings: string[];
}

const EXTENSIONS: Record<string, 'csv' | 'tsv' | 'jsonl'> = { '.csv': 'csv', '.tsv': 'tsv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/** `raw.users.csv` -> `raw.users`; `raw__users.jsonl` -> `raw.users`. */
export function assetNameOfSample(file: string): string {
  const base = path.basename(file);
  const stem = base.slice(0, base.length - path.extname(base).length);
  return stem.replace(/__/g, '.');
}

/** RFC 4180 rows: quoted fields with doubled quotes and embedded separators or newlines. */
export function parseDelimited(text: string, separator: string, maxRows = MAX_ROWS + 1): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

function columnsOfRows(rows: string[][]): Map<string, string[]> {
  const [header, ...body] = rows;
  const columns = new Map<string, string[]>();
  if (!header) return columns;
  header.forEach((name, i) => {
    const column = name.trim().replace(/^\uFEFF/, '');
    if (column !== '') columns.set(column, body.slice(0, MAX_ROWS).map((r) => r[i] ?? ''));
  });
  return columns;
}

function columnsOfJsonLines(text: string, file: string, warnings: string[]): Map<string, string[]> {
  const columns = new Map<string, string[]>();
  let rows = 0;
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '' || rows >= MAX_ROWS) continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      warnings.push(`${file}:${i + 1}: not JSON, line skipped`);
      continue;
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) continue;
    rows++;
    for (const [key, value] of Object.entries(data)) {
      if (value !== null && typeof value === 'object') continue;
      const list = columns.get(key) ?? [];
      list.push(value === null ? '' : String(value));
      columns.set(key, list);
    }
  }
  return columns;
}

export async function readSamples(dir: string): Promise<SampleSet> {
  const warnings: string[] = [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && EXTENSIONS[path.extname(e.name).toLowerCase()] !== undefined)
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort(compareStrings);
  const samples: Sample[] = [];
  for (const file of files) {
    const format = EXTENSIONS[path.extname(file).toLowerCase()]!;
    let text: string;
    try {
      text = await readLeadingLines(path.join(dir, file), SAMPLE_HEAD_BYTES);
    } catch {
      warnings.push(`${file}: cannot read, skipped`);
      continue;
    }
    const columns = format === 'jsonl' ? columnsOfJsonLines(text, file, warnings) : columnsOfRows(parseDelimited(text, format === 'tsv' ? '\t' : ','));
    if (columns.size === 0) warnings.push(`${file}: no columns found`);
    samples.push({ file, asset: assetNameOfSample(file), columns });
  }
  return { samples, warnings };
}
