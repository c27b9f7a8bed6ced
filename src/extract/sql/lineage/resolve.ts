/**
 * Resolves the output columns of a scope tree down to table columns, recursively through CTEs, derived tables,
 * subqueries and unions (a source is a table: a leaf; or a scope: recurse). Each scope's indirect uses (joins,
 * filters, grouping, sorting, windows, CASE conditions) are attached to every column that passes through it, as
 * OpenLineage does. Without a schema a column whose table cannot be told apart becomes one leaf per candidate
 * table, marked with `candidates`, and `*` of a table stays `*`; the resolution pass decides later.
 */
import { tableAssetId } from '../names.js';
import type { Leaf, Scope, Slot, Source, StarSpec, Use } from './model.js';

const RANK: Record<string, number> = { IDENTITY: 0, TRANSFORMATION: 1, AGGREGATION: 2 };

function compose(use: Use, inner: readonly Leaf[]): Leaf[] {
  return inner.map((leaf) => {
    if (!leaf.direct) return leaf;
    if (!use.direct) return { ...leaf, direct: false, subtype: use.subtype, masking: false };
    const subtype = RANK[use.subtype]! > RANK[leaf.subtype]! ? use.subtype : leaf.subtype;
    return { ...leaf, subtype, masking: use.masking || leaf.masking };
  });
}

function leafKey(leaf: Leaf): string {
  return `${leaf.asset}\u0000${leaf.column}\u0000${leaf.direct ? 'D' : 'I'}\u0000${leaf.subtype}`;
}

/** Removes duplicate leaves; masking is kept when any duplicate is masked. */
export function dedupeLeaves(leaves: readonly Leaf[]): Leaf[] {
  const byKey = new Map<string, Leaf>();
  for (const leaf of leaves) {
    const key = leafKey(leaf);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, leaf);
    else if (leaf.masking && !seen.masking) byKey.set(key, { ...seen, masking: true });
  }
  return [...byKey.values()];
}

type Provides = 'yes' | 'maybe' | 'no';

export class Resolver {
  private readonly columnMemo = new Map<string, Leaf[]>();
  private readonly indirectMemo = new Map<number, Leaf[]>();
  private readonly active = new Set<string>();

  /** Every output column of `scope` (a root query), `*` expanded as far as the query itself tells. */
  outputs(scope: Scope): Slot[] {
    const slots: Slot[] = [];
    for (const def of scope.columns) {
      if (def.star) slots.push(...this.expandStar(scope, def.star, []));
      else slots.push({ name: def.name, inputs: dedupeLeaves([...this.uses(scope, def.uses), ...this.indirect(scope)]) });
    }
    return slots;
  }

  /** Leaves of a list of uses evaluated in `scope`. */
  uses(scope: Scope, uses: readonly Use[]): Leaf[] {
    const out: Leaf[] = [];
    for (const use of uses) {
      if (use.ref) out.push(...compose(use, this.ref(scope, use.ref.qualifier, use.ref.column, use.subtype)));
      else if (use.query) out.push(...compose(use, this.wholeScope(use.query)));
    }
    return out;
  }

  /** Indirect leaves of a scope (memoised): they apply to every column of the scope. */
  indirect(scope: Scope): Leaf[] {
    const memo = this.indirectMemo.get(scope.id);
    if (memo) return memo;
    this.indirectMemo.set(scope.id, []);
    const leaves = dedupeLeaves(this.uses(scope, scope.indirect));
    this.indirectMemo.set(scope.id, leaves);
    return leaves;
  }

  /** All columns of a subquery used as a value (`x IN (SELECT ...)`, scalar subqueries). */
  private wholeScope(scope: Scope): Leaf[] {
    const out: Leaf[] = [];
    for (const def of scope.columns) {
      if (def.star) {
        for (const slot of this.expandStar(scope, def.star, [])) {
          out.push(...(slot.starOf ? [{ asset: slot.starOf, column: '*', direct: true, subtype: 'IDENTITY' as const, masking: false }] : []), ...slot.inputs);
        }
      } else {
        out.push(...this.column(scope, def.name));
      }
    }
    return [...out, ...this.indirect(scope)];
  }

