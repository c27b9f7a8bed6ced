/**
 * The simulation's worklist: units waiting to run, taken lowest rank first. Ranks put callees before their
 * callers, so a caller runs once its callees' summaries are ready instead of once per callee change; a unit
 * waiting already is not added twice.
 */
export class Worklist {
  private readonly heap: number[] = [];
  private readonly waiting: Uint8Array;

  /** `rank[unit]`: the unit's place in the order (unique per unit). */
  constructor(private readonly rank: Int32Array) {
    this.waiting = new Uint8Array(rank.length);
  }

  get size(): number {
    return this.heap.length;
  }

  add(unit: number): void {
    if (this.waiting[unit]) return;
    this.waiting[unit] = 1;
    const heap = this.heap;
    const rank = this.rank;
    let i = heap.length;
    heap.push(unit);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (rank[heap[parent]!]! <= rank[unit]!) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = unit;
  }

  /** The waiting unit of lowest rank (undefined when none waits). */
  take(): number | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    this.waiting[top] = 0;
    if (heap.length === 0) return top;
    const rank = this.rank;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && rank[heap[right]!]! < rank[heap[left]!]! ? right : left;
      if (rank[heap[child]!]! >= rank[last]!) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
