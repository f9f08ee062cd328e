// The loop's ready queue (CPython's `_ready` deque): a FIFO of entries, each either a Handle
// (from callSoon, or a timer that came due) or an internal call `fn(arg)` with its context,
// stored inline as three slots. Task steps and Future callbacks, the hot path, then
// allocate nothing: no Handle object per step (a Handle is made only if such a call
// throws, for the exception handler's report, or in debug mode, which records where each
// callback was scheduled).
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
  /** Slots per chunk: three per entry. */
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
  /** The argument of the call that `shift()` returned last (if it returned a function). */
  arg: unknown = undefined;
  /** The context of the call that `shift()` returned last. */
  ctx: Context | Data | null = null;

  /** @param chunk - entries per chunk (tests use small ones) */
  constructor(chunk = 512) {
    this.#slots = chunk * 3;
    this.#head = this.#tail = new Chunk(this.#slots);
  }

  /** How many entries fit in the chunks held now (one chunk when the queue is at rest). */
  get capacity(): number {
    return ((this.#chunks + (this.#spare === null ? 0 : 1)) * this.#slots) / 3;
  }

  /** Appends a Handle. */
  push(handle: Handle): void {
    this.pushCall(handle, undefined, null);
  }

  /** Appends an internal call `fn(arg)` to run in `ctx` (a Context, or a variables snapshot). */
  pushCall(fn: Call | Handle, arg: unknown, ctx: Context | Data | null): void {
    let tail = this.#tail;
    let i = this.#tailSlot;
    if (i === this.#slots) {
      const c = this.#spare ?? new Chunk(this.#slots);
      this.#spare = null;
      tail.next = c;
      this.#tail = tail = c;
      this.#chunks++;
      i = 0;
    }
    const items = tail.items;
    items[i] = fn;
    items[i + 1] = arg;
    items[i + 2] = ctx;
    this.#tailSlot = i + 3;
    this.length++;
  }

  /**
   * Removes the head entry and returns it: a Handle, or a function whose argument and
   * context are then in `arg` and `ctx`; `undefined` when empty.
   */
  shift(): Handle | Call | undefined {
    if (this.length === 0) return undefined;
    let head = this.#head;
    let i = this.#headSlot;
    if (i === this.#slots) {
      const next = head.next as Chunk;
      head.next = null;
      this.#spare = head;
      this.#head = head = next;
      this.#chunks--;
      i = 0;
    }
    const items = head.items;
    const fn = items[i] as Handle | Call;
    this.arg = items[i + 1];
    this.ctx = items[i + 2] as Context | Data | null;
    items[i] = undefined;
    items[i + 1] = undefined;
    items[i + 2] = undefined;
    if (--this.length === 0) {
      // Empty (the head chunk is the tail chunk): start over at its beginning.
      this.#headSlot = this.#tailSlot = 0;
    } else this.#headSlot = i + 3;
    return fn;
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

  /** The entries' Handles or functions, head first (for tests and debugging). */
  toArray(): (Handle | Call)[] {
    const out: (Handle | Call)[] = [];
    let c: Chunk | null = this.#head;
    let i = this.#headSlot;
    for (let k = 0; k < this.length; k++) {
      if (i === this.#slots) {
        c = (c as Chunk).next;
        i = 0;
      }
      out.push((c as Chunk).items[i] as Handle | Call);
      i += 3;
    }
    return out;
  }
}
