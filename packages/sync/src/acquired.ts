// The value acquire() resolves to (tsasyncio's addition to Lib/asyncio/locks.py): truthy
// like Python's True, and disposable, so that `using _ = yield* lock.acquire()` releases
// at the end of the block. release() is synchronous, so the synchronous Symbol.dispose
// is correct.
import { inspectCustom } from "@tsasyncio/futures/internal";

/**
 * What `acquire()` of a {@link Lock}, {@link Semaphore}, {@link BoundedSemaphore} or
 * {@link Condition} gives back: a truthy token whose `[Symbol.dispose]()` releases what was
 * acquired, for `using` (and `await using`) declarations.
 *
 * @remarks
 * Python's `acquire()` returns `True`; this token is truthy too, so `if (yield*
 * lock.acquire())` reads the same. Disposing it calls `release()` once on the primitive it
 * came from; dispose it once per acquisition. `aenter()` (used by `asyncWith`) gives
 * `undefined`, as Python's `__aenter__` gives `None`.
 * @example
 * ```ts
 * import { run, Lock } from "tsasyncio";
 * const lock = new Lock();
 * await run(function* () {
 *   {
 *     using _held = yield* lock.acquire();
 *     console.log(lock.locked()); // prints: true
 *   }
 *   console.log(lock.locked()); // prints: false
 * }());
 * ```
 * @category Synchronization
 */
export interface Acquired extends Disposable, AsyncDisposable {
  /** Releases the primitive (`lock.release()`); `using` calls it at the end of the block. */
  [Symbol.dispose](): void;
  /** Releases the primitive, for `await using` in async functions. */
  [Symbol.asyncDispose](): PromiseLike<void>;
}

/** @internal The one token of a primitive: disposing it releases the primitive. */
export class AcquiredToken implements Acquired {
  readonly #owner: { release(): void };

  constructor(owner: { release(): void }) {
    this.#owner = owner;
  }

  [Symbol.dispose](): void {
    this.#owner.release();
  }

  [Symbol.asyncDispose](): Promise<void> {
    try {
      this.#owner.release();
    } catch (e) {
      return Promise.reject(e);
    }
    return Promise.resolve();
  }

  toString(): string {
    return `<acquired ${String(this.#owner)}>`;
  }

  [inspectCustom](): string {
    return this.toString();
  }
}
