// Port of wait_for() from Lib/asyncio/tasks.py (3.12+): built on timeouts.timeout(), with
// the special case of a timeout <= 0 (the awaitable is cancelled before it ever runs).
import {
  CancelledError,
  TimeoutError,
  getRunningLoop,
  isFuture,
  type Future,
} from "@tsasyncio/futures";
import { asyncWith, ensureFuture, isCoroutine, type Coroutine } from "@tsasyncio/tasks";
import type { Awaitable, AwaitedResult } from "./awaitable.js";
import { cancelAndWait, className, describeValue, isThenable } from "./internal/helpers.js";
import { timeout as makeTimeout } from "./timeout.js";

function reportAbandoned(fut: Future<unknown>): void {
  if (fut.cancelled()) return;
  const exc = fut.exception();
  if (exc === undefined) return;
  fut.getLoop().callExceptionHandler({
    message: `${className(exc)} exception in an awaitable abandoned by a cancelled waitFor()`,
    exception: exc,
    future: fut,
  });
}

/**
 * Awaits `aw` for at most `timeout` seconds: at the deadline it is cancelled (and waited
 * for) and `TimeoutError` is raised.
 *
 * @remarks
 * Python's `asyncio.wait_for()` with 3.12's semantics: the same as
 * `asyncWith(timeout(t), function* () { return yield* aw; })`. If the awaiting Task is
 * cancelled, `aw` is cancelled too; wrap it in {@link shield} to keep it running. With a
 * timeout `<= 0`, a coroutine is cancelled before it starts. If `aw` suppresses the
 * cancellation and returns a value, that value is returned. `null` waits without limit.
 * @param aw - a coroutine, Future, Task or Promise
 * @param timeout - seconds, or `null` for no limit
 * @returns `aw`'s result
 * @throws {@link TimeoutError} at the deadline (its `cause` is the `CancelledError`)
 * @example
 * ```ts
 * import { run, waitFor, sleep, TimeoutError } from "tsasyncio";
 * await run(function* () {
 *   console.log(yield* waitFor(sleep(0.01, "in time"), 1)); // prints: in time
 *   try {
 *     yield* waitFor(sleep(10), 0.01);
 *   } catch (e) {
 *     console.log(e instanceof TimeoutError); // prints: true
 *   }
 * }());
 * ```
 * @category Gathering
 */
export function* waitFor<A extends Awaitable<unknown>>(
  aw: A,
  timeout: number | null,
): Coroutine<AwaitedResult<A>> {
  type T = AwaitedResult<A>;
  if (!isFuture(aw) && !isCoroutine(aw) && !isThenable(aw))
    throw new TypeError(
      `waitFor() expected a coroutine, a Future, a Task or a Promise, got ${describeValue(aw)}`,
    );
  if (timeout !== null && timeout !== undefined && timeout <= 0) {
    const loop = getRunningLoop();
    const fut = ensureFuture(aw as Awaitable<T>);
    if (fut.done()) return fut.result();
    try {
      yield* cancelAndWait(fut, loop);
    } catch (e) {
      // This waitFor() was cancelled while it waited for `fut` to end. If `fut` is ours
      // (a Task made for a coroutine), nobody else can retrieve its outcome: report an
      // error it ends with now, instead of leaving it to garbage collection ("Task
      // exception was never retrieved") as CPython does.
      if (fut !== (aw as unknown)) fut.addDoneCallback(reportAbandoned);
      throw e;
    }
    try {
      return fut.result();
    } catch (exc) {
      if (exc instanceof CancelledError) throw new TimeoutError(undefined, { cause: exc });
      throw exc;
    }
  }
  return yield* asyncWith(makeTimeout(timeout ?? null), function* (): Coroutine<T> {
    if (isFuture(aw) || isCoroutine(aw)) return yield* aw as Future<T> | Coroutine<T>;
    return yield* ensureFuture(aw as PromiseLike<T>);
  });
}
