/**
 * UPDATE, DELETE and MERGE, read from tokens and turned into one synthetic SELECT each, so the query engine
 * resolves their columns like any other query:
 *   UPDATE t SET a = s.x FROM s WHERE ...        -> SELECT s.x AS __lineage_0 FROM t, s WHERE ...
 *   DELETE FROM t USING s WHERE ...              -> SELECT 1 FROM t, s WHERE ...
 *   MERGE INTO t USING s ON ... WHEN ... THEN .. -> SELECT <assigned values> FROM t JOIN s ON ... WHERE <WHEN conditions>
 * The synthetic text is new (positions inside it do not matter: the statement keeps its own line).
 */
import { nameFromTokens, type NameParts } from './head.js';
import { isWord, matchingParen, readTableName, type Token } from './tokens.js';

export interface Assignment {
  /** Target column; `*` for Databricks `UPDATE SET *` / `INSERT *` and BigQuery `INSERT ROW`. */
  column: string;
  /** Index of the synthetic output column holding the value. */
  index: number;
}

export interface SyntheticDml {
  operation: 'update' | 'delete' | 'merge';
  /** Tables written (as written: may be an alias of a FROM entry, resolved by the caller). */
  targets: NameParts[];
  /** The synthetic SELECT. */
  text: string;
  assignments: Assignment[];
}

const CLAUSE_END = new Set(['where', 'returning', 'output', 'order', 'limit', 'option']);

function topLevel(tokens: readonly Token[], from: number, depth: number, stop: (t: Token) => boolean): number {
  for (let k = from; k < tokens.length; k++) if (tokens[k]!.depth === depth && stop(tokens[k]!)) return k;
  return tokens.length;
}

const slice = (text: string, tokens: readonly Token[], from: number, to: number) =>
  from >= to || from >= tokens.length ? '' : text.slice(tokens[from]!.start, tokens[Math.min(to, tokens.length) - 1]!.end);

/** `a = expr, t.b = expr` -> [column, value text] pairs (top-level commas only). */
function assignments(text: string, tokens: readonly Token[], from: number, to: number): { column: string; value: string }[] {
  const out: { column: string; value: string }[] = [];
  const depth = tokens[from]?.depth ?? 0;
  let k = from;
  while (k < to) {
    const end = Math.min(to, topLevel(tokens, k, depth, (t) => t.value === ','));
    const eq = topLevel(tokens, k, depth, (t) => t.value === '=');
    if (eq < end) {
      const lhs = readTableName(tokens, k);
      const column = lhs ? lhs.parts[lhs.parts.length - 1]! : null;
      if (column) out.push({ column: column.kind === 'quoted' ? column.value : column.value.toLowerCase(), value: slice(text, tokens, eq + 1, end) });
    } else if (tokens[k]?.value === '*') {
      out.push({ column: '*', value: '*' });
    }
    k = end + 1;
  }
  return out;
}

function withPrefix(prefix: string, body: string): string {
  return prefix ? `${prefix} ${body}` : body;
}

