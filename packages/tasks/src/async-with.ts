// `async with` for coroutines (API.md §5, §11): aenter()/aexit(error) return coroutines.
import type { Coroutine } from "./coroutines.js";

/**
 * An asynchronous context manager: Python's `__aenter__`/`__aexit__`. `aexit` gets the
 * error that ended the body (or `undefined`); a truthy result suppresses it.
 * @typeParam T - what `aenter()` gives to the body
 * @typeParam S - what `aexit()` returns: `false`/`undefined` for managers that never
 *   suppress errors (then `asyncWith` keeps the body's result type)
 * @category Tasks
 */
export interface AsyncContextManager<T, S = boolean | undefined | void> {
  /** Enters the context. */
  aenter(): Coroutine<T>;
  /** Exits the context; a truthy result suppresses `error`. */
  aexit(error: unknown): Coroutine<S>;
}

/** The result type of `asyncWith`: `R`, or `R | undefined` if the manager can suppress errors. */
export type AsyncWithResult<S, R> = true extends S ? R | undefined : R;

/**
 * Python's `async with cm as value: body`: enters `cm`, runs `body(value)`, and exits `cm`
 * with the error that ended the body, if any (a truthy `aexit` result suppresses it, and
 * `asyncWith` then returns `undefined`).
 * @returns what `body` returned
 * @example
 * ```ts
 * import { run, asyncWith, TaskGroup, sleep } from "tsasyncio";
 * await run(function* () {
 *   yield* asyncWith(new TaskGroup(), function* (tg) {
 *     tg.createTask(sleep(0.01));
 *     tg.createTask(sleep(0.02));
 *   });
 *   console.log("both done"); // prints: both done
 * }());
 * ```
 * @category Tasks
 */
export function* asyncWith<T, S, R>(
  cm: AsyncContextManager<T, S>,
  body: (value: T) => Coroutine<R>,
): Coroutine<AsyncWithResult<S, R>> {
  if (
    cm === null ||
    typeof cm !== "object" ||
    typeof cm.aenter !== "function" ||
    typeof cm.aexit !== "function"
  )
    throw new TypeError(
      "asyncWith() expected an asynchronous context manager (an object with aenter() and aexit())",
    );
  if (typeof body !== "function") throw new TypeError("asyncWith() expected a function* body");
  const value = yield* cm.aenter();
  let result: R;
  try {
    result = yield* body(value);
  } catch (e) {
    if (yield* cm.aexit(e)) return undefined as AsyncWithResult<S, R>;
    throw e;
  }
  yield* cm.aexit(undefined);
  return result;
}
