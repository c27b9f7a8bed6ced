/**
 * Category transforms: what a sanitizer does to the categories of the data going through it (a call step's
 * `transform`). `remove` drops a category and everything within it; `downgrade` turns a category, or one within
 * it, into another (the most specific key that applies wins). Removal applies first. Transforms are interned:
 * labels name them by number.
 */
export interface CategoryTransform {
  remove?: string[];
  downgrade?: Record<string, string>;
}

/** Whether `category` is `ancestor` or lies within it (the taxonomy's hierarchy; dotted prefixes by default). */
export type Within = (category: string, ancestor: string) => boolean;

export const dottedWithin: Within = (category, ancestor) => category === ancestor || category.startsWith(`${ancestor}.`);

interface Compiled {
  remove: string[];
  /** Downgrades, most specific key first. */
  downgrade: Array<[string, string]>;
}

export class TransformTable {
  private readonly list: Compiled[] = [];
  private readonly ids = new Map<string, number>();

  constructor(private readonly within: Within) {}

  id(transform: CategoryTransform): number {
    const remove = [...new Set(transform.remove ?? [])].sort();
    const downgrade = Object.entries(transform.downgrade ?? {})
      .sort(([a], [b]) => b.split('.').length - a.split('.').length || (a < b ? -1 : a > b ? 1 : 0));
    const key = JSON.stringify([remove, downgrade]);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.list.length;
      this.list.push({ remove, downgrade });
      this.ids.set(key, id);
    }
    return id;
  }

  /** The categories after the transform, sorted. */
  apply(id: number, categories: readonly string[]): string[] {
    const { remove, downgrade } = this.list[id]!;
    const out = new Set<string>();
    for (const category of categories) {
      if (remove.some((removed) => this.within(category, removed))) continue;
      const to = downgrade.find(([from]) => this.within(category, from))?.[1];
      out.add(to ?? category);
    }
    return [...out].sort();
  }
}
