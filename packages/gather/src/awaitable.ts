// The awaitables the combinators of Lib/asyncio/tasks.py accept (CPython's
// `inspect.isawaitable` objects), and the type helpers that turn a list of them into the
// tuple of their results.
import type { Future } from "@tsasyncio/futures";
import type { Coroutine } from "@tsasyncio/tasks";

/**
 * Anything a combinator can await: a Future (or Task), a coroutine, or a Promise (any
 * thenable), which is wrapped with `ensureFuture`.
 *
 * @remarks Python's `Awaitable[T]`. Coroutines are wrapped in Tasks, Promises in Futures
 * that the loop settles through `callSoon`.
 * @typeParam T - the result type
 * @example
 * ```ts
 * import { run, gather, sleep, type Awaitable } from "tsasyncio";
 * await run(function* () {
 *   const jobs: Awaitable<number>[] = [sleep(0.01, 1), Promise.resolve(2)];
 *   console.log(yield* gather(...jobs)); // prints: [ 1, 2 ]
 * }());
 * ```
 * @category Gathering
 */
export type Awaitable<T = unknown> = Future<T> | Coroutine<T> | PromiseLike<T>;

/**
 * The result type of an awaitable: `number` for a `Task<number>`, a `Coroutine<number>` or
 * a `Promise<number>`.
 *
 * @remarks What `await x` evaluates to in Python (`yield* x` here).
 * @typeParam A - the awaitable's type
 * @example
 * ```ts
 * import type { AwaitedResult, Task } from "tsasyncio";
 * const n: AwaitedResult<Task<number>> = 42;
 * console.log(n); // prints: 42
 * ```
 * @category Gathering
 */
export type AwaitedResult<A> =
  A extends Future<infer T>
    ? T
    : A extends Generator<unknown, infer T, never>
      ? T
      : A extends PromiseLike<infer T>
        ? T
        : never;

/**
 * The results of `gather(...aws)`: a tuple with the result type of each awaitable, in
 * argument order.
 *
 * @typeParam A - the tuple (or array) of the awaitables' types
 * @example
 * ```ts
 * import type { GatherResults, Task, Coroutine } from "tsasyncio";
 * const r: GatherResults<[Task<number>, Coroutine<string>]> = [1, "a"];
 * console.log(r); // prints: [ 1, 'a' ]
 * ```
 * @category Gathering
 */
export type GatherResults<A extends readonly unknown[]> = {
  -readonly [K in keyof A]: AwaitedResult<A[K]>;
};

/**
 * The results of `gather(...aws, { returnExceptions: true })`: each element is the
 * awaitable's result or the error it raised (a `CancelledError` for a cancelled child).
 *
 * @remarks Errors are typed `Error`; a child that threw a non-Error value puts that
 * value in the list.
 * @typeParam A - the tuple (or array) of the awaitables' types
 * @example
 * ```ts
 * import type { GatherResultsOrErrors, Task } from "tsasyncio";
 * const r: GatherResultsOrErrors<[Task<number>]> = [new Error("boom")];
 * console.log(r[0] instanceof Error); // prints: true
 * ```
 * @category Gathering
 */
export type GatherResultsOrErrors<A extends readonly unknown[]> = {
  -readonly [K in keyof A]: AwaitedResult<A[K]> | Error;
};

/**
 * The type `asCompleted` yields in `for await`: the Future or Task itself when one was
 * given, else the Future that wraps the awaitable.
 *
 * @typeParam A - the awaitable's type
 * @example
 * ```ts
 * import type { FutureOf, Task, Coroutine } from "tsasyncio";
 * type A = FutureOf<Task<number>>; // Task<number>
 * type B = FutureOf<Coroutine<string>>; // Future<string>
 * const none: [A, B] | null = null;
 * console.log(none); // prints: null
 * ```
 * @category Gathering
 */
export type FutureOf<A> = A extends Future<unknown> ? A : Future<AwaitedResult<A>>;

/**
 * A finished Future or Task as `for await (const t of asCompleted(aws))` yields it: the
 * object itself, typed without its `then` method.
 *
 * @remarks TypeScript types the variable of a `for await` loop as the *awaited* value (it
 * assumes that async iterators never yield thenables), so a `Task<number>` would show as
 * `number`. Hiding `then` keeps the Task's type: compare it with the Tasks you hold and
 * read its outcome with `t.result()` (it is done).
 * @typeParam F - the Future or Task type
 * @example
 * ```ts
 * import type { Finished, Task } from "tsasyncio";
 * const read = (t: Finished<Task<number>>): number => t.result();
 * console.log(typeof read); // prints: function
 * ```
 * @category Gathering
 */
export type Finished<F> = Omit<F, "then">;
