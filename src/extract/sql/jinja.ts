/**
 * Static rendering of dbt-style Jinja: nothing is executed. `ref`, `source` and `this` become table names,
 * `config(...)` is read and removed, `{% if %}` bodies are kept (their `else` branches dropped), macro
 * definitions and comments are blanked. Line breaks are preserved so statement lines stay exact.
 */

export interface JinjaResolver {
  ref(model: string, packageName?: string): string;
  source(sourceName: string, table: string): string;
  self(): string;
  /** A project macro whose body is plain SQL: the body with its parameters replaced (never executed). */
  macro?(name: string, args: string[]): string | undefined;
}

/** A `{% macro name(a, b) %}body{% endmacro %}` definition. */
export interface MacroDefinition {
  params: string[];
  body: string;
}

const MACRO_START = /\{%-?\s*macro\s+(\w+)\s*\(([^)]{0,2000})\)\s*-?%\}/g;
const MACRO_END = /\{%-?\s*endmacro\s*-?%\}/g;

/**
 * Macro definitions of a text (the project's macro files). Each start looks for its end once, and a start with
 * no end stops the search: one pattern over the whole text retried the rest of the file from every later start.
 */
export function readMacros(text: string): Record<string, MacroDefinition> {
  const macros: Record<string, MacroDefinition> = {};
  MACRO_START.lastIndex = 0;
  for (let start = MACRO_START.exec(text); start !== null; start = MACRO_START.exec(text)) {
    MACRO_END.lastIndex = MACRO_START.lastIndex;
    const end = MACRO_END.exec(text);
    if (end === null) break;
    const params = start[2]!.split(',').map((p) => p.split('=')[0]!.trim()).filter(Boolean);
    macros[start[1]!] = { params, body: text.slice(MACRO_START.lastIndex, end.index) };
    MACRO_START.lastIndex = MACRO_END.lastIndex;
  }
  return macros;
}

/**
 * Expands a macro call statically: only bodies made of SQL and `{{ param }}` placeholders are expanded; a body
 * with its own control flow is not (the call then stays a neutral identifier).
 */
