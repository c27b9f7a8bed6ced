/**
 * The name classifier: which names look like which data categories, with the reason for every match.
 * Knowledge lives in grammars/classifier/names.yaml; this module normalises names and applies it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const NameRules = z.strictObject({
  version: z.literal(1),
  rules: z.array(z.strictObject({ category: z.string(), pattern: z.string(), context: z.string().optional() })),
  ignore: z.array(z.strictObject({ reason: z.string(), pattern: z.string(), context: z.string().optional() })),
});

export interface NameMatch {
  category: string;
  /** Why: the name, the field that matched, and the rule. */
  reason: string;
}

export interface Classification {
  /** The normalised field the rules looked at. */
  field: string;
  matches: NameMatch[];
  /** Set when the name looked sensitive but an ignore rule says it only looks so. */
  ignored?: string;
}

interface CompiledRule {
  category: string;
  source: string;
  pattern: RegExp;
  context?: RegExp;
}

interface Compiled {
  rules: CompiledRule[];
  ignore: Array<{ reason: string; pattern: RegExp; context?: RegExp }>;
}

const RULES_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../grammars/classifier/names.yaml');
let compiled: Compiled | undefined;

/** Top-level alternatives of a pattern, longest first, so the regex prefers the longest word run. */
function longestFirst(pattern: string): string {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') i++;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(pattern.slice(start));
  return parts.sort((a, b) => b.length - a.length).join('|');
}

/** Whole-word match: the pattern must cover a run of `_`-separated words (a trailing number is part of the word: `password2`). */
const words = (pattern: string) => new RegExp(`(?:^|_)(?:${longestFirst(pattern)})\\d*(?:_|$)`);
const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);

function load(): Compiled {
  if (compiled) return compiled;
  const data = NameRules.parse(parseYaml(readFileSync(RULES_FILE, 'utf8')));
  compiled = {
    rules: data.rules.map((rule) => ({
      category: rule.category,
      source: rule.pattern,
      pattern: words(rule.pattern),
      ...(rule.context ? { context: whole(rule.context) } : {}),
    })),
    ignore: data.ignore.map((entry) => ({
      reason: entry.reason,
      pattern: new RegExp(`^(?:${entry.pattern})\\d*$`),
      ...(entry.context ? { context: whole(entry.context) } : {}),
    })),
  };
  return compiled;
}

/** `customerEmailAddress`, `Customer-Email`, `CUSTOMER_EMAIL` -> `customer_email_address`, `customer_email`. */
export function normalizeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    // `HTTPServer` -> `HTTP_Server`; a lookahead, since `([A-Z]+)([A-Z][a-z])` backtracks in quadratic time on long capitals.
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1_')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/**
 * Splits an access path into qualifier words and the field: `user.email` -> (['user'], 'email');
 * `row["ssn"]` -> (['row'], 'ssn'); `self.customer.phone` -> (['self', 'customer'], 'phone').
 */
export function splitAccess(name: string): { qualifiers: string[]; field: string } {
  const parts = name
    // `[` is left out of the key, so a run of unclosed brackets costs linear time, not quadratic.
    .replace(/\[\s*['"]?([^'"[\]]*)['"]?\s*\]/g, '.$1')
    .split(/\.|->|::/)
    .map((p) => normalizeName(p))
    .filter((p) => p !== '');
  const field = parts.pop() ?? '';
  return { qualifiers: parts, field };
}

interface FieldHit {
  rule: CompiledRule;
  start: number;
  end: number;
}

/** Rules whose pattern matches a field, longest span first: names recur with many qualifiers, fields less so. */
const hitsByField = new Map<string, FieldHit[]>();
const NO_HITS: FieldHit[] = [];

function fieldHits(field: string, rules: readonly CompiledRule[]): FieldHit[] {
  let hits = hitsByField.get(field);
  if (hits) return hits;
  const found: Array<FieldHit & { order: number }> = [];
  rules.forEach((rule, order) => {
    const hit = rule.pattern.exec(field);
    if (!hit) return;
    const lead = hit[0].startsWith('_') ? 1 : 0;
    const trail = hit[0].endsWith('_') && hit[0].length > 1 ? 1 : 0;
    found.push({ rule, start: hit.index + lead, end: hit.index + hit[0].length - trail, order });
  });
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.order - b.order);
  hits = found.length === 0 ? NO_HITS : found.map(({ rule, start, end }) => ({ rule, start, end }));
  hitsByField.set(field, hits);
  return hits;
}

export function classifyName(name: string): Classification {
  const { rules, ignore } = load();
  const { qualifiers, field } = splitAccess(name);
  const result: Classification = { field, matches: [] };
  if (field === '') return result;
  const hits = fieldHits(field, rules);
  if (hits.length === 0) return result;
  const context = [...qualifiers.flatMap((q) => q.split('_')), ...field.split('_')];
  // The longest spans win and a shorter match inside a longer one is dropped (`email_address` is an email, not an
  // address; `ip_address` an IP). A rule with a context counts only when a word of the name meets it.
  const candidates = hits.filter(({ rule }) => !rule.context || context.some((word) => rule.context!.test(word)) || qualifiers.some((q) => rule.context!.test(q)));
  const taken: Array<[number, number]> = [];
  const matches: NameMatch[] = [];
  for (const { rule, start, end } of candidates) {
    if (taken.some(([s, e]) => start < e && end > s)) continue;
    taken.push([start, end]);
    if (matches.some((m) => m.category === rule.category)) continue;
    matches.push({ category: rule.category, reason: `name '${name}' matches ${rule.category} (/${rule.source}/ on '${field}')` });
  }
  if (matches.length === 0) return result;
  // An ignore entry with a context only applies to a field read from such an object (`descriptor.full_name`).
  const ignored = ignore.find((entry) => entry.pattern.test(field) && (!entry.context || qualifiers.some((q) => q.split('_').some((word) => entry.context!.test(word)))));
  if (ignored) return { ...result, ignored: `name '${name}' looks like ${matches.map((m) => m.category).join(', ')} but ${ignored.reason}` };
  result.matches = matches;
  return result;
}

/** Just the categories, sorted. */
export function categoriesOfName(name: string): string[] {
  return classifyName(name).matches.map((m) => m.category).sort();
}
