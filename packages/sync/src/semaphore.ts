// Port of Lib/asyncio/locks.py (3.13): Semaphore and BoundedSemaphore, with the 3.11.x/3.12
// fixes (gh-90155): FIFO order even while the value is positive, a waiter woken and then
// cancelled gives its unit back, and a successful acquire() wakes as many waiters as the
// value allows.
import { CancelledError, type AbstractEventLoop, type Future } from "@tsasyncio/futures";
import { Deque, inspectCustom } from "@tsasyncio/futures/internal";
import type { Coroutine } from "@tsasyncio/tasks";
import { DONE_UNDEFINED, getLoop, nameOperation, Operation } from "@tsasyncio/tasks/internal";
import { AcquiredToken, type Acquired } from "./acquired.js";
import { Release } from "./lock.js";

const NEW = 0;
const WAITING = 1;
const DONE = 2;

/**
 * A counter of free slots: `acquire()` takes one (waiting while there is none),
 * `release()` gives one back. It limits how many Tasks run a section at once.
 *
 * @remarks
 * Python's `asyncio.Semaphore`, with CPython 3.12's fairness: waiters are served in FIFO
 * order, and a new `acquire()` waits behind them even when the value is positive. Use it
 * with `asyncWith(sem, function* () { … })`, or `using _ = yield* sem.acquire()` (see
 * {@link Acquired}). `String(sem)`: `<Semaphore [unlocked, value:1]>`,
 * `<Semaphore [locked, waiters:2]>`.
 * @example
 * ```ts
 * import { run, createTask, asyncWith, sleep, Semaphore } from "tsasyncio";
 * const sem = new Semaphore(2);
 * let running = 0;
 * let most = 0;
 * function* job() {
 *   yield* asyncWith(sem, function* () {
 *     running++;
 *     most = Math.max(most, running);
 *     yield* sleep(0.01);
 *     running--;
 *   });
 * }
 * await run(function* () {
 *   const tasks = [1, 2, 3, 4, 5].map(() => createTask(job()));
 *   for (const t of tasks) yield* t;
 * }());
 * console.log(most, String(sem)); // prints: 2 <Semaphore [unlocked, value:2]>
 * ```
 * @category Synchronization
 */
export class Semaphore {
  /** @internal Waiter futures, FIFO (created at the first wait). */
  _waiters: Deque<Future<boolean>> | null = null;
  /** @internal The counter. */
  _value: number;
  /** @internal The loop this semaphore is bound to (the loop-binding mixin). */
  _loop: AbstractEventLoop | null = null;
  /** @internal The token `acquire()` resolves to. */
  readonly _token: Acquired = new AcquiredToken(this);
  /** @internal The (shared, immutable) final result of `acquire()`: no allocation per call. */
  readonly _acquired: IteratorReturnResult<Acquired> = Object.freeze({
    done: true,
    value: this._token,
  });

  /**
   * @param value - the initial number of free slots (default 1)
   * @throws RangeError `Semaphore initial value must be >= 0` for a negative value
   */
  constructor(value = 1) {
    if (typeof value !== "number")
      throw new TypeError(`Semaphore() expected a number of slots, got ${typeof value}`);
    if (!(value >= 0))
      throw new RangeError(`Semaphore initial value must be >= 0, got ${String(value)}`);
    this._value = value;
  }

  /**
   * Whether `acquire()` would have to wait: no slot is free, or Tasks already wait (FIFO
   * rules: they go first).
   */
  locked(): boolean {
    if (this._value === 0) return true;
    const waiters = this._waiters;
    if (waiters !== null)
      for (let i = 0, n = waiters.length; i < n; i++)
        if (!(waiters.at(i) as Future<boolean>).cancelled()) return true;
    return false;
  }

  /**
   * Takes a slot, waiting (FIFO) until one is free.
   *
   * @remarks Python's `Semaphore.acquire()`: returns at once when `locked()` is false.
   * @returns a coroutine that resolves to an {@link Acquired} token (truthy, like Python's
   *   `True`); disposing it calls `release()`
   * @throws {@link CancelledError} if the waiting Task is cancelled (no slot is then taken)
   * @throws `RuntimeError` if the semaphore is bound to another event loop
   */
  acquire(): Coroutine<Acquired> & PromiseLike<Acquired> {
    return new SemaphoreAcquire<Acquired>(this, this._acquired);
  }

  /**
   * Gives a slot back and wakes the first waiter, if any. A plain Semaphore may be released
   * more times than it was acquired: the value then grows beyond the initial one (use
   * {@link BoundedSemaphore} to catch that).
   */
  release(): void {
    this._value++;
    this._wakeUpNext();
  }

  /** @internal CPython's `_wake_up_next`: wakes the first waiter that is not done yet. */
  _wakeUpNext(): boolean {
    const waiters = this._waiters;
    if (waiters === null) return false;
    for (let i = 0, n = waiters.length; i < n; i++) {
      const fut = waiters.at(i) as Future<boolean>;
      if (!fut.done()) {
        this._value--;
        fut.setResult(true);
        // `fut` is now done() and not cancelled().
        return true;
      }
    }
    return false;
  }

  /** @internal The loop-binding mixin's `_get_loop()`. */
  _getLoop(): AbstractEventLoop {
    return getLoop(this);
  }

