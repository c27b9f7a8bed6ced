/**
 * Labels: where data comes from. A `source` label is data read from an asset (a table column, a file) or
 * through a sensitive name (`user.email`); a `param` label stands for a parameter of the unit being summarised
 * (replaced by the caller's argument at each call); a `query` label is the result of a statement whose text is
 * only known at the call site. Labels are interned: the same origin is the same number.
 */
import { serialisedKey, type Sensitivity, type Serialised } from '../classify/sensitivity.js';
import type { AssetBinding } from '../facts/schema.js';
import { dottedWithin, TransformTable, type Within } from './transforms.js';

/** What a mapped class's serialised form keeps of its rows (`$hidden`, `$visible`, no `__str__`), if it says. */
export function serialisedForm(binding: AssetBinding): Serialised | undefined {
  if (!binding.hidden && !binding.visible) return undefined;
  return { ...(binding.hidden ? { hidden: binding.hidden } : {}), ...(binding.visible ? { visible: binding.visible } : {}) };
}

/** What two projections one after the other keep: the columns both show, none either leaves out. */
function narrowerForm(first: Serialised, then: Serialised): Serialised {
  const visible = first.visible && then.visible ? first.visible.filter((c) => then.visible!.includes(c)) : first.visible ?? then.visible;
  const hidden = [...new Set([...(first.hidden ?? []), ...(then.hidden ?? [])])];
  return { ...(visible ? { visible: visible.filter((c) => !hidden.includes(c)) } : {}), ...(hidden.length > 0 ? { hidden } : {}) };
}

export interface LabelData {
  kind: 'source' | 'param' | 'query';
  /** param: the parameter's position, and the path read from it. */
  param?: number;
  path?: string[];
  /** source: the asset (`table:raw.users`) and column, when the data comes from one. */
  asset?: string;
  column?: string;
  /** The name the data was read through (`user.email`, `row["ssn"]`, a parameter). */
  name?: string;
  file?: string;
  line?: number;
  /** query: the statement text, with parameter markers, and the step that runs it (`<file>\0<unit>`, index). */
  text?: string;
  unitKey?: string;
  step?: number;
  callee?: string;
  categories: string[];
  reasons: string[];
  /** The data passed through something that hides it (a hash): lineage, no sensitivity. */
  masked?: boolean;
  /** source: categories a model states for the data (`categories` of a source model), instead of the classifier's. */
  declared?: string[];
  /** The category transforms (TransformTable ids) the data went through, in order. */
  transforms?: number[];
  /** source: the categories before the transforms. */
  original?: string[];
  /** source, a whole asset: the columns its serialised form keeps (`$hidden`, `df.drop(columns=[...])`). */
  kept?: Serialised;
  /**
   * param: the unit shows what it is given whole, in this form (`model_to_dict(customer)` of a parameter): each
   * caller's argument is shown alike (see `whole`).
   */
  shown?: Serialised;
  /** param: keys the unit took out of the whole parameter (see `paramWithout`). */
  without?: string[];
}

/** Markers standing for a parameter's value inside constant strings: `\u0000<param>.<path>\u0000`. */
export const MARK = '\u0000';

export class LabelTable {
  readonly data: LabelData[] = [];
  private readonly ids = new Map<string, number>();
  /** label -> segment -> the label read further through that segment (parameters) or column (sources). */
  private readonly children: Array<Map<string, number> | undefined> = [];
  private readonly roots: number[] = [];
  /** Unmasked parameter label read through a path -> the label one segment shorter (`p.a.b` -> `p.a`). */
  private readonly parents: number[] = [];

  readonly transforms: TransformTable;

  constructor(private readonly sensitivity: Sensitivity, within: Within = dottedWithin) {
    this.transforms = new TransformTable(within);
  }

  /** Forgets every label (see Engine.release); the table must not be used after. */
  release(): void {
    for (const table of [this.data, this.children, this.roots, this.parents, this.maskedIds, this.symbolicIds] as unknown[][]) table.length = 0;
    this.ids.clear();
  }

