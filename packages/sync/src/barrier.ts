// Port of Lib/asyncio/locks.py (3.13): Barrier (the asynchronous threading.Barrier), built
// on a Condition as in CPython.
import { BrokenBarrierError, type AbstractEventLoop } from "@tsasyncio/futures";
import { inspectCustom } from "@tsasyncio/futures/internal";
import type { Coroutine } from "@tsasyncio/tasks";
import { DONE_UNDEFINED, makeThenable, nameOperation, Operation } from "@tsasyncio/tasks/internal";
import { Condition } from "./condition.js";

// CPython's _BarrierState values.
const FILLING = "filling";
const DRAINING = "draining";
const RESETTING = "resetting";
const BROKEN = "broken";
type BarrierState = typeof FILLING | typeof DRAINING | typeof RESETTING | typeof BROKEN;

/**
 * A meeting point for a fixed number of Tasks: each `wait()` blocks until `parties` Tasks
 * are waiting, then all of them go on together.
 *
 * @remarks
 * Python's `asyncio.Barrier` (the asynchronous `threading.Barrier`). `wait()` resolves to
 * the Task's arrival index, from 0 to `parties - 1`; the Task that trips the barrier (the
 * last to arrive) goes on first, then the others in arrival order. Tasks that arrive while
 * the barrier drains wait for the next round. `reset()` and `abort()` make current waiters throw
 * {@link BrokenBarrierError}; after `abort()` every `wait()` throws until `reset()`.
 * `asyncWith(barrier, function* (index) { … })` waits on entry. `String(barrier)`:
 * `<Barrier [filling, waiters:0/3]>`, `<Barrier [broken]>`.
 * @example
 * ```ts
 * import { run, createTask, sleep, Barrier } from "tsasyncio";
 * const barrier = new Barrier(3);
 * const log: string[] = [];
 * function* runner(name: string, delay: number) {
 *   yield* sleep(delay);
 *   log.push(`${name} arrives`);
 *   yield* barrier.wait();
 *   log.push(`${name} leaves`);
 * }
 * await run(function* () {
 *   const tasks = [createTask(runner("a", 0.01)), createTask(runner("b", 0.02)), createTask(runner("c", 0.03))];
 *   yield* sleep(0.025);
 *   console.log(String(barrier)); // prints: <Barrier [filling, waiters:2/3]>
 *   for (const t of tasks) yield* t;
 * }());
 * console.log(log.join(", ")); // prints: a arrives, b arrives, c arrives, c leaves, a leaves, b leaves
 * ```
 * @category Synchronization
 */
export class Barrier {
  static {
    makeThenable(this.#wait, "Barrier.wait");
    makeThenable(this.#reset, "Barrier.reset");
    makeThenable(this.#abort, "Barrier.abort");
  }
  /** @internal Notifies all Tasks when the state changes. */
  readonly _cond = new Condition();
  /** @internal */ readonly _parties: number;
  /** @internal */ _state: BarrierState = FILLING;
  /** @internal The number of Tasks in the barrier. */
  _count = 0;
  /** @internal The loop-binding mixin's slot (the Condition binds itself). */
  _loop: AbstractEventLoop | null = null;
  readonly #notDrainingOrResetting = (): boolean =>
    this._state !== DRAINING && this._state !== RESETTING;
  readonly #notFilling = (): boolean => this._state !== FILLING;

  /**
   * @param parties - how many Tasks must wait before all are released (at least 1)
   * @throws RangeError `parties must be >= 1`
   */
  constructor(parties: number) {
    if (typeof parties !== "number")
      throw new TypeError(`Barrier() expected a number of parties, got ${typeof parties}`);
    if (!(parties >= 1)) throw new RangeError(`parties must be >= 1, got ${String(parties)}`);
    this._parties = parties;
  }

  /**
   * Waits until `parties` Tasks wait on the barrier, then releases them all.
   *
   * @remarks Python's `Barrier.wait()`.
   * @returns a coroutine resolving to this Task's arrival index, from 0 to `parties - 1`
   * @throws {@link BrokenBarrierError} if the barrier is broken (aborted), or is reset or
   *   aborted while this Task waits
   * @throws {@link CancelledError} if the waiting Task is cancelled
   */
  wait(): Coroutine<number> & PromiseLike<number> {
    return Barrier.#wait(this) as Coroutine<number> & PromiseLike<number>;
  }

  static *#wait(b: Barrier): Coroutine<number> {
    const cond = b._cond;
    yield* cond.acquire(); // async with self._cond:
    try {
      yield* b.#block(); // Block while the barrier drains or resets.
      try {
        const index = b._count;
        b._count++;
        if (index + 1 === b._parties) {
          // We release the barrier: enter the draining state, so that the next waiting
          // Tasks are blocked until the end of draining.
          b._state = DRAINING;
          cond.notifyAll();
        } else {
          yield* b.#waitFilling();
        }
        return index;
      } finally {
        b._count--;
        // Wake up any Tasks waiting for the barrier to drain.
        b.#exit();
      }
    } finally {
      cond.release();
    }
  }

  // Blocks until the barrier is ready for us, or throws if it is broken.
  *#block(): Coroutine<void> {
    // It is draining or resetting: wait until done (unless cancelled).
    yield* this._cond.waitFor(this.#notDrainingOrResetting);
    if (this._state === BROKEN) throw new BrokenBarrierError("Barrier aborted");
  }

  // Waits in the barrier until released; throws if the barrier is reset or broken.
  *#waitFilling(): Coroutine<void> {
    // Wait for the end of filling (unless cancelled).
    yield* this._cond.waitFor(this.#notFilling);
    if (this._state === BROKEN || this._state === RESETTING)
      throw new BrokenBarrierError("Abort or reset of barrier");
  }

  // If we are the last Task to exit the barrier, signal any Tasks waiting for it to drain.
  #exit(): void {
    if (this._count === 0) {
      if (this._state === RESETTING || this._state === DRAINING) this._state = FILLING;
      this._cond.notifyAll();
    }
  }

  /**
   * Resets the barrier to its initial (filling) state; Tasks waiting on it get
   * {@link BrokenBarrierError}.
   * @returns a coroutine (Python's `reset()` is a coroutine too)
   */
  reset(): Coroutine<void> & PromiseLike<void> {
    return Barrier.#reset(this) as Coroutine<void> & PromiseLike<void>;
  }

  static *#reset(b: Barrier): Coroutine<void> {
    const cond = b._cond;
    yield* cond.acquire();
    try {
      if (b._count > 0) {
        // Reset the barrier, waking up Tasks.
        if (b._state !== RESETTING) b._state = RESETTING;
      } else b._state = FILLING;
      cond.notifyAll();
    } finally {
      cond.release();
    }
  }

