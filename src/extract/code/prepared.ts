/**
 * Prepared statements: SQL analysed where it is prepared (`sqlite3_prepare_v2`, `PDO::prepare`), values bound to
 * its parameters later (`sqlite3_bind_text(stmt, 3, v)`, `$stmt->execute([...])`), run after that, and its result
 * columns read by position (`sqlite3_column_text(stmt, 2)`). The `sql` steps are placed where the statement runs
 * (or at the end of the unit), so the values bound before are part of them; bound values are keyed by the column
 * each parameter stands for (`INSERT INTO t (a, b) VALUES (?, ?)`, `SET email = :email`).
 */
import type { Entry, SqlStep, Value } from '../../facts/schema.js';
import { singlePath } from '../../facts/values.js';
import type { CodeUnit } from './context.js';

export interface PreparedStatement {
  /** The steps of the statement(s), pushed when it runs. */
  steps: SqlStep[];
  /** The slot holding the result rows (the first statement's). */
  slot: number;
  /** Parameter markers in order, with the column each stands for when known. */
  params: Array<{ marker: string; column?: string }>;
  binds: Entry[];
  emitted: boolean;
  /** Names that hold the handle (`stmt`, `this.stmt`). */
  names: Set<string>;
  line: number;
}

export class PreparedStatements {
  private readonly byName = new Map<string, PreparedStatement>();
  private readonly bySlot = new Map<number, PreparedStatement>();
  private readonly all: PreparedStatement[] = [];

  constructor(private readonly unit: CodeUnit) {}

  /** A statement prepared into a handle: a name (`&stmt`) or, with no name, the result slot. */
  add(statement: Omit<PreparedStatement, 'binds' | 'emitted' | 'names'>, handle: string | undefined): void {
    const entry: PreparedStatement = { ...statement, binds: [], emitted: false, names: new Set() };
    this.all.push(entry);
    this.bySlot.set(entry.slot, entry);
    if (handle !== undefined) this.alias(handle, entry);
  }

  private alias(name: string, entry: PreparedStatement): void {
    this.byName.set(name, entry);
    entry.names.add(name);
  }

  /** `stmt = <value>`: the name now holds the statement the value is the handle of (if any). */
  assigned(name: string, value: Value): void {
    const handle = this.of(value);
    if (handle) this.alias(name, handle);
    else if (this.byName.has(name) && this.unit.weak === 0) this.byName.delete(name);
  }

  /** The statement a handle value stands for: a name holding it, or its result slot. */
  of(value: Value): PreparedStatement | undefined {
    const single = singlePath(value);
    if (!single || single.path.length > 0 && single.name === undefined) return undefined;
    if (single.slot !== undefined) return this.bySlot.get(single.slot);
    const key = [single.name!, ...single.path].join('.');
    return this.byName.get(key);
  }

  /** Binds a value to the parameter at a position (0-based) or with a name (`:email`, `email`). */
  bind(statement: PreparedStatement, parameter: number | string | undefined, value: Value): void {
    let column: string | undefined;
    if (typeof parameter === 'number') column = statement.params[parameter]?.column;
    else if (parameter !== undefined) {
      const name = parameter.replace(/^[:@$]/, '');
      column = statement.params.find((p) => p.marker.replace(/^[:@$]/, '') === name)?.column ?? name;
    }
    statement.binds.push(column !== undefined ? { key: column, value } : { value });
  }

  /** Runs the statement: its steps are placed here, with the values bound so far. */
  run(statement: PreparedStatement, line: number): void {
    if (statement.emitted) return;
    statement.emitted = true;
    const binds: Value = statement.binds.length > 0 ? [{ items: statement.binds }] : [];
    for (const step of statement.steps) {
      if (binds.length > 0) step.binds = step.binds ? [...step.binds, ...binds] : binds;
      this.unit.steps.push(step);
    }
    // The handle holds the result rows from now on (`$stmt->fetch()`, `sqlite3_step` loops).
    const rows = this.rows(statement);
    for (const name of statement.names) {
      const [root, ...path] = name.split('.');
      this.unit.steps.push({ op: 'assign', line, target: path.length > 0 ? { name: root!, path } : { name: root! }, value: rows, weak: true });
    }
  }

  /**
   * The rows a statement returns: its result slot, or, when its columns are known, a record of them by name and
   * by position (`row[1]` of `mysql_fetch_row`, `$row['email']`).
   */
  rows(statement: PreparedStatement): Value {
    const columns = statement.steps[0]?.columns;
    if (!columns || columns.length === 0) return [{ slot: statement.slot }];
    const items: Entry[] = [];
    columns.forEach((column, i) => {
      const value: Value = [{ slot: statement.slot, path: [column.name] }];
      items.push({ key: column.name, value }, { key: String(i), value });
    });
    return [{ items }];
  }

  /** Statements prepared but never run in the unit run at its end (a helper preparing for its caller). */
  flush(line: number): void {
    for (const statement of this.all) this.run(statement, line);
  }
}
