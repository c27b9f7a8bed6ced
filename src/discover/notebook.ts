/**
 * Jupyter notebooks (`.ipynb`): their code cells as Python text that keeps the notebook file's own line numbers.
 * A notebook is JSON, and Jupyter writes each line of a cell's source as a string on a line of its own; the text
 * holds each code line on the line of its string and nothing on the others, so every line a flow or a finding
 * names is a line of the notebook. IPython's magics and shell lines (`%matplotlib inline`, `!pip install x`,
 * `files = !ls`, a `%%bash` cell) are not Python and stay blank; outputs are not code and are not read.
 */
import type { Gap } from '../facts/schema.js';

export type NotebookText = { ok: true; text: string; gaps: Gap[] } | { ok: false; gap: Gap };

/** A JSON string and the line it is on. */
class JsonString {
  constructor(readonly line: number, readonly string: string) {}
}

/** A JSON value whose strings remember their line. */
type Json = JsonString | Json[] | { [key: string]: Json } | number | boolean | null;

const MAX_DEPTH = 64;

class NotJson extends Error {}

/** A small JSON reader that keeps each string's line (JSON.parse forgets where things were). */
function readJson(text: string): Json {
  let at = 0;
  let line = 1;
  const space = () => {
    for (; at < text.length; at++) {
      const ch = text.charCodeAt(at);
      if (ch === 10) line++;
      else if (ch !== 32 && ch !== 9 && ch !== 13) return;
    }
  };
  const string = (): JsonString => {
    const start = at;
    for (at++; at < text.length; at++) {
      const ch = text[at];
      if (ch === '\\') at++;
      else if (ch === '"') break;
      else if (ch === '\n' || ch === undefined) throw new NotJson();
    }
    at++;
    try {
      return new JsonString(line, JSON.parse(text.slice(start, at)) as string);
    } catch {
      throw new NotJson();
    }
  };
  const value = (depth: number): Json => {
    if (depth > MAX_DEPTH) throw new NotJson();
    space();
    const ch = text[at];
    if (ch === '"') return string();
    if (ch === '[') {
      at++;
      const items: Json[] = [];
      space();
      if (text[at] === ']') return at++, items;
      for (;;) {
        items.push(value(depth + 1));
        space();
        if (text[at] === ',') at++;
        else if (text[at] === ']') return at++, items;
        else throw new NotJson();
      }
    }
    if (ch === '{') {
      at++;
      const object: { [key: string]: Json } = {};
      space();
      if (text[at] === '}') return at++, object;
      for (;;) {
        space();
        if (text[at] !== '"') throw new NotJson();
        const key = string().string;
        space();
        if (text[at] !== ':') throw new NotJson();
        at++;
        object[key] = value(depth + 1);
        space();
        if (text[at] === ',') at++;
        else if (text[at] === '}') return at++, object;
        else throw new NotJson();
      }
    }
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(at, at + 40));
    if (!literal) throw new NotJson();
    at += literal[0].length;
    return JSON.parse(literal[0]) as Json;
  };
  const root = value(0);
  space();
  if (at < text.length) throw new NotJson();
  return root;
}

const isObject = (value: Json | undefined): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonString);
const stringOf = (value: Json | undefined): string | undefined => (value instanceof JsonString ? value.string : undefined);

/** The notebook's language, from its kernel (`metadata.kernelspec.language`, `metadata.language_info.name`). */
function languageOf(notebook: { [key: string]: Json }): string | undefined {
  const metadata = notebook.metadata;
  if (!isObject(metadata)) return undefined;
  const kernel = metadata.kernelspec;
  const info = metadata.language_info;
  return (isObject(kernel) ? stringOf(kernel.language) : undefined) ?? (isObject(info) ? stringOf(info.name) : undefined);
}

/** Cell magics whose cell is still Python (`%%time` runs the cell and times it). */
const PYTHON_CELL_MAGICS = /^%%(?:time|timeit|capture|prun|debug)\b/;
/**
 * Lines IPython reads, not Python: magics (`%matplotlib inline`), shell escapes (`!pip install x`), help (`obj?`,
 * `??obj`), a shell's or a magic's output captured (`files = !ls`). Narrow enough to leave alone a line of a
 * multi-line string that only looks so (`%s, %s)`, `!= 'closed'`, `WHERE id = ?`).
 */
const IPYTHON_LINE = /^\s*(?:%{1,2}[A-Za-z_]\w*(?:\s|$)|!(?!=)|\?{1,2}[\w.]+\s*$|[\w.]+\?{1,2}\s*$|[\w.]+\s*=\s*(?:!(?!=)|%[A-Za-z_]))/;

export function notebookSource(file: string, text: string): NotebookText {
  let notebook: Json;
  try {
    notebook = readJson(text);
  } catch {
    return { ok: false, gap: { kind: 'notebook-unreadable', file, line: 0, detail: 'not the JSON of a Jupyter notebook; not analysed', severity: 'warning' } };
  }
  if (!isObject(notebook) || !Array.isArray(notebook.cells)) {
    return { ok: false, gap: { kind: 'notebook-unreadable', file, line: 0, detail: 'JSON without the cells of a Jupyter notebook; not analysed', severity: 'warning' } };
  }
  const language = languageOf(notebook);
  if (language !== undefined && !/^(?:i?python\d*)$/i.test(language)) {
    return { ok: false, gap: { kind: 'notebook-language', file, line: 0, detail: `a notebook in ${language}, not Python; not analysed`, severity: 'info' } };
  }
  const lines: string[] = new Array<string>(text.split('\n').length).fill('');
  const gaps: Gap[] = [];
  for (const cell of notebook.cells) {
    if (!isObject(cell) || stringOf(cell.cell_type) !== 'code') continue;
    const source = cell.source;
    const parts = Array.isArray(source) ? source : [source];
    const placed: Array<{ line: number; code: string }> = [];
    let layout = true;
    for (const part of parts) {
      if (!(part instanceof JsonString)) continue;
      const body = part.string.endsWith('\n') ? part.string.slice(0, -1) : part.string;
      const at = part.line;
      // One line of source per line of the file, or the cell's lines cannot be told apart (a cell saved as one
      // string, a notebook written on one line).
      if (body.includes('\n') || placed.some((p) => p.line === at)) layout = false;
      placed.push({ line: at, code: body });
    }
    if (placed.length === 0) continue;
    if (!layout) {
      gaps.push({
        kind: 'notebook-layout', file, line: placed[0]!.line, severity: 'warning',
        detail: 'a code cell whose lines do not each have a line of the file (saved as one string or on one line); not analysed',
      });
      continue;
    }
    const first = placed[0]!.code.trimStart();
    if (first.startsWith('%%') && !PYTHON_CELL_MAGICS.test(first)) continue;
    for (const { line, code } of placed) lines[line - 1] = IPYTHON_LINE.test(code) ? '' : code;
  }
  // A last line left blank would not count as a line: the text keeps the file's line count.
  if (!text.endsWith('\n') && lines[lines.length - 1] === '') lines[lines.length - 1] = ' ';
  return { ok: true, text: lines.join('\n'), gaps };
}

export function isNotebook(file: string): boolean {
  return file.toLowerCase().endsWith('.ipynb');
}
