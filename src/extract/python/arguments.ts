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

  /** What the lambdas run with a collection's elements return (`map(lambda r: r["email"], rows)`). */
  readonly results: Value[] = [];

  /**
   * `elements`: the call runs the lambdas among its arguments with each element of the collection `of` names, given
   * at parameter `at`. They are evaluated after the other arguments (the collection among them), their first step
   * binding the element.
   */
  constructor(b: UnitBuilder, readonly nodes: ArgNodes, readonly receiver: Value, depth: number, skip?: Node, elements?: { of: ValueRef; at: number }) {
    const later = (n: Node) => elements !== undefined && kind(n) === 'lambda';
    const value = (n: Node) => (n === skip || later(n) ? [] : evaluate(b, n, depth + 1));
    this.positional = nodes.positional.map(value);
    this.keywords = [...nodes.keywords].map(([name, n]) => ({ name, value: value(n) }));
    this.spread = unionValues(nodes.spreads.map((n) => evaluate(b, n, depth + 1)));
    if (!elements) return;
    const element = extendPath(this.select(elements.of), '*');
    const run = (n: Node) => {
      b.lambdaElement = { value: element, at: elements.at };
      const result = evaluate(b, n, depth + 1);
      b.lambdaElement = undefined;
      this.results.push(result);
      return result;
    };
    nodes.positional.forEach((n, i) => {
      if (later(n)) this.positional[i] = run(n);
    });
    [...nodes.keywords.values()].forEach((n, i) => {
      if (later(n)) this.keywords[i]!.value = run(n);
    });
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