  private intern(key: string, make: () => LabelData): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.data.length;
      this.data.push(make());
      // Kept as long as `data`, so that setting an entry never makes a sparse (slow) array.
      this.children.push(undefined);
      this.maskedIds.push(undefined);
      this.symbolicIds.push(undefined);
      this.ids.set(key, id);
    }
    return id;
  }

  param(index: number, path: readonly string[]): number {
    let id = this.roots[index];
    if (id === undefined) {
      id = this.intern(`p\u0001${index}\u0001`, () => ({ kind: 'param', param: index, path: [], categories: [], reasons: [] }));
      this.roots[index] = id;
    }
    for (const segment of path) id = this.paramChild(id, segment);
    return id;
  }

  /** The parameter label read one segment further (`p` -> `p.email`). */
  paramChild(id: number, segment: string): number {
    let byName = this.children[id];
    if (!byName) this.children[id] = byName = new Map();
    let child = byName.get(segment);
    if (child === undefined) {
      const label = this.data[id]!;
      // Another key of a parameter some keys were taken out of is the parameter's (`without` is of the whole only).
      if (label.without) {
        child = this.paramChild(this.param(label.param!, []), segment);
        byName.set(segment, child);
        return child;
      }
      const path = [...(label.path ?? []), segment];
      const transformed = label.transforms ? `\u0001t${label.transforms.join(',')}` : '';
      child = this.intern(`p\u0001${label.param}\u0001${path.join('\u0001')}${label.masked ? '\u0001m' : ''}${transformed}`, () => ({
        kind: 'param', param: label.param!, path, categories: [], reasons: [], ...(label.masked ? { masked: true } : {}),
        ...(label.transforms ? { transforms: label.transforms } : {}),
      }));
      byName.set(segment, child);
      // (A segment can be empty: `p` read through `''` interns as `p` itself, which is no child of it.)
      if (!label.masked && this.data[child]!.path!.length === path.length) this.parents[child] ??= id;
    }
    return child;
  }

  /**
   * A whole parameter without a key the unit took out of it (`payload.pop("email")`, `del payload["email"]`):
   * completed at each call as the argument without that key. Other labels (a parameter read through a path, hidden
   * or changed) are themselves.
   */
  paramWithout(id: number, key: string): number {
    const label = this.data[id]!;
    if (label.kind !== 'param' || (label.path?.length ?? 0) > 0 || label.masked || label.transforms || label.shown) return id;
    const without = [...new Set([...(label.without ?? []), key])].sort();
    return this.intern(`p\u0001${label.param}\u0001\u0005${without.join('\u0001')}`, () => ({
      kind: 'param', param: label.param!, path: [], categories: [], reasons: [], without,
    }));
  }

  /** The unmasked parameter label one path segment shorter, if `id` is one read through a path. */
  paramParent(id: number): number | undefined {
    return this.parents[id];
  }

  /**
   * Data read from an asset (column optional) through a name, at a place. `declared`: the categories a model
   * states for it, which replace the classifier's verdict (for a column of it, what the column's name says is added).
   * `serialised`: for the whole rows of a mapped class, the columns its serialised form keeps.
   */
  source(
    asset: string | undefined, column: string | undefined, name: string | undefined, file: string, line: number, declared?: readonly string[],
    serialised?: Serialised,
  ): number {
    const kept = serialised ? `\u0001${serialisedKey(serialised)}` : '';
    const key = `s\u0001${asset ?? ''}\u0001${column ?? ''}\u0001${name ?? ''}\u0001${file}\u0001${line}${declared ? `\u0001d${declared.join(',')}` : ''}${kept}`;
    return this.intern(key, () => {
      const classified = declared === undefined || column !== undefined;
      const verdict = !classified || (asset !== undefined && asset.includes(MARK)) ? { categories: [], reasons: [] } : this.sensitivity(asset, column, name, serialised);
      const categories = declared ? [...new Set([...declared, ...verdict.categories])].sort() : verdict.categories;
      const reasons = declared ? [...new Set(['stated by a library model', ...verdict.reasons])] : verdict.reasons;
      const label: LabelData = { kind: 'source', file, line, categories, reasons };
      if (asset !== undefined) label.asset = asset;
      if (column !== undefined) label.column = column;
      if (name !== undefined) label.name = name;
      if (declared) label.declared = [...declared];
      if (serialised && column === undefined) label.kept = serialised;
      return label;
    });
  }

  query(text: string, file: string, line: number, unitKey: string, step: number, callee: string): number {
    return this.intern(`q\u0001${text}\u0001${file}\u0001${line}`, () => ({
      kind: 'query', text, file, line, unitKey, step, callee, categories: [], reasons: [],
    }));
  }

  /** The same origin, with its sensitivity hidden (for a parameter: whatever the caller passes, hidden). */
  masked(id: number): number {
    let masked = this.maskedIds[id];
    if (masked === undefined) {
      const label = this.data[id]!;
      // Data of a whole table has its categories only later (its columns'), so it is hidden even without any yet.
      const whole = label.asset !== undefined && label.column === undefined && label.asset.startsWith('table:');
      masked = label.masked || label.kind === 'query' || (label.kind === 'source' && label.categories.length === 0 && !whole && !label.asset?.includes(MARK))
        ? id
        : this.intern(`m\u0001${id}`, () => ({ ...label, categories: [], reasons: [], masked: true }));
      this.maskedIds[id] = masked;
    }
    return masked;
  }

  /**
   * Whether a label stands for something only a caller knows (a parameter, a query the caller names, an asset whose
   * name has a parameter in it), per label: asked for every label of every value completed at a call.
   */
  symbolic(id: number): boolean {
    let symbolic = this.symbolicIds[id];
    if (symbolic === undefined) {
      const label = this.data[id]!;
      symbolic = label.kind !== 'source' || (label.asset !== undefined && label.asset.includes(MARK));
      this.symbolicIds[id] = symbolic;
    }
    return symbolic;
  }

  private readonly symbolicIds: Array<boolean | undefined> = [];

  /** label -> its masked label (data hidden at every call of a hashing callee: asked for again and again). */
  private readonly maskedIds: Array<number | undefined> = [];

  /**
   * The same origin after a category transform (a sanitizer): a source's categories changed, a parameter's
   * recorded so that whatever the caller passes is changed alike. Query labels and hidden data stay as they are.
   */
  transformed(id: number, transform: number): number {
    const label = this.data[id]!;
    if (label.masked || label.kind === 'query') return id;
    // Sources with nothing to change stay, except whole assets, whose columns may be read later.
    if (label.kind === 'source' && label.categories.length === 0 && (label.asset === undefined || label.column !== undefined)) return id;
    return this.intern(`t\u0001${id}\u0001${transform}`, () => ({
      ...label,
      categories: label.kind === 'source' ? this.transforms.apply(transform, label.categories) : [],
      ...(label.kind === 'source' ? { original: label.original ?? label.categories } : {}),
      transforms: [...(label.transforms ?? []), transform],
    }));
  }

  /** `id` after the transforms `of` went through. */
  private retransformed(id: number, of: LabelData): number {
    for (const transform of of.transforms ?? []) id = this.transformed(id, transform);
    return id;
  }

  /** A source label read further through a column (`row.email` of a row of `raw.users`). */
  withColumn(id: number, column: string, name: string | undefined): number {
    return this.derived(id, `${column}\u0001${name ?? ''}`, (label) => this.source(label.asset, column, name ?? label.name, label.file!, label.line!, label.declared));
  }

  /** The source label `make` derives from `id` (its transforms applied again), remembered under `key`. */
  private derived(id: number, key: string, make: (label: LabelData) => number): number {
    let byKey = this.children[id];
    if (!byKey) this.children[id] = byKey = new Map();
    let child = byKey.get(key);
    if (child === undefined) {
      const label = this.data[id]!;
      child = this.retransformed(make(label), label);
      byKey.set(key, child);
    }
    return child;
  }

  /**
   * A source label of an asset as a whole read further through a member that is none of its known columns
   * (`Customer.objects`, `order.pk`, `frame.loc`): the asset's data still, but known by that name, not as all of it.
   */
  member(id: number, name: string): number {
    // What a projection kept of the asset stays with it (`df.select("id").write`).
    return this.derived(id, `\u0002${name}`, (label) => this.source(label.asset, undefined, name, label.file!, label.line!, label.declared, label.kept));
  }

  /**
   * Data of an asset known by a member of it, or as its class formats it, shown whole (`model_to_dict(customer)` of
   * `Customer.objects.get(...)`): all of the asset. Other labels are themselves.
   */
  whole(id: number, shown?: Serialised): number {
    const label = this.data[id]!;
    if (label.kind === 'param') {
      // Shown whole at each call, whatever the caller passes; once is enough.
      if (label.masked || label.transforms || label.shown) return id;
      const path = label.path ?? [];
      return this.intern(`p\u0001${label.param}\u0001${path.join('\u0001')}\u0003${shown ? serialisedKey(shown) : ''}`, () => ({
        kind: 'param', param: label.param!, path: [...path], categories: [], reasons: [], shown: shown ?? {},
      }));
    }
    if (label.kind !== 'source' || label.asset === undefined || label.column !== undefined || label.masked) return id;
    return this.derived(id, `\u0003${shown ? serialisedKey(shown) : ''}`, () => this.source(label.asset, undefined, undefined, label.file!, label.line!, label.declared, shown));
  }

  /**
   * Data of an asset read whole, of which only some columns are kept (`df.drop(columns=["email"])` of a table read
   * whole): the asset with that serialised form. Other labels are themselves.
   */
  wholeKeeping(id: number, kept: Serialised): number {
    const label = this.data[id]!;
    if (label.kind !== 'source' || label.asset === undefined || label.column !== undefined || label.masked) return id;
    // A member known by its name (`order.pk`) is no projection's; one a projection made (`df.select(...).write`) is.
    if (label.name !== undefined && !label.kept) return id;
    const both = label.kept ? narrowerForm(label.kept, kept) : kept;
    return this.derived(id, `\u0004${serialisedKey(both)}`, () => this.source(label.asset, undefined, label.name, label.file!, label.line!, label.declared, both));
  }

  /**
   * An argument's label changed as the callee changed its parameter's label `param`: through the same category
   * transforms, or shown whole in the same form.
   */
  alike(id: number, param: LabelData): number {
    let next = id;
    for (const transform of param.transforms ?? []) next = this.transformed(next, transform);
    if (param.shown) next = this.whole(next, param.shown.visible || param.shown.hidden ? param.shown : undefined);
    return next;
  }

  /** A source label with a concrete asset name in place of one built from parameters. */
  withAsset(id: number, asset: string): number {
    const label = this.data[id]!;
    return this.retransformed(this.source(asset, label.column, label.name, label.file!, label.line!, label.declared), label);
  }

  get(id: number): LabelData {
    return this.data[id]!;
  }
}
