/** Extracts one file of a fixture into its facts, as the scan would (language detected from the name and head). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { countLines } from '../../src/discover/read.js';
import { languageByContent, languageByName } from '../../src/discover/language.js';
import type { FileFacts } from '../../src/facts/schema.js';
import { extractFile } from '../../src/extract/index.js';
import { resolveDialect } from '../../src/extract/sql/dialects.js';

export async function extractText(file: string, text: string): Promise<FileFacts> {
  const byName = languageByName(file);
  const language = byName === null ? null : languageByContent(file, text.slice(0, 200), byName);
  if (!language) throw new Error(`no language for ${file}`);
  const source = { text, bytes: Buffer.byteLength(text), hash: '', lines: countLines(text), gaps: [] };
  return extractFile(file, language, source, { dialect: resolveDialect('postgres')!, dbt: { projects: [] } });
}

export async function extractFixture(root: string, file: string): Promise<FileFacts> {
  return extractText(file, readFileSync(path.join(root, file), 'utf8'));
}
