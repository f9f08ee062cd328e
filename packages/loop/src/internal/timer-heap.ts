// A binary min-heap of timers keyed by (deadline, sequence): FIFO among equal deadlines,
// O(log n) push and pop. Cancelled timers stay in the heap and are dropped lazily, as
// CPython does with its heapq; the loop compacts the heap when they are the majority.
//
// The keys live in two Float64Arrays beside the array of timers: sifting compares numbers
// in contiguous memory instead of chasing a pointer to a timer object per comparison,
// which with 100k+ timers is a cache miss each (measured: pops 3-4x faster at 200k).

export interface HeapTimer {
  _when: number;
  _seq: number;
  readonly _cancelled: boolean;
  _scheduled: boolean;
}

export class TimerHeap<T extends HeapTimer> {
  /** The timers, in heap order (index i's keys are whens[i], seqs[i]). */
  readonly items: T[] = [];
  #whens = new Float64Array(16);
  #seqs = new Float64Array(16);

  get length(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** The earliest deadline (`Infinity` when empty), without touching the timer object. */
  peekWhen(): number {
    return this.items.length > 0 ? (this.#whens[0] as number) : Infinity;
  }

  push(t: T): void {
    const a = this.items;
    let i = a.length;
    if (i === this.#whens.length) this.#grow(i * 2);
    const whens = this.#whens;
    const seqs = this.#seqs;
    const when = t._when;
    const seq = t._seq;
    a.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pw = whens[p] as number;
      if (pw < when || (pw === when && (seqs[p] as number) < seq)) break;
      a[i] = a[p] as T;
      whens[i] = pw;
      seqs[i] = seqs[p] as number;
      i = p;
    }
    a[i] = t;
    whens[i] = when;
    seqs[i] = seq;
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    const n = a.length;
    if (n > 0 && last !== undefined)
      this.#siftDown(last, this.#whens[n] as number, this.#seqs[n] as number, 0);
    if (n < this.#whens.length >> 2 && this.#whens.length > 1024)
      this.#grow(this.#whens.length >> 1);
    return top;
  }

  /**
   * Removes `t` if it is the last entry of the heap's array (a leaf: removing it keeps the
   * heap order), in O(1).
   * @returns whether it was removed
   */
  removeLast(t: T): boolean {
    const a = this.items;
    if (a.length === 0 || a[a.length - 1] !== t) return false;
    a.pop();
    return true;
  }

  /** Removes every cancelled timer and rebuilds the heap: O(n). */
  compact(): number {
    // In place (see clear()): the live timers move to the front of the same array.
    const kept = this.items;
    const n = kept.length;
    let removed = 0;
    for (let i = 0; i < n; i++) {
      const t = kept[i] as T;
      if (t._cancelled) {
        t._scheduled = false;
        removed++;
      } else kept[i - removed] = t;
    }
    kept.length = n - removed;
    const whens = this.#whens;
    const seqs = this.#seqs;
    for (let i = 0; i < kept.length; i++) {
      const t = kept[i] as T;
      whens[i] = t._when;
      seqs[i] = t._seq;
    }
    for (let i = (kept.length >> 1) - 1; i >= 0; i--)
      this.#siftDown(kept[i] as T, whens[i] as number, seqs[i] as number, i);
    return removed;
  }

  clear(): void {
    // The same array, emptied (its memory is given back): V8 compiles a field that was never
    // written again as a constant, and rewriting `items` when a loop closes threw away every
    // optimized function that used the heap.
    this.items.length = 0;
    if (this.#whens.length > 16) this.#grow(16);
  }

  #grow(capacity: number): void {
    const whens = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const n = this.items.length;
    whens.set(this.#whens.subarray(0, n));
    seqs.set(this.#seqs.subarray(0, n));
    this.#whens = whens;
    this.#seqs = seqs;
  }

  #siftDown(t: T, when: number, seq: number, i: number): void {
    const a = this.items;
    const whens = this.#whens;
    const seqs = this.#seqs;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let cw = whens[l] as number;
      if (r < n) {
        const rw = whens[r] as number;
        if (rw < cw || (rw === cw && (seqs[r] as number) < (seqs[l] as number))) {
          c = r;
          cw = rw;
        }
      }
      if (when < cw || (when === cw && seq < (seqs[c] as number))) break;
      a[i] = a[c] as T;
      whens[i] = cw;
      seqs[i] = seqs[c] as number;
      i = c;
    }
    a[i] = t;
    whens[i] = when;
    seqs[i] = seq;
  }
}
