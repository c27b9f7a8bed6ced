/**
 * One entry point for all extractors: a discovered, decoded file -> FileFacts. Extractors never throw for
 * bad input; an unexpected failure inside one becomes an `extractor-error` gap so the scan goes on.
 */
import { activeBudgets, BudgetExceeded, withBudgets, type Budgets } from '../budget/index.js';
import type { FileFacts, Language } from '../facts/schema.js';
import type { SourceText } from '../discover/read.js';
import { budgetExceededFacts, capStepsPerUnit } from './budgets.js';
import { extractCpp } from './cpp/index.js';
import type { ModelsByLanguage } from './extra-models.js';
import { extractPhp } from './php/index.js';
import { extractPython } from './python/index.js';
import type { DbtContext } from './sql/dbt.js';
import type { DialectInfo } from './sql/dialects.js';
import { extractSql } from './sql/index.js';
import { withInlineSuppressions } from './suppressions.js';

export interface ExtractContext {
  dialect: DialectInfo;
  dbt: DbtContext;
  /** Schema of unqualified SQL table names (`--default-schema`). */
  defaultSchema?: string;
  /** The scan root's own package name, when the root is a Python package (python/root-package.ts). */
  rootPackage?: string;
  /** Work limits (src/budget); the defaults when absent. */
  budgets?: Budgets;
  /**
   * Library models added to the built-in ones (the manifest's), by language, in the model files' format; plain
   * data, so it reaches worker threads and keys the facts cache like the rest of the context.
   */
  models?: ModelsByLanguage;
}

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
  }
}

export async function extractFile(file: string, language: Language, source: SourceText, context: ExtractContext): Promise<FileFacts> {
  return withInlineSuppressions(await extractOrGap(file, language, source, context), source.text);
}

async function extractOrGap(file: string, language: Language, source: SourceText, context: ExtractContext): Promise<FileFacts> {
  const budgets = context.budgets ?? activeBudgets();
  try {
    const facts = await withBudgets(budgets, () => dispatch(file, language, source, context));
    return capStepsPerUnit(facts, budgets['steps-per-unit']);
  } catch (error) {
    if (error instanceof BudgetExceeded) return budgetExceededFacts(file, language, source, error);
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...emptyFacts(file, language, source),
      parse: { errorBytes: source.text.length, quality: 0 },
      gaps: [...source.gaps, { kind: 'extractor-error', file, line: 0, detail: `the ${language} extractor failed: ${message}`, severity: 'error' }],
    };
  }
}
