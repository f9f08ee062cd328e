// Private helpers of Lib/asyncio/tasks.py (3.13) shared by the gather layer:
// _release_waiter, _cancel_and_wait, and the loop surface the combinators use.
import type { AbstractEventLoop, Future } from "@tsasyncio/futures";
import type { Coroutine, Task } from "@tsasyncio/tasks";

/** The loop methods the gather layer calls: the whole loop API (see @tsasyncio/loop). */
export type GatherLoop = AbstractEventLoop;

/** A scheduled callback that can be cancelled (a TimerHandle or Handle). */
export interface TimerLike {
  cancel(): void;
}

/** A Task as the gather layer sees it. */
export type AnyTask = Task<unknown>;

/** CPython's `_release_waiter`: wakes `waiter` unless it is already done. */
export function releaseWaiter(waiter: Future<unknown>): void {
  if (!waiter.done()) waiter.setResult(undefined);
}

/** CPython's `_cancel_and_wait`: cancels `fut` and waits until it is done. */
export function* cancelAndWait(fut: Future<unknown>, loop: AbstractEventLoop): Coroutine<void> {
  const waiter = loop.createFuture<undefined>();
  // One small closure per call, as functools.partial(_release_waiter, waiter) in CPython.
  const cb = (): void => {
    releaseWaiter(waiter);
  };
  fut.addDoneCallback(cb);
  try {
    fut.cancel();
    // We cannot wait on `fut` directly, so that cancelAndWait itself stays reliably
    // cancellable.
    yield* waiter;
  } finally {
    fut.removeDoneCallback(cb);
  }
}

/** The class name of an error, as Python's `exc.__class__.__name__`. */
export function className(e: unknown): string {
  if (e === null) return "null";
  if (typeof e !== "object" && typeof e !== "function") return typeof e;
  const ctor = (Object.getPrototypeOf(e) as { constructor?: { name?: string } } | null)
    ?.constructor;
  return ctor?.name ?? "object";
}

export { isThenable } from "@tsasyncio/futures/internal";

/** A short description of a value for error messages: `a Promise`, `Future`, `number 5`. */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (typeof x === "function") return `function ${x.name || "<anonymous>"}`;
  if (typeof x === "object") {
    if (x instanceof Promise) return "a Promise";
    if (Object.prototype.toString.call(x) === "[object Generator]")
      return "a generator object (a coroutine)";
    return className(x) || "object";
  }
  return `${typeof x} ${String(x)}`;
}

/** Python's repr of a float rounded to 3 places: `10.0`, `3.142`, `None`. */
export function floatRepr(x: number | null): string {
  if (x === null) return "None";
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const r = Math.round(x * 1000) / 1000;
  if (Number.isInteger(r)) return r.toFixed(1);
  return String(r);
}
