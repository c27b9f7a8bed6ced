/**
 * The parameters of a statement's text and the columns they stand for (`INSERT INTO t (a, b) VALUES (?, ?)`,
 * `WHERE email = :email`), so values bound by position or name are keyed by column for the job's column lineage.
 * Shared by every language's SQL calls.
 */
import type { Value } from '../../facts/schema.js';
import { extendPath } from '../../facts/values.js';

/** The name of a named marker (`:email`, `@email`, `%(email)s`), undefined for positional ones (`?`, `$1`, `%s`). */
function markerName(marker: string): string | undefined {
  if (marker.startsWith(':') || marker.startsWith('@')) return marker.length > 1 ? marker.slice(1) : undefined;
  const pyformat = /^%\((\w+)\)s$/.exec(marker);
  return pyformat ? pyformat[1] : undefined;
}

/**
 * For each parameter marker of the text (`?`, `$1`, `:name`, `@name`, and Python's `%s` and `%(name)s`), the
 * column it stands for when it shows.
 */
export function parameterColumns(text: string): Array<{ marker: string; column?: string }> {
  const out: Array<{ marker: string; column?: string }> = [];
  const stripped = text.replace(/'(?:[^']|'')*'|"(?:[^"])*"|--[^\n]*/g, (m) => ' '.repeat(m.length));
  const insert = /\binsert\s+(?:or\s+\w+\s+)?into\s+[\w."`[\]]+\s*\(([^)]*)\)\s*values\s*\(/i.exec(stripped);
  const insertColumns = insert ? insert[1]!.split(',').map((c) => c.trim().replace(/^[`"[]|[`"\]]$/g, '')) : [];
  const valuesStart = insert ? insert.index + insert[0].length : -1;
  let valuesEnd = -1;
  if (insert) {
    let depth = 1;
    for (let i = valuesStart; i < stripped.length; i++) {
      if (stripped[i] === '(') depth++;
      else if (stripped[i] === ')' && --depth === 0) {
        valuesEnd = i;
        break;
      }
    }
  }
  for (const match of stripped.matchAll(/\?|\$\d+|(?<![:\w]):[A-Za-z_]\w*|@[A-Za-z_]\w*|(?<!%)%\([A-Za-z_]\w*\)s|(?<!%)%s/g)) {
    const at = match.index;
    let column: string | undefined;
    if (insert && at >= valuesStart && (valuesEnd < 0 || at < valuesEnd)) {
      // Position inside the VALUES tuple: count the top-level commas before it.
      let depth = 0;
      let position = 0;
      for (let i = valuesStart; i < at; i++) {
        const ch = stripped[i];
        if (ch === '(') depth++;
        else if (ch === ')') depth--;
        else if (ch === ',' && depth === 0) position++;
      }
      column = insertColumns[position];
    } else {
      const before = /([A-Za-z_][\w.]*)\s*(?:=|<>|!=|<=|>=|<|>|\blike\b|\bin\s*\()\s*\(?\s*$/i.exec(stripped.slice(Math.max(0, at - 80), at));
      if (before) column = before[1]!.slice(before[1]!.lastIndexOf('.') + 1);
    }
    if (!column) column = markerName(match[0]);
    out.push(column ? { marker: match[0], column: column.toLowerCase() } : { marker: match[0] });
  }
  return out;
}

/** Binds as one keyed collection when the parameters' columns are known (`{ email: v }`), else positional. */
export function keyedBinds(binds: Value[], params: ReturnType<typeof parameterColumns>): Value {
  if (binds.length === 0) return [];
  return [{ items: binds.map((value, i) => (params[i]?.column ? { key: params[i]!.column!, value } : { value })) }];
}

/** Whether the text numbers its parameters (`$1`, `$2`), as asyncpg and PostgreSQL's own clients do. */
export function numbersParameters(params: ReturnType<typeof parameterColumns>): boolean {
  return params.some((p) => /^\$\d/.test(p.marker));
}

/** The parameter a value bound by position stands for: `$n` by its number, others in the order of the text. */
function positional(params: ReturnType<typeof parameterColumns>, position: number): { marker: string; column?: string } | undefined {
  return numbersParameters(params) ? params.find((p) => p.marker === `$${position + 1}`) : params[position];
}

/**
 * A model's `numberedBindsFrom` (see SqlCallModel): every positional argument from that one on, as one
 * collection, when the text numbers its parameters (`numbered`) or more arguments follow than `binds` takes.
 */
export function numberedBinds(from: number | undefined, positional: readonly Value[], numbered: boolean): Value | undefined {
  if (from === undefined || positional.length <= from || (!numbered && positional.length <= from + 1)) return undefined;
  return [{ items: positional.slice(from).map((value) => ({ value })) }];
}

/** A bound collection (`execute([$a, $b])`, `execute(['email' => $e])`) keyed by the parameters' columns. */
export function collectionBinds(binds: Value, params: ReturnType<typeof parameterColumns>): Value {
  if (binds.length !== 1 || !('items' in binds[0]!)) return binds;
  let position = 0;
  return [{
    items: binds[0].items.map((entry) => {
      if (entry.key !== undefined) {
        const name = entry.key.replace(/^[:@$]/, '');
        const column = params.find((p) => markerName(p.marker) === name)?.column ?? name;
        return { key: column, value: entry.value };
      }
      const column = positional(params, position++)?.column;
      return column ? { key: column, value: entry.value } : { value: entry.value };
    }),
  }];
}

/**
 * Rows of bound values, the statement running once per row (`executemany(sql, [(a, b), (c, d)])`, or a list
 * built in a loop): one row keyed by the parameters' columns, each column reading its position or name in every
 * row (`rows[*][0]`), so the values of all rows reach the column they are bound to.
 */
export function rowsBinds(rows: Value, params: ReturnType<typeof parameterColumns>): Value {
  // Without a column to key by, the rows stay whole: picking positions would drop the values of the others.
  if (rows.length === 0 || !params.some((p) => p.column)) return rows;
  const row = extendPath(rows, '*');
  const items: Array<{ key?: string; value: Value }> = [];
  const numbered = numbersParameters(params);
  params.forEach((param, index) => {
    const name = markerName(param.marker);
    const position = numbered ? Number(param.marker.slice(1)) - 1 : index;
    const value = extendPath(row, name ?? String(position));
    items.push(param.column ? { key: param.column, value } : { value });
  });
  return [{ items }];
}
