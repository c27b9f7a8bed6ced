/**
 * DROP, TRUNCATE, ALTER and RENAME: the affected tables are the statement's outputs (a consumer decides what
 * counts as lineage). A rename reads the old name and writes the new one, so lineage follows the table.
 */
import { nameFromTokens, type Head } from './head.js';
import { isWord, readTableName, type Token } from './tokens.js';

function empty(operation: string): Head {
  return { operation, targets: [], reads: [], assetsIn: [], assetsOut: [] };
}

/** Comma-separated table names from `k`. */
function names(tokens: readonly Token[], k: number, head: Head): number {
  for (;;) {
    const name = readTableName(tokens, k);
    if (!name) return k;
    head.targets.push(nameFromTokens(name.parts));
    k = name.next;
    if (tokens[k]?.value !== ',') return k;
    k++;
  }
}

const TABLE_KINDS = new Set(['table', 'view']);

export function readDdl(tokens: readonly Token[]): Head | null {
  const first = tokens[0];
  if (!first || first.kind !== 'word') return null;
  let k = 1;
  switch (first.value) {
    case 'drop': {
      while (isWord(tokens[k], 'temporary', 'temp', 'external', 'materialized', 'global', 'foreign')) k++;
      if (!TABLE_KINDS.has(tokens[k]?.value ?? '')) return empty('drop');
      k++;
      if (isWord(tokens[k], 'if') && isWord(tokens[k + 1], 'exists')) k += 2;
      const head = empty('drop');
      names(tokens, k, head);
      return head;
    }
    case 'truncate': {
      if (isWord(tokens[k], 'table')) k++;
      if (isWord(tokens[k], 'if') && isWord(tokens[k + 1], 'exists')) k += 2;
      if (isWord(tokens[k], 'only')) k++;
      const head = empty('truncate');
      names(tokens, k, head);
      return head;
    }
    case 'rename': {
      // MySQL: RENAME TABLE a TO b[, c TO d]
      if (!isWord(tokens[k], 'table')) return empty('rename');
      const head = empty('rename');
      k++;
      for (;;) {
        const from = readTableName(tokens, k);
        if (!from || !isWord(tokens[from.next], 'to')) return head;
        const to = readTableName(tokens, from.next + 1);
        if (!to) return head;
        head.reads.push(nameFromTokens(from.parts));
        head.targets.push(nameFromTokens(to.parts));
        k = to.next;
        if (tokens[k]?.value !== ',') return head;
        k++;
      }
    }
    case 'alter': {
      while (isWord(tokens[k], 'materialized', 'external')) k++;
      if (!TABLE_KINDS.has(tokens[k]?.value ?? '')) return empty('alter');
      k++;
      if (isWord(tokens[k], 'if') && isWord(tokens[k + 1], 'exists')) k += 2;
      if (isWord(tokens[k], 'only')) k++;
      const table = readTableName(tokens, k);
      if (!table) return empty('alter');
      const head = empty('alter');
      const name = nameFromTokens(table.parts);
      const rest = table.next;
      if (isWord(tokens[rest], 'rename') && (isWord(tokens[rest + 1], 'to') || isWord(tokens[rest + 1], 'as'))) {
        const to = readTableName(tokens, rest + 2);
        if (to) {
          // ALTER TABLE s.t RENAME TO u keeps the schema: the new table is s.u.
          const renamed = nameFromTokens(to.parts);
          if (renamed.parts.length === 1 && name.parts.length > 1) renamed.parts.unshift(...name.parts.slice(0, -1));
          head.operation = 'rename';
          head.reads.push(name);
          head.targets.push(renamed);
          return head;
        }
      }
      // Snowflake SWAP WITH, Hive EXCHANGE PARTITION ... WITH TABLE: the other table's data lands here.
      const swap = isWord(tokens[rest], 'swap') && isWord(tokens[rest + 1], 'with') ? rest + 2 : -1;
      const exchange = isWord(tokens[rest], 'exchange') ? tokens.findIndex((t, i) => i > rest && t.depth === 0 && isWord(t, 'with')) : -1;
      const otherAt = swap >= 0 ? swap : exchange >= 0 ? exchange + (isWord(tokens[exchange + 1], 'table') ? 2 : 1) : -1;
      if (otherAt >= 0) {
        const other = readTableName(tokens, otherAt);
        head.operation = swap >= 0 ? 'swap' : 'exchange_partition';
        head.targets.push(name);
        if (other) head.reads.push(nameFromTokens(other.parts));
        return head;
      }
      head.targets.push(name);
      // ADD [COLUMN] [IF NOT EXISTS] c type: schema knowledge.
      const declared: string[] = [];
      for (let j = rest; j < tokens.length; j++) {
        if (tokens[j]!.depth !== 0 || !isWord(tokens[j], 'add')) continue;
        let c = j + 1;
        if (isWord(tokens[c], 'column')) c++;
        if (isWord(tokens[c], 'if') && isWord(tokens[c + 1], 'not')) c += 3;
        const column = tokens[c];
        if (column && (column.kind === 'word' || column.kind === 'quoted') && !isWord(column, 'constraint', 'primary', 'unique', 'foreign', 'index', 'key', 'partition', 'check')) {
          declared.push(column.kind === 'quoted' ? column.value : column.value);
        }
      }
      if (declared.length > 0) head.declared = declared;
      return head;
    }
    default:
      return null;
  }
}
