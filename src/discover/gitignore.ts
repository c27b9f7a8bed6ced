/**
 * .gitignore patterns, matched in time linear in the path for each pattern. A scanned repository writes its own
 * .gitignore, and pattern-to-RegExp translations backtrack: `*a*a*a*a*a*a*a*a*b` against a file name of sixty
 * `a`s never finished. Here a pattern compiles to a small automaton whose states are simulated side by side
 * (as a Thompson NFA), so the cost is at most the path's length times the pattern's.
 *
 * Semantics as gitignore(5) describes them: blank lines and `#` comments are skipped, `\` escapes, trailing spaces
 * go unless escaped, `!` negates, a trailing `/` matches folders only, a pattern with a `/` elsewhere is anchored to
 * its .gitignore's folder while one without matches a name at any depth, `*` and `?` and `[...]` never match `/`,
 * `**` between slashes matches any number of folders (none included), a leading `**\/` any leading folders and a
 * trailing `/**` everything inside. Matching is case-sensitive, as git's is on Linux.
 */

type Token =
  | { kind: 'char'; char: string }
  /** `?`: one character, not `/`. */
  | { kind: 'one' }
  /** `[...]`: one character (not `/`) in (or, negated, not in) the set. */
  | { kind: 'class'; negated: boolean; chars: string; ranges: Array<[string, string]> }
  /** `*`: any run of characters without `/` (loops on itself). */
  | { kind: 'star' }
  /** `**`: any run of characters (loops on itself). */
  | { kind: 'any' }
  /** A choice, consuming nothing: go on at the next token or jump to `to` (an optional group of folders). */
  | { kind: 'skip'; to: number };

export interface GitignoreRule {
  negated: boolean;
  /** A trailing `/`: folders only. */
  folderOnly: boolean;
  /** The pattern has a `/` before its end: matched against the whole path, else against the last name. */
  anchored: boolean;
  matcher: PatternMatcher;
}

/** The pattern of one .gitignore line, or null for blank lines and comments. */
export function parseRule(line: string): GitignoreRule | null {
  let text = line.endsWith('\r') ? line.slice(0, -1) : line;
  // Trailing spaces go, unless the last one is escaped. (By hand: `( +)$` takes quadratic time on a long run.)
  let end = text.length;
  while (end > 0 && text[end - 1] === ' ') end--;
  if (end < text.length && end > 0 && text[end - 1] === '\\') text = `${text.slice(0, end - 1)} `;
  else text = text.slice(0, end);
  if (text === '' || text.startsWith('#')) return null;
  let negated = false;
  if (text.startsWith('!')) {
    negated = true;
    text = text.slice(1);
  }
  let folderOnly = false;
  if (text.endsWith('/') && !text.endsWith('\\/')) {
    folderOnly = true;
    let end = text.length;
    while (end > 0 && text[end - 1] === '/') end--;
    text = text.slice(0, end);
  }
  if (text === '') return null;
  const anchored = text.slice(0, -1).includes('/') || text.startsWith('/');
  if (text.startsWith('/')) text = text.slice(1);
  return { negated, folderOnly, anchored, matcher: new PatternMatcher(compile(text)) };
}

function compile(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const atSegmentStart = () => i === 0 || pattern[i - 1] === '/';
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '*') {
      let end = i;
      while (pattern[end] === '*') end++;
      const double = end - i >= 2;
      const segmentEnds = end === pattern.length || pattern[end] === '/';
      if (double && atSegmentStart() && segmentEnds) {
        if (end === pattern.length) {
          // A trailing `**` (after a `/` or alone): everything, inside the folder when there is one.
          if (i > 0) tokens.push({ kind: 'one' }); // at least one character: `abc/**` is inside abc, not abc itself
          tokens.push({ kind: 'any' });
          i = end;
          continue;
        }
        // `**/`: any number of leading folders, none included: skip over `any` and its `/`, or go through them.
        const skip: Token = { kind: 'skip', to: -1 };
        tokens.push(skip);
        tokens.push({ kind: 'any' });
        tokens.push({ kind: 'char', char: '/' });
        skip.to = tokens.length;
        i = end + 1;
        continue;
      }
      tokens.push({ kind: 'star' });
      i = end;
      continue;
    }
    if (c === '?') {
      tokens.push({ kind: 'one' });
      i++;
      continue;
    }
    if (c === '[') {
      const parsed = parseClass(pattern, i);
      if (parsed) {
        tokens.push(parsed.token);
        i = parsed.end;
        continue;
      }
      tokens.push({ kind: 'char', char: '[' });
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < pattern.length) {
      tokens.push({ kind: 'char', char: pattern[i + 1]! });
      i += 2;
      continue;
    }
    tokens.push({ kind: 'char', char: c });
    i++;
  }
  return tokens;
}

