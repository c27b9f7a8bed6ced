/**
 * An embedded statement whose table names are holes (`f"SELECT ... FROM {TABLE}"`, TABLE a constant of another
 * module, or a parameter), written out once for each set of texts the holes hold, so that it can be analysed again
 * as the text that runs and shown as a job naming its tables. A text a caller completes keeps its marker: the
 * caller's call finishes it (an effect of the unit's summary).
 */
import type { EmbeddedStatement } from '../facts/schema.js';
import { PLACEHOLDER_PREFIX } from '../facts/schema.js';

/** At most this many spellings of one statement (the product of its holes' texts). */
const MAX_SPELLINGS = 8;

/**
 * One expression interpolated into the text: the tokens standing for it (`f"INSERT INTO mart.{t} SELECT * FROM
 * app.{t}"` has two, which always hold the same text) and the texts it holds (null: not known as text).
 */
export interface Hole {
  tokens: readonly string[];
  texts: readonly string[] | null;
}

/**
 * The statement's text once per combination of the texts its table holes hold (with markers where a caller
 * completes them); empty when a table hole holds no text, or the combinations exceed the limit. Other holes stay as
 * they are.
 */
export function spelledTexts(statement: EmbeddedStatement, holes: readonly Hole[]): string[] {
  const tables = [...statement.inputs, ...statement.outputs].filter((id) => id.includes(PLACEHOLDER_PREFIX));
  const inTables = holes.filter((hole) => hole.tokens.some((token) => tables.some((id) => id.includes(token))));
  if (inTables.length === 0) return [];
  let spelled = [statement.text];
  for (const hole of inTables) {
    const known = [...new Set((hole.texts ?? []).filter((text) => text.trim() !== ''))].sort();
    if (known.length === 0) return [];
    spelled = spelled.flatMap((text) => known.map((value) => hole.tokens.reduce((out, token) => out.split(token).join(value), text)));
    if (spelled.length > MAX_SPELLINGS) return [];
  }
  return spelled;
}
