// The loop's set of pending Tasks, as an intrusive circular doubly-linked list: the links
// live on the Tasks themselves (two fields), so adding and removing a Task allocates
// nothing and never rehashes, where a Set costs an entry (~40 bytes) per pending Task and
// a resize now and then. The loop holds pending Tasks strongly through it.

/** What the list links: fields that a Task declares. */
export interface Linked {
  _prevTask: Linked | null;
  _nextTask: Linked | null;
}

export class TaskList<T extends Linked> implements Iterable<T>, Linked {
  // The list itself closes the ring (its sentinel): an empty list is linked to itself. One
  // class for every loop's sentinel keeps the links' maps the same from loop to loop, so
  // code optimized for one loop's list still fits the next one's.
  /** @internal The last Task (or the list itself when empty). */
  _prevTask: Linked | null = null;
  /** @internal The first Task (or the list itself when empty). */
  _nextTask: Linked | null = null;
  readonly #head: Linked = this;
  #size = 0;

  constructor() {
    this._prevTask = this;
    this._nextTask = this;
  }

  get size(): number {
    return this.#size;
  }

  /** Appends `t` (insertion order, like a Set); adding a listed Task does nothing. */
  add(t: T): this {
    if (t._prevTask !== null) return this;
    const head = this.#head;
    const tail = head._prevTask as Linked;
    t._prevTask = tail;
    t._nextTask = head;
    tail._nextTask = t;
    head._prevTask = t;
    this.#size++;
    return this;
  }

  /** Unlinks `t`; returns whether it was listed. */
  delete(t: T): boolean {
    const prev = t._prevTask;
    if (prev === null) return false;
    const next = t._nextTask as Linked;
    prev._nextTask = next;
    next._prevTask = prev;
    t._prevTask = null;
    t._nextTask = null;
    this.#size--;
    return true;
  }

  has(t: T): boolean {
    return t._prevTask !== null;
  }

  clear(): void {
    const head = this.#head;
    let t = head._nextTask as Linked;
    while (t !== head) {
      const next = t._nextTask as Linked;
      t._prevTask = null;
      t._nextTask = null;
      t = next;
    }
    head._prevTask = head;
    head._nextTask = head;
    this.#size = 0;
  }

  *[Symbol.iterator](): Iterator<T> {
    const head = this.#head;
    let t = head._nextTask as Linked;
    while (t !== head) {
      const next = t._nextTask as Linked;
      yield t as T;
      t = next;
    }
  }
}
