/**
 * The Python extractor: one tree-sitter parse and one walk per file turn a module into units (module top level,
 * classes, functions, methods) with parameters and ordered steps (src/facts/code.ts), driven by the library
 * models under grammars/python/. Whole-program work (following calls, imports, flows) is the simulator's.
 */
import type { FileFacts } from '../../facts/schema.js';
import type { SourceText } from '../../discover/read.js';
import { parseHealth, withSyntaxTree } from '../tree-sitter.js';
import { FileContext, type PythonExtractContext } from './context.js';
import { frameworkClassUnits } from './framework-classes.js';
import { moduleOf } from './imports.js';
import { PythonWalker } from './statements.js';

export type { PythonExtractContext } from './context.js';

export async function extractPython(file: string, source: SourceText, context: PythonExtractContext): Promise<FileFacts> {
  return withSyntaxTree('python', source.text, (root, tree) => {
    const { module, package: packageName } = moduleOf(file, context.rootPackage);
    const ctx = new FileContext(file, module, packageName, context);
    new PythonWalker(ctx).walkModule(root);
    const units = [...ctx.units, ...frameworkClassUnits(ctx)].sort((a, b) => a.line - b.line || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return {
      file,
      language: 'python' as const,
      hash: source.hash,
      bytes: source.bytes,
      lines: source.lines,
      parse: parseHealth(tree.rootNode, source.text.length),
      units,
      gaps: [...source.gaps, ...ctx.gaps],
      module,
      imports: ctx.imports,
    };
  });
}
