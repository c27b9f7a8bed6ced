/**
 * Queries over mapped classes (an ORM's query language, such as Doctrine's DQL: `SELECT c FROM App\Entity\Customer c
 * JOIN c.orders o WHERE c.email = :email`), written as the SQL they run over the classes' tables, so the SQL analysis
 * reads them as any statement: class names become their tables, `alias.attribute` the attribute's column, a bare
 * alias in the select list all of its columns (`c.*`), an association join the related class's table, and named or
 * numbered parameters `?`. The classes are known once the whole program is (their mappings are in other files), so
 * the simulation asks for this with a context that finds them.
 */

import type { EntityQueryWriter, QueriedClass } from '../../simulate/index.js';

type Token = { kind: 'word' | 'path' | 'param' | 'string' | 'other' | 'space'; text: string };

/** Words, paths (`c.email`, `App\Entity\Customer`), parameters, strings, and anything else one character at a time. */
const TOKEN = /('(?:[^']|'')*')|(\s+)|(:[A-Za-z_]\w*|\?\d*)|((?:\\?[A-Za-z_]\w*)(?:[\\.][A-Za-z_]\w*)*)|([\s\S])/g;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    if (match[1] !== undefined) tokens.push({ kind: 'string', text: match[1] });
    else if (match[2] !== undefined) tokens.push({ kind: 'space', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'param', text: match[3] });
    else if (match[4] !== undefined) tokens.push({ kind: /[\\.]/.test(match[4]) ? 'path' : 'word', text: match[4] });
    else tokens.push({ kind: 'other', text: match[5]! });
  }
  return tokens;
}

const DECLARING = new Set(['from', 'join', 'update']);
const CLAUSE_END = new Set(['where', 'group', 'order', 'having', 'join', 'left', 'inner', 'set', 'on', 'with', 'union']);

/** The column or relation an attribute of a class stands for (`fullName`: `full_name`). */
function fieldOf(cls: QueriedClass, attribute: string): string {
  return cls.attributes?.[attribute] ?? attribute;
}

/** The column (or relation key) an attribute of a class is, as SQL names it. */
function columnOf(cls: QueriedClass, attribute: string): string {
  const name = fieldOf(cls, attribute);
  const relation = cls.relations?.find((r) => r.field === name);
  return relation?.column ?? name;
}

/** `partial c.{id, email}` -> `c.id, c.email`. */
function expandPartials(text: string): string {
  return text.replace(/\bpartial\s+([A-Za-z_]\w*)\s*\.\s*\{([^}]*)\}/gi, (_all, alias: string, fields: string) =>
    fields.split(',').map((field) => `${alias}.${field.trim()}`).join(', '));
}

/**
 * The SQL a query over mapped classes runs; undefined when a class it names is not one of the program's mapped
 * classes (or an association's target is unknown): then its tables cannot be told.
 */
