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
 * The statement's text once per combination of the texts its table holes hold (`texts`: token -> texts, null when
 * not known as text; with markers where a caller completes them); empty when a table hole holds no text, or the
 * combinations exceed the limit. Other holes stay as they are.
 */
export function spelledTexts(statement: EmbeddedStatement, texts: ReadonlyMap<string, readonly string[] | null>): string[] {
  const tables = [...statement.inputs, ...statement.outputs].filter((id) => id.includes(PLACEHOLDER_PREFIX));
  const tokens = [...texts.keys()].filter((token) => tables.some((id) => id.includes(token)));
  if (tokens.length === 0) return [];
  let spelled = [statement.text];
  for (const token of tokens) {
    const known = [...new Set((texts.get(token) ?? []).filter((text) => text.trim() !== ''))].sort();
    if (known.length === 0) return [];
    spelled = spelled.flatMap((text) => known.map((value) => text.split(token).join(value)));
    if (spelled.length > MAX_SPELLINGS) return [];
  }
  return spelled;
}
