/**
 * Table-level lineage of one parsed statement: its operation, the tables it reads and the tables it writes or
 * affects. CTE names are scopes, not tables, and never become assets.
 */
import type { SqlAst } from './parser.js';
import { normalizePart, qualifiedName, type TableName } from './names.js';

export interface TableLineage {
  operation: string;
  reads: string[];
  writes: string[];
  /** Columns declared per written table (CREATE TABLE (...), INSERT column lists). */
  defines: Map<string, string[]>;
}

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

function asTableName(node: Node): TableName | null {
  return typeof node.table === 'string' ? { db: node.db as string | null, schema: node.schema as string | null, table: node.table } : null;
}

function cteName(entry: unknown): string | null {
  if (!isNode(entry)) return null;
  const name = entry.name;
  if (typeof name === 'string') return name;
  if (isNode(name) && typeof name.value === 'string') return name.value;
  return null;
}

function columnName(node: unknown): string | null {
  if (typeof node === 'string') return node;
  if (!isNode(node)) return null;
  if (typeof node.value === 'string') return node.value;
  if (node.type === 'column_ref') return columnName(node.column);
  if (isNode(node.expr)) return columnName(node.expr);
  return null;
}

class Collector {
  readonly reads = new Set<string>();
  private readonly ctes = new Set<string>();

  constructor(private readonly text: string) {}

  name(node: Node): string | null {
    const table = asTableName(node);
    return table ? qualifiedName(table, this.text) : null;
  }

  /** Visits every nested object; each `from`/`using` entry naming a table is a read. */
  walk(node: unknown): void {
    if (Array.isArray(node)) {
      for (const item of node) this.walk(item);
      return;
    }
    if (!isNode(node)) return;
    if (Array.isArray(node.with)) {
      for (const entry of node.with) {
        const name = cteName(entry);
        if (name) this.ctes.add(normalizePart(name, this.text));
      }
    }
    for (const key of ['from', 'using'] as const) {
      const list = node[key];
      if (!Array.isArray(list)) continue;
      for (const entry of list) if (isNode(entry)) this.addRead(entry);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'from' || key === 'using') {
        // Table entries are handled above; their nested subqueries and join conditions still need a visit.
        if (Array.isArray(value)) for (const entry of value) if (isNode(entry)) this.walkChildren(entry);
        continue;
      }
      if (isNode(value) || Array.isArray(value)) this.walk(value);
    }
  }

  private walkChildren(entry: Node): void {
    for (const value of Object.values(entry)) if (isNode(value) || Array.isArray(value)) this.walk(value);
  }

  addRead(entry: Node): void {
    const name = this.name(entry);
    if (name !== null) this.reads.add(name);
  }

  /** Reads minus CTE names (known only after the whole statement was walked). */
  finalReads(): string[] {
    return [...this.reads].filter((name) => !this.ctes.has(name));
  }
}

function tableList(value: unknown): Node[] {
  return Array.isArray(value) ? value.filter(isNode) : isNode(value) ? [value] : [];
}

export function tableLineage(ast: SqlAst, text: string): TableLineage {
  const collector = new Collector(text);
  const writes: string[] = [];
  const defines = new Map<string, string[]>();
  const type = String(ast.type ?? 'unknown').toLowerCase();
  let operation = type;

  const write = (node: Node) => {
    const name = collector.name(node);
    if (name !== null && !writes.includes(name)) writes.push(name);
    return name;
  };

  switch (type) {
    case 'insert':
    case 'replace': {
      const [target] = tableList(ast.table);
      const name = target ? write(target) : null;
      if (name && Array.isArray(ast.columns)) {
        defines.set(name, ast.columns.map(columnName).filter((c): c is string => c !== null).map((c) => normalizePart(c, text)));
      }
      collector.walk(ast.values);
      collector.walk(ast.with);
      operation = 'insert';
      break;
    }
    case 'update': {
      const [target, ...joined] = tableList(ast.table);
      if (target) write(target);
      for (const extra of joined) collector.addRead(extra);
      collector.walk({ from: ast.from, where: ast.where, set: ast.set, with: ast.with });
      break;
    }
    case 'delete': {
      const from = tableList(ast.from);
      // DELETE targets may name a FROM entry by its alias (MySQL `DELETE s FROM sessions s JOIN ...`).
      const targets = tableList(ast.table).map((t) => from.find((f) => f.as === t.table && !t.db) ?? t);
      const written = targets.length > 0 ? targets : from.slice(0, 1);
      written.forEach(write);
      for (const entry of from) if (!written.includes(entry) && !writes.includes(collector.name(entry) ?? '')) collector.addRead(entry);
      collector.walk({ using: ast.using, where: ast.where, with: ast.with });
      break;
    }
    case 'create': {
      const keyword = String(ast.keyword ?? '').toLowerCase();
      if (keyword === 'view') {
        const view = isNode(ast.view) ? ast.view : null;
        if (view) write({ db: view.db, schema: view.schema, table: view.view });
        collector.walk(ast.select);
        operation = 'create_view';
      } else if (keyword === 'table') {
        const [target] = tableList(ast.table);
        const name = target ? write(target) : null;
        if (ast.query_expr) {
          collector.walk(ast.query_expr);
          operation = 'create_table_as';
        } else {
          operation = 'create_table';
        }
        if (name && Array.isArray(ast.create_definitions)) {
          const columns = ast.create_definitions
            .filter((d): d is Node => isNode(d) && d.resource === 'column')
            .map((d) => columnName(d.column))
            .filter((c): c is string => c !== null)
            .map((c) => normalizePart(c, text));
          if (columns.length > 0) defines.set(name, columns);
        }
        const like = isNode(ast.like) ? tableList(ast.like.table ?? ast.like) : [];
        for (const source of like) collector.addRead(source);
      } else {
        operation = keyword ? `create_${keyword}` : 'create';
        for (const target of tableList(ast.table)) write(target);
      }
      break;
    }
    case 'drop':
    case 'truncate':
      for (const target of tableList(ast.name ?? ast.table)) write(target);
      break;
    case 'alter': {
      for (const target of tableList(ast.table)) write(target);
      const renames = Array.isArray(ast.expr) ? ast.expr.filter((e): e is Node => isNode(e) && e.action === 'rename') : [];
      for (const rename of renames) {
        if (typeof rename.table === 'string') write({ table: rename.table });
        operation = 'rename';
      }
      break;
    }
    case 'select': {
      collector.walk(ast);
      const into = isNode(ast.into) && typeof ast.into.expr === 'string' ? ast.into.expr : null;
      if (into) {
        write({ table: into });
        operation = 'select_into';
      }
      break;
    }
    default:
      collector.walk(ast);
  }

  const reads = collector.finalReads();
  return { operation, reads, writes, defines };
}
