// Port of Lib/asyncio/timeouts.py (3.13): Timeout, timeout(), timeout_at(). The deadline
// cancels the Task; on exit, a CancelledError caused by the deadline alone (checked with
// task.uncancel() against the cancelling() count seen on entry) becomes TimeoutError, so
// a cancellation from outside is never mistaken for the timeout.
import { CancelledError, RuntimeError, TimeoutError, getRunningLoop } from "@tsasyncio/futures";
import { inspectCustom } from "@tsasyncio/futures/internal";
import { currentTask, type AsyncContextManager, type Coroutine, type Task } from "@tsasyncio/tasks";
import { floatRepr, type TimerLike } from "./internal/helpers.js";

// The states, named as CPython's _State values (they show in reprs and errors).
type State = "created" | "active" | "expiring" | "expired" | "finished";

/**
 * An asynchronous context manager that cancels the current Task at a deadline and turns
 * that cancellation into `TimeoutError`; made by {@link timeout} and {@link timeoutAt}.
 *
 * @remarks
 * Python's `asyncio.Timeout` (3.11+). Use it with `asyncWith`:
 * `yield* asyncWith(timeout(10), function* (cm) { … })`. The deadline can be read with
 * `when()` and moved with `reschedule()`; `expired()` tells whether it fired. It counts
 * cancellations with `task.cancelling()`/`uncancel()` exactly as CPython does, so a
 * cancellation requested from outside the block propagates as `CancelledError`, and
 * nested timeouts each raise only their own `TimeoutError`. The `TimeoutError`'s `cause`
 * is the `CancelledError` it replaced.
 * @example
 * ```ts
 * import { run, asyncWith, timeout, sleep, TimeoutError } from "tsasyncio";
 * await run(function* () {
 *   const cm = timeout(0.01);
 *   try {
 *     yield* asyncWith(cm, function* () {
 *       yield* sleep(10);
 *     });
 *   } catch (e) {
 *     console.log(e instanceof TimeoutError, cm.expired(), String(cm)); // prints: true true <Timeout [expired]>
 *   }
 * }());
 * ```
 * @category Gathering
 */
export class Timeout implements AsyncContextManager<Timeout, undefined> {
  #state: State = "created";
  #timeoutHandler: TimerLike | null = null;
  #task: Task<unknown> | null = null;
  #when: number | null;
  #cancelling = 0;

  /**
   * Prefer {@link timeout} and {@link timeoutAt}.
   * @param when - the deadline in the loop's clock (`loop.time()`), or `null` for none
   */
  constructor(when: number | null) {
    if (when !== null && typeof when !== "number")
      throw new TypeError(
        `Timeout() expected a deadline in seconds (a number) or null, got ${typeof when}`,
      );
    this.#when = when ?? null;
  }

  /** The deadline in the loop's clock, or `null` if there is none. */
  when(): number | null {
    return this.#when;
  }

