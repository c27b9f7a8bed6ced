/**
 * Reading through a path and storing into one. Reading a field of a value gives the field when it is known;
 * otherwise the value's data, narrowed: a row of a table read through `email` becomes the table's `email`
 * column, a parameter read through `email` becomes that part of the argument.
 */
import type { LabelTable } from './labels.js';
import { AValue, bounded, copyMap, EMPTY, isRowSet, join, LIMITS, truncate, type Trail } from './values.js';

export interface AccessContext {
  labels: LabelTable;
  /** Known columns of an asset (DDL, ORM classes), if any. */
  columnsOf(asset: string): ReadonlySet<string> | undefined;
  /** The rows an attribute of an asset's row relates it to (`order.customer`: a row of the customers), as labels. */
  relatedRows(asset: string, field: string): readonly number[] | undefined;
  /**
   * Members the program defines: methods and fields of instances, symbols of modules, methods of classes. With
   * `dataOnly`, methods found count (the result is defined) but no bound-method values are built.
   */
  member(value: AValue, segment: string, dataOnly?: boolean): AValue | undefined;
  /**
   * A member of the classes that map an asset, read on one of its rows: a property's getters' result
   * (`customer.display_name`) or a method bound to the row (`customer.contact_line`).
   */
  rowMember?(asset: string, segment: string, row: AValue, dataOnly: boolean): AValue | undefined;
  /** The column or relation an attribute of an asset's rows stands for, when its classes name it otherwise (`fullName`: `full_name`). */
  attributeName?(asset: string, attribute: string): string | undefined;
}

/** How `narrow` reads: see there. */
interface Narrowing {
  paramsOnly: boolean;
  /** The segment is a member of the value's own classes (found already): rows' classes are not asked for it. */
  classMember: boolean;
  dataOnly: boolean;
}

/**
 * The data of `value` narrowed to the field `segment` (no field knowledge). With `paramsOnly`, only what callers
 * pass: the segment is a member the program's class declares, which data joined into the object as a whole
 * (`store.add(token)`, a container model) does not reach.
 */
function narrow(ctx: AccessContext, value: AValue, segment: string, name: string | undefined, { paramsOnly, classMember, dataOnly }: Narrowing): AValue {
  if (value.labels.size === 0) return EMPTY;
  const labels = new Map<number, Trail | null>();
  const asColumn = segment !== '*' && !/^\d+$/.test(segment);
  const wholeAsset = (id: number) => {
    const label = ctx.labels.get(id);
    return label.kind === 'source' && label.asset !== undefined && label.column === undefined ? label.asset : undefined;
  };
  // A row of several tables (`SELECT c.*, t.subject ...`) read through a column one of them is known to have: the
  // column of that one; the others, known not to have it, are no part of it.
  let columnOfOne = false;
  // Members of the rows' classes: what their properties return (`customer.display_name`: the columns its getter
  // reads), their methods bound to the rows.
  let members = EMPTY;
  if (asColumn) {
    for (const id of value.labels.keys()) {
      const asset = wholeAsset(id);
      if (asset !== undefined && ctx.columnsOf(asset)?.has(ctx.attributeName?.(asset, segment) ?? segment)) {
        columnOfOne = true;
        break;
      }
    }
  }
  value.labels.forEach((trail, id) => {
    const label = ctx.labels.get(id);
    let next = id;
    // A row of a table the object's class maps is the object itself: its columns are the object's fields.
    if (paramsOnly && label.kind !== 'param' && !(asColumn && wholeAsset(id) !== undefined && ctx.columnsOf(label.asset!))) return;
    if (label.kind === 'param') {
      // A key the unit took out of the parameter is not there.
      if (label.without?.includes(segment)) return;
      if ((label.path?.length ?? 0) < PARAM_PATH) next = ctx.labels.paramChild(id, segment);
    } else if (!asColumn && segment !== '*' && wholeAsset(id) !== undefined && ctx.columnsOf(label.asset!)) {
      // A position of a whole row of a table whose columns are known (`row[0]`, `for uid, *_ in rows`): one column
      // of it, which one unknown. (Of other data, a file's, a position is as good as the whole.)
      next = ctx.labels.member(id, name ?? segment);
    } else if (asColumn && wholeAsset(id) !== undefined) {
      const known = ctx.columnsOf(label.asset!);
      const attribute = ctx.attributeName?.(label.asset!, segment) ?? segment;
      const related = ctx.relatedRows(label.asset!, attribute);
      if (related) {
        // `order.customer`: the row (or rows) of the other table the attribute points at, reached through this one.
        for (const row of related) if (!labels.has(row)) labels.set(row, trail);
        return;
      }
      // (A mapped class's own member, `Customer.from_form`, is not one of its rows': it is called on the class.)
      const member = known?.has(attribute) || classMember ? undefined : ctx.rowMember?.(label.asset!, segment, new AValue(new Map([[id, trail]])), dataOnly);
      if (member) {
        members = join(members, member);
        return;
      }
      if (!known || known.has(attribute)) next = ctx.labels.withColumn(id, attribute, name ?? (attribute !== segment ? segment : undefined));
      // A column another table of the row has is that table's alone.
      else if (columnOfOne) return;
      // Otherwise a member (`Customer.objects`, `order.pk`, `frame.loc`): the asset's data, known by the member's name.
      else next = ctx.labels.member(id, name ?? segment);
    }
    if (!labels.has(next)) labels.set(next, trail);
  });
  return members.empty ? new AValue(labels) : join(new AValue(labels), members);
}

