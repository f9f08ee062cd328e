// Port of asyncio.sleep (Lib/asyncio/tasks.py): a zero delay is one bare yield; a
// positive one is a Future resolved by a timer that is cancelled with the Task.
import { Future, getRunningLoop, type AbstractEventLoop } from "@tsasyncio/futures";
import { FREE_FLAG, _setResultUnlessCancelled, loopOption } from "@tsasyncio/futures/internal";
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
    super(loopOption(loop));
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
    if (this._cancelled) return;
    // (The loop counts it, or takes it out of the heap, only while it is scheduled.)
    (this._loop as TimerLoop)._timerHandleCancelled?.(this);
    this._flags |= TIMER_CANCELLED;
  }
}

// What `sleep(0)` yields: one shared, frozen result (a bare `yield`), so that a task switch
// allocates nothing but the Sleep object.
const YIELD_NOTHING: IteratorYieldResult<undefined> = /* @__PURE__ */ Object.freeze({
  done: false,
  value: undefined,
});

// Sleep's state, besides its Future: markers in the same field (three fields per sleeping
// task).
const YIELDED = /* @__PURE__ */ Object.freeze({ state: "yielded" });
const FINISHED = /* @__PURE__ */ Object.freeze({ state: "finished" });

// The timers of sleeps on a loop without `_addTimer` (not @tsasyncio/loop's).
const foreignTimers = /* @__PURE__ */ new WeakMap<Future<unknown>, { cancel(): void }>();

// A hand-written coroutine object rather than a generator: `yield* sleep(0)` is the
// hottest path of a task switch, and this costs one small object and no generator frame.
// The iterator protocol and `then` come from Operation.
class Sleep<T> extends Operation<T> {
  #delay: number;
  #result: T;
  #fut: Future<T> | typeof YIELDED | typeof FINISHED | null = null;

  constructor(delay: number, result: T) {
    super();
    this.#delay = delay;
    this.#result = result;
  }

  next(): IteratorResult<unknown, T> {
    const fut = this.#fut;
    if (fut === null) return this._start();
    if (fut === YIELDED) {
      this.#fut = FINISHED;
      const result = this.#result;
      return result === undefined
        ? (DONE_UNDEFINED as IteratorResult<unknown, T>)
        : { done: true, value: result };
    }
    if (fut === FINISHED) return DONE_UNDEFINED as IteratorResult<unknown, T>;
    const f = fut as Future<T>;
    if (!f.done()) {
      f._asyncioFutureBlocking = true;
      return { done: false, value: f };
    }
    this._finish();
    return { done: true, value: f.result() };
  }

  /** @internal The first step: yield once (no delay) or wait on a timer. */
  _start(): IteratorResult<unknown, T> {
    const delay = this.#delay;
    if (!(delay > 0)) {
      if (Number.isNaN(delay)) {
        this.#fut = FINISHED;
        throw new RangeError("Invalid delay: NaN (not a number)");
      }
      this.#fut = YIELDED;
      return YIELD_NOTHING;
    }
    const loop = getRunningLoop() as unknown as TimerLoop & AbstractEventLoop;
    let fut: Future<T>;
    if (loop._addTimer !== undefined) {
      const timer = new SleepFuture<T>(loop, loop.time() + delay, this.#result);
      loop._addTimer(timer);
      fut = timer;
    } else {
      fut = loop.createFuture<T>();
      foreignTimers.set(fut, loop.callLater(delay, _setResultUnlessCancelled, fut, this.#result));
    }
    this.#fut = fut;
    fut._asyncioFutureBlocking = true;
    return { done: false, value: fut };
  }

  throw(e: unknown): IteratorResult<unknown, T> {
    this._finish();
    throw e;
  }

  return(value?: T): IteratorResult<unknown, T> {
    this._finish();
    return { done: true, value: value as T };
  }

  /** @internal CPython's `finally: h.cancel()`. */
  _finish(): void {
    const fut = this.#fut;
    this.#fut = FINISHED;
    if (fut instanceof SleepFuture) fut._cancelTimer();
    else if (fut instanceof Future) foreignTimers.get(fut)?.cancel();
  }

  override get [Symbol.toStringTag](): string {
    return "Sleep";
  }

  override toString(): string {
    return `<coroutine sleep(${this.#delay})>`;
  }
}
nameOperation(Sleep, "sleep");

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
  return new Sleep<T>(delay, result as T);
}
