// Port of Lib/asyncio/coroutines.py: what counts as a coroutine, and the messages that
// point a user who passed something else to the right call.
import { isFuture } from "@tsasyncio/futures";
import { isThenable, pyRepr } from "@tsasyncio/futures/internal";

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

// %GeneratorPrototype%, with the two methods a Task calls (`this` is the generator).
interface GeneratorMethods {
  next: (this: Generator) => IteratorResult<unknown>;
  throw: (this: Generator, e: unknown) => IteratorResult<unknown>;
}
const GeneratorPrototype = Object.getPrototypeOf(function* () {}.prototype) as GeneratorMethods;
/**
 * @internal Whether %GeneratorPrototype% is on x's prototype chain: a generator object,
 * which a Task steps with the intrinsic {@link generatorNext} / {@link generatorThrow}.
 */
export const hasGeneratorPrototype = Object.prototype.isPrototypeOf.bind(GeneratorPrototype);
/**
 * @internal %GeneratorPrototype%.next and .throw. A Task steps a generator with them, as
 * CPython's Task sends into a coroutine through the C API, not through a `send` attribute:
 * no property lookup on ever-new generator maps, so the step's code stays the same
 * whatever generator functions the program has.
 */
export const generatorNext = GeneratorPrototype.next;
/** @internal See {@link generatorNext}. */
export const generatorThrow = GeneratorPrototype.throw;

/**
 * Whether `x` is a coroutine: a generator object, a lazy coroutine object of tsasyncio
 * (such as what `sleep()` returns), or any object with the whole Generator interface
 * (`next`, `throw`, `return` and `[Symbol.iterator]`).
 * @remarks Python's `asyncio.iscoroutine()`. A generator *function* is not a coroutine:
 * calling it makes one.
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
  // The fast path: %GeneratorPrototype% is on a generator object's prototype chain (this
  // check runs for every Task created). isPrototypeOf walks the chain inside the engine;
  // Object.getPrototypeOf on a generator object calls into the runtime (measured 3x
  // slower), and a symbol lookup on ever-new generator prototypes goes megamorphic.
  if (hasGeneratorPrototype(x)) return true;
  if (
    (x as { [coroutineBrand]?: unknown })[coroutineBrand] === true ||
    Object.prototype.toString.call(x) === "[object Generator]"
  )
    return true;
  // A hand-written coroutine object with the whole Generator interface, as CPython accepts
  // any object with send()/throw()/close() (collections.abc.Coroutine).
  const g = x as Partial<Generator>;
  return (
    typeof g.next === "function" &&
    typeof g.throw === "function" &&
    typeof g.return === "function" &&
    typeof g[Symbol.iterator] === "function"
  );
}

function fnKind(x: unknown): string | null {
  const tag = Object.prototype.toString.call(x);
  if (tag === "[object GeneratorFunction]") return "generator";
  if (tag === "[object AsyncFunction]") return "async";
  if (tag === "[object AsyncGeneratorFunction]") return "asyncgen";
  return null;
}

/** @internal A short description of a value, for error messages: `123`, `'ok'`, `a Promise`. */
export function describe(x: unknown): string {
  if (typeof x === "function") return `function ${x.name || "<anonymous>"}`;
  if (typeof x === "object" && x !== null) {
    if (x instanceof Promise) return "a Promise";
    if (isFuture(x)) return String(x);
    const proto = Object.getPrototypeOf(x) as object | null;
    if (proto !== Object.prototype && proto !== null && !Array.isArray(x))
      return `a ${(x.constructor as { name?: string } | undefined)?.name || "object"}`;
  }
  return pyRepr(x, true);
}

/**
 * @internal The TypeError for a non-coroutine given to `what` ("createTask()", "run()", …):
 * CPython's wording (`a coroutine was expected, got …`) and the fix for the usual mistakes.
 */
export function notACoroutine(what: string, x: unknown): TypeError {
  const head = `${what}: a coroutine was expected, got`;
  const callee = what.replace(/\(\)$/, "");
  const kind = fnKind(x);
  const name = typeof x === "function" && x.name !== "" ? x.name : "fn";
  if (kind === "generator")
    return new TypeError(
      `${head} the generator function ${name}; call it to make the coroutine: ${callee}(${name}())`,
    );
  if (kind === "async")
    return new TypeError(
      `${head} the async function ${name}; tsasyncio coroutines are function* generators (async → function*, await → yield*). ` +
        `To await an async function in a coroutine, call it and wrap its Promise: yield* ensureFuture(${name}())`,
    );
  if (kind === "asyncgen")
    return new TypeError(
      `${head} the async generator function ${name}; write a function* generator instead (await → yield*)`,
    );
  if (isFuture(x))
    return new TypeError(
      `${head} a Future (${String(x)}), which is already scheduled; await it with yield* future, or in an async function with await`,
    );
  if (typeof x === "object" && isThenable(x)) {
    const what2 = x instanceof Promise ? "a Promise" : "a thenable";
    return new TypeError(
      callee === "run" || callee === "runner.run"
        ? `${head} ${what2}, which runs by itself: await it directly, or inside a coroutine with yield* ensureFuture(promise)`
        : `${head} ${what2}, which runs by itself: to await it in a coroutine, wrap it with yield* ensureFuture(promise)`,
    );
  }
  return new TypeError(`${head} ${describe(x)}`);
}
