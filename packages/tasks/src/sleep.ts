// Port of asyncio.sleep (Lib/asyncio/tasks.py): a zero delay is one bare yield; a
// positive one is a Future resolved by a timer that is cancelled with the Task.
import { Future, getRunningLoop, type AbstractEventLoop } from "@tsasyncio/futures";
import { FREE_FLAG, _setResultUnlessCancelled } from "@tsasyncio/futures/internal";
import type { Coroutine } from "./coroutines.js";
import { DONE_UNDEFINED, Operation, nameOperation } from "./internal/operation.js";

interface TimerLoop {
  createFuture<T>(): Future<T>;
  /** @tsasyncio/loop's: schedules an object that is its own timer (see SleepFuture). */
  _addTimer?(timer: SleepFuture<unknown>): void;
  _timerHandleCancelled?(timer: SleepFuture<unknown>): void;
  callLater(
    delay: number,
    cb: (...args: never[]) => unknown,
    ...args: unknown[]
  ): { cancel(): void };
}

// SleepFuture's timer bits in Future._flags.
const TIMER_CANCELLED = FREE_FLAG;
const TIMER_SCHEDULED = FREE_FLAG * 2;

/**
 * The Future a sleep waits on, which is also its own timer in the loop's heap: CPython's
 * `sleep()` makes a Future and a TimerHandle that calls
 * `futures._set_result_unless_cancelled`; here one object does both (one allocation and
 * about 90 bytes less per sleeping task). It is a plain Future to everyone else: its repr
 * is `<Future pending ...>`.
 */
class SleepFuture<T> extends Future<T> {
  /** @internal The deadline on the loop's clock. */
  _when: number;
  /** @internal The loop's timer sequence number (FIFO among equal deadlines). */
  _seq = 0;
  /** @internal The result the sleep returns. */
  _value: T;

  constructor(loop: AbstractEventLoop, when: number, value: T) {
    super({ loop });
    this._when = when;
    this._value = value;
  }

  /** @internal Whether the timer was cancelled (the loop drops it lazily). */
  get _cancelled(): boolean {
    return (this._flags & TIMER_CANCELLED) !== 0;
  }

  /** @internal Whether the timer is in the loop's heap. */
  get _scheduled(): boolean {
    return (this._flags & TIMER_SCHEDULED) !== 0;
  }
  /** @internal */
  set _scheduled(value: boolean) {
    this._flags = value ? this._flags | TIMER_SCHEDULED : this._flags & ~TIMER_SCHEDULED;
  }

  /** @internal The timer fired: `futures._set_result_unless_cancelled`. */
  _run(): void {
    if (!this.done()) this.setResult(this._value);
  }

  /** @internal CPython's `h.cancel()` in sleep's `finally`. */
  _cancelTimer(): void {
    if ((this._flags & TIMER_CANCELLED) !== 0) return;
    if (this._scheduled) (this._loop as TimerLoop)._timerHandleCancelled?.(this);
    this._flags |= TIMER_CANCELLED;
  }
}

const NEW = 0;
const YIELDED0 = 1;
const WAITING = 2;
const DONE = 3;

// A hand-written coroutine object rather than a generator: `yield* sleep(0)` is the
// hottest path of a task switch, and this costs one small object and no generator frame.
// The iterator protocol and `then` come from Operation.
class Sleep<T> extends Operation<T> {
  #delay: number;
  #result: T;
  #state = NEW;
  #fut: Future<T> | null = null;
  // The timer beside the Future, on a loop without `_addTimer` (not @tsasyncio/loop's).
  #handle: { cancel(): void } | null = null;

  constructor(delay: number, result: T) {
    super();
    this.#delay = delay;
    this.#result = result;
  }

