// Port of Lib/asyncio/coroutines.py: what counts as a coroutine, and the messages that
// point a user who passed something else to the right call.
import { isFuture } from "@tsasyncio/futures";

/**
 * A coroutine: what calling a `function*` returns. `yield*` inside it awaits Futures,
 * Tasks and other coroutines; its return value is the coroutine's result.
 *
 * @remarks Python's coroutine object (`async def` → `function*`, `await` → `yield*`).
 * @typeParam T - the result type
 * @example
 * ```ts
 * import { run, sleep, type Coroutine } from "tsasyncio";
 * function* double(x: number): Coroutine<number> {
 *   yield* sleep(0.01);
 *   return 2 * x;
 * }
 * console.log(await run(double(21))); // prints: 42
 * ```
 * @category Tasks
 */
export type Coroutine<T = unknown> = Generator<unknown, T, unknown>;

/** @internal Objects of ours that behave as coroutines (e.g. what `sleep()` returns). */
export const coroutineBrand: unique symbol = Symbol.for("tsasyncio.coroutine") as never;

/**
 * Whether `x` is a coroutine: a generator object, or a lazy coroutine object of
 * tsasyncio (such as what `sleep()` returns).
 * @example
 * ```ts
 * import { isCoroutine, sleep } from "tsasyncio";
 * function* main() {}
 * console.log(isCoroutine(main()), isCoroutine(sleep(1)), isCoroutine(main)); // prints: true true false
 * ```
 * @category Tasks
 */
export function isCoroutine(x: unknown): x is Coroutine {
  if (typeof x !== "object" || x === null) return false;
  return (
    (x as { [coroutineBrand]?: unknown })[coroutineBrand] === true ||
    Object.prototype.toString.call(x) === "[object Generator]"
  );
}

function fnKind(x: unknown): string | null {
  const tag = Object.prototype.toString.call(x);
  if (tag === "[object GeneratorFunction]") return "generator";
  if (tag === "[object AsyncFunction]") return "async";
  if (tag === "[object AsyncGeneratorFunction]") return "asyncgen";
  return null;
}

/** @internal A short description of a value, for error messages. */
export function describe(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (typeof x === "function") return `function ${x.name || "<anonymous>"}`;
  if (typeof x === "object") {
    if (x instanceof Promise) return "a Promise";
    return x.constructor?.name ?? "object";
  }
  return `${typeof x} ${String(x)}`;
}

/**
 * @internal The TypeError for a non-coroutine given to `what` (createTask, run, …), with
 * the fix for the usual mistakes.
 */
export function notACoroutine(what: string, x: unknown): TypeError {
  const kind = fnKind(x);
  if (kind === "generator") {
    const name = (x as { name: string }).name || "fn";
    return new TypeError(
      `${what} expected a coroutine but got the generator function ${name}; call it: ${what.replace("()", "")}(${name}())`,
    );
  }
  if (kind === "async")
    return new TypeError(
      `${what} expected a coroutine but got an async function; tsasyncio coroutines are function* generators (await → yield*). To run an async function, call it and wrap the Promise: yield* ensureFuture(fn())`,
    );
  if (kind === "asyncgen")
    return new TypeError(
      `${what} expected a coroutine but got an async generator function; write a function* instead`,
    );
  if (isFuture(x))
    return new TypeError(
      `${what} expected a coroutine but got a Future (already scheduled); await it with yield* or use ensureFuture()`,
    );
  if (typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function")
    return new TypeError(
      `${what} expected a coroutine (a generator object) but got ${x instanceof Promise ? "a Promise" : "a thenable"}; wrap it with ensureFuture(promise) to await it`,
    );
  return new TypeError(`${what} expected a coroutine (a generator object), got ${describe(x)}`);
}
