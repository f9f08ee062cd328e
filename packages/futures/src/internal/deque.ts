// Python's collections.deque, as far as the layers use it: a growable circular buffer with
// O(1) push/shift (never Array.prototype.shift on a long array: ARCHITECTURE.md, performance
// principles), for the waiters of the locks and queues, and Queue's items (the loop's
// ready queue has a structure of its own: @tsasyncio/loop's internal/ready-queue.ts). remove() is O(1) at either end: waiters are almost always removed from
// the head (FIFO wake-up), so it rarely walks the buffer.

export class Deque<T> {
  #items: (T | undefined)[];
  #head = 0;
  /** The number of items (Python's `len(deque)`); a plain field, read on hot paths. */
  length = 0;
  #mask: number;
  /** The capacity the deque starts with, and returns to on clear() and shrink(). */
  readonly #minCapacity: number;

  /** @param capacity - the initial (and smallest) capacity, a power of two */
  constructor(capacity = 8) {
    this.#items = new Array<T | undefined>(capacity);
    this.#mask = capacity - 1;
    this.#minCapacity = capacity;
  }

  /** How many items fit before the buffer grows (a power of two). */
  get capacity(): number {
    return this.#mask + 1;
  }

  /** Appends `item` at the tail. */
  push(item: T): void {
    if (this.length > this.#mask) this.#resize((this.#mask + 1) * 2);
    this.#items[(this.#head + this.length) & this.#mask] = item;
    this.length++;
  }

  /** Removes and returns the head (Python's `popleft`), or `undefined` when empty. */
  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const i = this.#head;
    const item = this.#items[i];
    this.#items[i] = undefined;
    this.#head = (i + 1) & this.#mask;
    this.length--;
    return item;
  }

  /** The head item, removed, for a caller that checked there is one (Queue's `_get`). */
  take(): T {
    return this.shift() as T;
  }

  /** The item at index `i` from the head (0 is the head), or `undefined`. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.length) return undefined;
    return this.#items[(this.#head + i) & this.#mask];
  }

  /**
   * Removes the first occurrence of `item` (Python's `deque.remove`).
   * @returns whether it was found
   */
  remove(item: T): boolean {
    const n = this.length;
    if (n === 0) return false;
    const items = this.#items;
    const mask = this.#mask;
    const head = this.#head;
    if (items[head] === item) {
      this.shift();
      return true;
    }
    let i = 1;
    while (i < n && items[(head + i) & mask] !== item) i++;
    if (i === n) return false;
    if (i < n >> 1) {
      // Close the gap from the head side.
      for (let j = i; j > 0; j--) items[(head + j) & mask] = items[(head + j - 1) & mask];
      items[head] = undefined;
      this.#head = (head + 1) & mask;
    } else {
      // Close the gap from the tail side.
      for (let j = i; j < n - 1; j++) items[(head + j) & mask] = items[(head + j + 1) & mask];
      items[(head + n - 1) & mask] = undefined;
    }
    this.length = n - 1;
    return true;
  }

  /** Removes every item, and gives the memory of a grown buffer back. */
  clear(): void {
    const cap = this.#minCapacity;
    if (this.length === 0 && this.#mask === cap - 1) return;
    this.#items = new Array<T | undefined>(cap);
    this.#mask = cap - 1;
    this.#head = 0;
    this.length = 0;
  }

  /** Gives memory back after a burst (the loop calls it when it drained its ready queue). */
  shrink(): void {
    const cap = this.#mask + 1;
    if (cap > 1024 && this.length < cap / 4) {
      let p = this.#minCapacity;
      while (p < this.length * 2) p *= 2;
      this.#resize(p);
    }
  }

  /** The items, head first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.#items[(this.#head + i) & this.#mask] as T);
    return out;
  }

  #resize(capacity: number): void {
    const items = new Array<T | undefined>(capacity);
    for (let i = 0; i < this.length; i++) items[i] = this.#items[(this.#head + i) & this.#mask];
    this.#items = items;
    this.#head = 0;
    this.#mask = capacity - 1;
  }
}
