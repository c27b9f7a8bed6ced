/**
 * Code lines for findings, so reporters (pure functions over the report) can show them. Reads each file with a
 * finding once; a file that cannot be read simply gets no snippet.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../report/json/schema.js';

const MAX_SNIPPET = 200;

export async function attachSnippets(findings: readonly Finding[], root: string): Promise<Finding[]> {
  const files = [...new Set(findings.map((f) => f.file))];
  const lines = new Map<string, string[]>();
  await Promise.all(files.map(async (file) => {
    try {
      lines.set(file, (await readFile(path.join(root, file), 'utf8')).split(/\r?\n/));
    } catch {
      // no snippet for this file
    }
  }));
  return findings.map((finding) => {
    const text = lines.get(finding.file)?.[finding.line - 1]?.trim();
    if (!text) return finding;
    return { ...finding, snippet: text.length > MAX_SNIPPET ? `${text.slice(0, MAX_SNIPPET - 3)}...` : text };
  });
}