  next(): IteratorResult<unknown, T> {
    switch (this.#state) {
      case NEW: {
        const delay = this.#delay;
        if (!(delay > 0)) {
          if (Number.isNaN(delay)) {
            this.#state = DONE;
            throw new RangeError("Invalid delay: NaN (not a number)");
          }
          this.#state = YIELDED0;
          return { done: false, value: undefined };
        }
        const loop = getRunningLoop() as unknown as TimerLoop & AbstractEventLoop;
        let fut: Future<T>;
        if (loop._addTimer !== undefined) {
          const timer = new SleepFuture<T>(loop, loop.time() + delay, this.#result);
          loop._addTimer(timer);
          fut = timer;
        } else {
          fut = loop.createFuture<T>();
          this.#handle = loop.callLater(delay, _setResultUnlessCancelled, fut, this.#result);
        }
        this.#fut = fut;
        this.#state = WAITING;
        fut._asyncioFutureBlocking = true;
        return { done: false, value: fut };
      }
      case YIELDED0:
        this.#state = DONE;
        return { done: true, value: this.#result };
      case WAITING: {
        const fut = this.#fut as Future<T>;
        if (!fut.done()) {
          fut._asyncioFutureBlocking = true;
          return { done: false, value: fut };
        }
        this._finish();
        return { done: true, value: fut.result() };
      }
      default:
        return { done: true, value: undefined as T };
    }
  }

  throw(e: unknown): IteratorResult<unknown, T> {
    this._finish();
    throw e;
  }

  return(value?: T): IteratorResult<unknown, T> {
    this._finish();
    return { done: true, value: value as T };
  }

  /** @internal */
  _finish(): void {
    this.#state = DONE;
    const fut = this.#fut;
    if (fut instanceof SleepFuture) fut._cancelTimer();
    else if (this.#handle !== null) {
      this.#handle.cancel();
      this.#handle = null;
    }
  }

  override get [Symbol.toStringTag](): string {
    return "Sleep";
  }

  override toString(): string {
    return `<coroutine sleep(${this.#delay})>`;
  }
}
nameOperation(Sleep, "sleep");

// What `sleep(0)` yields: one shared, frozen result (a bare `yield`), so that a task switch
// allocates nothing but the SleepZero object.
const YIELD_NOTHING: IteratorYieldResult<undefined> = /* @__PURE__ */ Object.freeze({
  done: false,
  value: undefined,
});

// `sleep(0)`, the task switch: yields once, then returns the result. Two fields, where a
// Sleep with a timer needs five.
class SleepZero<T> extends Operation<T> {
  #result: T;
  #state = NEW;

  constructor(result: T) {
    super();
    this.#result = result;
  }

  next(): IteratorResult<unknown, T> {
    if (this.#state === NEW) {
      this.#state = YIELDED0;
      return YIELD_NOTHING;
    }
    const result = this.#state === YIELDED0 ? this.#result : undefined;
    this.#state = DONE;
    return result === undefined
      ? (DONE_UNDEFINED as IteratorResult<unknown, T>)
      : { done: true, value: result };
  }

  throw(e: unknown): IteratorResult<unknown, T> {
    this.#state = DONE;
    throw e;
  }

  return(value?: T): IteratorResult<unknown, T> {
    this.#state = DONE;
    return { done: true, value: value as T };
  }

  override get [Symbol.toStringTag](): string {
    return "Sleep";
  }

  override toString(): string {
    return "<coroutine sleep(0)>";
  }
}
nameOperation(SleepZero, "sleep");

/**
 * A coroutine that finishes after `delay` seconds, with `result`.
 *
 * @remarks
 * Python's `asyncio.sleep()`. `sleep(0)` gives up control for exactly one loop iteration
 * (like a bare `yield`). The timer is cancelled with the Task. Lazy like any coroutine:
 * nothing happens until it is awaited, with `yield*` in a coroutine or `await` in an
 * `async` function while a loop runs.
 * @param delay - seconds (a float)
 * @param result - what the coroutine returns
 * @throws RangeError `Invalid delay: NaN (not a number)` when awaited with NaN
 * @example
 * ```ts
 * import { run, sleep } from "tsasyncio";
 * await run(function* () {
 *   const v = yield* sleep(0.01, "woke");
 *   console.log(v); // prints: woke
 * }());
 * ```
 * @category Tasks
 */
export function sleep<T = undefined>(delay: number, result?: T): Coroutine<T> & PromiseLike<T> {
  if (typeof delay !== "number")
    throw new TypeError(`sleep() expected a delay in seconds (a number), got ${typeof delay}`);
  return delay === 0 ? new SleepZero<T>(result as T) : new Sleep<T>(delay, result as T);
}