  /**
   * Puts the barrier into the broken state: Tasks waiting on it, and every later `wait()`,
   * get {@link BrokenBarrierError} (until `reset()`). Useful when a party fails.
   * @returns a coroutine (Python's `abort()` is a coroutine too)
   */
  abort(): Coroutine<void> & PromiseLike<void> {
    return Barrier.#abort(this) as Coroutine<void> & PromiseLike<void>;
  }

  static *#abort(b: Barrier): Coroutine<void> {
    const cond = b._cond;
    yield* cond.acquire();
    try {
      b._state = BROKEN;
      cond.notifyAll();
    } finally {
      cond.release();
    }
  }

  /** The number of Tasks required to trip the barrier. */
  get parties(): number {
    return this._parties;
  }

  /** The number of Tasks waiting at the barrier now (0 unless it is filling). */
  get nWaiting(): number {
    return this._state === FILLING ? this._count : 0;
  }

  /** Whether the barrier is broken (aborted). */
  get broken(): boolean {
    return this._state === BROKEN;
  }

  /**
   * `async with barrier as index:` entry, for `asyncWith`: waits on the barrier.
   * @returns a coroutine resolving to the arrival index (see `wait()`)
   */
  aenter(): Coroutine<number> & PromiseLike<number> {
    return this.wait();
  }

  /**
   * `async with barrier:` exit, for `asyncWith`: does nothing.
   * @param _error - the error that ended the body, if any (never suppressed)
   * @returns a coroutine resolving to `undefined`
   */
  aexit(_error?: unknown): Coroutine<undefined> & PromiseLike<undefined> {
    return new Nothing();
  }

  /** CPython's repr: `<Barrier [filling, waiters:1/3]>`, `<Barrier [broken]>`. */
  toString(): string {
    let extra: string = this._state;
    if (!this.broken) extra += `, waiters:${this.nWaiting}/${this._parties}`;
    return `<Barrier [${extra}]>`;
  }

  /** @internal Node's `util.inspect` shows the repr. */
  [inspectCustom](): string {
    return this.toString();
  }
}

/** A coroutine that does nothing (Python's `async def __aexit__(self, *args): pass`). */
class Nothing extends Operation<undefined> {
  static {
    nameOperation(this, "Barrier.aexit");
  }
  next(): IteratorResult<unknown, undefined> {
    return DONE_UNDEFINED;
  }
  throw(error: unknown): IteratorResult<unknown, undefined> {
    throw error;
  }
  return(): IteratorResult<unknown, undefined> {
    return DONE_UNDEFINED;
  }
}
