// Port of Lib/asyncio/exceptions.py (3.13): the errors every layer raises. The errors of
// the higher layers (queues, barrier, streams) and ExceptionGroup live in modules of their
// own, so that a program that never uses them does not carry them: a class's static block
// counts as a side effect for bundlers, but a module nobody imports from is dropped whole.
// Names are set on the prototype (STYLE.md §4 item 7): `err.name`, the stack header
// and `instanceof` all work, with no own property.
/**
 * The operation was cancelled: thrown into a coroutine at the `yield*` where its Task
 * was waiting when the Task was cancelled.
 *
 * @remarks
 * Python's `asyncio.CancelledError` (a `BaseException`). In JavaScript it is an `Error`,
 * so a bare `catch (e)` catches it too: rethrow it unless you mean to swallow the
 * cancellation (and then call `task.uncancel()`, as in Python).
 *
 * @example
 * ```ts
 * import { CancelledError, run, sleep, createTask } from "tsasyncio";
 * await run(function* () {
 *   const t = createTask(sleep(10));
 *   yield* sleep(0);
 *   t.cancel("enough");
 *   try {
 *     yield* t;
 *   } catch (e) {
 *     console.log(e instanceof CancelledError, (e as Error).message); // prints: true enough
 *   }
 * }());
 * ```
 * @category Errors
 */
export class CancelledError extends Error {
  static {
    this.prototype.name = "CancelledError";
  }
}

/**
 * The operation is not allowed in the object's current state, e.g. `result()` of a
 * pending Future, or `setResult()` on a finished one.
 *
 * @remarks Python's `asyncio.InvalidStateError`.
 * @example
 * ```ts
 * import { Future, InvalidStateError, newEventLoop } from "tsasyncio";
 * const f = new Future({ loop: newEventLoop() });
 * try { f.result(); } catch (e) { console.log(e instanceof InvalidStateError); } // prints: true
 * ```
 * @category Errors
 */
export class InvalidStateError extends Error {
  static {
    this.prototype.name = "InvalidStateError";
  }
}

/**
 * A deadline passed: raised by `waitFor`, `timeout()` and `asCompleted`.
 *
 * @remarks Python's `TimeoutError` (which `asyncio.TimeoutError` aliases since 3.11).
 * @example
 * ```ts
 * import { TimeoutError } from "tsasyncio";
 * console.log(new TimeoutError().name); // prints: TimeoutError
 * ```
 * @category Errors
 */
export class TimeoutError extends Error {
  static {
    this.prototype.name = "TimeoutError";
  }
}

/**
 * Python's `RuntimeError`: the operation cannot run now (no running event loop, the
 * loop is closed, a loop is already running, …).
 *
 * @example
 * ```ts
 * import { RuntimeError, getRunningLoop } from "tsasyncio";
 * try { getRunningLoop(); } catch (e) { console.log(String(e)); } // prints: RuntimeError: no running event loop
 * ```
 * @category Errors
 */
export class RuntimeError extends Error {
  static {
    this.prototype.name = "RuntimeError";
  }
}

/**
 * Python's `LookupError`: `ContextVar.get()` on a variable that has no value and no default.
 *
 * @example
 * ```ts
 * import { ContextVar, LookupError } from "tsasyncio";
 * try { new ContextVar("x").get(); } catch (e) { console.log(e instanceof LookupError); } // prints: true
 * ```
 * @category Errors
 */
export class LookupError extends Error {
  static {
    this.prototype.name = "LookupError";
  }
}

/**
 * Python's `KeyboardInterrupt`: `run()` rejects with it when Ctrl-C (SIGINT) cancelled
 * the main task and the task did not swallow the cancellation.
 *
 * @example
 * ```ts
 * import { KeyboardInterrupt } from "tsasyncio";
 * console.log(new KeyboardInterrupt().name); // prints: KeyboardInterrupt
 * ```
 * @category Errors
 */
export class KeyboardInterrupt extends Error {
  static {
    this.prototype.name = "KeyboardInterrupt";
  }
}
