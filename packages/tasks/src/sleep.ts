// Port of asyncio.sleep (Lib/asyncio/tasks.py): a zero delay is one bare yield; a
// positive one is a Future resolved by a timer that is cancelled with the Task.
import { getRunningLoop, type Future } from "@tsasyncio/futures";
import { _setResultUnlessCancelled } from "@tsasyncio/futures/internal";
import type { Coroutine } from "./coroutines.js";
import { DONE_UNDEFINED, Operation, nameOperation } from "./internal/operation.js";

interface TimerLoop {
  createFuture<T>(): Future<T>;
  _callLaterArg?(delay: number, cb: (arg: never) => unknown, arg: unknown): { cancel(): void };
  callLater(
    delay: number,
    cb: (...args: never[]) => unknown,
    ...args: unknown[]
  ): { cancel(): void };
}

// The timer callback of sleep(): named, since it shows in the timer's repr.
function sleepDone(s: Sleep<unknown>): void {
  s._fire();
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
        const loop = getRunningLoop() as unknown as TimerLoop;
        const fut = loop.createFuture<T>();
        this.#fut = fut;
        this.#handle =
          loop._callLaterArg !== undefined
            ? loop._callLaterArg(delay, sleepDone, this)
            : loop.callLater(delay, _setResultUnlessCancelled, fut, this.#result);
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
    if (this.#handle !== null) {
      this.#handle.cancel();
      this.#handle = null;
    }
  }

  /** @internal The timer fired. */
  _fire(): void {
    this.#handle = null;
    const fut = this.#fut;
    if (fut !== null) _setResultUnlessCancelled(fut, this.#result);
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