  /**
   * Moves the deadline (an absolute time in the loop's clock), or removes it with `null`.
   * A deadline in the past expires at the next loop iteration.
   * @param when - the new deadline, or `null`
   * @throws {@link RuntimeError} `Timeout has not been entered`, or `Cannot change state
   *   of expiring Timeout` (expired, finished) once it is no longer active
   */
  reschedule(when: number | null): void {
    if (this.#state !== "active") {
      if (this.#state === "created") throw new RuntimeError("Timeout has not been entered");
      throw new RuntimeError(`Cannot change state of ${this.#state} Timeout`);
    }
    this.#when = when ?? null;
    if (this.#timeoutHandler !== null) this.#timeoutHandler.cancel();
    if (this.#when === null) {
      this.#timeoutHandler = null;
    } else {
      const loop = getRunningLoop();
      this.#timeoutHandler =
        this.#when <= loop.time()
          ? loop.callSoon(this.#onTimeout)
          : loop.callAt(this.#when, this.#onTimeout);
    }
  }

  /** Whether the deadline fired while the block ran. */
  expired(): boolean {
    return this.#state === "expiring" || this.#state === "expired";
  }

  /** CPython's repr: `<Timeout [active] when=12.5>`, `<Timeout [expired]>`, … */
  toString(): string {
    const info = this.#state === "active" ? ` when=${floatRepr(this.#when)}` : "";
    return `<Timeout [${this.#state}]${info}>`;
  }

  /** @internal Node's `util.inspect` shows the repr. */
  [inspectCustom](): string {
    return this.toString();
  }

  /**
   * Enters the context: arms the deadline for the current Task.
   * @returns this Timeout
   * @throws {@link RuntimeError} `Timeout has already been entered`, or `Timeout should be
   *   used inside a task`
   */
  *aenter(): Coroutine<Timeout> {
    if (this.#state !== "created") throw new RuntimeError("Timeout has already been entered");
    const task = currentTask();
    if (task === null) throw new RuntimeError("Timeout should be used inside a task");
    this.#state = "active";
    this.#task = task;
    this.#cancelling = task.cancelling();
    this.reschedule(this.#when);
    return this;
  }

  /**
   * Exits the context: disarms the deadline; if it fired and the block ends with the
   * `CancelledError` it caused (and no other cancellation is pending), raises
   * `TimeoutError` instead.
   * @param error - the error that ended the block, or `undefined`
   * @throws {@link TimeoutError} when the deadline cancelled the block
   */
  *aexit(error: unknown): Coroutine<undefined> {
    if (this.#state !== "active" && this.#state !== "expiring")
      throw new RuntimeError(`Timeout.aexit() called in the ${this.#state} state; use asyncWith()`);
    if (this.#timeoutHandler !== null) {
      this.#timeoutHandler.cancel();
      this.#timeoutHandler = null;
    }
    if (this.#state === "expiring") {
      this.#state = "expired";
      const task = this.#task as Task<unknown>;
      if (task.uncancel() <= this.#cancelling && error !== undefined) {
        // No other cancel request is pending: this cancellation is ours.
        if (error instanceof CancelledError) throw new TimeoutError(undefined, { cause: error });
        // CPython 3.13 also links a TimeoutError into the implicit __context__ chain of
        // other errors; JavaScript errors have no implicit context, so they pass as is.
      }
    } else {
      this.#state = "finished";
    }
    return undefined;
  }

  // A field, not a method: the same function is scheduled and cancelled.
  #onTimeout = (): void => {
    if (this.#state !== "active") return;
    (this.#task as Task<unknown>).cancel();
    this.#state = "expiring";
    // Drop the reference early.
    this.#timeoutHandler = null;
  };
}

/**
 * A {@link Timeout} that expires `delay` seconds from now: the code in the block is
 * cancelled at the deadline, and `TimeoutError` is raised from the block.
 *
 * @remarks Python's `asyncio.timeout()`. `null` means no deadline (it can be set later
 * with `reschedule`). Catch `TimeoutError` outside the block.
 * @param delay - seconds from now, or `null`
 * @returns a Timeout to enter with `asyncWith`
 * @throws {@link RuntimeError} `no running event loop` outside a running loop
 * @example
 * ```ts
 * import { run, asyncWith, timeout, sleep, TimeoutError } from "tsasyncio";
 * await run(function* () {
 *   try {
 *     yield* asyncWith(timeout(0.01), function* () {
 *       yield* sleep(10);
 *     });
 *   } catch (e) {
 *     console.log(e instanceof TimeoutError); // prints: true
 *   }
 * }());
 * ```
 * @category Gathering
 */
export function timeout(delay: number | null): Timeout {
  const loop = getRunningLoop();
  if (delay !== null && delay !== undefined && typeof delay !== "number")
    throw new TypeError(
      `timeout() expected a delay in seconds (a number) or null, got ${typeof delay}`,
    );
  return new Timeout(delay === null || delay === undefined ? null : loop.time() + delay);
}

/**
 * A {@link Timeout} that expires at `when`, an absolute time in the loop's clock
 * (`getRunningLoop().time()`, not the wall clock).
 *
 * @remarks Python's `asyncio.timeout_at()`. `null` means no deadline.
 * @param when - the deadline, or `null`
 * @returns a Timeout to enter with `asyncWith`
 * @example
 * ```ts
 * import { run, asyncWith, timeoutAt, sleep, getRunningLoop } from "tsasyncio";
 * await run(function* () {
 *   const deadline = getRunningLoop().time() + 1;
 *   const cm = timeoutAt(deadline);
 *   yield* asyncWith(cm, function* () {
 *     yield* sleep(0.01);
 *   });
 *   console.log(cm.when() === deadline, cm.expired()); // prints: true false
 * }());
 * ```
 * @category Gathering
 */
export function timeoutAt(when: number | null): Timeout {
  return new Timeout(when ?? null);
}