export function expandMacro(macro: MacroDefinition, args: string[]): string | undefined {
  if (/\{%|\{#/.test(macro.body)) return undefined;
  let unknown = false;
  const text = macro.body.replace(/\{\{-?\s*(\w+)\s*-?\}\}/g, (_m, name: string) => {
    const at = macro.params.indexOf(name);
    if (at < 0 || args[at] === undefined) {
      unknown = true;
      return '';
    }
    return args[at]!;
  });
  return unknown ? undefined : text.replace(/\s+/g, ' ').trim();
}

export interface ModelConfig {
  schema?: string;
  alias?: string;
  materialized?: string;
}

export interface Rendered {
  text: string;
  config: ModelConfig;
  /** True when the text contained any templating. */
  templated: boolean;
}

const OPENER = /\{[{%#]/;
const CLOSER: Record<string, string> = { '{': '}}', '%': '%}', '#': '#}' };

/**
 * The template tags of a text in order: `{{ ... }}`, `{% ... %}`, `{# ... #}`, each ending at its first closer.
 * Linear: once an opener kind has no closer left, it is not searched for again (a lazy regular expression
 * rescans to the end for every unclosed opener, which is quadratic).
 */
function* templateTags(text: string): Generator<{ segment: string; index: number }> {
  const exhausted = new Set<string>();
  const opener = new RegExp(OPENER.source, 'g');
  for (let match = opener.exec(text); match; match = opener.exec(text)) {
    const kind = match[0][1]!;
    if (exhausted.has(kind)) {
      opener.lastIndex = match.index + 1;
      continue;
    }
    const close = text.indexOf(CLOSER[kind]!, match.index + 2);
    if (close === -1) {
      exhausted.add(kind);
      opener.lastIndex = match.index + 1;
      continue;
    }
    yield { segment: text.slice(match.index, close + 2), index: match.index };
    opener.lastIndex = close + 2;
  }
}

const STRING_ARG = /(['"])((?:(?!\1).)*)\1/g;

function keepNewlines(segment: string, replacement: string): string {
  const newlines = segment.split('\n').length - 1;
  return replacement + '\n'.repeat(newlines);
}

function stringArgs(expr: string): string[] {
  return [...expr.matchAll(STRING_ARG)].map((m) => m[2]!);
}

const CONFIG_START = /\{\{\s*config\s*\(/g;
const CONFIG_END = /\)\s*\}\}/g;
const PYTHON_CONFIG_START = /\b\w+\.config\s*\(/g;
const PYTHON_CONFIG_END = /\)/g;
const CONFIG_SETTING = /\b(schema|alias|materialized)\s*=\s*(['"])([^'"\n]*)\2/g;
/** Longer arguments are not a model's settings (and would cost time for nothing). */
const MAX_CONFIG_CHARS = 10_000;

/**
 * Reads `schema='x'`, `alias="y"`, `materialized='table'` from config(...) calls. As for macros, each call looks
 * for its end once and a call without one ends the search.
 */
export function readConfig(text: string, python = false): ModelConfig {
  const config: ModelConfig = {};
  // A Python model sets it in code: `dbt.config(materialized="table", schema="marts")`.
  const opener = python ? PYTHON_CONFIG_START : CONFIG_START;
  const closer = python ? PYTHON_CONFIG_END : CONFIG_END;
  opener.lastIndex = 0;
  for (let start = opener.exec(text); start !== null; start = opener.exec(text)) {
    closer.lastIndex = opener.lastIndex;
    const end = closer.exec(text);
    if (end === null) break;
    const args = text.slice(opener.lastIndex, end.index);
    opener.lastIndex = closer.lastIndex;
    if (args.length > MAX_CONFIG_CHARS) continue;
    for (const setting of args.matchAll(CONFIG_SETTING)) config[setting[1] as keyof ModelConfig] = setting[3]!;
  }
  return config;
}

function renderExpression(expr: string, resolver: JinjaResolver): string {
  const body = expr.replace(/^\{\{-?|-?\}\}$/g, '').trim();
  if (/^config\s*\(/.test(body)) return '';
  if (/^this\b/.test(body)) return resolver.self();
  const ref = /^ref\s*\(([^)]*)\)$/.exec(body);
  if (ref) {
    const args = stringArgs(ref[1]!);
    if (args.length === 1) return resolver.ref(args[0]!);
    if (args.length >= 2) return resolver.ref(args[1]!, args[0]!);
  }
  const source = /^source\s*\(([^)]*)\)$/.exec(body);
  if (source) {
    const args = stringArgs(source[1]!);
    if (args.length >= 2) return resolver.source(args[0]!, args[1]!);
  }
  const variable = /^var\s*\(\s*(['"])([^'"]+)\1/.exec(body);
  if (variable) return `'${variable[2]}'`;
  const call = /^(\w+)\s*\(([^()]*)\)$/.exec(body);
  if (call && resolver.macro) {
    const expanded = resolver.macro(call[1]!, stringArgs(call[2]!));
    if (expanded !== undefined) return expanded;
  }
  // Anything else (macros, expressions) becomes a neutral identifier the parser accepts in most positions.
  return '__jinja__';
}

export function renderJinja(text: string, resolver: JinjaResolver): Rendered {
  const config = readConfig(text);
  if (!/\{[{%#]/.test(text)) return { text, config, templated: false };
  let out = '';
  let last = 0;
  // Stack of open blocks: whether the text inside is kept; `dropped` counts the false entries, so checking
  // whether text is kept does not walk the stack (thousands of unclosed blocks must stay linear).
  const keep: boolean[] = [];
  let dropped = 0;
  const kept = () => dropped === 0;
  for (const { segment, index: at } of templateTags(text)) {
    const between = text.slice(last, at);
    out += kept() ? between : between.replace(/[^\n]/g, ' ');
    last = at + segment.length;
    if (segment.startsWith('{{')) {
      out += kept() ? keepNewlines(segment, renderExpression(segment, resolver)) : keepNewlines(segment, '');
      continue;
    }
    if (segment.startsWith('{#')) {
      out += keepNewlines(segment, '');
      continue;
    }
    const tag = /^\{%-?\s*(\w+)/.exec(segment)?.[1] ?? '';
    if (tag === 'if' || tag === 'for' || tag === 'call' || tag === 'filter') keep.push(true);
    else if (tag === 'macro' || tag === 'raw' || tag === 'docs' || tag === 'test' || tag === 'materialization') {
      keep.push(false);
      dropped++;
    } else if (tag === 'elif' || tag === 'else') {
      if (keep.length > 0 && keep[keep.length - 1]) {
        keep[keep.length - 1] = false;
        dropped++;
      }
    } else if (tag.startsWith('end') && keep.length > 0 && !keep.pop()) dropped--;
    out += keepNewlines(segment, '');
  }
  const rest = text.slice(last);
  out += kept() ? rest : rest.replace(/[^\n]/g, ' ');
  return { text: out, config, templated: true };
}
