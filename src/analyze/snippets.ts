/**
 * Code lines for findings, so reporters (pure functions over the report) can show them. Reads each file with a
 * finding once, a few at a time, and keeps only the lines it needs; a file that cannot be read simply gets no
 * snippet.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { asAnalysed, decodeText } from '../discover/read.js';
import type { Language } from '../facts/schema.js';
import type { Finding } from '../report/json/schema.js';
import { mapLimited } from '../util/map-limited.js';

const MAX_SNIPPET = 200;
/** Files read at once: a large tree has findings in thousands of files. */
const READS_IN_FLIGHT = 16;

/**
 * A copy of a line that does not hold on to its file: V8 keeps a part cut from a string (split, trim) as a view
 * of the whole, so a snippet would otherwise keep its file's text alive as long as the report. (Through JSON,
 * not a Buffer: every UTF-16 code unit survives, even half of a pair cut by the length limit.)
 */
function ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** `languageOf` says how a file was decoded for analysis (a Python file's declared encoding), so its lines read the same. */
export async function attachSnippets(
  findings: readonly Finding[], root: string, languageOf: (file: string) => Language | undefined = () => undefined,
): Promise<Finding[]> {
  const wanted = new Map<string, Set<number>>();
  for (const finding of findings) {
    let lines = wanted.get(finding.file);
    if (!lines) wanted.set(finding.file, (lines = new Set()));
    lines.add(finding.line);
  }
  const snippets = new Map<string, Map<number, string>>();
  await mapLimited([...wanted], READS_IN_FLIGHT, async ([file, numbers]) => {
    let lines: string[];
    try {
      const text = decodeText(file, await readFile(path.join(root, file)), languageOf(file));
      const analysed = asAnalysed(file, text, languageOf(file));
      lines = (analysed.ok ? analysed.text : text).split(/\r?\n/);
    } catch {
      return; // no snippet for this file
    }
    const found = new Map<number, string>();
    for (const number of numbers) {
      const text = lines[number - 1]?.trim();
      if (text) found.set(number, ownCopy(text.length > MAX_SNIPPET ? `${text.slice(0, MAX_SNIPPET - 3)}...` : text));
    }
    snippets.set(file, found);
  });
  return findings.map((finding) => {
    const snippet = snippets.get(finding.file)?.get(finding.line);
    return snippet ? { ...finding, snippet } : finding;
  });
}
