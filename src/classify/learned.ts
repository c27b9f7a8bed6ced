/**
 * A small classifier learned from the repository's own annotations: each annotated column name becomes an example
 * (character 3-grams of its normalised form, `^cust_eml$`, weighted by TF-IDF over every column name the report
 * knows, so grams common to many names such as `cus` count less), and a new name takes the categories of its most
 * similar example by cosine similarity, so a team's conventions (`cust_eml`, `tel_no`) carry over to unannotated tables.
 * Columns an annotated asset leaves unannotated are negative examples (the team looked at the asset and did not
 * mark them): when the most similar example is a negative one, nothing is predicted (`shipping_cents` next to an
 * annotated `shipping_address`). Deterministic: ties go to the negative example, then to the example's name.
 */
import { compareStrings } from '../graph/ids.js';
import { normalizeName } from './names.js';

export interface Example {
  name: string;
  /** Empty for a negative example. */
  categories: string[];
  /** Where the annotation is (`table:raw.users`). */
  asset: string;
}

export interface LearnedMatch {
  categories: string[];
  similarity: number;
  example: Example;
  reason: string;
}

type Vector = Map<string, number>;

export function trigrams(name: string): Vector {
  const text = `^${normalizeName(name)}$`;
  const vector: Vector = new Map();
  for (let i = 0; i + 3 <= text.length; i++) {
    const gram = text.slice(i, i + 3);
    vector.set(gram, (vector.get(gram) ?? 0) + 1);
  }
  return vector;
}

function norm(vector: Vector): number {
  let sum = 0;
  for (const value of vector.values()) sum += value * value;
  return Math.sqrt(sum);
}

export function cosine(a: Vector, b: Vector): number {
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return 0;
  let dot = 0;
  for (const [gram, value] of a) dot += value * (b.get(gram) ?? 0);
  return dot / (na * nb);
}

/** Similarity at or above which a prediction is made. */
export const MIN_SIMILARITY = 0.45;

/** Inverse document frequency of each gram over a corpus of names (smoothed, always positive). */
function idfOf(corpus: readonly string[]): (gram: string) => number {
  const names = [...new Set(corpus.map(normalizeName))];
  const df = new Map<string, number>();
  for (const name of names) for (const gram of trigrams(name).keys()) df.set(gram, (df.get(gram) ?? 0) + 1);
  return (gram) => Math.log((1 + names.length) / (1 + (df.get(gram) ?? 0))) + 1;
}

function weighted(vector: Vector, idf: (gram: string) => number): Vector {
  return new Map([...vector].map(([gram, count]) => [gram, count * idf(gram)]));
}

export class NameModel {
  private constructor(
    private readonly examples: Array<{ example: Example; vector: Vector }>,
    private readonly idf: (gram: string) => number,
  ) {}

  /** `corpus`: every column name in scope (annotated or not), for the gram weights. */
  static train(examples: readonly Example[], corpus: readonly string[] = []): NameModel {
    const idf = idfOf([...corpus, ...examples.map((e) => e.name)]);
    const sorted = [...examples].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.asset, b.asset));
    // Negative examples first, so that on equal similarity the cautious answer wins.
    const ordered = [...sorted.filter((e) => e.categories.length === 0), ...sorted.filter((e) => e.categories.length > 0)];
    return new NameModel(ordered.map((example) => ({ example, vector: weighted(trigrams(example.name), idf) })), idf);
  }


  /** Predictions by name (the same column name recurs across many tables). */
  private readonly cache = new Map<string, LearnedMatch | null>();

  predict(name: string, minSimilarity = MIN_SIMILARITY): LearnedMatch | null {
    const key = `${minSimilarity}\u0000${name}`;
    if (!this.cache.has(key)) this.cache.set(key, this.nearest(name, minSimilarity));
    return this.cache.get(key)!;
  }

  private nearest(name: string, minSimilarity: number): LearnedMatch | null {
    const vector = weighted(trigrams(name), this.idf);
    let best: { example: Example; similarity: number } | null = null;
    for (const { example, vector: other } of this.examples) {
      const similarity = cosine(vector, other);
      if (similarity > (best?.similarity ?? 0)) best = { example, similarity };
    }
    if (!best || best.similarity < minSimilarity || best.example.categories.length === 0) return null;
    const similarity = Math.round(best.similarity * 100) / 100;
    const categories = [...best.example.categories].sort(compareStrings);
    return {
      categories, similarity, example: best.example,
      reason: `name '${name}' is similar (${similarity.toFixed(2)}) to '${best.example.name}', annotated ${categories.join(', ')} on ${best.example.asset} in the manifest`,
    };
  }
}
