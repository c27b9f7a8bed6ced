/**
 * The column-lineage model of one query, built from the parser's AST (like sqlglot's scopes): a query is a tree
 * of scopes (root, CTE, derived table, expression subquery, union); a scope reads from sources (tables, other
 * scopes, generated columns such as UNNEST) and defines ordered output columns whose expressions are reduced to
 * the column uses that matter for lineage.
 */
import type { z } from 'zod';
import type { TransformationSubtype } from '../../../facts/schema.js';

export type Subtype = z.infer<typeof TransformationSubtype>;

/** A column reference as written: `o.user_id` -> { qualifier: 'o', column: 'user_id' }. */
export interface Ref {
  qualifier: string | null;
  column: string;
}

/** One use of a column (or of a subquery's result) by an expression. */
export interface Use {
  direct: boolean;
  subtype: Subtype;
  masking: boolean;
  ref?: Ref;
  /** A subquery in an expression (scalar, IN, EXISTS): every output column of it is used. */
  query?: Scope;
}

export interface StarSpec {
  /** `t.*` -> 't'; `*` -> null. */
  qualifier: string | null;
  /** Columns left out (`* EXCEPT (a)`, `* EXCLUDE a`). */
  except: string[];
}

export interface ColumnDef {
  name: string;
  uses: Use[];
  star?: StarSpec;
}

export type Source =
  | { kind: 'table'; alias: string; table: string }
  | { kind: 'scope'; alias: string; scope: Scope }
  /** Columns produced inside the FROM clause: UNNEST, LATERAL VIEW explode, table functions. */
  | { kind: 'generated'; alias: string; columns: string[]; uses: Use[] };

export type ScopeKind = 'root' | 'cte' | 'derived' | 'subquery' | 'union';

export interface Scope {
  id: number;
  kind: ScopeKind;
  /** The enclosing scope, for correlated references. */
  parent: Scope | null;
  sources: Source[];
  columns: ColumnDef[];
  /** Join keys, filters, grouping, sorting, window and CASE conditions: they shape every output column. */
  indirect: Use[];
  /** The branches of a UNION / INTERSECT / EXCEPT; columns are matched by position. */
  branches?: Scope[];
}

/** A resolved input: a table column, or a column whose table is one of several candidates. */
export interface Leaf {
  asset: string;
  column: string;
  direct: boolean;
  subtype: Subtype;
  masking: boolean;
  /** Set when an unqualified column could come from several tables (schema needed to decide). */
  candidates?: string[];
}

/** One output column of a query, resolved: a named column, or `*` of a table whose columns are unknown. */
export interface Slot {
  name: string;
  inputs: Leaf[];
  /** `*` of this table asset, to be expanded when its columns are known. */
  starOf?: string;
  except?: string[];
}
