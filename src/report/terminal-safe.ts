/**
 * Text reports show names that come from the scanned tree: file names, table names, SQL, code lines. A hostile
 * tree can put control characters in them — an escape sequence that clears the screen or hides the lines after
 * it, a line break in a file name that starts a fake line (a CI log reads `::error::...` at the start of a line as
 * a command), a bidirectional override that shows code in another order than it runs. Text reporters therefore
 * show every such character as an escape (`\x1b`, `\n`, `\u202e`), the way JSON would, before adding their own
 * colors.
 */

/** C0 controls but tab, DEL, C1 controls, the line and paragraph separators and the bidirectional controls. */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, '0');

function escapeOne(character: string): string {
  if (character === '\n') return '\\n';
  if (character === '\r') return '\\r';
  const code = character.charCodeAt(0);
  return code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

/** The text with every unsafe character written as an escape; the same string when it has none. */
export function terminalSafe(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeOne) : text;
}

/** The same for a message of several lines (an error listing problems): its line breaks stay. */
export function terminalSafeLines(text: string): string {
  return text.split('\n').map(terminalSafe).join('\n');
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * A copy of a reporter's input with every string (keys included) made terminal-safe. Parts without anything to
 * escape are shared, not copied, so the usual report costs one walk and no allocation. Handles what reporters
 * take: plain objects, arrays, Maps and Sets of them.
 */
export function forTerminal<T>(value: T): T {
  return safeValue(value) as T;
}

function safeValue(value: unknown): unknown {
  if (typeof value === 'string') return terminalSafe(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as unknown;
      const safe = safeValue(item);
      if (safe !== item) (copy ??= value.slice())[i] = safe;
    }
    return copy ?? value;
  }
  if (value instanceof Map) {
    let changed = false;
    const entries = [...value].map(([key, item]) => {
      const safe: [unknown, unknown] = [safeValue(key), safeValue(item)];
      if (safe[0] !== key || safe[1] !== item) changed = true;
      return safe;
    });
    return changed ? new Map(entries) : value;
  }
  if (value instanceof Set) {
    const original = [...value];
    const items = original.map(safeValue);
    return items.some((item, i) => item !== original[i]) ? new Set(items) : value;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const safeKey = terminalSafe(key);
    const safe = safeValue(item);
    if (safe === item && safeKey === key) continue;
    if (copy === undefined) copy = { ...value };
    if (safeKey !== key) delete copy[key];
    // Defined, not assigned: a key named `__proto__` from the scanned tree must stay a key.
    Object.defineProperty(copy, safeKey, { value: safe, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? value;
}
