/**
 * The tolerant fallback: when no grammar parses a statement, find the tables it reads and writes from its
 * keywords. Results are marked low confidence by the caller and always come with a gap.
 */
import { normalizePart } from './names.js';

export interface FallbackLineage {
  operation: string;
  reads: string[];
  writes: string[];
}

// Quoted identifiers and column lists are bounded (far above any real one): unbounded, each `[` or `"` of a long
// text without its closer was scanned to the end again, in quadratic time.
const IDENT = String.raw`(?:"[^"]{1,1024}"|\x60[^\x60]{1,1024}\x60|\[[^\]]{1,1024}\]|@[\w$./~%=-]+|[A-Za-z_][\w$@]*)`;
const NAME = String.raw`(${IDENT}(?:\s*\.\s*${IDENT}){0,3})`;

const WRITE_PATTERNS = [
  new RegExp(String.raw`\binsert\s+(?:overwrite\s+)?(?:into\s+)?(?:table\s+)?${NAME}`, 'gi'),
  new RegExp(String.raw`\bmerge\s+(?:into\s+)?${NAME}`, 'gi'),
  new RegExp(String.raw`\bupdate\s+${NAME}`, 'gi'),
  new RegExp(String.raw`\bdelete\s+from\s+${NAME}`, 'gi'),
  new RegExp(String.raw`\bcreate\s+(?:or\s+replace\s+)?(?:(?:global\s+|local\s+)?(?:temp|temporary|transient|external|materialized|volatile)\s+)*(?:table|view)\s+(?:if\s+not\s+exists\s+)?${NAME}`, 'gi'),
  new RegExp(String.raw`\b(?:truncate|drop)\s+(?:table|view)\s+(?:if\s+exists\s+)?${NAME}`, 'gi'),
  new RegExp(String.raw`\bcopy\s+into\s+${NAME}`, 'gi'),
];
const READ_PATTERNS = [
  new RegExp(String.raw`\b(?:from|join|using)\s+${NAME}`, 'gi'),
];
const CTE_PATTERN = new RegExp(String.raw`(?:\bwith\s+(?:recursive\s+)?|,\s*)(${IDENT})\s*(?:\([^)]{0,4096}\)\s*)?as\s*\(`, 'gi');
const NOT_TABLES = new Set(['select', 'values', 'lateral', 'unnest', 'table', 'dual', 'where', 'set', 'on']);

/** Blanks out comments and string literals so keywords inside them are not matched. */
function stripLiterals(text: string): string {
  return text
    .replace(/--[^\n]*/g, (m) => ' '.repeat(m.length))
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/'(?:[^']|'')*'/g, (m) => `'${' '.repeat(Math.max(0, m.length - 2))}'`);
}

function cleanName(raw: string, text: string): string {
  if (raw.startsWith('@')) return `stage:@${raw.slice(1)}`;
  return (raw.match(/"[^"]*"|\x60[^\x60]*\x60|\[[^\]]*\]|[^.\s]+/g) ?? [raw])
    .flatMap((part) => (part.startsWith('`') && part.includes('.') ? part.slice(1, -1).split('.').map((p) => `\`${p}\``) : [part]))
    .map((part) => {
      if (part.startsWith('[')) return part.slice(1, -1).toLowerCase();
      const quoted = /^(["`]).*(["`])$/.test(part);
      const bare = quoted ? part.slice(1, -1) : part;
      return quoted ? bare : normalizePart(bare, text);
    })
    .join('.');
}

function collect(patterns: RegExp[], text: string, original: string): string[] {
  const found: string[] = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const name = cleanName(match[1]!, original);
      if (!NOT_TABLES.has(name.toLowerCase()) && !found.includes(name)) found.push(name);
    }
  }
  return found;
}

export function fallbackLineage(original: string): FallbackLineage {
  const text = stripLiterals(original);
  const ctes = new Set([...text.matchAll(CTE_PATTERN)].map((m) => cleanName(m[1]!, original)));
  const writes = collect(WRITE_PATTERNS, text, original).filter((n) => !ctes.has(n));
  const reads = collect(READ_PATTERNS, text, original).filter((n) => !ctes.has(n) && !writes.includes(n));
  const keyword = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? 'unknown';
  return { operation: keyword, reads, writes };
}