/** `[...]` starting at `start`; null when it never closes (then `[` is an ordinary character). */
function parseClass(pattern: string, start: number): { token: Token; end: number } | null {
  let i = start + 1;
  let negated = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negated = true;
    i++;
  }
  let chars = '';
  const ranges: Array<[string, string]> = [];
  let first = true;
  while (i < pattern.length) {
    let c = pattern[i]!;
    if (c === ']' && !first) return { token: { kind: 'class', negated, chars, ranges }, end: i + 1 };
    first = false;
    if (c === '\\' && i + 1 < pattern.length) c = pattern[++i]!;
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      let high = pattern[i + 2]!;
      let next = i + 3;
      if (high === '\\' && i + 3 < pattern.length) {
        high = pattern[i + 3]!;
        next = i + 4;
      }
      ranges.push([c, high]);
      i = next;
      continue;
    }
    chars += c;
    i++;
  }
  return null;
}

function classMatches(token: Extract<Token, { kind: 'class' }>, c: string): boolean {
  let inside = token.chars.includes(c);
  for (const [low, high] of token.ranges) if (!inside && c >= low && c <= high) inside = true;
  return inside !== token.negated;
}

/** The characters of a run of `char` tokens, or undefined when one of them is something else. */
function charsOf(tokens: readonly Token[]): string | undefined {
  let text = '';
  for (const token of tokens) {
    if (token.kind !== 'char') return undefined;
    text += token.char;
  }
  return text;
}

/** The longest run of plain characters outside optional groups: a text without it cannot match. */
function longestRun(tokens: readonly Token[]): string {
  let best = '';
  let run = '';
  let optionalUntil = -1;
  tokens.forEach((token, index) => {
    if (token.kind === 'skip') optionalUntil = Math.max(optionalUntil, token.to);
    run = token.kind === 'char' && index >= optionalUntil ? run + token.char : '';
    if (run.length > best.length) best = run;
  });
  return best;
}

/**
 * The tokens of one pattern as a matcher. Plain names, `*.ext` and `name.*` patterns (most of a .gitignore)
 * compare strings; the rest run the automaton, after a check that the text holds the pattern's longest plain run.
 * Its state sets are kept between calls, and stamped by generation instead of cleared.
 */
export class PatternMatcher {
  private readonly literal: string | undefined;
  private readonly suffix: string | undefined;
  private readonly prefix: string | undefined;
  private readonly needed: string;
  private readonly stamps: Int32Array;
  private generation = 0;
  private current: Int32Array;
  private next: Int32Array;
  private readonly stack: Int32Array;

  constructor(private readonly tokens: readonly Token[]) {
    const last = tokens.length - 1;
    this.literal = charsOf(tokens);
    this.suffix = this.literal === undefined && tokens[0]?.kind === 'star' ? charsOf(tokens.slice(1)) : undefined;
    this.prefix = this.literal === undefined && tokens[last]?.kind === 'star' ? charsOf(tokens.slice(0, last)) : undefined;
    this.needed = longestRun(tokens);
    const states = tokens.length + 1;
    this.stamps = new Int32Array(states);
    this.current = new Int32Array(states);
    this.next = new Int32Array(states);
    this.stack = new Int32Array(2 * states + 2);
  }

  /** Adds state `at`, and every state reachable from it without consuming a character, to `into` (`size` used). */
  private close(at: number, into: Int32Array, size: number): number {
    const { tokens, stamps, stack, generation } = this;
    let top = 0;
    stack[top++] = at;
    while (top > 0) {
      const state = stack[--top]!;
      if (stamps[state] === generation) continue;
      stamps[state] = generation;
      into[size++] = state;
      const token = tokens[state];
      if (token === undefined) continue; // the accepting state
      if (token.kind === 'skip') {
        stack[top++] = state + 1;
        stack[top++] = token.to;
      } else if (token.kind === 'star' || token.kind === 'any') {
        stack[top++] = state + 1; // a run of none
      }
    }
    return size;
  }

