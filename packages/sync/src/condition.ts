// Port of Lib/asyncio/locks.py (3.13): Condition, with 3.13's handling of a wait() that is
// cancelled around its notification (gh-112202): the lock is always re-acquired, the most
// recent CancelledError is re-raised unchanged, and a notification that may have been
// consumed is passed on to another waiter.
import {
  CancelledError,
  RuntimeError,
  type AbstractEventLoop,
  type Future,
} from "@tsasyncio/futures";
import { Deque, inspectCustom } from "@tsasyncio/futures/internal";
import type { Coroutine } from "@tsasyncio/tasks";
import { getLoop, makeThenable } from "@tsasyncio/tasks/internal";
import type { Acquired } from "./acquired.js";
import { Lock } from "./lock.js";

/**
 * A condition variable: Tasks `wait()` (releasing the lock meanwhile) until another Task,
 * holding the lock, calls `notify()` or `notifyAll()`.
 *
 * @remarks
 * Python's `asyncio.Condition` (the asynchronous `threading.Condition`). It wraps a
 * {@link Lock} (a new one unless one is given); `acquire()`, `release()` and `locked()`
 * are the lock's. `wait()` may return spuriously, so wait in a loop or use `waitFor()`.
 * Use it with `asyncWith(cond, function* () { … })` (Python's `async with cond:`), or
 * `using _ = yield* cond.acquire()`. `String(cond)`: `<Condition [unlocked]>`,
 * `<Condition [locked, waiters:1]>`.
 * @example
 * ```ts
 * import { run, createTask, asyncWith, sleep, Condition } from "tsasyncio";
 * const cond = new Condition();
 * const items: number[] = [];
 * function* consumer() {
 *   return yield* asyncWith(cond, function* () {
 *     yield* cond.waitFor(() => items.length > 0);
 *     return items.shift();
 *   });
 * }
 * await run(function* () {
 *   const c = createTask(consumer());
 *   yield* sleep(0.01);
 *   yield* asyncWith(cond, function* () {
 *     items.push(42);
 *     cond.notify();
 *   });
 *   console.log(yield* c); // prints: 42
 * }());
 * ```
 * @category Synchronization
 */
export class Condition {
  static {
    makeThenable(this.#wait, "Condition.wait");
    makeThenable(this.#waitFor, "Condition.waitFor");
  }
  /** @internal The underlying lock. */
  readonly _lock: Lock;
  /** @internal Waiter futures, FIFO. */
  _waiters = new Deque<Future<boolean>>();
  /** @internal The loop this condition is bound to (the loop-binding mixin). */
  _loop: AbstractEventLoop | null = null;

  /**
   * @param lock - the lock to use (default: a new {@link Lock}); several conditions may
   *   share one lock
   */
  constructor(lock?: Lock | null) {
    this._lock = lock ?? new Lock();
  }

  /** Whether the underlying lock is held. */
  locked(): boolean {
    return this._lock.locked();
  }

  /**
   * Acquires the underlying lock (`lock.acquire()`).
   * @returns a coroutine resolving to an {@link Acquired} token; disposing it releases the lock
   */
  acquire(): Coroutine<Acquired> & PromiseLike<Acquired> {
    return this._lock.acquire();
  }

  /**
   * Releases the underlying lock (`lock.release()`).
   * @throws {@link RuntimeError} `Lock is not acquired.` when it is not held
   */
  release(): void {
    this._lock.release();
  }

  /**
   * Releases the lock, waits until notified, then re-acquires the lock.
   *
   * @remarks Python's `Condition.wait()`. The lock is re-acquired even when the wait is
   * cancelled. It may return spuriously: re-check the state, or use `waitFor()`.
   * @returns a coroutine resolving to `true`
   * @throws {@link RuntimeError} `cannot wait on un-acquired lock` when the lock is not held
   * @throws {@link CancelledError} if the waiting Task is cancelled (the lock is held again)
   */
  wait(): Coroutine<true> & PromiseLike<true> {
    return Condition.#wait(this) as Coroutine<true> & PromiseLike<true>;
  }

  static *#wait(cond: Condition): Coroutine<true> {
    if (!cond.locked()) throw new RuntimeError("cannot wait on un-acquired lock");
    const fut = cond._getLoop().createFuture<boolean>();
    cond.release();
    try {
      try {
        cond._waiters.push(fut);
        try {
          yield* fut;
          return true;
        } finally {
          cond._waiters.remove(fut);
        }
      } finally {
        // Must re-acquire the lock even if the wait is cancelled. Only CancelledError is
        // caught here: other (fatal) errors must not make us spin.
        let err: unknown = undefined;
        for (;;) {
          try {
            yield* cond.acquire();
            break;
          } catch (e) {
            // A throw in this finally replaces the pending error, as in CPython.
            // eslint-disable-next-line no-unsafe-finally
            if (!(e instanceof CancelledError)) throw e;
            err = e;
          }
        }
        // Re-raise the most recent CancelledError instance.
        // eslint-disable-next-line no-unsafe-finally
        if (err !== undefined) throw err;
      }
    } catch (e) {
      // An error out of here may have come after this Task was notified: notify another
      // Task instead. This may be a spurious wake-up, which condition variables allow.
      cond._notify(1);
      throw e;
    }
  }

  /**
   * Waits until `predicate()` is truthy, calling `wait()` between checks.
   *
   * @remarks Python's `Condition.wait_for()`. The predicate is checked first, so no
   * waiting happens when it already holds (the lock need not be held then).
   * @param predicate - called with the lock held; its result is used as a boolean
   * @returns a coroutine resolving to the predicate's last (truthy) result
   * @throws {@link RuntimeError} `cannot wait on un-acquired lock` when it has to wait
   *   without holding the lock
   */
  waitFor<T>(predicate: () => T): Coroutine<T> & PromiseLike<T> {
    if (typeof predicate !== "function")
      throw new TypeError(
        `waitFor() expected a predicate function, got ${predicate === null ? "null" : typeof predicate}`,
      );
    return Condition.#waitFor(this, predicate) as Coroutine<T> & PromiseLike<T>;
  }

  static *#waitFor<T>(cond: Condition, predicate: () => T): Coroutine<T> {
    let result = predicate();
    while (!result) {
      yield* cond.wait();
      result = predicate();
    }
    return result;
  }

