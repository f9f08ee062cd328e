// Port of wait() and _wait() from Lib/asyncio/tasks.py (3.13): coroutines are refused
// (3.11+), the set must not be empty, and a timeout returns the pending set without
// cancelling anything.
import { getRunningLoop, isFuture, type Future } from "@tsasyncio/futures";
import { isCoroutine, type Coroutine } from "@tsasyncio/tasks";
import {
  describeValue,
  isThenable,
  releaseWaiter,
  type GatherLoop,
  type TimerLike,
} from "./internal/helpers.js";

/**
 * `wait()` returns when any Future finishes or is cancelled.
 * @remarks Python's `asyncio.FIRST_COMPLETED`.
 * @example
 * ```ts
 * import { FIRST_COMPLETED } from "tsasyncio";
 * console.log(FIRST_COMPLETED); // prints: FIRST_COMPLETED
 * ```
 * @category Gathering
 */
export const FIRST_COMPLETED = "FIRST_COMPLETED";

/**
 * `wait()` returns when any Future finishes with an exception, or when all are done.
 * @remarks Python's `asyncio.FIRST_EXCEPTION`. A cancelled Future does not count as an
 * exception.
 * @example
 * ```ts
 * import { FIRST_EXCEPTION } from "tsasyncio";
 * console.log(FIRST_EXCEPTION); // prints: FIRST_EXCEPTION
 * ```
 * @category Gathering
 */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";

/**
 * `wait()` returns when all Futures are done (the default).
 * @remarks Python's `asyncio.ALL_COMPLETED`.
 * @example
 * ```ts
 * import { ALL_COMPLETED } from "tsasyncio";
 * console.log(ALL_COMPLETED); // prints: ALL_COMPLETED
 * ```
 * @category Gathering
 */
export const ALL_COMPLETED = "ALL_COMPLETED";

/**
 * When {@link wait} returns: {@link FIRST_COMPLETED}, {@link FIRST_EXCEPTION} or
 * {@link ALL_COMPLETED}.
 * @category Gathering
 */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/**
 * Options of {@link wait}.
 * @category Gathering
 */
export interface WaitOptions {
  /** Seconds to wait at most; `null` or absent waits without limit. */
  timeout?: number | null;
  /** When to return (default {@link ALL_COMPLETED}). */
  returnWhen?: ReturnWhen;
}

/**
 * Waits for Futures and Tasks until the `returnWhen` condition or the timeout, and returns
 * `[done, pending]`: two Sets of the given Futures.
 *
 * @remarks
 * Python's `asyncio.wait()` (3.11+ semantics). It never raises `TimeoutError` and never
 * cancels anything: on timeout, the Futures that are not done are in `pending`. Bare
 * coroutines are refused (wrap them with `createTask` first, so that you hold the Tasks
 * that `done`/`pending` contain).
 * @param fs - the Futures and Tasks (any iterable; duplicates count once)
 * @param options - `{ timeout, returnWhen }`
 * @returns `[done, pending]`
 * @throws TypeError `Passing coroutines is forbidden, use tasks explicitly.` if `fs`
 *   contains a coroutine; TypeError if `fs` is a single Future or coroutine
 * @throws RangeError `Set of Tasks/Futures is empty.` or for an invalid `returnWhen`
 * @example
 * ```ts
 * import { run, wait, createTask, sleep, FIRST_COMPLETED } from "tsasyncio";
 * await run(function* () {
 *   const fast = createTask(sleep(0.01, "fast"));
 *   const slow = createTask(sleep(1, "slow"));
 *   const [done, pending] = yield* wait([fast, slow], { returnWhen: FIRST_COMPLETED });
 *   console.log(done.has(fast), pending.has(slow)); // prints: true true
 *   slow.cancel();
 * }());
 * ```
 * @category Gathering
 */
export function* wait<F extends Future<unknown>>(
  fs: Iterable<F>,
  options?: WaitOptions,
): Coroutine<[done: Set<F>, pending: Set<F>]> {
  if (isFuture(fs) || isCoroutine(fs))
    throw new TypeError(
      `expect a list of futures, not ${describeValue(fs)}: pass an array, e.g. wait([task])`,
    );
  if (
    fs === null ||
    typeof fs !== "object" ||
    typeof (fs as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function"
  )
    throw new TypeError(
      `wait() expected an iterable of Futures or Tasks, got ${describeValue(fs)}`,
    );
  const timeout = options?.timeout ?? null;
  const returnWhen = options?.returnWhen ?? ALL_COMPLETED;
  const set = new Set(fs);
  if (set.size === 0) throw new RangeError("Set of Tasks/Futures is empty.");
  if (
    returnWhen !== FIRST_COMPLETED &&
    returnWhen !== FIRST_EXCEPTION &&
    returnWhen !== ALL_COMPLETED
  )
    throw new RangeError(
      `Invalid return_when value: ${String(returnWhen)} (use FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED)`,
    );
  for (const f of set) {
    if (isCoroutine(f))
      throw new TypeError("Passing coroutines is forbidden, use tasks explicitly.");
    if (!isFuture(f))
      throw new TypeError(
        `wait() expected Futures or Tasks, got ${describeValue(f)}${isThenable(f) ? "; wrap a Promise with ensureFuture(promise)" : ""}`,
      );
  }
  const loop = getRunningLoop();
  return yield* waitImpl(set, timeout, returnWhen, loop);
}

/** @internal CPython's `_wait`: `fs` is a non-empty Set of Futures. */
export function* waitImpl<F extends Future<unknown>>(
  fs: Set<F>,
  timeout: number | null,
  returnWhen: ReturnWhen,
  loop: GatherLoop,
): Coroutine<[done: Set<F>, pending: Set<F>]> {
  const waiter = loop.createFuture<undefined>();
  let timeoutHandle: TimerLike | null = null;
  if (timeout !== null) timeoutHandle = loop.callLater(timeout, releaseWaiter, waiter);
  let counter = fs.size;
  // One callback shared by every Future.
  const onCompletion = (f: Future<unknown>): void => {
    counter--;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== undefined)
    ) {
      if (timeoutHandle !== null) timeoutHandle.cancel();
      if (!waiter.done()) waiter.setResult(undefined);
    }
  };
  for (const f of fs) f.addDoneCallback(onCompletion);
  try {
    yield* waiter;
  } finally {
    if (timeoutHandle !== null) timeoutHandle.cancel();
    for (const f of fs) f.removeDoneCallback(onCompletion);
  }
  const done = new Set<F>();
  const pending = new Set<F>();
  for (const f of fs) {
    if (f.done()) done.add(f);
    else pending.add(f);
  }
  return [done, pending];
}
