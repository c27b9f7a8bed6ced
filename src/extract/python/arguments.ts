/** Call arguments: as nodes (positional, keyword, spread) and as values, each evaluated once. */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { Value } from '../../facts/schema.js';
import { extendPath, restOf, unionValues } from '../../facts/values.js';
import type { ArgRef, ValueRef } from '../models.js';
import type { UnitBuilder } from './context.js';
import { evaluate } from './expressions.js';
import { child, kind, textOf } from './nodes.js';

/** The arguments of a call as nodes. */
export interface ArgNodes {
  positional: Node[];
  keywords: Map<string, Node>;
  spreads: Node[];
}

export function argumentNodes(args: Node | null): ArgNodes {
  const out: ArgNodes = { positional: [], keywords: new Map(), spreads: [] };
  if (!args) return out;
  if (kind(args) === 'generator_expression') {
    out.positional.push(args);
    return out;
  }
  for (const arg of args.namedChildren) {
    if (!arg) continue;
    const type = kind(arg);
    if (type === 'comment') continue;
    if (type === 'keyword_argument') {
      const name = child(arg, 0);
      const value = child(arg, -1);
      if (name && value && name !== value) out.keywords.set(textOf(name), value);
    } else if (type === 'list_splat' || type === 'dictionary_splat') out.spreads.push(arg);
    else out.positional.push(arg);
  }
  return out;
}

export function argNode(args: ArgNodes, ref: ArgRef | undefined): Node | undefined {
  if (!ref) return undefined;
  if (ref.from !== undefined && ref.from < args.positional.length) return args.positional[ref.from];
  if (ref.arg !== undefined && ref.arg < args.positional.length) return args.positional[ref.arg];
  if (ref.kwarg !== undefined) return args.keywords.get(ref.kwarg);
  return undefined;
}

/** Argument values, each evaluated once (`skip`: a node the caller evaluates itself). */
export class ArgValues {
  readonly positional: Value[];
  readonly keywords: Array<{ name: string; value: Value }>;
  readonly spread: Value;

  constructor(b: UnitBuilder, readonly nodes: ArgNodes, readonly receiver: Value, depth: number, skip?: Node) {
    this.positional = nodes.positional.map((n) => (n === skip ? [] : evaluate(b, n, depth + 1)));
    this.keywords = [...nodes.keywords].map(([name, n]) => ({ name, value: n === skip ? [] : evaluate(b, n, depth + 1) }));
    this.spread = unionValues(nodes.spreads.map((n) => evaluate(b, n, depth + 1)));
  }

  keyword(name: string): Value | undefined {
    return this.keywords.find((k) => k.name === name)?.value;
  }

  /** Keyword arguments as a keyed collection, so their names stay with their values. */
  keywordItems(except?: readonly string[]): Value {
    const entries = this.keywords.filter((k) => !except?.includes(k.name)).map((k) => ({ key: k.name, value: k.value }));
    return entries.length > 0 ? [{ items: entries }] : [];
  }

  select(ref: ValueRef, except?: readonly string[]): Value {
    if (typeof ref === 'object' && ref.key !== undefined) return extendPath(this.select({ ...ref, key: undefined }, except), ref.key);
    if (ref === 'receiver') return this.receiver;
    if (ref === 'all') return unionValues([...this.positional, this.keywordItems(except), this.spread]);
    if (ref.kwarg === '*') return unionValues([ref.arg !== undefined ? this.positional[ref.arg] ?? [] : [], this.keywordItems(except)]);
    if (ref.from !== undefined && ref.from < this.positional.length) return restOf(this.positional, ref.from);
    if (ref.arg !== undefined && ref.arg < this.positional.length) return this.positional[ref.arg]!;
    if (ref.kwarg !== undefined) return this.keyword(ref.kwarg) ?? [];
    return [];
  }

  selectAll(refs: readonly ValueRef[], except?: readonly string[]): Value {
    return unionValues(refs.map((r) => this.select(r, except)));
  }

  /** Whether the call writes the argument `ref` names. */
  passes(ref: ArgRef): boolean {
    return argNode(this.nodes, ref) !== undefined;
  }
}

