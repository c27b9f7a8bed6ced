/** The JSON reporter: the report object, two-space indented, newline terminated. */
import { jsonPieces } from '../../util/json-pieces.js';
import type { Report } from './schema.js';

export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** The same text in pieces, for writing a large report without holding all its text at once. */
export function* formatJsonPieces(report: Report): Generator<string> {
  yield* jsonPieces(report, '  ');
  yield '\n';
}
