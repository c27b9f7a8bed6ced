/**
 * Table names as asset ids. Unquoted identifiers are case-insensitive and lower-cased; quoted ones keep their
 * case, except T-SQL `[brackets]`, which only delimit (SQL Server names are case-insensitive). The parser drops the quotes, so whether a part was quoted is read back from the statement text: the
 * first occurrence of the dotted name, each part quoted or not.
 */

export interface TableName {
  db?: string | null;
  schema?: string | null;
  table: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function partPattern(part: string): string {
  const p = escapeRegExp(part);
  return `("${p}"|\`${p}\`|\\[${p}\\]|${p})`;
}

/** For each part, whether it was written quoted. */
function quotedParts(parts: readonly string[], statementText: string): boolean[] {
  // Most statements quote nothing: no pattern to build then (brackets only delimit, see above).
  if (!statementText.includes('"') && !statementText.includes('`')) return parts.map(() => false);
  const pattern = new RegExp(`(?<![\\w$])${parts.map(partPattern).join('\\s*\\.\\s*')}(?![\\w$])`, parts.some((p) => /[A-Z]/.test(p)) ? '' : 'i');
  const match = pattern.exec(statementText);
  if (!match) return parts.map((part) => statementText.includes(`"${part}"`) || statementText.includes(`\`${part}\``));
  return parts.map((_, i) => /^["`]/.test(match[i + 1] ?? ''));
}

export function normalizePart(part: string, statementText: string): string {
  return quotedParts([part], statementText)[0] ? part : part.toLowerCase();
}

export function qualifiedName(name: TableName, statementText: string): string {
  const parts = [name.db, name.schema, name.table].filter((p): p is string => typeof p === 'string' && p !== '');
  const quoted = quotedParts(parts, statementText);
  return parts.map((part, i) => (quoted[i] ? part : part.toLowerCase())).join('.');
}

/** `table:<name>`; names that already are asset ids (`file:...`, `stage:...`) stay as they are. */
export function tableAssetId(name: string): string {
  return name.startsWith('file:') || name.startsWith('stage:') ? name : `table:${name}`;
}
