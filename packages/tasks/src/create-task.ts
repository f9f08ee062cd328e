// Port of asyncio.create_task / ensure_future (Lib/asyncio/tasks.py) and the host interop
// of API.md §9 (ensureFuture(promise), abortable).
import {
  CancelledError,
  Future,
  getRunningLoop,
  isFuture,
  type AbstractEventLoop,
  type Context,
} from "@tsasyncio/futures";
import { _getEventLoop, isThenable } from "@tsasyncio/futures/internal";
import { isCoroutine, notACoroutine, describe, type Coroutine } from "./coroutines.js";
import { installTaskHook, type Task } from "./task.js";

/** Options of {@link createTask}. */
export interface CreateTaskOptions {
  /** The Task's name (default `Task-N`). */
  name?: string;
  /** The context the coroutine runs in (default: a copy of the current one). */
  context?: Context;
  /** Run the first step at once (3.12's eager tasks). */
  eagerStart?: boolean;
}

interface LoopWithTasks extends AbstractEventLoop {
  createTask<T>(coro: Coroutine<T>, options?: CreateTaskOptions): Future<T>;
  _wrapThenable<T>(thenable: PromiseLike<T>, target?: Future<T>): Future<T>;
}

/**
 * Wraps a coroutine in a Task scheduled on the running loop, and returns the Task.
 *
 * @remarks Python's `asyncio.create_task()`. The loop holds the Task until it finishes;
 * keep the Task to await it, cancel it or read its result.
 * @throws {@link RuntimeError} `no running event loop` outside a running loop
 * @throws TypeError if `coro` is not a coroutine (a Promise: use `ensureFuture`; a
 *   generator function: call it)
 * @example
 * ```ts
 * import { run, createTask, sleep } from "tsasyncio";
 * await run(function* () {
 *   const t = createTask(sleep(0.01, 7));
 *   console.log(yield* t); // prints: 7
 * }());
 * ```
 * @category Tasks
 */
export function createTask<T>(coro: Coroutine<T>, options?: CreateTaskOptions): Task<T> {
  const loop = getRunningLoop() as LoopWithTasks;
  if (!isCoroutine(coro)) throw notACoroutine("createTask()", coro);
  installTaskHook();
  return loop.createTask(coro, options) as Task<T>;
}

/** Options of {@link ensureFuture}. */
export interface EnsureFutureOptions {
  /** The loop (default: the running loop, else the one set with `setEventLoop`). */
  loop?: AbstractEventLoop;
}

/**
 * A Future for anything awaitable: a Future or Task is returned as is, a coroutine is
 * wrapped in a Task, and a Promise (or any thenable) in a Future that the loop settles
 * through `callSoon` when the Promise settles.
 *
 * @remarks Python's `asyncio.ensure_future()`; the way to await a Promise in a coroutine:
 * `yield* ensureFuture(fetch(url))`.
 * @throws TypeError for anything else (with what to do instead)
 * @example
 * ```ts
 * import { run, ensureFuture } from "tsasyncio";
 * await run(function* () {
 *   const n = yield* ensureFuture(Promise.resolve(5));
 *   console.log(n); // prints: 5
 * }());
 * ```
 * @category Tasks
 */
export function ensureFuture<T>(
  awaitable: Future<T> | Coroutine<T> | PromiseLike<T>,
  options?: EnsureFutureOptions,
): Future<T> {
  if (isFuture(awaitable)) {
    if (options?.loop !== undefined && awaitable.getLoop() !== options.loop)
      throw new RangeError(
        "The future belongs to a different loop than the one specified as the loop argument",
      );
    return awaitable;
  }
  if (isCoroutine(awaitable)) {
    installTaskHook();
    const loop = (options?.loop ?? _getEventLoop("ensureFuture()")) as LoopWithTasks;
    return loop.createTask(awaitable);
  }
  if (isThenable(awaitable)) {
    const loop = (options?.loop ?? _getEventLoop("ensureFuture()")) as LoopWithTasks;
    return loop._wrapThenable(awaitable);
  }
  const head = `ensureFuture(): an asyncio.Future, a coroutine or an awaitable is required, got ${describe(awaitable)}`;
  if (typeof awaitable === "function")
    throw new TypeError(`${head}; call the function and pass what it returns`);
  throw new TypeError(head);
}

/**
 * Runs `fn` at once with a fresh `AbortSignal`, and returns a Future of its result;
 * cancelling the Future (for example because the awaiting Task was cancelled or timed
 * out) aborts the signal, so `fetch`, Node streams and timers stop for real.
 * @param fn - receives the signal; returns a Promise
 * @example
 * ```ts
 * import { run, abortable, waitFor, TimeoutError } from "tsasyncio";
 * await run(function* () {
 *   let aborted = false;
 *   const slow = abortable((signal) => new Promise((resolve) => {
 *     const t = setTimeout(resolve, 10_000);
 *     signal.addEventListener("abort", () => { aborted = true; clearTimeout(t); });
 *   }));
 *   try { yield* waitFor(slow, 0.01); } catch (e) { console.log(e instanceof TimeoutError, aborted); } // prints: true true
 * }());
 * ```
 * @category Tasks
 */
export function abortable<T>(
  fn: (signal: AbortSignal) => PromiseLike<T>,
  options?: EnsureFutureOptions,
): Future<T> {
  if (typeof fn !== "function")
    throw new TypeError(`abortable() expected a function (signal) => Promise, got ${describe(fn)}`);
  const loop = (options?.loop ?? _getEventLoop("abortable()")) as LoopWithTasks;
  const controller = new AbortController();
  const fut = loop.createFuture<T>();
  fut.addDoneCallback((f) => {
    if (f.cancelled()) {
      let reason: CancelledError;
      try {
        f.result();
        reason = new CancelledError();
      } catch (e) {
        reason = e as CancelledError;
      }
      controller.abort(reason);
    }
  });
  let p: PromiseLike<T>;
  try {
    p = fn(controller.signal);
  } catch (e) {
    fut.setException(e);
    return fut;
  }
  return loop._wrapThenable(p, fut);
}
