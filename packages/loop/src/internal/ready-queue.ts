// The loop's ready queue (CPython's `_ready` deque): a ring buffer of entries, each either a
// Handle (from callSoon, or a timer that came due) or an internal call `fn(arg)` with its
// context, stored inline as three slots. Task steps and Future callbacks, the hot path,
// then allocate nothing: no Handle object per step (a Handle is made only if such a call
// throws, for the exception handler's report, or in debug mode, which records where each
// callback was scheduled).
import type { Context } from "@tsasyncio/futures";
import type { Data } from "@tsasyncio/futures/internal";
import type { Handle } from "../handle.js";

/** @internal An internal callback: one argument, no Handle. */
export type Call = (arg: never) => unknown;

export class ReadyQueue {
  /** Entries of three slots: a Handle or a function, its argument, its context. */
  #items: unknown[];
  #head = 0;
  /** The number of entries; a plain field, read on hot paths. */
  length = 0;
  #mask: number;
  readonly #minCapacity: number;
  /** The argument of the call that `shift()` returned last (if it returned a function). */
  arg: unknown = undefined;
  /** The context of the call that `shift()` returned last. */
  ctx: Context | Data | null = null;

  /** @param capacity - the initial (and smallest) capacity in entries, a power of two */
  constructor(capacity = 16) {
    this.#items = new Array<unknown>(capacity * 3);
    this.#mask = capacity - 1;
    this.#minCapacity = capacity;
  }

  /** How many entries fit before the buffer grows. */
  get capacity(): number {
    return this.#mask + 1;
  }

  /** Appends a Handle. */
  push(handle: Handle): void {
    this.pushCall(handle, undefined, null);
  }

  /** Appends an internal call `fn(arg)` to run in `ctx` (a Context, or a variables snapshot). */
  pushCall(fn: Call | Handle, arg: unknown, ctx: Context | Data | null): void {
    if (this.length > this.#mask) this.#resize((this.#mask + 1) * 2);
    const i = ((this.#head + this.length) & this.#mask) * 3;
    const items = this.#items;
    items[i] = fn;
    items[i + 1] = arg;
    items[i + 2] = ctx;
    this.length++;
  }

  /**
   * Removes the head entry and returns it: a Handle, or a function whose argument and
   * context are then in `arg` and `ctx`; `undefined` when empty.
   */
  shift(): Handle | Call | undefined {
    if (this.length === 0) return undefined;
    const h = this.#head;
    const i = h * 3;
    const items = this.#items;
    const fn = items[i] as Handle | Call;
    this.arg = items[i + 1];
    this.ctx = items[i + 2] as Context | Data | null;
    items[i] = undefined;
    items[i + 1] = undefined;
    items[i + 2] = undefined;
    this.#head = (h + 1) & this.#mask;
    this.length--;
    return fn;
  }

  /** Forgets the last shifted call's argument and context (so they can be collected). */
  release(): void {
    this.arg = undefined;
    this.ctx = null;
  }

  /** Removes every entry, and gives the memory of a grown buffer back. */
  clear(): void {
    const cap = this.#minCapacity;
    this.release();
    if (this.length === 0 && this.#mask === cap - 1) return;
    this.#items = new Array<unknown>(cap * 3);
    this.#mask = cap - 1;
    this.#head = 0;
    this.length = 0;
  }

  /** Gives memory back after a burst (the loop calls it when it drained the queue). */
  shrink(): void {
    const cap = this.#mask + 1;
    if (cap > 1024 && this.length < cap / 4) {
      let p = this.#minCapacity;
      while (p < this.length * 2) p *= 2;
      this.#resize(p);
    }
  }

  /** The entries' Handles or functions, head first (for tests and debugging). */
  toArray(): (Handle | Call)[] {
    const out: (Handle | Call)[] = [];
    for (let k = 0; k < this.length; k++)
      out.push(this.#items[((this.#head + k) & this.#mask) * 3] as Handle | Call);
    return out;
  }

  #resize(capacity: number): void {
    const items = new Array<unknown>(capacity * 3);
    const old = this.#items;
    for (let k = 0; k < this.length; k++) {
      const i = ((this.#head + k) & this.#mask) * 3;
      items[k * 3] = old[i];
      items[k * 3 + 1] = old[i + 1];
      items[k * 3 + 2] = old[i + 2];
    }
    this.#items = items;
    this.#head = 0;
    this.#mask = capacity - 1;
  }
}