  /** The leaves of output column `name` of `scope`. */
  column(scope: Scope, name: string): Leaf[] {
    const key = `${scope.id}\u0000${name}`;
    const memo = this.columnMemo.get(key);
    if (memo) return memo;
    if (this.active.has(key)) return []; // recursive CTE: the recursion adds nothing new
    this.active.add(key);
    const leaves = dedupeLeaves(this.computeColumn(scope, name));
    this.active.delete(key);
    this.columnMemo.set(key, leaves);
    return leaves;
  }

  private computeColumn(scope: Scope, name: string): Leaf[] {
    const lower = name.toLowerCase();
    const def = scope.columns.find((c) => !c.star && c.name === name) ?? scope.columns.find((c) => !c.star && c.name.toLowerCase() === lower);
    if (def) return [...this.uses(scope, def.uses), ...this.indirect(scope)];
    for (const star of scope.columns.filter((c) => c.star)) {
      const qualifier = star.star!.qualifier;
      if (star.star!.except.includes(name)) continue;
      const leaves = qualifier ? this.ref(scope, qualifier, name) : this.unqualified(scope, name, false);
      if (leaves.length > 0) return [...leaves, ...this.indirect(scope)];
    }
    return [];
  }

  private findSource(scope: Scope, qualifier: string): Source | undefined {
    const q = qualifier.toLowerCase();
    const last = q.slice(q.lastIndexOf('.') + 1);
    return scope.sources.find((s) => s.alias === q)
      ?? scope.sources.find((s) => s.kind === 'table' && s.table.toLowerCase() === q)
      ?? scope.sources.find((s) => s.alias === last || (s.kind === 'table' && s.table.toLowerCase().endsWith(`.${last}`)));
  }

  /** `*` of every table under a scope (count(*)). */
  private starLeaves(scope: Scope, depth = 0): Leaf[] {
    if (depth > 20) return [];
    return scope.sources.flatMap((source): Leaf[] => {
      if (source.kind === 'table') return [{ asset: tableAssetId(source.table), column: '*', direct: true, subtype: 'IDENTITY', masking: false }];
      return source.kind === 'scope' ? this.starLeaves(source.scope, depth + 1) : [];
    });
  }

  private ref(scope: Scope, qualifier: string | null, column: string, subtype?: string): Leaf[] {
    if (column === '*') {
      if (qualifier === null) return this.starLeaves(scope);
      // `to_jsonb(u.*)`: the whole row of one source.
      for (let s: Scope | null = scope; s; s = s.parent) {
        const source = this.findSource(s, qualifier);
        if (source) return this.wholeRow(s, source);
      }
      return [];
    }
    // `row_to_json(u)`: an alias no source has a column of is the whole row of that source (PostgreSQL). Not a
    // table's own name, which is as often one of its columns (`SELECT status FROM status`).
    if (qualifier === null && !scope.sources.some((s) => this.provides(s, column) === 'yes')) {
      const lower = column.toLowerCase();
      const source = scope.sources.find((s) => s.alias === lower && (s.kind !== 'table' || s.table.toLowerCase().split('.').pop() !== lower));
      if (source) return this.wholeRow(scope, source);
    }
    // Output aliases are seen first by ORDER BY and GROUP BY (`GROUP BY day` means the output `day` in the
    // dialects that allow it, and names the same column otherwise), after the sources by later select items.
    if (qualifier === null) {
      // Select items may refer to earlier aliases (lateral column aliases), unless a source surely has the name.
      const lateral = subtype !== undefined && RANK[subtype] !== undefined && !scope.sources.some((s) => this.provides(s, column) === 'yes');
      if (subtype === 'SORT' || subtype === 'GROUP_BY' || lateral) {
        const alias = this.alias(scope, column);
        if (alias) return alias;
      }
      return this.unqualified(scope, column, subtype !== 'JOIN' && subtype !== 'FILTER');
    }
    for (let s: Scope | null = scope; s; s = s.parent) {
      const source = this.findSource(s, qualifier);
      if (source) return this.fromSource(s, source, column);
    }
    // `col.field` on a struct column: the qualifier is a column.
    if (!qualifier.includes('.')) return this.unqualified(scope, qualifier, true);
    return [];
  }