  /**
   * Wakes up to `n` Tasks waiting on this condition. They return from `wait()` only once
   * they re-acquire the lock, which the caller still holds: release it after notifying.
   * @param n - how many waiters to wake (default 1)
   * @throws {@link RuntimeError} `cannot notify on un-acquired lock` when the lock is not held
   */
  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError("cannot notify on un-acquired lock");
    this._notify(n);
  }

  /** @internal CPython's `_notify`: wakes up to `n` waiters that are not woken yet. */
  _notify(n: number): void {
    let idx = 0;
    const waiters = this._waiters;
    for (let i = 0, len = waiters.length; i < len; i++) {
      if (idx >= n) break;
      const fut = waiters.at(i) as Future<boolean>;
      if (!fut.done()) {
        idx++;
        fut.setResult(false);
      }
    }
  }

  /**
   * Wakes every Task waiting on this condition (see `notify()`).
   * @throws {@link RuntimeError} `cannot notify on un-acquired lock` when the lock is not held
   */
  notifyAll(): void {
    this.notify(this._waiters.length);
  }

  /** @internal The loop-binding mixin's `_get_loop()`. */
  _getLoop(): AbstractEventLoop {
    return getLoop(this);
  }

  /**
   * `async with cond:` entry, for `asyncWith`: acquires the lock.
   * @returns a coroutine resolving to `undefined` (Python's `None`)
   */
  aenter(): Coroutine<undefined> & PromiseLike<undefined> {
    return this._lock.aenter();
  }

  /**
   * `async with cond:` exit, for `asyncWith`: releases the lock.
   * @param error - the error that ended the body, if any (never suppressed)
   * @returns a coroutine resolving to `undefined`
   */
  aexit(error?: unknown): Coroutine<undefined> & PromiseLike<undefined> {
    return this._lock.aexit(error);
  }

  /** CPython's repr: `<Condition [unlocked]>`, `<Condition [locked, waiters:1]>`. */
  toString(): string {
    let extra = this.locked() ? "locked" : "unlocked";
    const n = this._waiters.length;
    if (n > 0) extra += `, waiters:${n}`;
    return `<Condition [${extra}]>`;
  }

  /** @internal Node's `util.inspect` shows the repr. */
  [inspectCustom](): string {
    return this.toString();
  }
}
