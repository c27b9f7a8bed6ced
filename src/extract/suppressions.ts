/**
 * Inline suppressions: `lineage: allow <rule-or-policy>[,...] reason="..." [until=YYYY-MM-DD]` in a comment of any
 * supported language. Collected per file during extraction (which never sees the manifest); the analysis decides
 * which findings they cover. A comment that starts the directive but cannot be understood becomes an
 * `invalid-suppression` gap, so a typo never silently suppresses nothing.
 */
import type { FileFacts, Gap, InlineSuppression, Language } from '../facts/schema.js';
import { commentSyntax, scanComments } from './comments.js';

/** The directive must open the comment (or a line of a block comment, after any `*`), like `eslint-disable`. */
const DIRECTIVE = /^[\s*]*lineage:\s*allow\b/;
const USAGE = 'expected lineage: allow <rule-or-policy> reason="..." [until=YYYY-MM-DD]';

type Parsed = { ok: true; value: Omit<InlineSuppression, 'line'> } | { ok: false; why: string };

/** Parses the text after `lineage: allow`. */
export function parseDirective(rest: string): Parsed {
  const targetsMatch = /^\s*([\w.-]+(?:\s*,\s*[\w.-]+)*)/.exec(rest);
  if (!targetsMatch) return { ok: false, why: 'no rule or policy named' };
  const targets = targetsMatch[1]!.split(',').map((t) => t.trim());
  let tail = rest.slice(targetsMatch[0].length);
  const values = new Map<string, string>();
  const pair = /^\s*([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/;
  for (let match = pair.exec(tail); match; match = pair.exec(tail)) {
    const key = match[1]!.toLowerCase();
    if (key !== 'reason' && key !== 'until') return { ok: false, why: `unknown key '${match[1]}'` };
    values.set(key, match[2] ?? match[3] ?? match[4] ?? '');
    tail = tail.slice(match[0].length);
  }
  // Whatever follows the pairs (closing `*/`, `-->`, trailing prose) is ignored.
  const reason = values.get('reason')?.trim();
  if (!reason) return { ok: false, why: 'a reason="..." is required' };
  const until = values.get('until');
  if (until !== undefined) {
    const date = new Date(`${until}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== until) {
      return { ok: false, why: `until=${until} is not a date written YYYY-MM-DD` };
    }
  }
  return { ok: true, value: { targets, reason, ...(until !== undefined ? { until } : {}) } };
}

export function inlineSuppressions(file: string, language: Language, text: string): { suppressions: InlineSuppression[]; gaps: Gap[] } {
  const suppressions: InlineSuppression[] = [];
  const gaps: Gap[] = [];
  const syntax = commentSyntax(language);
  // Cheap test first: almost no file has a directive.
  if (!syntax || !text.includes('lineage:')) return { suppressions, gaps };
  for (const comment of scanComments(text, syntax)) {
    const lines = comment.text.split('\n');
    lines.forEach((content, offset) => {
      const match = DIRECTIVE.exec(content);
      if (!match) return;
      const line = comment.line + offset;
      const parsed = parseDirective(content.slice(match.index + match[0].length));
      // A directive in a block comment covers what follows the comment's last line.
      const endLine = comment.line + lines.length - 1;
      if (parsed.ok) suppressions.push({ line, ...(endLine > line ? { endLine } : {}), ...parsed.value });
      else gaps.push({ kind: 'invalid-suppression', file, line, detail: `inline suppression not understood: ${parsed.why}; ${USAGE}`, severity: 'warning' });
    });
  }
  return { suppressions, gaps };
}

/** Adds the file's inline suppressions (and gaps for malformed ones) to its facts. */
export function withInlineSuppressions(facts: FileFacts, text: string): FileFacts {
  const { suppressions, gaps } = inlineSuppressions(facts.file, facts.language, text);
  return { ...facts, suppressions, gaps: gaps.length === 0 ? facts.gaps : [...facts.gaps, ...gaps] };
}
