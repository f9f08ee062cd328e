// Port of Lib/asyncio/locks.py (3.13): Lock and the _ContextManagerMixin, with CPython's
// fairness: FIFO wake-up, no barging while a woken waiter has not run yet, and a waiter
// cancelled after being woken passes the wake-up on.
import {
  CancelledError,
  RuntimeError,
  type AbstractEventLoop,
  type Future,
} from "@tsasyncio/futures";
import { Deque, inspectCustom } from "@tsasyncio/futures/internal";
import type { Coroutine } from "@tsasyncio/tasks";
import { DONE_UNDEFINED, getLoop, nameOperation, Operation } from "@tsasyncio/tasks/internal";
import { AcquiredToken, type Acquired } from "./acquired.js";

const NEW = 0;
const WAITING = 1;
const DONE = 2;

/**
 * A mutual-exclusion lock for Tasks: `acquire()` waits until the lock is free, `release()`
 * frees it and wakes the first waiter.
 *
 * @remarks
 * Python's `asyncio.Lock`. Not owned by a Task: any code may release it. Waiters are woken
 * in FIFO order, and a new `acquire()` never jumps ahead of a waiter that was woken but has
 * not run yet; a waiter that is cancelled after being woken passes the wake-up to the next
 * one. Use it with `asyncWith(lock, function* () { … })` (Python's `async with lock:`), or
 * with `using _ = yield* lock.acquire()`, which releases at the end of the block (see
 * {@link Acquired}). The lock binds to the running loop the first time a Task has to wait
 * on it. `String(lock)` is CPython's repr: `<Lock [unlocked]>`, `<Lock [locked, waiters:2]>`.
 * @example
 * ```ts
 * import { run, createTask, asyncWith, sleep, Lock } from "tsasyncio";
 * const lock = new Lock();
 * const log: string[] = [];
 * function* worker(name: string) {
 *   yield* asyncWith(lock, function* () {
 *     log.push(`${name} in`);
 *     yield* sleep(0.01);
 *     log.push(`${name} out`);
 *   });
 * }
 * await run(function* () {
 *   const a = createTask(worker("a"));
 *   const b = createTask(worker("b"));
 *   yield* sleep(0);
 *   console.log(String(lock)); // prints: <Lock [locked, waiters:1]>
 *   yield* a;
 *   yield* b;
 * }());
 * console.log(log.join(", ")); // prints: a in, a out, b in, b out
 * ```
 * @category Synchronization
 */
export class Lock {
  /** @internal Waiter futures, FIFO (CPython's `_waiters`, created at the first wait). */
  _waiters: Deque<Future<boolean>> | null = null;
  /** @internal */ _locked = false;
  /** @internal The loop this lock is bound to (the loop-binding mixin). */
  _loop: AbstractEventLoop | null = null;
  /** @internal The token `acquire()` resolves to. */
  readonly _token: Acquired = new AcquiredToken(this);
  /** @internal The (shared, immutable) final result of `acquire()`: no allocation per call. */
  readonly _acquired: IteratorReturnResult<Acquired> = Object.freeze({
    done: true,
    value: this._token,
  });

  /** Whether the lock is held. */
  locked(): boolean {
    return this._locked;
  }

  /**
   * Acquires the lock, waiting until it is free.
   *
   * @remarks Python's `Lock.acquire()`. Lazy like any coroutine: nothing happens until it
   * is awaited (`yield*` in a coroutine, `await` in an async function while a loop runs).
   * When the lock is free and nobody waits, it is taken at once, without suspending.
   * @returns a coroutine that resolves to an {@link Acquired} token (truthy, like Python's
   *   `True`); disposing the token releases the lock
   * @throws {@link CancelledError} if the waiting Task is cancelled (the lock is then not held)
   * @throws {@link RuntimeError} if the lock is bound to another event loop
   */
  acquire(): Coroutine<Acquired> & PromiseLike<Acquired> {
    return new LockAcquire<Acquired>(this, this._acquired);
  }

  /**
   * Releases the lock and wakes the first waiter, if any.
   * @throws {@link RuntimeError} `Lock is not acquired.` when the lock is not held
   */
  release(): void {
    if (this._locked) {
      this._locked = false;
      this._wakeUpFirst();
    } else throw new RuntimeError("Lock is not acquired.");
  }

  /** @internal CPython's `_wake_up_first`: wakes the head waiter unless it is woken already. */
  _wakeUpFirst(): void {
    const fut = this._waiters?.at(0);
    // A done future means that the waiter is already set to wake up.
    if (fut !== undefined && !fut.done()) fut.setResult(true);
  }