export const entityQuerySql: EntityQueryWriter = (query, ctx) => {
  const tokens = tokenize(expandPartials(query));
  const significant = (from: number): number => {
    let i = from;
    while (i < tokens.length && tokens[i]!.kind === 'space') i++;
    return i;
  };
  const aliases = new Map<string, QueriedClass>();
  /** Token index -> what is written in its place: the declarations' class names and association paths (as tables),
   * their aliases (as they are), `DELETE` without `FROM`, an association join's `WITH`. */
  const replaced = new Map<number, string>();
  /** Token index after which `ON 1 = 1` goes (an association join written without a condition). */
  const openJoins = new Set<number>();
  /** Token indexes of `WITH` that start a join's condition. */
  const joinConditions = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let keyword = token.kind === 'word' ? token.text.toLowerCase() : '';
    // `DELETE App\Entity\Customer c` (FROM is optional in the query language, not in SQL).
    if (keyword === 'delete') {
      const next = tokens[significant(i + 1)];
      if (next?.kind === 'word' && next.text.toLowerCase() === 'from') continue;
      replaced.set(i, 'DELETE FROM');
      keyword = 'from';
    }
    if (!DECLARING.has(keyword)) continue;
    const at = significant(i + 1);
    const target = tokens[at];
    if (!target || (target.kind !== 'path' && target.kind !== 'word')) continue;
    let aliasAt = significant(at + 1);
    if (tokens[aliasAt]?.kind === 'word' && tokens[aliasAt]!.text.toLowerCase() === 'as') aliasAt = significant(aliasAt + 1);
    const aliasToken = tokens[aliasAt];
    const alias = aliasToken?.kind === 'word' && !CLAUSE_END.has(aliasToken.text.toLowerCase()) ? aliasToken.text : undefined;
    const dot = target.text.indexOf('.');
    let cls: QueriedClass | undefined;
    if (keyword === 'join' && dot > 0 && !target.text.includes('\\')) {
      // An association join (`JOIN c.orders o`): the related class's table, joined on the association.
      const parent = aliases.get(target.text.slice(0, dot));
      cls = parent ? ctx.related(parent, fieldOf(parent, target.text.slice(dot + 1))) : undefined;
      if (!cls) return undefined;
      const after = significant(aliasAt + 1);
      if (tokens[after]?.kind === 'word' && tokens[after]!.text.toLowerCase() === 'with') replaced.set(after, 'ON 1 = 1 AND');
      else openJoins.add(alias !== undefined ? aliasAt : at);
    } else {
      cls = ctx.classNamed(target.text);
      if (!cls) return undefined;
      if (keyword === 'join') {
        const after = significant((alias !== undefined ? aliasAt : at) + 1);
        if (tokens[after]?.kind === 'word' && tokens[after]!.text.toLowerCase() === 'with') joinConditions.add(after);
      }
    }
    replaced.set(at, cls.table);
    if (alias !== undefined) {
      aliases.set(alias, cls);
      replaced.set(aliasAt, alias);
    }
  }
  if (aliases.size === 0) return undefined;
  let out = '';
  let inSelect = false;
  let previous = '';
  /** Token indexes left out: the parentheses of a `NEW Class(...)` in the select list. */
  const dropped = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const lower = token.text.toLowerCase();
    if (dropped.has(i)) continue;
    if (replaced.has(i)) out += replaced.get(i);
    else if (joinConditions.has(i)) out += 'ON';
    else if (token.kind === 'param') out += '?';
    else if (token.kind === 'path' && !token.text.includes('\\')) {
      const dot = token.text.indexOf('.');
      const cls = aliases.get(token.text.slice(0, dot));
      const attribute = token.text.slice(dot + 1);
      const column = cls ? columnOf(cls, attribute) : attribute;
      out += cls ? `${token.text.slice(0, dot)}.${column}` : token.text;
      // A scalar of the select list is known by the attribute's name (`$row['fullName']`), unless it is renamed.
      const next = tokens[significant(i + 1)];
      if (inSelect && column !== attribute && (next === undefined || next.text === ',' || next.text.toLowerCase() === 'from')) out += ` AS ${attribute}`;
    } else if (token.kind === 'word' && lower === 'new' && inSelect) {
      // `SELECT NEW App\Dto\Row(c.id, c.email)`: the arguments are the columns.
      const name = significant(i + 1);
      const open = significant(name + 1);
      if ((tokens[name]?.kind === 'path' || tokens[name]?.kind === 'word') && tokens[open]?.text === '(') {
        i = name;
        dropped.add(open);
        const close = matching(tokens, open);
        if (close !== undefined) dropped.add(close);
      } else out += token.text;
    } else if (token.kind === 'word' && aliases.has(token.text) && tokens[significant(i + 1)]?.text !== '.') {
      // An alias alone: all of its columns in a select list (`SELECT c`), elsewhere its row's key (`o.customer = c`).
      const list = inSelect && (previous === 'select' || previous === ',' || previous === 'distinct');
      out += list ? `${token.text}.*` : `${token.text}.${aliases.get(token.text)!.key ?? 'id'}`;
    } else out += token.text;
    if (token.kind === 'word' && lower === 'select') inSelect = true;
    else if (token.kind === 'word' && lower === 'from') inSelect = false;
    if (openJoins.has(i)) out += ' ON 1 = 1';
    if (token.kind !== 'space') previous = token.kind === 'word' ? lower : token.text;
  }
  return out;
};

/** The index of the `)` that closes the `(` at `open`, if any. */
function matching(tokens: readonly Token[], open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.text === '(') depth++;
    else if (tokens[i]!.text === ')' && --depth === 0) return i;
  }
  return undefined;
}
