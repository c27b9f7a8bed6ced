/**
 * One entry point for all extractors: a discovered, decoded file -> FileFacts. Extractors never throw for
 * bad input; an unexpected failure inside one becomes an `extractor-error` gap so the scan goes on.
 */
import type { FileFacts, Language } from '../facts/schema.js';
import type { SourceText } from '../discover/read.js';
import { extractCpp } from './cpp/index.js';
import { extractPhp } from './php/index.js';
import { extractPython } from './python/index.js';
import type { DbtContext } from './sql/dbt.js';
import type { DialectInfo } from './sql/dialects.js';
import { extractSql } from './sql/index.js';
import { parseHealth, withTree, type GrammarName } from './tree-sitter.js';

export interface ExtractContext {
  dialect: DialectInfo;
  dbt: DbtContext;
}

/** Languages whose extractors are not written yet: parsed for health, counted, no facts. */
const PARSE_ONLY: Partial<Record<Language, GrammarName>> = {};

function emptyFacts(file: string, language: Language, source: SourceText): FileFacts {
  return {
    file, language, hash: source.hash, bytes: source.bytes, lines: source.lines,
    parse: { errorBytes: 0, quality: 1 }, units: [], gaps: [...source.gaps],
  };
}

async function dispatch(file: string, language: Language, source: SourceText, context: ExtractContext): Promise<FileFacts> {
  switch (language) {
    case 'sql':
      return extractSql(file, source, context);
    case 'python':
      return extractPython(file, source, context);
    case 'cpp':
      return extractCpp(file, source, context);
    case 'php':
    case 'hack':
      return extractPhp(file, source, context, language);
    default: {
      const grammar = PARSE_ONLY[language];
      if (!grammar) return emptyFacts(file, language, source);
      return withTree(grammar, source.text, (tree) => ({
        ...emptyFacts(file, language, source),
        parse: parseHealth(tree.rootNode, source.text.length),
      }));
    }
  }
}

export async function extractFile(file: string, language: Language, source: SourceText, context: ExtractContext): Promise<FileFacts> {
  try {
    return await dispatch(file, language, source, context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...emptyFacts(file, language, source),
      parse: { errorBytes: source.text.length, quality: 0 },
      gaps: [...source.gaps, { kind: 'extractor-error', file, line: 0, detail: `the ${language} extractor failed: ${message}`, severity: 'error' }],
    };
  }
}
