/**
 * The PHP and Hack extractor: one tree-sitter parse and one walk per file turn a script, class or function file
 * into units with parameters and ordered steps (src/facts/code.ts), driven by the library models under
 * grammars/php/ (and grammars/hack/ for Hack). Hack is parsed with the PHP grammar after a length-preserving
 * normalisation (hack.ts), so positions stay exact. docs/languages.md describes what it understands.
 */
import type { FileFacts } from '../../facts/schema.js';
import type { SourceText } from '../../discover/read.js';
import { CodeFile, codeModels } from '../code/context.js';
import { codeFacts } from '../code/facts.js';
import type { ModelsByLanguage } from '../extra-models.js';
import type { DialectInfo } from '../sql/dialects.js';
import { withTree } from '../tree-sitter.js';
import { firstNamespace, PhpWalker } from './declarations.js';
import { normalizeHack } from './hack.js';
import { PhpNames, phpModuleName, QUALIFIED_CLASS } from './names.js';
import { PhpFile } from './scope.js';

export async function extractPhp(file: string, source: SourceText, context: { dialect: DialectInfo; models?: ModelsByLanguage }, language: 'php' | 'hack'): Promise<FileFacts> {
  const hack = language === 'hack';
  const text = hack ? normalizeHack(source.text) : source.text;
  // PHP files start in HTML mode (`<?php` opens code); Hack files and `<?hh` files are code throughout.
  const grammar = hack ? 'php_only' : 'php';
  return withTree(grammar, text, (tree) => {
    const code = new CodeFile(file, phpModuleName(file, firstNamespace(tree.rootNode)), codeModels(language, context.models), context.dialect);
    const names = new PhpNames(code);
    // A class named in a query's text is named in full (`App\Entity\Customer`, with or without the leading `\`).
    code.classesNamedIn = (text, line) => [...text.matchAll(new RegExp(QUALIFIED_CLASS.source, 'g'))].map(([name]) => ({
      name, value: [{ ref: names.fullClassRef(name, line) }],
    }));
    new PhpWalker(new PhpFile(code, names), tree.rootNode).walk();
    return codeFacts(code, language, source, tree.rootNode);
  });
}
