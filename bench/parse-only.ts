/**
 * The floor a scan is compared with: the raw parsers alone on the same files, in one thread — tree-sitter for
 * Python, C++, PHP and Hack, node-sql-parser (the chosen dialect only, no fallbacks) for each SQL statement.
 * Reading files is not timed; templating is rendered first so dbt models parse as they do in a scan.
 */
import { createRequire } from 'node:module';
import { discover } from '../src/discover/walk.js';
import { readSource } from '../src/discover/read.js';
import type { Language } from '../src/facts/schema.js';
import { resolveDialect } from '../src/extract/sql/dialects.js';
import { renderJinja } from '../src/extract/sql/jinja.js';
import { splitStatements } from '../src/extract/sql/split.js';
import { parserFor, type GrammarName } from '../src/extract/tree-sitter.js';

const require = createRequire(import.meta.url);

const GRAMMAR: Record<Exclude<Language, 'sql'>, GrammarName> = { python: 'python', cpp: 'cpp', php: 'php', hack: 'php_only' };

export interface ParseOnlyResult {
  files: number;
  ms: number;
  /** CPU time of this process over the same spans (one thread parses). */
  cpuMs: number;
}

export async function parseOnly(root: string, exclude: readonly string[], maxFileSize: number): Promise<ParseOnlyResult> {
  const discovery = await discover({ root, include: [], exclude, gitignore: true });
  const dialect = resolveDialect('postgres')!;
  const sql = new (require(`node-sql-parser/build/${dialect.parser}`) as { Parser: new () => { astify(text: string, o: object): unknown } }).Parser();
  const passThrough = { ref: (m: string) => m, source: (s: string, t: string) => `${s}.${t}`, self: () => 'this' };
  // Load every grammar before timing.
  for (const grammar of Object.values(GRAMMAR)) await parserFor(grammar);
  let ms = 0;
  let cpuMs = 0;
  let files = 0;
  const cpuNow = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  for (const file of discovery.files) {
    const read = await readSource(file.file, file.absPath, maxFileSize, file.size);
    if (!read.ok) continue;
    files++;
    const text = read.source.text;
    const cpuStart = cpuNow();
    if (file.language === 'sql') {
      const start = performance.now();
      for (const chunk of splitStatements(renderJinja(text, passThrough).text, dialect.split)) {
        try {
          sql.astify(chunk.text, { database: dialect.parser });
        } catch {
          // Unparseable statements cost what they cost.
        }
      }
      ms += performance.now() - start;
    } else {
      const parser = await parserFor(GRAMMAR[file.language]);
      const start = performance.now();
      parser.parse(text)?.delete();
      ms += performance.now() - start;
    }
    cpuMs += cpuNow() - cpuStart;
  }
  return { files, ms, cpuMs };
}
