/**
 * Python strings as templates: literal text with holes for interpolated expressions. Literals (prefixes, triple
 * quotes, implicit concatenation, escapes), f-strings, `+`, `%` formatting, `.format(...)` and `sep.join(...)`
 * all become one list of pieces, so SQL built at run time keeps its text (`f"SELECT * FROM users WHERE id = {uid}"`)
 * and values keep the order of what they concatenate.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import { lineBreaks } from '../code/templates.js';

export interface StringValue {
  text: string;
  /** 0-based row and column where the content starts (after the opening quote). */
  row: number;
  column: number;
}

/** A piece of a template: literal text, or an expression whose value is interpolated. */
/** Text, an expression, or a key of a mapping expression (`"{email}".format(**user)`: `user["email"]`). */
export type Piece = { text: string } | { expr: Node; key?: string };

export interface Template {
  pieces: Piece[];
  row: number;
  column: number;
}

/** What building a template can look up where it is written. */
export interface TemplateScope {
  /** The template of the string constant a name holds (`BASE + "/users"`), if any. */
  constant(name: string): Template | null;
  /**
   * The arguments holding the text of a call that only wraps it (`text("...")`, `sql.SQL("...")`), if it is one; with
   * several, their texts joined by the separator (`sql.Identifier("crm", "users")`: `crm.users`).
   */
  wrapped(call: Node): { parts: Node[]; separator: string } | null;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
const MAX_DEPTH = 64;

function unescape(text: string): string {
  return text.replace(/\\(.)/gs, (whole, ch: string) => ESCAPES[ch] ?? (ch === '\n' ? '' : whole));
}

/** The pieces of one string literal, f-strings included; null for broken nodes. */
function literalPieces(node: Node, scope?: TemplateScope): Template | null {
  // Fast path without visiting children: a literal that is not an f-string is its text between the quotes.
  const whole = node.text;
  const prefixMatch = /^[A-Za-z]{0,3}/.exec(whole)![0];
  if (!/f/i.test(prefixMatch)) {
    const rest = whole.slice(prefixMatch.length);
    const quote = rest.startsWith('"""') || rest.startsWith("'''") ? rest.slice(0, 3) : rest.slice(0, 1);
    if ((quote !== '"' && quote !== "'" && quote.length !== 3) || !rest.endsWith(quote) || rest.length < quote.length * 2) return null;
    const content = rest.slice(quote.length, rest.length - quote.length);
    const at = node.startPosition;
    return {
      pieces: [{ text: /r/i.test(prefixMatch) ? content : unescape(content) }],
      row: at.row,
      column: at.column + prefixMatch.length + quote.length,
    };
  }
  const children = node.children;
  const start = children[0];
  const end = children[children.length - 1];
  if (!start || !end || start.type !== 'string_start' || end.type !== 'string_end') return null;
  const prefix = start.text.replace(/['"]+$/, '').toLowerCase();
  const raw = prefix.includes('r');
  const cook = (text: string) => (raw ? text : unescape(prefix.includes('f') ? text.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : text));
  const pieces: Piece[] = [];
  let cursor = start.endIndex;
  const source = node.text;
  const base = node.startIndex;
  for (let i = 1; i < children.length - 1; i++) {
    const child = children[i]!;
    if (child.type !== 'interpolation') continue;
    if (child.startIndex > cursor) pushText(pieces, cook(source.slice(cursor - base, child.startIndex - base)));
    const expression = child.namedChildren.find((c) => c !== null && c.type !== 'type_conversion' && c.type !== 'format_specifier');
    // `f"... FROM {TABLE}"`: a name holding a constant text is that text, as in `"... FROM " + TABLE` (not with a
    // format spec, which changes the text, nor a text built from values, whose parts are read where it is built).
    const formatted = child.namedChildren.some((c) => c?.type === 'format_specifier');
    const constant = expression?.type === 'identifier' && !formatted ? constantText(expression, scope, 0) : null;
    if (constant !== null) pushText(pieces, constant);
    else if (expression) pieces.push({ expr: expression });
    cursor = child.endIndex;
  }
  if (end.startIndex > cursor) pushText(pieces, cook(source.slice(cursor - base, end.startIndex - base)));
  return { pieces, row: start.endPosition.row, column: start.endPosition.column };
}

function pushText(pieces: Piece[], text: string): void {
  const last = pieces[pieces.length - 1];
  if (last && 'text' in last) last.text += text;
  else pieces.push({ text });
}

/** Pieces added in order, text run on into the text before it. */
function appendPieces(into: Piece[], pieces: readonly Piece[]): void {
  for (const piece of pieces) {
    if ('text' in piece) pushText(into, piece.text);
    else into.push(piece);
  }
}

function appendTemplate(into: Piece[], template: Template, row: number): number {
  // A piece on a later line starts on a new line of the text too, so SQL positions map back to the file.
  if (template.row > row && into.length > 0) {
    const gap = lineBreaks(into, template.pieces, template.row - row);
    if (gap) pushText(into, gap);
  }
  appendPieces(into, template.pieces);
  const text = template.pieces.map((p) => ('text' in p ? p.text : '')).join('');
  return Math.max(row, template.row) + (text.split('\n').length - 1);
}

/**
 * The template with each match of `pattern` in its text replaced: by text (an escape), by an operand (a hole), or
 * kept as written when `replace` has nothing for it.
 */
function substitute(format: Template, pattern: RegExp, replace: (match: RegExpMatchArray) => Node | string | { expr: Node; key: string } | undefined): Template {
  const pieces: Piece[] = [];
  for (const piece of format.pieces) {
    if (!('text' in piece)) {
      pieces.push(piece);
      continue;
    }
    let last = 0;
    for (const match of piece.text.matchAll(pattern)) {
      pushText(pieces, piece.text.slice(last, match.index));
      last = match.index! + match[0].length;
      const replacement = replace(match);
      if (typeof replacement === 'string') pushText(pieces, replacement);
      else if (replacement && 'key' in replacement && !('type' in replacement)) pieces.push(replacement);
      else if (replacement) pieces.push({ expr: replacement as Node });
      else pushText(pieces, match[0]);
    }
    pushText(pieces, piece.text.slice(last));
  }
  return { pieces, row: format.row, column: format.column };
}

/** `%s`, `%(name)s`, `%d`... in a `%`-formatted string, replaced by the matching operands. */
function percentFormat(format: Template, operands: Node, scope: TemplateScope | undefined, depth: number): Template {
  const positional: Node[] = [];
  const named = new Map<string, Node>();
  if (operands.type === 'tuple' || operands.type === 'parenthesized_expression') {
    for (const child of operands.namedChildren) if (child) positional.push(child);
  } else if (operands.type === 'dictionary') {
    for (const pair of operands.namedChildren) {
      const key = pair?.type === 'pair' ? pair.childForFieldName('key') : null;
      const value = pair?.childForFieldName('value');
      const keyText = key ? constantString(key)?.text : undefined;
      if (keyText !== undefined && value) named.set(keyText, value);
    }
  } else positional.push(operands);
  let next = 0;
  return substitute(format, /%(?:\(([^)]*)\))?[-+ #0]*\d*(?:\.\d+)?[sdifrxXeEgGcoa%]/g, (match) => {
    if (match[0] === '%%') return '%';
    const operand = match[1] !== undefined ? named.get(match[1]) : positional[next++];
    return operand && match[0].endsWith('s') ? constantText(operand, scope, depth) ?? operand : operand;
  });
}

/**
 * `"{} {name}".format(a, name=b)`: replacement fields by position, index or keyword; a name no keyword gives is the
 * key of a mapping spread into the call (`.format(**user)`).
 */
function braceFormat(format: Template, args: Node | null, scope: TemplateScope | undefined, depth: number): Template {
  const positional: Node[] = [];
  const named = new Map<string, Node>();
  let spread: Node | undefined;
  for (const child of args?.namedChildren ?? []) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'dictionary_splat') spread ??= child.namedChildren[0] ?? undefined;
    else if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name')?.text;
      const value = child.childForFieldName('value');
      if (name && value) named.set(name, value);
    } else positional.push(child);
  }
  let next = 0;
  return substitute(format, /\{\{|\}\}|\{([^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}/g, (match) => {
    if (match[0] === '{{' || match[0] === '}}') return match[0][0]!;
    const written = match[1] ?? '';
    const field = written.split(/[.[]/, 1)[0]!;
    const operand = field === '' ? positional[next++] : /^\d+$/.test(field) ? positional[Number(field)] : named.get(field);
    if (!operand) return spread && field !== '' && !/^\d+$/.test(field) ? { expr: spread, key: field } : undefined;
    // A constant text in a plain field is that text (`"... FROM {}".format("users")`); not `{!r}`, `{:>8}`, `{0.x}`.
    const plain = field === written && /^\{[^{}!:]*(?:!s)?\}$/.test(match[0]);
    return plain ? constantText(operand, scope, depth) ?? operand : operand;
  });
}

/**
 * The template of a string-building expression, or null when the expression is not built from a string literal.
 * Without a scope, names and wrapping calls are not looked through.
 */
export function templateOf(node: Node, scope?: TemplateScope, depth = 0): Template | null {
  if (depth > MAX_DEPTH) return null;
  switch (node.type) {
    case 'string':
      return literalPieces(node, scope);
    case 'concatenated_string': {
      const pieces: Piece[] = [];
      let row = -1;
      let first: Template | null = null;
      for (const child of node.namedChildren) {
        const part = child ? literalPieces(child, scope) : null;
        if (!part) return null;
        first ??= part;
        row = appendTemplate(pieces, part, row < 0 ? part.row : row);
      }
      return first ? { pieces, row: first.row, column: first.column } : null;
    }
    case 'parenthesized_expression': {
      // Brackets add no meaning: unwrapped in a loop, so thousands of them neither recurse nor count as depth.
      let inner: Node | null = node;
      while (inner?.type === 'parenthesized_expression') inner = inner.namedChildren[0] ?? null;
      return inner ? templateOf(inner, scope, depth + 1) : null;
    }
    case 'identifier':
      return scope ? scope.constant(node.text) : null;
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const operator = node.childForFieldName('operator')?.type;
      if (!left || !right) return null;
      if (operator === '%') {
        const format = templateOf(left, scope, depth + 1);
        return format ? percentFormat(format, right, scope, depth) : null;
      }
      if (operator !== '+') return null;
      const l = templateOf(left, scope, depth + 1);
      const r = templateOf(right, scope, depth + 1);
      if (!l && !r) return null;
      const pieces: Piece[] = [];
      const row = appendTemplate(pieces, l ?? { pieces: [{ expr: left }], row: r!.row, column: r!.column }, (l ?? r)!.row);
      appendTemplate(pieces, r ?? { pieces: [{ expr: right }], row, column: 0 }, row);
      return { pieces, row: (l ?? r)!.row, column: (l ?? r)!.column };
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      if (!object || (method !== 'format' && method !== 'join')) {
        const inner = scope?.wrapped(node);
        if (!inner) return null;
        if (inner.parts.length === 1) return templateOf(inner.parts[0]!, scope, depth + 1);
        const at = node.startPosition;
        return joinedParts({ pieces: [{ text: inner.separator }], row: at.row, column: at.column }, inner.parts, scope, depth);
      }
      const format = templateOf(object, scope, depth + 1);
      if (!format) return null;
      const args = node.childForFieldName('arguments');
      if (method === 'format') return braceFormat(format, args, scope, depth);
      // `sep.join(x for x in xs)`: the generator is the whole argument list.
      const items = args?.type === 'generator_expression' ? args : args?.namedChildren.find((c) => c !== null && c.type !== 'comment');
      if (!items) return null;
      return joinedLiteral(format, items, scope, depth) ?? { pieces: [{ expr: items }], row: format.row, column: format.column };
    }
    default:
      return null;
  }
}

/**
 * `" ".join(["SELECT", col, "FROM t"])`: a list or tuple written out is its items' templates (or holes) between
 * copies of the separator. Null for anything else (the items are then one hole).
 */
function joinedLiteral(separator: Template, items: Node, scope: TemplateScope | undefined, depth: number): Template | null {
  if (items.type !== 'list' && items.type !== 'tuple') return null;
  const elements = items.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  if (elements.length === 0 || elements.some((e) => e.type === 'list_splat')) return null;
  return joinedParts(separator, elements, scope, depth);
}

/** Parts' templates (or holes) between copies of the separator. */
function joinedParts(separator: Template, elements: readonly Node[], scope: TemplateScope | undefined, depth: number): Template {
  const pieces: Piece[] = [];
  let first: Template | null = null;
  elements.forEach((element, i) => {
    if (i > 0) appendPieces(pieces, separator.pieces);
    const template = templateOf(element, scope, depth + 1);
    if (i === 0) first = template;
    appendPieces(pieces, template ? template.pieces : [{ expr: element }]);
  });
  const start: Template = first ?? separator;
  return { pieces, row: start.row, column: start.column };
}

/** The text an operand of a format stands for when it is constant (a literal, a name holding one, a wrapped one). */
function constantText(node: Node, scope: TemplateScope | undefined, depth: number): string | null {
  const template = templateOf(node, scope, depth + 1);
  return template ? allText(template) : null;
}

/** A template's text when it is all text (no hole), else null. */
function allText(template: Template): string | null {
  let text = '';
  for (const piece of template.pieces) {
    if (!('text' in piece)) return null;
    text += piece.text;
  }
  return text;
}

/** The constant text of a string expression, or null when any part is computed. */
export function constantString(node: Node): StringValue | null {
  if (node.type !== 'string' && node.type !== 'concatenated_string' && node.type !== 'parenthesized_expression') return null;
  const template = templateOf(node);
  const text = template ? allText(template) : null;
  return template && text !== null ? { text, row: template.row, column: template.column } : null;
}