export function readUpdate(text: string, tokens: readonly Token[], start: number, prefix: string): SyntheticDml | null {
  let k = start + 1;
  while (isWord(tokens[k], 'low_priority', 'ignore', 'only')) k++;
  if (isWord(tokens[k], 'top') && tokens[k + 1]?.value === '(') k = matchingParen(tokens, k + 1) + 1;
  const target = readTableName(tokens, k);
  if (!target) return null;
  const set = topLevel(tokens, target.next, 0, (t) => isWord(t, 'set'));
  if (set >= tokens.length) return null;
  const from = topLevel(tokens, set + 1, 0, (t) => isWord(t, 'from'));
  const where = topLevel(tokens, set + 1, 0, (t) => t.kind === 'word' && CLAUSE_END.has(t.value));
  const setEnd = Math.min(from, where);
  const pairs = assignments(text, tokens, set + 1, setEnd);
  const tableClause = slice(text, tokens, k, set);
  const fromList = from < where ? slice(text, tokens, from + 1, where) : '';
  const whereEnd = topLevel(tokens, where + 1, 0, (t) => isWord(t, 'returning', 'order', 'limit', 'option', 'output'));
  const whereText = isWord(tokens[where], 'where') ? slice(text, tokens, where + 1, whereEnd) : '';
  const targetName = nameFromTokens(target.parts);
  // T-SQL names the target by an alias of the FROM list (`UPDATE u SET ... FROM users u JOIN ...`).
  const fromHasTarget = fromList !== '' && target.parts.length === 1 && new RegExp(`(^|[\\s,.])\\[?"?${target.parts[0]!.value.replace(/[^\w#]/g, '')}"?\\]?(\\s|,|$)`, 'i').test(fromList);
  const sources = fromHasTarget ? fromList : fromList ? `${tableClause}, ${fromList}` : tableClause;
  const items = pairs.map((p, i) => `${p.value} AS __lineage_${i}`);
  return {
    operation: 'update',
    targets: [targetName],
    text: withPrefix(prefix, `SELECT ${items.join(', ') || '1'} FROM ${sources}${whereText ? ` WHERE ${whereText}` : ''}`),
    assignments: pairs.map((p, i) => ({ column: p.column, index: i })),
  };
}

export function readDelete(text: string, tokens: readonly Token[], start: number, prefix: string): SyntheticDml | null {
  let k = start + 1;
  while (isWord(tokens[k], 'low_priority', 'quick', 'ignore')) k++;
  if (isWord(tokens[k], 'top') && tokens[k + 1]?.value === '(') k = matchingParen(tokens, k + 1) + 1;
  const targets: NameParts[] = [];
  let sources = '';
  const whereAt = topLevel(tokens, k, 0, (t) => isWord(t, 'where'));
  const whereEnd = topLevel(tokens, whereAt + 1, 0, (t) => isWord(t, 'returning', 'order', 'limit', 'option', 'output'));
  const whereText = whereAt < tokens.length ? slice(text, tokens, whereAt + 1, whereEnd) : '';
  if (isWord(tokens[k], 'from')) {
    const target = readTableName(tokens, k + 1);
    if (!target) return null;
    targets.push(nameFromTokens(target.parts));
    const extra = topLevel(tokens, target.next, 0, (t) => isWord(t, 'using', 'from', 'where', 'returning', 'output'));
    const tableClause = slice(text, tokens, k + 1, extra);
    if (isWord(tokens[extra], 'using')) sources = `${tableClause}, ${slice(text, tokens, extra + 1, whereAt)}`;
    else if (isWord(tokens[extra], 'from')) sources = slice(text, tokens, extra + 1, whereAt);
    else sources = tableClause;
  } else {
    // MySQL / T-SQL: DELETE t1[, t2] FROM t1 JOIN t2 ...
    const from = topLevel(tokens, k, 0, (t) => isWord(t, 'from'));
    for (let j = k; j < from;) {
      const name = readTableName(tokens, j);
      if (!name) break;
      targets.push(nameFromTokens(name.parts));
      j = name.next;
      if (tokens[j]?.value === '.' && tokens[j + 1]?.value === '*') j += 2;
      if (tokens[j]?.value === ',') j++;
      else break;
    }
    // BigQuery `DELETE t WHERE ...` has no FROM at all: the target is the only table.
    sources = from < tokens.length ? slice(text, tokens, from + 1, whereAt) : slice(text, tokens, k, whereAt);
    if (targets.length === 0 || !sources) return null;
  }
  return {
    operation: 'delete',
    targets,
    text: withPrefix(prefix, `SELECT 1 FROM ${sources}${whereText ? ` WHERE ${whereText}` : ''}`),
    assignments: [],
  };
}

