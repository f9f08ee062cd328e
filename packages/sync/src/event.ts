// Port of Lib/asyncio/locks.py (3.13): Event.
import type { AbstractEventLoop, Future } from "@tsasyncio/futures";
import { Deque, inspectCustom } from "@tsasyncio/futures/internal";
import type { Coroutine } from "@tsasyncio/tasks";
import { DONE_UNDEFINED, getLoop, nameOperation, Operation } from "@tsasyncio/tasks/internal";

/**
 * A flag that Tasks can wait for: `set()` wakes every waiter, `clear()` resets it.
 *
 * @remarks
 * Python's `asyncio.Event` (the asynchronous `threading.Event`). The flag starts unset.
 * `wait()` returns at once while the flag is set. The event binds to the running loop the
 * first time a Task waits on it. `String(event)`: `<Event [unset]>`, `<Event [set]>`,
 * `<Event [unset, waiters:3]>`.
 * @example
 * ```ts
 * import { run, createTask, sleep, Event } from "tsasyncio";
 * await run(function* () {
 *   const ready = new Event();
 *   const waiter = createTask(function* () {
 *     yield* ready.wait();
 *     return "woken";
 *   }());
 *   yield* sleep(0);
 *   console.log(String(ready)); // prints: <Event [unset, waiters:1]>
 *   ready.set();
 *   console.log(yield* waiter, ready.isSet()); // prints: woken true
 * }());
 * ```
 * @category Synchronization
 */
export class Event {
  /** @internal Waiter futures, FIFO. */
  _waiters = new Deque<Future<boolean>>();
  /** @internal */ _value = false;
  /** @internal The loop this event is bound to (the loop-binding mixin). */
  _loop: AbstractEventLoop | null = null;

  /** Whether the flag is set (Python's `is_set()`). */
  isSet(): boolean {
    return this._value;
  }

  /**
   * Sets the flag and wakes every waiting Task; later `wait()` calls return at once until
   * `clear()`.
   */
  set(): void {
    if (!this._value) {
      this._value = true;
      const waiters = this._waiters;
      for (let i = 0, n = waiters.length; i < n; i++) {
        const fut = waiters.at(i) as Future<boolean>;
        if (!fut.done()) fut.setResult(true);
      }
    }
  }

  /** Resets the flag: later `wait()` calls block until `set()` is called again. */
  clear(): void {
    this._value = false;
  }

  /**
   * Waits until the flag is set.
   *
   * @remarks Python's `Event.wait()`: returns at once if the flag is set; otherwise blocks
   * until another Task calls `set()`.
   * @returns a coroutine resolving to `true`
   * @throws {@link CancelledError} if the waiting Task is cancelled
   * @throws {@link RuntimeError} if the event is bound to another event loop
   */
  wait(): Coroutine<true> & PromiseLike<true> {
    return new EventWait(this);
  }

  /** @internal The loop-binding mixin's `_get_loop()`. */
  _getLoop(): AbstractEventLoop {
    return getLoop(this);
  }

  /** CPython's repr: `<Event [unset]>`, `<Event [set, waiters:1]>`. */
  toString(): string {
    let extra = this._value ? "set" : "unset";
    const n = this._waiters.length;
    if (n > 0) extra += `, waiters:${n}`;
    return `<Event [${extra}]>`;
  }

  /** @internal Node's `util.inspect` shows the repr. */
  [inspectCustom](): string {
    return this.toString();
  }
}

const DONE_TRUE: IteratorReturnResult<true> = Object.freeze({ done: true, value: true });

/**
 * The coroutine of `Event.wait()`. Two fields (its state is which of them is set: memory
 * per waiting task is a benchmark target): new (`#fut` null), waiting on `#fut`, or done
 * (`#event` null).
 */
class EventWait extends Operation<true> {
  static {
    nameOperation(this, "Event.wait");
  }
  #event: Event | null;
  #fut: Future<boolean> | null = null;

  constructor(event: Event) {
    super();
    this.#event = event;
  }

  next(): IteratorResult<unknown, true> {
    const event = this.#event;
    if (event === null) return DONE_UNDEFINED as unknown as IteratorResult<unknown, true>;
    let fut = this.#fut;
    if (fut === null) {
      if (event._value) {
        this.#event = null;
        return DONE_TRUE;
      }
      fut = event._getLoop().createFuture<boolean>();
      event._waiters.push(fut);
      this.#fut = fut;
      fut._asyncioFutureBlocking = true;
      return { done: false, value: fut };
    }
    if (!fut.done()) {
      fut._asyncioFutureBlocking = true;
      return { done: false, value: fut };
    }
    this.#event = null;
    event._waiters.remove(fut);
    fut.result(); // throws CancelledError if the waiter was cancelled
    return DONE_TRUE;
  }

  throw(error: unknown): IteratorResult<unknown, true> {
    this._leave();
    throw error;
  }

  return(value?: true): IteratorResult<unknown, true> {
    this._leave();
    return { done: true, value: value as true };
  }

  /** @internal */
  _leave(): void {
    const fut = this.#fut;
    if (this.#event !== null && fut !== null) this.#event._waiters.remove(fut);
    this.#event = null;
  }
}
