// The loop's set of pending Tasks, as an intrusive circular doubly-linked list: the links
// live on the Tasks themselves (two fields), so adding and removing a Task allocates
// nothing and never rehashes, where a Set costs an entry (~40 bytes) per pending Task and
// a resize now and then. The loop holds pending Tasks strongly through it.
//
// The ring has no sentinel: it links Tasks only, so the code that follows the links only
// ever meets Tasks (a sentinel object of another class, met when the first or last Task
// comes or goes, made V8 throw away the optimized code of every function that had inlined
// the links, at the start and end of every run()).

/** What the list links: fields that a Task declares. `_prevTask === null`: not listed. */
export interface Linked {
  _prevTask: Linked | null;
  _nextTask: Linked | null;
}

export class TaskList<T extends Linked> implements Iterable<T> {
  /** The first Task, or null when empty. */
  #head: Linked | null = null;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  // add() and delete() do the same stores whether the list is empty, or becomes empty, or
  // not: those cases happen once per run() (its main Task comes first and goes last), and
  // a store that optimized code never saw would make V8 throw that code away.

  /** Appends `t` (insertion order, like a Set); adding a listed Task does nothing. */
  add(t: T): this {
    if (t._prevTask !== null) return this;
    const head = this.#head ?? t; // an empty list: t closes the ring alone
    const tail = head._prevTask ?? t;
    t._prevTask = tail;
    t._nextTask = head;
    tail._nextTask = t;
    head._prevTask = t;
    this.#head = head;
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
    const wasHead = this.#head === t;
    const alone = next === t;
    this.#head = wasHead ? (alone ? null : next) : this.#head;
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
    if (head === null) return;
    let t = head;
    do {
      const next = t._nextTask as Linked;
      t._prevTask = null;
      t._nextTask = null;
      t = next;
    } while (t !== head);
    this.#head = null;
    this.#size = 0;
  }

  /** The Tasks in insertion order: a snapshot, so that the list may change meanwhile. */
  [Symbol.iterator](): Iterator<T> {
    const out: T[] = [];
    const head = this.#head;
    if (head !== null) {
      let t = head;
      do {
        out.push(t as T);
        t = t._nextTask as Linked;
      } while (t !== head);
    }
    return out[Symbol.iterator]();
  }
}
