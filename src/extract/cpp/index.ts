/**
 * The C and C++ extractor: one tree-sitter parse and one walk per file turn a translation unit or header into
 * units (top-level code, classes, functions, methods) with parameters and ordered steps (src/facts/code.ts),
 * driven by the library models under grammars/cpp/. docs/languages.md describes what it understands.
 */
import type { FileFacts } from '../../facts/schema.js';
import type { SourceText } from '../../discover/read.js';
import { CodeFile, codeModels } from '../code/context.js';
import { codeFacts } from '../code/facts.js';
import type { ModelsByLanguage } from '../extra-models.js';
import type { DialectInfo } from '../sql/dialects.js';
import { withTree } from '../tree-sitter.js';
import { CppWalker } from './declarations.js';
import { cppModuleName } from './module.js';
import { CppFile } from './scope.js';

export async function extractCpp(file: string, source: SourceText, context: { dialect: DialectInfo; models?: ModelsByLanguage }): Promise<FileFacts> {
  return withTree('cpp', source.text, (tree) => {
    const code = new CodeFile(file, cppModuleName(file), codeModels('cpp', context.models), context.dialect);
    new CppWalker(new CppFile(code), tree.rootNode).walk();
    return codeFacts(code, 'cpp', source, tree.rootNode);
  });
}
