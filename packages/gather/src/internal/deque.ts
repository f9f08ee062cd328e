// A FIFO with O(1) push and shift (a growing array and a head index, compacted as the
// head advances), for queues that may hold hundreds of thousands of items: never
// Array.prototype.shift on a long array (ARCHITECTURE.md, "Performance principles").
export class Deque<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  /** Removes and returns the first item; the deque must not be empty. */
  shift(): T {
    const items = this.#items;
    const item = items[this.#head] as T;
    items[this.#head] = undefined;
    this.#head++;
    if (this.#head === items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= items.length) {
      this.#items = items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Removes the first occurrence of `item`; returns whether it was there. */
  remove(item: T): boolean {
    const i = this.#items.indexOf(item, this.#head);
    if (i < 0) return false;
    this.#items.splice(i, 1);
    return true;
  }
}
