// The storage of LifoQueue: a list used as a stack (CPython's `self._queue = []`).

export class Stack<T> {
  #items: T[] = [];

  get length(): number {
    return this.#items.length;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  /** The most recently added item; the caller checked that there is one. */
  take(): T {
    return this.#items.pop() as T;
  }

  toArray(): T[] {
    return this.#items.slice();
  }
}