/** How far a parameter's data is told apart by path (`user.email`, `user.address.city`). */
const PARAM_PATH = LIMITS.depth;

const POSITION = /^\d+$/;

/** A column read through a longer name (`user.email` for the `email` column of a row): the flow names it so. */
function renamed(ctx: AccessContext, value: AValue, segment: string, name: string): AValue {
  if (value.labels.size === 0 || name === segment) return value;
  let labels: Map<number, Trail | null> | null = null;
  for (const [id, trail] of value.labels) {
    const label = ctx.labels.get(id);
    if (label.kind !== 'source' || label.column === undefined || label.name !== segment) continue;
    labels ??= copyMap(value.labels);
    labels.delete(id);
    labels.set(ctx.labels.withColumn(id, label.column, name), trail);
  }
  return labels ? new AValue(labels, value.fields, value.closed, value.consts, value.handles, value.callables, value.instances, value.module) : value;
}

/**
 * `value.segment` / `value[segment]`. `*` reads any element. With `dataOnly`, for callers that keep only the
 * labels of the result, methods found are not built into bound-method values (the labels are the same).
 */
export function access(ctx: AccessContext, value: AValue, segment: string, name: string | undefined, dataOnly = false): AValue {
  let out: AValue = EMPTY;
  const fields = value.fields;
  const member = value.instances || value.module !== null || value.callables ? ctx.member(value, segment, dataOnly) : undefined;
  // A member the program's class declares is not one of the elements added to the object (`store.add(token)`).
  const declared = member !== undefined && value.instances !== null;
  if (fields) {
    const field = fields.get(segment);
    if (field) out = name !== undefined && segment !== '*' ? renamed(ctx, field, segment, name) : field;
    else if (segment === '*') {
      // No element field: the elements have the value's shape.
      out = new AValue(new Map(), fields, value.closed);
    } else if (!value.closed) {
      const any = declared ? undefined : fields.get('*');
      if (any) out = any;
    } else if (isRowSet(value)) {
      // A result set: a position picks a row (`rows[0]`); a name is that column of every row (`frame["email"]`). A
      // name the rows lack when they are known whole is the set's own (`df.columns`, `cur.rowcount`): no row data.
      const row = fields.get('*')!;
      if (POSITION.test(segment)) out = row;
      else if (!row.closed || row.fields?.has(segment)) out = access(ctx, row, segment, name);
    } else if (!POSITION.test(segment)) {
      // A member a record of known columns lacks is one of its type's (`row._mapping`, `row.items`): the record seen
      // another way, with the same fields, as an unknown method's result keeps its receiver's.
      out = new AValue(new Map(), fields, true);
    }
  }
  if (!fields || (!value.closed && !fields.has(segment))) out = join(out, narrow(ctx, value, segment, name, { paramsOnly: declared, classMember: member !== undefined, dataOnly }));
  if (member) out = join(out, member);
  // Handles follow attribute reads (`User.objects`, `df.write`), so reads and writes through them name the asset.
  if (value.handles) out = join(out, new AValue(new Map(), null, false, null, value.handles));
  return out;
}

/** `root.path = stored` (always a weak update: other elements or keys may remain). */
export function store(root: AValue, path: readonly string[], stored: AValue, depth = 0): AValue {
  if (path.length === 0) return join(root, stored);
  const [head, ...rest] = path as [string, ...string[]];
  const fields = copyMap(root.fields);
  if (depth >= LIMITS.depth || (!fields.has(head) && fields.size >= LIMITS.fields)) {
    // Too deep or too wide to keep apart: the data joins the whole value.
    return join(root, new AValue(stored.labels));
  }
  const existing = fields.get(head) ?? EMPTY;
  fields.set(head, store(existing, rest, rest.length === 0 ? truncate(stored, LIMITS.depth - depth - 1) : stored, depth + 1));
  const out = new AValue(root.labels, fields, false, root.consts, root.handles, root.callables, root.instances, root.module);
  return depth === 0 ? bounded(out) : out;
}

/** `value` without the field at the end of `path` (`del record["email"]`); unchanged where the path is not known. */
export function withoutField(value: AValue, path: readonly string[]): AValue {
  const [head, ...rest] = path as [string, ...string[]];
  const field = value.fields?.get(head);
  if (!field || head === '*') return value;
  const fields = copyMap(value.fields);
  if (rest.length === 0) fields.delete(head);
  else fields.set(head, withoutField(field, rest));
  return new AValue(value.labels, fields, value.closed, value.consts, value.handles, value.callables, value.instances, value.module);
}
