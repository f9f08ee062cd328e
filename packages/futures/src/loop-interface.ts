// The part of the event loop that a Future needs (CPython: asyncio.events.AbstractEventLoop),
// and the realm's running-loop slot (CPython: events._get_running_loop & co.).
import type { Context, Data } from "./context.js";
import { RuntimeError } from "./errors.js";
import type { Future } from "./future.js";
import { realm } from "./realm.js";

/**
 * What the loop's exception handler receives (Python's `context` dict, camelCase keys).
 * @category Loop
 */
export interface ExceptionContext {
  /** What happened, e.g. "Future exception was never retrieved". */
  message: string;
  /** The error, if there is one. */
  exception?: unknown;
  /** The Future involved (or its repr, once it was garbage-collected). */
  future?: unknown;
  /** The Task involved. */
  task?: unknown;
  /** The Handle whose callback failed. */
  handle?: unknown;
  /** Where the object was created (debug mode). */
  sourceTraceback?: string;
  /** Any other field. */
  [key: string]: unknown;
}

/** Something that can be cancelled, as a Handle. */
export interface Cancellable {
  /** Cancels it. */
  cancel(): void;
}

/**
 * The interface a Future needs from its event loop. `EventLoop` in `@tsasyncio/loop`
 * implements it; a lower layer never imports the loop itself.
 * @category Loop
 */
export interface AbstractEventLoop {
  /** Schedules `callback(...args)` for the next loop iteration (FIFO). */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Cancellable;
  /** Reports an error context to the loop's exception handler. */
  callExceptionHandler(context: ExceptionContext): void;
  /** Whether debug mode is on. */
  getDebug(): boolean;
  /** The loop's monotonic clock, in seconds. */
  time(): number;
  /** Whether the loop is running. */
  isRunning(): boolean;
  /** Whether the loop was closed. */
  isClosed(): boolean;
  /** A new Future attached to this loop. */
  createFuture<T = unknown>(): Future<T>;
  /**
   * @internal Schedules `callback(arg)` to run in `context` (or a copy of the current
   * context): the allocation-light path Futures and Tasks use. With `RECEIVER` as the
   * context, `callback` is a WakeupReceiver, to be called as `callback._wakeup(arg)`.
   */
  _callSoon(callback: (arg: never) => unknown, arg: unknown, context: Context | Data | null): void;
  /** @internal The Task running a step now (set by @tsasyncio/tasks). */
  _currentTask: unknown;
}

/** @internal How a loop makes a Task when no task factory is set: filled in by @tsasyncio/tasks. */
export type TaskFactoryHook = (
  loop: AbstractEventLoop,
  coro: unknown,
  options: { name?: string; context?: Context; eagerStart?: boolean } | undefined,
) => Future<unknown>;

/**
 * The running event loop of this JavaScript realm.
 *
 * @remarks Python's `asyncio.get_running_loop()`. While a loop runs (`run()`,
 * `runUntilComplete()`, `runForever()`), it is the running loop for all code: loop
 * callbacks, coroutines, and `async` functions called from them.
 * @throws {@link RuntimeError} `no running event loop` when none runs
 * @example
 * ```ts
 * import { run, getRunningLoop } from "tsasyncio";
 * await run(function* () {
 *   console.log(String(getRunningLoop())); // prints: <EventLoop running=true closed=false debug=false>
 * }());
 * ```
 * @category Loop
 */
export function getRunningLoop(): AbstractEventLoop {
  const loop = realm().runningLoop;
  if (loop === null) throw new RuntimeError("no running event loop");
  return loop;
}

/** @internal The running loop or null (Python's `events._get_running_loop()`). */
export function _getRunningLoop(): AbstractEventLoop | null {
  return realm().runningLoop;
}

/** @internal Sets the realm's running loop (the loop package calls it). */
export function _setRunningLoop(loop: AbstractEventLoop | null): void {
  realm().runningLoop = loop;
}

/** @internal The loop set by `setEventLoop()`. */
export function _getSetEventLoop(): AbstractEventLoop | null {
  return realm().eventLoop;
}

/** @internal Sets the loop `getEventLoop()` returns when none is running. */
export function _setEventLoop(loop: AbstractEventLoop | null): void {
  realm().eventLoop = loop;
}

/**
 * @internal Python 3.14's `get_event_loop()`: the running loop, else the one set with
 * `setEventLoop()`, else a RuntimeError that says what to do.
 */
export function _getEventLoop(what = "getEventLoop()"): AbstractEventLoop {
  const r = realm();
  const loop = r.runningLoop ?? r.eventLoop;
  if (loop === null)
    throw new RuntimeError(
      `There is no current event loop: ${what} needs a running loop (call it from a coroutine run by run()), ` +
        `a loop set with setEventLoop(), or an explicit { loop }`,
    );
  return loop;
}
