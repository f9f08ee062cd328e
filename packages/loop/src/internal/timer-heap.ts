// A binary min-heap of timers keyed by (deadline, sequence): FIFO among equal deadlines,
// O(log n) push and pop. Cancelled timers stay in the heap and are dropped lazily, as
// CPython does with its heapq; the loop compacts the heap when they are the majority.

export interface HeapTimer {
  _when: number;
  _seq: number;
  _cancelled: boolean;
  _scheduled: boolean;
}

function less(a: HeapTimer, b: HeapTimer): boolean {
  return a._when < b._when || (a._when === b._when && a._seq < b._seq);
}

export class TimerHeap<T extends HeapTimer> {
  items: T[] = [];

  get length(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(t: T): void {
    const a = this.items;
    let i = a.length;
    a.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p] as T;
      if (!less(t, parent)) break;
      a[i] = parent;
      i = p;
    }
    a[i] = t;
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      this.#siftDown(last, 0);
    }
    return top;
  }

  /** Removes every cancelled timer and rebuilds the heap: O(n). */
  compact(): number {
    const kept: T[] = [];
    let removed = 0;
    for (const t of this.items) {
      if (t._cancelled) {
        t._scheduled = false;
        removed++;
      } else kept.push(t);
    }
    this.items = kept;
    for (let i = (kept.length >> 1) - 1; i >= 0; i--) this.#siftDown(kept[i] as T, i);
    return removed;
  }

  clear(): void {
    this.items = [];
  }

  #siftDown(t: T, i: number): void {
    const a = this.items;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && less(a[r] as T, a[l] as T)) c = r;
      const child = a[c] as T;
      if (!less(child, t)) break;
      a[i] = child;
      i = c;
    }
    a[i] = t;
  }
}
