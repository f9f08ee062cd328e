// The loop's ready queue (CPython's `_ready` deque): a FIFO of entries, each either an
// internal call `fn(arg)` with its context, stored inline as three slots, or an object with
// its argument in two: a Handle (from callSoon), or a WakeupReceiver (a Task or a gather)
// with the Future that woke it. Task steps and Future callbacks, the hot path, then
// allocate nothing: no Handle object per step (a Handle is made only if such a call
// throws, for the exception handler's report, or in debug mode, which records where each
// callback was scheduled). An entry never straddles two chunks: when it does not fit, the
// rest of the chunk is marked unused with `null` (no entry starts with null).
//
// The entries live in fixed-size chunks linked in order (as Node's own FixedQueue):
// pushing never copies, and a burst of 100k steps gives its memory back chunk by chunk as
// it drains, instead of leaving one huge array behind until the loop goes idle.
import type { Context } from "@tsasyncio/futures";
import type { Data } from "@tsasyncio/futures/internal";
import type { Handle } from "../handle.js";

/** @internal An internal callback: one argument, no Handle. */
export type Call = (arg: never) => unknown;

class Chunk {
  readonly items: unknown[];
  next: Chunk | null = null;
  constructor(slots: number) {
    this.items = new Array<unknown>(slots);
  }
}

export class ReadyQueue {
  /** Slots per chunk: three per entry (two for an object's). */
  readonly #slots: number;
  #head: Chunk;
  /** The slot of the head entry in the head chunk. */
  #headSlot = 0;
  #tail: Chunk;
  /** The first free slot in the tail chunk. */
  #tailSlot = 0;
  #chunks = 1;
  // One drained chunk kept for reuse, so that a queue that keeps crossing a chunk boundary
  // does not allocate a chunk each time.
  #spare: Chunk | null = null;
  /** The number of entries; a plain field, read on hot paths. */
  length = 0;
  /** The argument of the entry that `shift()` returned last. */
  arg: unknown = undefined;
  /** The context of the call that `shift()` returned last, if it returned a function. */
  ctx: Context | Data | null = null;

  /** @param chunk - entries per chunk (tests use small ones) */
  constructor(chunk = 512) {
    this.#slots = chunk * 3;
    this.#head = this.#tail = new Chunk(this.#slots);
    // `ctx` holds contexts (Maps, Contexts), null and undefined: V8 learns it at once.
    this.ctx = new Map();
    this.ctx = null;
  }

  /** How many entries fit in the chunks held now (one chunk when the queue is at rest). */
  get capacity(): number {
    return ((this.#chunks + (this.#spare === null ? 0 : 1)) * this.#slots) / 3;
  }

  /** Appends a Handle. */
  push(handle: Handle): void {
    this.pushObject(handle, undefined);
  }

  /** Appends an object entry: a Handle, or a receiver with its argument (two slots). */
  pushObject(obj: object, arg: unknown): void {
    const i = this.#reserve(2);
    const items = this.#tail.items;
    items[i] = obj;
    items[i + 1] = arg;
  }

  /** Appends an internal call `fn(arg)` to run in `ctx` (a Context, or a variables snapshot). */
  pushCall(fn: Call, arg: unknown, ctx: Context | Data | null): void {
    const i = this.#reserve(3);
    const items = this.#tail.items;
    items[i] = fn;
    items[i + 1] = arg;
    items[i + 2] = ctx;
  }

  // Counts an entry of `n` slots and returns its first slot in the tail chunk (a new tail
  // chunk when the entry does not fit in this one).
  #reserve(n: number): number {
    let i = this.#tailSlot;
    if (i + n > this.#slots) {
      this.#nextTail(i);
      i = 0;
    }
    this.#tailSlot = i + n;
    this.length++;
    return i;
  }

  // The tail chunk is full from slot `i` on: marks the rest unused and links a new tail
  // chunk (the caller writes at its slot 0).
  #nextTail(i: number): void {
    const tail = this.#tail;
    if (i < this.#slots) tail.items[i] = null;
    const c = this.#spare ?? new Chunk(this.#slots);
    this.#spare = null;
    tail.next = c;
    this.#tail = c;
    this.#chunks++;
  }

  /**
   * Removes the head entry and returns it: a function whose argument and context are then
   * in `arg` and `ctx`, or an object (a Handle, or a receiver whose argument is then in
   * `arg`); `undefined` when empty.
   */
  shift(): Handle | Call | object | undefined {
    if (this.length === 0) return undefined;
    let head = this.#head;
    let i = this.#headSlot;
    let items = head.items;
    if (i === this.#slots || items[i] === null) {
      if (i < this.#slots) items[i] = undefined;
      const next = head.next as Chunk;
      head.next = null;
      this.#spare = head;
      this.#head = head = next;
      this.#chunks--;
      items = head.items;
      i = 0;
    }
    const entry = items[i] as Handle | Call | object;
    const call = typeof entry === "function";
    this.arg = items[i + 1];
    items[i] = undefined;
    items[i + 1] = undefined;
    // A call's context is its third slot; an object entry has none (`ctx` is then read
    // from its cleared second slot: undefined). The same loads and stores for both kinds,
    // so that optimized code made while only one kind ran does not meet a new one.
    const last = i + (call ? 2 : 1);
    this.ctx = items[last] as Context | Data | null;
    items[last] = undefined;
    i = last + 1;
    // Empty (the head chunk is then the tail chunk): start over at its beginning. The same
    // stores either way: the queue empties rarely while a program runs (at its end), and a
    // store that optimized code never saw would make V8 throw that code away.
    const empty = --this.length === 0;
    this.#headSlot = empty ? 0 : i;
    this.#tailSlot = empty ? 0 : this.#tailSlot;
    return entry;
  }

  /** Forgets the last shifted call's argument and context (so they can be collected). */
  release(): void {
    this.arg = undefined;
    this.ctx = null;
  }

  /** Removes every entry, and gives the memory of a burst back. */
  clear(): void {
    // Fields are written only when their value changes: V8 compiles a field that was never
    // written again as a constant, and rewriting one (even when a loop closes) throws away
    // every optimized function that read it.
    this.release();
    if (this.#chunks === 1) this.#head.items.fill(undefined);
    else {
      this.#head = this.#tail = new Chunk(this.#slots);
      this.#chunks = 1;
    }
    this.#headSlot = this.#tailSlot = 0;
    this.shrink();
    this.length = 0;
  }

  /** Gives memory back after a burst (the loop calls it when it drained the queue). */
  shrink(): void {
    if (this.#spare !== null) this.#spare = null;
  }

  /** The entries' functions or objects (Handles, receivers), head first (for tests and debugging). */
  toArray(): (Handle | Call | object)[] {
    const out: (Handle | Call | object)[] = [];
    let c = this.#head;
    let i = this.#headSlot;
    for (let k = 0; k < this.length; k++) {
      if (i === this.#slots || c.items[i] === null) {
        c = c.next as Chunk;
        i = 0;
      }
      const entry = c.items[i] as Handle | Call | object;
      out.push(entry);
      i += typeof entry === "function" ? 3 : 2;
    }
    return out;
  }
}