  /** Every column of one source, as one value (`row_to_json(u)`). */
  private wholeRow(owner: Scope, source: Source): Leaf[] {
    switch (source.kind) {
      case 'table':
        return [{ asset: tableAssetId(source.table), column: '*', direct: true, subtype: 'IDENTITY', masking: false }];
      case 'scope':
        return this.wholeScope(source.scope);
      case 'generated':
        return source.columns.flatMap((name) => this.fromSource(owner, source, name));
    }
  }

  private provides(source: Source, column: string): Provides {
    if (source.kind === 'table') return 'maybe';
    if (source.kind === 'generated') return source.columns.includes(column) || source.alias === column ? 'yes' : 'no';
    const lower = column.toLowerCase();
    if (source.scope.columns.some((c) => !c.star && c.name.toLowerCase() === lower)) return 'yes';
    return source.scope.columns.some((c) => c.star && !c.star.except.includes(column)) ? 'maybe' : 'no';
  }

  /** The leaves of an output alias of `scope` used inside the same scope (null when there is none). */
  private alias(scope: Scope, column: string): Leaf[] | null {
    const def = scope.columns.find((c) => !c.star && c.name === column);
    if (!def || def.uses.some((u) => u.ref?.column === column && u.ref.qualifier === null)) return null;
    // An alias being resolved refers, inside its own expression, to the source column of that name.
    const key = `${scope.id}\u0000${column}`;
    if (this.active.has(key)) return null;
    this.active.add(key);
    try {
      return this.uses(scope, def.uses);
    } finally {
      this.active.delete(key);
    }
  }

  private unqualified(scope: Scope, column: string, allowAlias: boolean): Leaf[] {
    const yes: Source[] = [];
    const maybe: Source[] = [];
    for (const source of scope.sources) {
      const provides = this.provides(source, column);
      if (provides === 'yes') yes.push(source);
      else if (provides === 'maybe') maybe.push(source);
    }
    if (yes.length > 0) return yes.flatMap((s) => this.fromSource(scope, s, column));
    if (maybe.length === 1) return this.fromSource(scope, maybe[0]!, column);
    if (allowAlias) {
      const alias = this.alias(scope, column);
      if (alias) return alias;
    }
    if (maybe.length > 1) {
      const leaves = maybe.flatMap((s) => this.fromSource(scope, s, column));
      const candidates = [...new Set(leaves.filter((l) => l.direct && l.column === column).map((l) => l.asset))];
      return leaves.map((leaf) => (leaf.column === column && candidates.includes(leaf.asset) ? { ...leaf, candidates } : leaf));
    }
    if (scope.parent) return this.unqualified(scope.parent, column, allowAlias);
    return [];
  }

  private fromSource(owner: Scope, source: Source, column: string): Leaf[] {
    switch (source.kind) {
      case 'table':
        return [{ asset: tableAssetId(source.table), column, direct: true, subtype: 'IDENTITY', masking: false }];
      case 'scope':
        return this.column(source.scope, column);
      case 'generated':
        return this.uses(owner, source.uses).map((leaf) => (leaf.direct ? { ...leaf, subtype: leaf.subtype === 'IDENTITY' ? 'TRANSFORMATION' : leaf.subtype } : leaf));
    }
  }

  private expandStar(scope: Scope, star: StarSpec, extra: readonly Leaf[]): Slot[] {
    const sources = star.qualifier ? [this.findSource(scope, star.qualifier)].filter((s): s is Source => !!s) : scope.sources;
    const indirect = [...extra, ...this.indirect(scope)];
    const slots: Slot[] = [];
    for (const source of sources) {
      if (source.kind === 'table') {
        slots.push({ name: '*', starOf: tableAssetId(source.table), except: star.except, inputs: dedupeLeaves(indirect) });
      } else if (source.kind === 'generated') {
        for (const name of source.columns) slots.push({ name, inputs: dedupeLeaves([...this.fromSource(scope, source, name), ...indirect]) });
      } else {
        for (const def of source.scope.columns) {
          if (def.star) slots.push(...this.expandStar(source.scope, def.star, indirect));
          else slots.push({ name: def.name, inputs: dedupeLeaves([...this.column(source.scope, def.name), ...indirect]) });
        }
      }
    }
    return slots.filter((slot) => !star.except.includes(slot.name));
  }
}