export function readMerge(text: string, tokens: readonly Token[], start: number, prefix: string): SyntheticDml | null {
  let k = start + 1;
  if (isWord(tokens[k], 'into')) k++;
  const target = readTableName(tokens, k);
  if (!target) return null;
  k = target.next;
  const using = topLevel(tokens, k, 0, (t) => isWord(t, 'using'));
  const targetClause = slice(text, tokens, start + (isWord(tokens[start + 1], 'into') ? 2 : 1), using);
  const on = topLevel(tokens, using + 1, 0, (t) => isWord(t, 'on'));
  if (on >= tokens.length) return null;
  const sourceClause = slice(text, tokens, using + 1, on);
  const firstWhen = topLevel(tokens, on + 1, 0, (t) => isWord(t, 'when'));
  const onText = slice(text, tokens, on + 1, firstWhen);
  const values: string[] = [];
  const assigned: Assignment[] = [];
  const conditions: string[] = [];
  let sourceAlias = '';
  const sourceTokens = tokens.slice(using + 1, on);
  const lastSource = sourceTokens[sourceTokens.length - 1];
  if (lastSource && (lastSource.kind === 'word' || lastSource.kind === 'quoted') && sourceTokens.length > 1 && sourceTokens[sourceTokens.length - 2]?.value !== '.') sourceAlias = lastSource.text;
  else if (sourceTokens[0]?.value !== '(') sourceAlias = sourceClause;

  for (let w = firstWhen; w < tokens.length;) {
    const next = topLevel(tokens, w + 1, 0, (t) => isWord(t, 'when'));
    const then = topLevel(tokens, w + 1, 0, (t) => isWord(t, 'then'));
    const and = topLevel(tokens, w + 1, 0, (t) => isWord(t, 'and'));
    if (and < then) conditions.push(slice(text, tokens, and + 1, then));
    const action = tokens[then + 1];
    if (isWord(action, 'update') && isWord(tokens[then + 2], 'set')) {
      for (const pair of assignments(text, tokens, then + 3, next)) {
        assigned.push({ column: pair.column, index: values.length });
        values.push(pair.value === '*' ? `${sourceAlias}.*` : pair.value);
      }
    } else if (isWord(action, 'insert')) {
      let j = then + 2;
      let columns: string[] | null = null;
      if (tokens[j]?.value === '(') {
        const close = matchingParen(tokens, j);
        columns = [];
        for (let c = j + 1; c < close; c++) if (tokens[c]!.kind === 'word' || tokens[c]!.kind === 'quoted') {
          if (tokens[c + 1]?.value === '.') continue;
          columns.push(tokens[c]!.kind === 'quoted' ? tokens[c]!.value : tokens[c]!.value.toLowerCase());
        }
        j = close + 1;
      }
      if (tokens[j]?.value === '*' || isWord(tokens[j], 'row')) {
        assigned.push({ column: '*', index: values.length });
        values.push(`${sourceAlias}.*`);
      } else if (isWord(tokens[j], 'values') && tokens[j + 1]?.value === '(') {
        const close = matchingParen(tokens, j + 1);
        const exprs: string[] = [];
        let from = j + 2;
        const depth = tokens[j + 1]!.depth + 1;
        for (let c = j + 2; c <= close; c++) {
          if (c === close || (tokens[c]!.depth === depth && tokens[c]!.value === ',')) {
            exprs.push(slice(text, tokens, from, c));
            from = c + 1;
          }
        }
        exprs.forEach((expr, i) => {
          const column = columns?.[i];
          if (!column || !expr) return;
          assigned.push({ column, index: values.length });
          values.push(expr);
        });
      }
    }
    w = next;
  }
  const items = values.map((v, i) => (v.endsWith('.*') ? v : `${v} AS __lineage_${i}`));
  const where = conditions.length > 0 ? ` WHERE ${conditions.map((c) => `(${c})`).join(' OR ')}` : '';
  return {
    operation: 'merge',
    targets: [nameFromTokens(target.parts)],
    text: withPrefix(prefix, `SELECT ${items.join(', ') || '1'} FROM ${targetClause} JOIN ${sourceClause} ON ${onText || 'TRUE'}${where}`),
    assignments: assigned,
  };
}
