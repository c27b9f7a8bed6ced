/**
 * Bulk loads and unloads: files, object-store paths and stages are assets too.
 *   COPY INTO t FROM @stage/path            (Snowflake)     stage:@stage/path -> table:t
 *   COPY INTO @stage FROM (SELECT ...)      (Snowflake)     tables -> stage:@stage
 *   COPY t FROM 's3://b/k' / COPY t TO 'f'  (Postgres, Redshift)
 *   UNLOAD ('SELECT ...') TO 's3://b/k'     (Redshift)
 *   LOAD DATA [LOCAL] INPATH 'p' INTO TABLE t   (Hive, Spark);  LOAD DATA INTO t FROM FILES (uris = [...]) (BigQuery)
 *   EXPORT DATA OPTIONS (uri = 'gs://...') AS SELECT ...   (BigQuery);  BULK INSERT t FROM 'file' (T-SQL)
 * Asset ids: `file:<path or URL as written>` and `stage:@<name>[/path]` (the stage name folds to lower case
 * unless quoted; the path is kept as written).
 */
import { nameFromTokens, type Head } from './head.js';
import { isWord, matchingParen, readTableName, type Token } from './tokens.js';

export interface CopyHead extends Head {
  /** SQL text of a query inside the statement (Redshift UNLOAD's string, COPY (SELECT ...)). */
  queryText?: string;
}

function stageId(token: Token): string {
  const match = /^@([^/]*)(.*)$/.exec(token.text)!;
  const name = match[1]!.startsWith('"') ? match[1]! : match[1]!.toLowerCase();
  return `stage:@${name}${match[2]}`;
}

function empty(operation: string): CopyHead {
  return { operation, targets: [], reads: [], assetsIn: [], assetsOut: [] };
}

/** A location at `k`: a stage, a quoted path, or a table name. */
function location(tokens: readonly Token[], k: number, text: string, head: CopyHead, side: 'in' | 'out'): number {
  const t = tokens[k];
  if (!t) return k;
  const assets = side === 'in' ? head.assetsIn : head.assetsOut;
  if (t.kind === 'variable' && t.text.startsWith('@')) { assets.push(stageId(t)); return k + 1; }
  if (t.kind === 'string') { assets.push(`file:${t.value}`); return k + 1; }
  if (t.value === '(') {
    const close = matchingParen(tokens, k);
    head.queryText = text.slice(tokens[k + 1]?.start ?? t.end, tokens[close]!.start);
    return close + 1;
  }
  if (isWord(t, 'stdin', 'stdout', 'pstdin', 'pstdout', 'program')) return k + 1;
  const name = readTableName(tokens, k);
  if (!name) return k + 1;
  (side === 'in' ? head.reads : head.targets).push(nameFromTokens(name.parts));
  return name.next;
}

export function readCopy(tokens: readonly Token[], text: string): CopyHead | null {
  const first = tokens[0];
  if (!first || first.kind !== 'word') return null;
  switch (first.value) {
    case 'copy': {
      const head = empty('copy');
      if (isWord(tokens[1], 'into')) {
        let k = location(tokens, 2, text, head, 'out');
        if (tokens[k]?.value === '(') k = matchingParen(tokens, k) + 1;
        const from = tokens.findIndex((t, i) => i >= k && t.depth === 0 && isWord(t, 'from'));
        if (from >= 0) location(tokens, from + 1, text, head, 'in');
        return head;
      }
      // COPY t [(cols)] FROM|TO 'x'  /  COPY (query) TO 'x'
      let k = location(tokens, 1, text, head, 'out');
      if (tokens[k]?.value === '(') k = matchingParen(tokens, k) + 1;
      const direction = tokens[k];
      if (isWord(direction, 'to')) {
        // The named table (or query) is read, the location written.
        head.reads.push(...head.targets);
        head.targets = [];
        location(tokens, k + 1, text, head, 'out');
      } else if (isWord(direction, 'from')) {
        location(tokens, k + 1, text, head, 'in');
      }
      return head;
    }
    case 'unload': {
      const head = empty('unload');
      // Redshift: UNLOAD ('SELECT ...') with the query in a string; Athena: UNLOAD (SELECT ...).
      if (tokens[1]?.value === '(' && tokens[2]?.kind === 'string') head.queryText = tokens[2]!.value.replace(/''/g, "'").replace(/\\'/g, "'");
      else if (tokens[1]?.value === '(') head.queryText = text.slice(tokens[2]?.start ?? 0, tokens[matchingParen(tokens, 1)]!.start);
      const to = tokens.findIndex((t) => t.depth === 0 && isWord(t, 'to'));
      if (to >= 0) location(tokens, to + 1, text, head, 'out');
      return head;
    }
    case 'load': {
      if (!isWord(tokens[1], 'data')) return null;
      const head = empty('load');
      const inpath = tokens.findIndex((t) => isWord(t, 'inpath'));
      if (inpath >= 0) location(tokens, inpath + 1, text, head, 'in');
      const into = tokens.findIndex((t) => t.depth === 0 && isWord(t, 'into'));
      if (into >= 0) location(tokens, isWord(tokens[into + 1], 'table') ? into + 2 : into + 1, text, head, 'out');
      const files = tokens.findIndex((t) => isWord(t, 'files'));
      if (files >= 0) for (const t of tokens.slice(files)) if (t.kind === 'string' && /^[a-z0-9]+:\/\//i.test(t.value)) head.assetsIn.push(`file:${t.value}`);
      return head;
    }
    case 'export': {
      if (!isWord(tokens[1], 'data')) return null;
      const head = empty('export');
      for (let k = 2; k < tokens.length; k++) {
        const t = tokens[k]!;
        if (isWord(t, 'uri') && tokens[k + 1]?.value === '=' && tokens[k + 2]?.kind === 'string') head.assetsOut.push(`file:${tokens[k + 2]!.value}`);
        if (t.depth === 0 && isWord(t, 'as')) {
          head.queryText = text.slice(tokens[k + 1]?.start ?? t.end);
          break;
        }
      }
      return head;
    }
    case 'bulk': {
      if (!isWord(tokens[1], 'insert')) return null;
      const head = empty('copy');
      const k = location(tokens, 2, text, head, 'out');
      if (isWord(tokens[k], 'from')) location(tokens, k + 1, text, head, 'in');
      return head;
    }
    default:
      return null;
  }
}