  /** Whether the pattern matches the whole text. */
  matches(text: string): boolean {
    if (this.literal !== undefined) return text === this.literal;
    if (this.suffix !== undefined) {
      return text.endsWith(this.suffix) && text.lastIndexOf('/', text.length - this.suffix.length - 1) === -1;
    }
    if (this.prefix !== undefined) return text.startsWith(this.prefix) && text.indexOf('/', this.prefix.length) === -1;
    if (!text.includes(this.needed)) return false;
    const tokens = this.tokens;
    const accept = tokens.length;
    this.generation++;
    let count = this.close(0, this.current, 0);
    for (let i = 0; i < text.length && count > 0; i++) {
      const c = text[i]!;
      this.generation++;
      let nextCount = 0;
      for (let k = 0; k < count; k++) {
        const state = this.current[k]!;
        const token = tokens[state];
        if (token === undefined) continue;
        switch (token.kind) {
          case 'char':
            if (token.char === c) nextCount = this.close(state + 1, this.next, nextCount);
            break;
          case 'one':
            if (c !== '/') nextCount = this.close(state + 1, this.next, nextCount);
            break;
          case 'class':
            if (c !== '/' && classMatches(token, c)) nextCount = this.close(state + 1, this.next, nextCount);
            break;
          case 'star':
            if (c !== '/') nextCount = this.close(state, this.next, nextCount);
            break;
          case 'any':
            nextCount = this.close(state, this.next, nextCount);
            break;
          case 'skip':
            break; // consumes nothing; its targets are in the closure already
        }
      }
      [this.current, this.next] = [this.next, this.current];
      count = nextCount;
    }
    for (let k = 0; k < count; k++) if (this.current[k] === accept) return true;
    return false;
  }
}

/**
 * Whether the rule matches a path relative to the folder of its .gitignore: `path` without a trailing `/`, `name`
 * its last part, `folder` whether it is a folder.
 */
export function ruleMatches(rule: GitignoreRule, path: string, name: string, folder: boolean): boolean {
  if (rule.folderOnly && !folder) return false;
  return rule.matcher.matches(rule.anchored ? path : name);
}

/** What a list of rules says about a path: the last rule that matches decides. */
export interface Verdict {
  ignored: boolean;
  /** A negated rule matched last. */
  unignored: boolean;
}

const NOT_IGNORED: Verdict = { ignored: false, unignored: false };

export class Gitignore {
  private readonly rules: GitignoreRule[];
  private readonly folders = new Map<string, Verdict>();

  constructor(content: string | readonly string[]) {
    const lines = typeof content === 'string' ? content.split('\n') : content;
    this.rules = lines.map(parseRule).filter((rule): rule is GitignoreRule => rule !== null);
  }

  /**
   * The verdict on a path (folders end with `/`). A path inside an ignored folder is ignored whatever later rules
   * say, as in git, which never looks inside an excluded folder; folders' verdicts are remembered, so a path
   * costs one lookup of its parent, however deep it is.
   */
  test(relPath: string): Verdict {
    const parentEnd = relPath.lastIndexOf('/', relPath.length - 2);
    if (parentEnd !== -1) {
      const parent = this.folderVerdict(relPath.slice(0, parentEnd + 1));
      if (parent.ignored) return parent;
    }
    return this.testOne(relPath);
  }

  private folderVerdict(folder: string): Verdict {
    // Up to the nearest folder with a known verdict, then down again, deciding and remembering each.
    const pending: string[] = [];
    let verdict: Verdict = NOT_IGNORED;
    for (let at = folder; ;) {
      const known = this.folders.get(at);
      if (known !== undefined) {
        verdict = known;
        break;
      }
      pending.push(at);
      const up = at.lastIndexOf('/', at.length - 2);
      if (up === -1) break;
      at = at.slice(0, up + 1);
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      if (!verdict.ignored) verdict = this.testOne(pending[i]!);
      this.folders.set(pending[i]!, verdict);
    }
    return verdict;
  }

  private testOne(relPath: string): Verdict {
    const folder = relPath.endsWith('/');
    const path = folder ? relPath.slice(0, -1) : relPath;
    const name = path.slice(path.lastIndexOf('/') + 1);
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i]!;
      if (ruleMatches(rule, path, name, folder)) return { ignored: !rule.negated, unignored: rule.negated };
    }
    return NOT_IGNORED;
  }

  ignores(relPath: string): boolean {
    return this.test(relPath).ignored;
  }
}
