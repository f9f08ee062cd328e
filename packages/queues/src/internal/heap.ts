// The storage of PriorityQueue: a binary min-heap (Python's heapq) keyed by (item,
// insertion sequence), so that items of equal priority come out in the order they went in.
// Items and sequence numbers live in two parallel arrays: no object per item.
//
// Both sift operations first find where things go, calling `compare` only, and move
// elements afterwards: a compare function that throws (say, on items it cannot order)
// leaves the heap exactly as it was.

export class Heap<T> {
  #items: T[] = [];
  #seqs: number[] = [];
  #seq = 0;
  #compare: (a: T, b: T) => number;
  // The path of a sift-down, reused between calls.
  #path: number[] = [];

  constructor(compare: (a: T, b: T) => number) {
    this.#compare = compare;
  }

  get length(): number {
    return this.#items.length;
  }

  /** Adds `item` (heapq.heappush). */
  push(item: T): void {
    const items = this.#items;
    const seqs = this.#seqs;
    const n = items.length;
    const seq = this.#seq;
    // Find the final position: compare the new item with its ancestors.
    let pos = n;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const c = this.#compare(item, items[parent] as T);
      if (!(c < 0)) break; // equal items: the older one (smaller sequence) stays above
      pos = parent;
    }
    this.#seq = seq + 1;
    // Move the ancestors between there and the new leaf down one level.
    let i = n;
    while (i > pos) {
      const parent = (i - 1) >> 1;
      items[i] = items[parent] as T;
      seqs[i] = seqs[parent] as number;
      i = parent;
    }
    items[pos] = item;
    seqs[pos] = seq;
  }

  /** Removes and returns the smallest item (heapq.heappop); the caller checked it exists. */
  take(): T {
    const items = this.#items;
    const seqs = this.#seqs;
    const n = items.length;
    const top = items[0] as T;
    if (n === 1) {
      items.pop();
      seqs.pop();
      return top;
    }
    const last = items[n - 1] as T;
    const lastSeq = seqs[n - 1] as number;
    const size = n - 1;
    const path = this.#path;
    let depth = 0;
    let pos = 0;
    // Find the path the last item sinks along from the root.
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && this.#less(right, child)) child = right;
      const c = this.#compare(items[child] as T, last);
      if (!(c < 0 || (c === 0 && (seqs[child] as number) < lastSeq))) break;
      path[depth++] = child;
      pos = child;
    }
    // Move the children on the path up one level, and put the last item at its end.
    items.pop();
    seqs.pop();
    let hole = 0;
    for (let k = 0; k < depth; k++) {
      const c = path[k] as number;
      items[hole] = items[c] as T;
      seqs[hole] = seqs[c] as number;
      hole = c;
    }
    items[hole] = last;
    seqs[hole] = lastSeq;
    return top;
  }

  #less(i: number, j: number): boolean {
    const c = this.#compare(this.#items[i] as T, this.#items[j] as T);
    return c < 0 || (c === 0 && (this.#seqs[i] as number) < (this.#seqs[j] as number));
  }

  /** The items in heap order (what CPython's repr shows: `list(self._queue)`). */
  toArray(): T[] {
    return this.#items.slice();
  }
}
