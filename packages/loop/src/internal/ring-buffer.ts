// A growable circular buffer: O(1) push and shift. The ready queue uses it because
// Array.prototype.shift is O(n) on long arrays (ARCHITECTURE.md, performance principles).

export class RingBuffer<T> {
  #items: (T | undefined)[];
  #head = 0;
  #length = 0;
  #mask: number;

  constructor(capacity = 16) {
    this.#items = new Array<T | undefined>(capacity);
    this.#mask = capacity - 1;
  }

  get length(): number {
    return this.#length;
  }

  /** How many items fit before the buffer grows (a power of two). */
  get capacity(): number {
    return this.#mask + 1;
  }

  push(item: T): void {
    if (this.#length > this.#mask) this.#resize((this.#mask + 1) * 2);
    this.#items[(this.#head + this.#length) & this.#mask] = item;
    this.#length++;
  }

  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const i = this.#head;
    const item = this.#items[i];
    this.#items[i] = undefined;
    this.#head = (i + 1) & this.#mask;
    this.#length--;
    return item;
  }

  /** Gives memory back after a burst: called when the loop drained its queue. */
  shrink(): void {
    const cap = this.#mask + 1;
    if (cap > 1024 && this.#length < cap / 4)
      this.#resize(Math.max(16, nextPow2(this.#length * 2)));
  }

  clear(): void {
    this.#items = new Array<T | undefined>(16);
    this.#mask = 15;
    this.#head = 0;
    this.#length = 0;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#length; i++)
      out.push(this.#items[(this.#head + i) & this.#mask] as T);
    return out;
  }

  #resize(capacity: number): void {
    const items = new Array<T | undefined>(capacity);
    for (let i = 0; i < this.#length; i++) items[i] = this.#items[(this.#head + i) & this.#mask];
    this.#items = items;
    this.#head = 0;
    this.#mask = capacity - 1;
  }
}

function nextPow2(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}
