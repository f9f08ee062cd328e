// Port of shield() and _log_on_exception from Lib/asyncio/tasks.py (3.13).
import type { Future } from "@tsasyncio/futures";
import { ensureFuture } from "@tsasyncio/tasks";
import type { Awaitable, AwaitedResult } from "./awaitable.js";
import { className } from "./internal/helpers.js";

interface TracedFuture {
  _sourceTraceback?: string;
}

// The inner Futures whose exception was reported already (several shields may guard one).
const logged = new WeakSet<Future<unknown>>();

// Reports an exception of a shielded Future whose outer Future was cancelled: nobody
// else will ever see it.
function logOnException(fut: Future<unknown>): void {
  if (fut.cancelled()) return;
  const exc = fut.exception();
  if (exc === undefined || logged.has(fut)) return;
  logged.add(fut);
  const context: { message: string; [key: string]: unknown } = {
    message: `${className(exc)} exception in shielded future`,
    exception: exc,
    future: fut,
  };
  const tb = (fut as TracedFuture)._sourceTraceback;
  if (tb !== undefined) context["sourceTraceback"] = tb;
  fut.getLoop().callExceptionHandler(context);
}

/**
 * Awaits `aw` while protecting it from cancellation: if the coroutine awaiting the shield
 * is cancelled, `aw` keeps running; only the returned outer Future is cancelled.
 *
 * @remarks
 * Python's `asyncio.shield()`. `yield* shield(task)` is `yield* task`, except that
 * cancelling the awaiting Task does not cancel `task` (the awaiter still gets
 * `CancelledError`). If `aw` itself is cancelled, the shield is cancelled too. An error
 * raised by `aw` after the shield was cancelled is reported to the loop's exception
 * handler ("… exception in shielded future"), since nobody else would see it; unlike
 * CPython, this also holds when `aw` finished just before the cancellation reached the
 * shield (CPython leaves that case to the "never retrieved" report at garbage collection). Keep a
 * reference to the Task you shield.
 * @param aw - a Future, Task, coroutine (wrapped in a Task) or Promise
 * @returns a Future that settles like `aw` (or `aw` itself when it is already done)
 * @throws TypeError if `aw` is not awaitable
 * @example
 * ```ts
 * import { run, shield, createTask, sleep, waitFor, TimeoutError } from "tsasyncio";
 * await run(function* () {
 *   const save = createTask(sleep(0.05, "saved"));
 *   try {
 *     yield* waitFor(shield(save), 0.01);
 *   } catch (e) {
 *     console.log(e instanceof TimeoutError, save.cancelled()); // prints: true false
 *   }
 *   console.log(yield* save); // prints: saved
 * }());
 * ```
 * @category Gathering
 */
export function shield<A extends Awaitable<unknown>>(aw: A): Future<AwaitedResult<A>> {
  const inner = ensureFuture(aw as Awaitable<AwaitedResult<A>>);
  if (inner.done()) return inner; // Shortcut.
  const outer = inner.getLoop().createFuture<AwaitedResult<A>>();
  const innerDone = (inner: Future<AwaitedResult<A>>): void => {
    if (outer.cancelled()) {
      // The outer Future was cancelled after `inner` finished but before this callback
      // ran, so _outer_done_callback found `inner` done and attached no logger: report the
      // error now rather than leave it to garbage collection ("never retrieved").
      logOnException(inner);
      return;
    }
    if (inner.cancelled()) {
      outer.cancel();
      return;
    }
    const exc = inner.exception();
    if (exc !== undefined) outer.setException(exc);
    else outer.setResult(inner.result());
  };
  const outerDone = (): void => {
    if (!inner.done()) {
      inner.removeDoneCallback(innerDone);
      // Keep only one callback to log on cancel.
      inner.removeDoneCallback(logOnException);
      inner.addDoneCallback(logOnException);
    }
  };
  inner.addDoneCallback(innerDone);
  outer.addDoneCallback(outerDone);
  return outer;
}
