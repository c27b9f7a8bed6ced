/**
 * Strings built by code, as templates: literal text with holes for the values interpolated into it. Extractors
 * evaluate string expressions to IR values (`{ lit }`, `{ concat }`); this module turns such a value back into a
 * template (following names that hold string constants), so SQL text and URLs can be read, and applies printf
 * and brace formats so each value stays next to the text that names it (`"ssn=%s"`).
 */
import type { Part, Value } from '../../facts/schema.js';

/** Where a literal's text starts in the file: 0-based row and column. */
export interface Position {
  row: number;
  column: number;
}

export type TemplatePiece = { text: string } | { value: Value };

export interface Template {
  pieces: TemplatePiece[];
  /** Position of the first literal text, for mapping SQL positions back to the file. */
  row: number;
  column: number;
}

const positions = new WeakMap<object, Position>();

/** A literal part whose text starts at this position of the file. */
export function literal(text: string, row: number, column: number): Part {
  const part = { lit: text };
  positions.set(part, { row, column });
  return part;
}

export function positionOf(part: Part): Position | undefined {
  return positions.get(part);
}

const MAX_DEPTH = 24;

/** Resolves a name to the string value it holds, if any. */
export type ConstantResolver = (name: string) => Value | null;

interface Builder {
  pieces: TemplatePiece[];
  start?: Position;
  /** Row of the end of the text so far, to keep later literals on their own lines. */
  row: number;
}

function pushText(b: Builder, text: string, at: Position | undefined): void {
  if (at) {
    if (!b.start) {
      b.start = at;
      b.row = at.row;
    } else if (at.row > b.row) {
      // A literal on a later line of the file starts on a later line of the text too (see lineBreaks).
      const gap = lineBreaks(b.pieces, text, at.row - b.row);
      if (gap) pushText(b, gap, undefined);
      b.row = at.row;
    }
  }
  const last = b.pieces[b.pieces.length - 1];
  if (last && 'text' in last) last.text += text;
  else b.pieces.push({ text });
  if (b.start) b.row += countLines(text);
}

/**
 * The line breaks to put between text built so far and a literal `rows` lines below it in the file, so positions in
 * a statement built over several lines map back to them. Text without blanks on either side (a file name, a key, a
 * URL built from a name assigned lines before) is one word, which line breaks would change: none.
 */
export function lineBreaks(before: TextSide, next: TextSide, rows: number): string {
  return rows > 0 && (hasBlank(before) || hasBlank(next)) ? '\n'.repeat(rows) : '';
}

/** A text, or the pieces of one (those with `text` are literal text). */
type TextSide = string | readonly object[];

const BLANK = /\s/;

function hasBlank(side: TextSide): boolean {
  if (typeof side === 'string') return BLANK.test(side);
  return side.some((piece) => 'text' in piece && typeof piece.text === 'string' && BLANK.test(piece.text));
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function append(b: Builder, value: Value, resolve: ConstantResolver, depth: number): boolean {
  if (depth > MAX_DEPTH) {
    b.pieces.push({ value });
    return false;
  }
  if (value.length !== 1) {
    if (value.length > 0) b.pieces.push({ value });
    return false;
  }
  const part = value[0]!;
  if ('lit' in part) {
    pushText(b, part.lit, positions.get(part));
    return true;
  }
  if ('concat' in part) {
    let any = false;
    for (const piece of part.concat) any = append(b, piece, resolve, depth + 1) || any;
    return any;
  }
  if ('ref' in part && !part.path) {
    const constant = resolve(part.ref);
    if (constant && constant !== value) return append(b, constant, resolve, depth + 1);
  }
  b.pieces.push({ value });
  return false;
}

/** The template of a string value, or null when it holds no literal text at all. */
export function valueTemplate(value: Value, resolve: ConstantResolver): Template | null {
  const b: Builder = { pieces: [], row: 0 };
  if (!append(b, value, resolve, 0)) return null;
  return { pieces: b.pieces, row: b.start?.row ?? 0, column: b.start?.column ?? 0 };
}

/** The constant text of a value (literals and constants only), or undefined. */
export function constantText(value: Value, resolve: ConstantResolver): string | undefined {
  const template = valueTemplate(value, resolve);
  if (!template || template.pieces.some((p) => !('text' in p))) return undefined;
  return template.pieces.map((p) => ('text' in p ? p.text : '')).join('');
}

/** A template back to a value: one concatenation (or a single literal). */
export function templateToValue(template: Template): Value {
  const parts: Value[] = template.pieces.map((p, i) => ('text' in p ? [i === 0 ? literal(p.text, template.row, template.column) : { lit: p.text }] : p.value));
  if (parts.length === 1) return parts[0]!;
  return [{ concat: parts }];
}

/** printf conversions: `%s`, `%-10.3lf`, `%lld`, `%zu`, `%1$s`, `%%`. */
const PRINTF = /%(?:\d+\$)?[-+ #0']*(\*|\d+)?(?:\.(\*|\d+))?(?:hh|h|ll|l|L|q|j|z|Z|t|I64|I32|I)?([diouxXeEfFgGaAcspnSCm@%])/g;
/** brace fields: `{}`, `{0}`, `{name}`, `{:>10}`, `{{`, `}}`. */
const BRACE = /\{\{|\}\}|\{([^{}:]*)(?::[^{}]*)?\}/g;

/**
 * `format` applied to `operands`: a concatenation of the format's text and the operands in their places; operands
 * the format does not consume are added to the result. `null` when the format is not constant text.
 */
export function applyFormat(format: Value, operands: readonly Value[], style: 'printf' | 'brace', resolve: ConstantResolver): Value | null {
  const template = valueTemplate(format, resolve);
  if (!template || template.pieces.some((p) => !('text' in p))) return null;
  const text = template.pieces.map((p) => ('text' in p ? p.text : '')).join('');
  const parts: Value[] = [];
  let last = 0;
  let next = 0;
  const used = new Set<number>();
  const take = (index: number): Value | undefined => {
    used.add(index);
    return operands[index];
  };
  const push = (chunk: string) => {
    if (chunk === '') return;
    parts.push([parts.length === 0 ? literal(chunk, template.row, template.column) : { lit: chunk }]);
  };
  const pattern = style === 'printf' ? PRINTF : BRACE;
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) {
    const whole = match[0];
    if (whole === '%%' || whole === '{{' || whole === '}}') {
      push(text.slice(last, match.index) + whole[0]);
      last = match.index + whole.length;
      continue;
    }
    push(text.slice(last, match.index));
    last = match.index + whole.length;
    let operand: Value | undefined;
    if (style === 'printf') {
      if (match[1] === '*') take(next++);
      if (match[2] === '*') take(next++);
      // `%p` prints an address and `%n` stores a count: no data of the operand.
      if (match[3] === 'p' || match[3] === 'n') {
        take(next++);
        continue;
      }
      operand = take(next++);
    } else {
      const field = match[1] ?? '';
      operand = /^\d+$/.test(field) ? take(Number(field)) : take(next++);
    }
    if (operand) parts.push(operand);
  }
  push(text.slice(last));
  const formatted: Value = parts.length === 1 ? parts[0]! : [{ concat: parts }];
  const rest = operands.filter((v, i) => !used.has(i) && v.length > 0);
  return rest.length === 0 ? formatted : [...formatted, ...rest.flat()];
}