  /**
   * `async with sem:` entry, for `asyncWith`: takes a slot.
   * @returns a coroutine resolving to `undefined` (Python's `None`)
   */
  aenter(): Coroutine<undefined> & PromiseLike<undefined> {
    return new SemaphoreAcquire<undefined>(this, DONE_UNDEFINED);
  }

  /**
   * `async with sem:` exit, for `asyncWith`: gives the slot back.
   * @param _error - the error that ended the body, if any (never suppressed)
   * @returns a coroutine resolving to `undefined`
   */
  aexit(_error?: unknown): Coroutine<undefined> & PromiseLike<undefined> {
    return new Release(this);
  }

  /** @internal The class name reprs and errors show. */
  _kind(): string {
    return "Semaphore";
  }

  /** CPython's repr: `<Semaphore [unlocked, value:1]>`, `<Semaphore [locked, waiters:1]>`. */
  toString(): string {
    let extra = this.locked() ? "locked" : `unlocked, value:${this._value}`;
    const n = this._waiters?.length ?? 0;
    if (n > 0) extra += `, waiters:${n}`;
    return `<${this._kind()} [${extra}]>`;
  }

  /** @internal Node's `util.inspect` shows the repr. */
  [inspectCustom](): string {
    return this.toString();
  }
}

/**
 * A {@link Semaphore} that refuses to be released more times than it was acquired.
 *
 * @remarks
 * Python's `asyncio.BoundedSemaphore`: `release()` throws `RangeError` (Python's
 * `ValueError`) when the value would exceed the initial one, which catches a release
 * without a matching acquire.
 * @example
 * ```ts
 * import { BoundedSemaphore } from "tsasyncio";
 * const sem = new BoundedSemaphore(1);
 * try {
 *   sem.release();
 * } catch (e) {
 *   console.log((e as Error).message); // prints: BoundedSemaphore released too many times
 * }
 * ```
 * @category Synchronization
 */
export class BoundedSemaphore extends Semaphore {
  /** @internal The initial value, which the value may not exceed. */
  readonly _boundValue: number;

  /**
   * @param value - the initial (and largest) number of free slots (default 1)
   * @throws RangeError `Semaphore initial value must be >= 0` for a negative value
   */
  constructor(value = 1) {
    super(value);
    this._boundValue = value;
  }

  /**
   * Gives a slot back and wakes the first waiter, if any.
   * @throws RangeError `BoundedSemaphore released too many times` when the value is
   *   already at its initial value
   */
  override release(): void {
    if (this._value >= this._boundValue)
      throw new RangeError("BoundedSemaphore released too many times");
    super.release();
  }

  /** @internal */
  override _kind(): string {
    return "BoundedSemaphore";
  }
}

/** The coroutine of `Semaphore.acquire()` (and of `aenter()`, which resolves to undefined). */
class SemaphoreAcquire<T> extends Operation<T> {
  static {
    nameOperation(this, "Semaphore.acquire");
  }
  readonly #sem: Semaphore;
  readonly #done: IteratorReturnResult<T>;
  #state = NEW;
  #fut: Future<boolean> | null = null;

  constructor(sem: Semaphore, done: IteratorReturnResult<T>) {
    super();
    this.#sem = sem;
    this.#done = done;
  }

  next(): IteratorResult<unknown, T> {
    const sem = this.#sem;
    if (this.#state === NEW) {
      if (!sem.locked()) {
        // Maintain FIFO: wait for others to start even if the value is positive.
        sem._value--;
        this.#state = DONE;
        return this.#done;
      }
      const waiters = (sem._waiters ??= new Deque());
      const fut = sem._getLoop().createFuture<boolean>();
      waiters.push(fut);
      this.#fut = fut;
      this.#state = WAITING;
      fut._asyncioFutureBlocking = true;
      return { done: false, value: fut };
    }
    if (this.#state === WAITING) {
      const fut = this.#fut as Future<boolean>;
      if (!fut.done()) {
        fut._asyncioFutureBlocking = true;
        return { done: false, value: fut };
      }
      try {
        fut.result();
      } catch (e) {
        return this.throw(e);
      }
      this.#state = DONE;
      (sem._waiters as Deque<Future<boolean>>).remove(fut);
      wakeUpAllowed(sem);
      return this.#done;
    }
    return DONE_UNDEFINED as IteratorResult<unknown, T>;
  }

  throw(error: unknown): IteratorResult<unknown, T> {
    if (this.#state === WAITING) {
      this.#state = DONE;
      const sem = this.#sem;
      const fut = this.#fut as Future<boolean>;
      (sem._waiters as Deque<Future<boolean>>).remove(fut);
      // Our future was set by _wakeUpNext(), but we are not going to acquire: undo the
      // bookkeeping done for us, so that someone else can be woken.
      if (error instanceof CancelledError && fut.done() && !fut.cancelled()) sem._value++;
      wakeUpAllowed(sem);
    }
    this.#state = DONE;
    throw error;
  }

  return(value?: T): IteratorResult<unknown, T> {
    if (this.#state === WAITING) {
      const sem = this.#sem;
      (sem._waiters as Deque<Future<boolean>>).remove(this.#fut as Future<boolean>);
      wakeUpAllowed(sem);
    }
    this.#state = DONE;
    return { done: true, value: value as T };
  }
}

/** New waiters may have arrived but had to wait (FIFO): wake as many as the value allows. */
function wakeUpAllowed(sem: Semaphore): void {
  while (sem._value > 0) if (!sem._wakeUpNext()) break; // There was no one to wake up.
}