  /** @internal The loop-binding mixin's `_get_loop()`. */
  _getLoop(): AbstractEventLoop {
    return getLoop(this);
  }

  /**
   * `async with lock:` entry, for `asyncWith`: acquires the lock.
   * @returns a coroutine resolving to `undefined` (Python's `None`)
   */
  aenter(): Coroutine<undefined> & PromiseLike<undefined> {
    return new LockAcquire<undefined>(this, DONE_UNDEFINED);
  }

  /**
   * `async with lock:` exit, for `asyncWith`: releases the lock.
   * @param _error - the error that ended the body, if any (never suppressed)
   * @returns a coroutine resolving to `undefined`
   */
  aexit(_error?: unknown): Coroutine<undefined> & PromiseLike<undefined> {
    return new Release(this);
  }

  /** CPython's repr: `<Lock [unlocked]>`, `<Lock [locked, waiters:2]>`. */
  toString(): string {
    let extra = this._locked ? "locked" : "unlocked";
    const n = this._waiters?.length ?? 0;
    if (n > 0) extra += `, waiters:${n}`;
    return `<Lock [${extra}]>`;
  }

  /** @internal Node's `util.inspect` shows the repr. */
  [inspectCustom](): string {
    return this.toString();
  }
}

/** Whether every waiter in `waiters` was cancelled (true when there are none). */
function allCancelled(waiters: Deque<Future<boolean>>): boolean {
  for (let i = 0, n = waiters.length; i < n; i++)
    if (!(waiters.at(i) as Future<boolean>).cancelled()) return false;
  return true;
}

/** The coroutine of `Lock.acquire()` (and of `aenter()`, which resolves to undefined). */
class LockAcquire<T> extends Operation<T> {
  static {
    nameOperation(this, "Lock.acquire");
  }
  readonly #lock: Lock;
  readonly #done: IteratorReturnResult<T>;
  #state = NEW;
  #fut: Future<boolean> | null = null;

  constructor(lock: Lock, done: IteratorReturnResult<T>) {
    super();
    this.#lock = lock;
    this.#done = done;
  }

  next(): IteratorResult<unknown, T> {
    if (this.#state === NEW) {
      const lock = this.#lock;
      // Fair scheduling: wait our turn. Jumping the queue if all waiters were
      // cancelled is an optimization.
      if (!lock._locked && (lock._waiters === null || allCancelled(lock._waiters))) {
        lock._locked = true;
        this.#state = DONE;
        return this.#done;
      }
      const waiters = (lock._waiters ??= new Deque());
      const fut = lock._getLoop().createFuture<boolean>();
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
      const lock = this.#lock;
      (lock._waiters as Deque<Future<boolean>>).remove(fut);
      lock._locked = true;
      return this.#done;
    }
    return DONE_UNDEFINED as IteratorResult<unknown, T>;
  }

  throw(error: unknown): IteratorResult<unknown, T> {
    if (this.#state === WAITING) {
      this.#state = DONE;
      const lock = this.#lock;
      (lock._waiters as Deque<Future<boolean>>).remove(this.#fut as Future<boolean>);
      // Keep the invariant: if the lock is not claimed (or about to be claimed by us)
      // and a Task waits, the Task at the head will run.
      if (error instanceof CancelledError && !lock._locked) lock._wakeUpFirst();
    }
    this.#state = DONE;
    throw error;
  }

  return(value?: T): IteratorResult<unknown, T> {
    if (this.#state === WAITING)
      (this.#lock._waiters as Deque<Future<boolean>>).remove(this.#fut as Future<boolean>);
    this.#state = DONE;
    return { done: true, value: value as T };
  }
}

/** @internal The coroutine of `aexit()`: releases `target` when awaited (lazily, as in Python). */
export class Release extends Operation<undefined> {
  static {
    nameOperation(this, "aexit");
  }
  #target: { release(): void } | null;

  constructor(target: { release(): void }) {
    super();
    this.#target = target;
  }

  next(): IteratorResult<unknown, undefined> {
    const target = this.#target;
    if (target !== null) {
      this.#target = null;
      target.release();
    }
    return DONE_UNDEFINED;
  }

  throw(error: unknown): IteratorResult<unknown, undefined> {
    this.#target = null;
    throw error;
  }

  return(): IteratorResult<unknown, undefined> {
    this.#target = null;
    return DONE_UNDEFINED;
  }
}
