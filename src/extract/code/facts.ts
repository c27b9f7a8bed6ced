/**
 * A walked file -> FileFacts, for the tree-sitter extractors: units in a stable order, parse health, and a
 * `low-parse-quality` gap for files the grammar mostly failed on (their facts are kept, but they are partial).
 */
import type { Node } from 'web-tree-sitter';
import { LOW_PARSE_QUALITY, LOW_PARSE_QUALITY_GAP, type FileFacts, type Language } from '../../facts/schema.js';
import type { SourceText } from '../../discover/read.js';
import { parseHealth } from '../tree-sitter.js';
import type { CodeFile } from './context.js';
import { namedFrameworkUnits } from '../framework-units.js';

export function codeFacts(code: CodeFile, language: Language, source: SourceText, root: Node): FileFacts {
  const parse = parseHealth(root, source.text.length);
  if (parse.quality < LOW_PARSE_QUALITY) {
    code.gap(LOW_PARSE_QUALITY_GAP, 0, `only ${Math.round(parse.quality * 100)}% of the file parsed as ${language}; its facts are partial`);
  }
  // The framework classes the file's calls name (`Auth::user()`): a unit each, unless the file binds the name otherwise.
  const defined = new Set(code.units.filter((unit) => unit.parent === undefined && unit.kind !== 'module').map((unit) => unit.name));
  code.units.push(...namedFrameworkUnits(code.frameworkNames, defined, code.imports));
  const units = code.units.sort((a, b) => a.line - b.line || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    file: code.file,
    language,
    hash: source.hash,
    bytes: source.bytes,
    lines: source.lines,
    parse,
    units,
    gaps: [...source.gaps, ...code.gaps],
    module: code.module,
    imports: code.imports,
  };
}
