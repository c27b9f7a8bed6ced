/**
 * The data-category taxonomy: hierarchical dotted keys (`user.contact.email` is within `user.contact`), built in
 * from fideslang's data categories (grammars/taxonomy/data-categories.tsv, CC BY 4.0) and extendable with custom
 * keys. A category matches a policy's category when it is that category or below it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Category {
  key: string;
  parent: string | null;
  name: string;
}

const BUILTIN_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../grammars/taxonomy/data-categories.tsv');

export class Taxonomy {
  private readonly categories = new Map<string, Category>();

  static builtin(): Taxonomy {
    const taxonomy = new Taxonomy();
    for (const line of readFileSync(BUILTIN_FILE, 'utf8').split('\n')) {
      if (line.startsWith('#') || line.startsWith('key\t') || line.trim() === '') continue;
      const [key, parent, name] = line.split('\t');
      if (key) taxonomy.categories.set(key, { key, parent: parent || null, name: name ?? key });
    }
    return taxonomy;
  }

  /** Adds a custom category under an existing parent; returns an error message or null. */
  add(key: string, parent: string | null, name = key): string | null {
    if (this.categories.has(key)) return `category '${key}' already exists`;
    if (parent !== null && !this.categories.has(parent)) return `parent '${parent}' of '${key}' is not a known category`;
    this.categories.set(key, { key, parent, name });
    return null;
  }

  has(key: string): boolean {
    return this.categories.has(key);
  }

  get(key: string): Category | undefined {
    return this.categories.get(key);
  }

  keys(): string[] {
    return [...this.categories.keys()].sort();
  }

  /** `key` itself, then its parent, up to the root. */
  lineage(key: string): string[] {
    const chain: string[] = [];
    for (let current: string | null | undefined = key; current && chain.length < 32; current = this.categories.get(current)?.parent) {
      chain.push(current);
      if (!this.categories.has(current)) break;
    }
    return chain;
  }

  /** Whether `key` is `ancestor` or lies below it. Unknown keys match by dotted prefix. */
  isWithin(key: string, ancestor: string): boolean {
    if (key === ancestor) return true;
    if (this.lineage(key).includes(ancestor)) return true;
    return key.startsWith(ancestor + '.');
  }
}
