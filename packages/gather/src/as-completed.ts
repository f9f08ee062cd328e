// Port of as_completed() and _AsCompletedIterator from Lib/asyncio/tasks.py (3.13): a
// plain iteration yields coroutines that return (or raise) the next result to complete;
// an asynchronous iteration (`for await`) yields the finished Futures and Tasks
// themselves, the original ones where Futures or Tasks were given.
import { TimeoutError, isFuture, type Future } from "@tsasyncio/futures";
import { _getEventLoop } from "@tsasyncio/futures/internal";
import { ensureFuture, isCoroutine, type Coroutine } from "@tsasyncio/tasks";
import type { Awaitable, AwaitedResult, Finished, FutureOf } from "./awaitable.js";
import { DoneQueue } from "./internal/done-queue.js";
import { describeValue, isThenable, type GatherLoop, type TimerLike } from "./internal/helpers.js";

/**
 * Options of {@link asCompleted}.
 * @category Gathering
 */
export interface AsCompletedOptions {
  /**
   * Seconds after which the remaining awaits raise `TimeoutError`; `null` or absent
   * waits without limit.
   */
  timeout?: number | null;
}

/**
 * A coroutine that can also be awaited with `await` in an `async` function (it then runs as
 * a Task): what a plain iteration of {@link asCompleted} yields.
 * @typeParam T - the result type
 * @example
 * ```ts
 * import { run, asCompleted, sleep, type AwaitableCoroutine } from "tsasyncio";
 * await run(function* () {
 *   const [next]: AwaitableCoroutine<number>[] = [...asCompleted([sleep(0.01, 1)])];
 *   console.log(yield* next!); // prints: 1
 * }());
 * ```
 * @category Gathering
 */
export type AwaitableCoroutine<T> = Coroutine<T> & PromiseLike<T>;

// Makes a coroutine awaitable from async functions too: `await next` runs it as a Task.
function thenable<T>(coro: Coroutine<T>, loop: GatherLoop): AwaitableCoroutine<T> {
  const c = coro as AwaitableCoroutine<T>;
  c.then = (onfulfilled, onrejected) => ensureFuture(coro, { loop }).then(onfulfilled, onrejected);
  return c;
}

/**
 * What {@link asCompleted} returns: iterate it with `for … of` (each item is a coroutine
 * to `yield*` for the next result) or with `for await … of` in an `async` function (each
 * item is the next finished Future or Task).
 *
 * @remarks Python 3.13's `_AsCompletedIterator`. Both kinds of iteration share one state:
 * breaking out of a loop and iterating again resumes where it stopped.
 * @typeParam T - the result type
 * @typeParam F - the type of the Futures yielded by `for await`
 * @example
 * ```ts
 * import { run, asCompleted, sleep } from "tsasyncio";
 * await run(function* () {
 *   const it = asCompleted([sleep(0.01, "a"), sleep(0.02, "b"), sleep(0.03, "c")]);
 *   for (const next of it) {
 *     console.log(yield* next); // prints: a
 *     break;
 *   }
 *   for (const next of it) console.log(yield* next); // prints: b
 *   // prints: c
 * }());
 * ```
 * @category Gathering
 */
export class AsCompletedIterator<T, F = Future<T>>
  implements Iterable<AwaitableCoroutine<T>>, AsyncIterable<Finished<F>>
{
  readonly #loop: GatherLoop;
  readonly #done: DoneQueue<Future<T> | null>;
  readonly #todo: Set<Future<T>>;
  #todoLeft: number;
  #timeoutHandle: TimerLike | null = null;

  /** @internal Use {@link asCompleted}. */
  constructor(aws: Iterable<unknown>, timeout: number | null) {
    const loop = _getEventLoop("asCompleted()");
    this.#loop = loop;
    this.#done = new DoneQueue(loop);
    const todo = new Set<Future<T>>();
    for (const aw of new Set(aws)) todo.add(ensureFuture(aw as Awaitable<T>, { loop }));
    for (const f of todo) f.addDoneCallback(this.#handleCompletion);
    if (todo.size > 0 && timeout !== null)
      this.#timeoutHandle = loop.callLater(timeout, this.#handleTimeout);
    this.#todo = todo;
    this.#todoLeft = todo.size;
  }

  /** Plain iteration: each item is a coroutine that returns or raises the next result. */
  [Symbol.iterator](): IterableIterator<AwaitableCoroutine<T>> {
    const next = (): IteratorResult<AwaitableCoroutine<T>> => {
      if (this.#todoLeft === 0) return { done: true, value: undefined };
      this.#todoLeft--;
      return { done: false, value: thenable(this.#waitForOne(), this.#loop) };
    };
    return {
      next,
      [Symbol.iterator]() {
        return this;
      },
    };
  }

  /**
   * Asynchronous iteration: each item is the next Future or Task that finished (typed
   * {@link Finished}: read its outcome with `result()`).
   */
  [Symbol.asyncIterator](): AsyncIterator<Finished<F>> {
    return { next: () => this.#anext() };
  }

  async #anext(): Promise<IteratorResult<Finished<F>>> {
    if (this.#todoLeft === 0) return { done: true, value: undefined };
    this.#todoLeft--;
    const done = this.#done;
    while (done.empty()) {
      const getter = done.addGetter();
      try {
        await getter;
      } catch (e) {
        done.abandonGetter(getter);
        throw e;
      }
    }
    const f = done.getNowait();
    // A null is queued by the timeout, for each awaitable not done.
    if (f === null) throw new TimeoutError();
    return { done: false, value: f as unknown as Finished<F> };
  }

  *#waitForOne(): Coroutine<T> {
    const f = yield* this.#done.get();
    if (f === null) throw new TimeoutError();
    return f.result(); // May raise f's exception.
  }

  #handleTimeout = (): void => {
    for (const f of this.#todo) {
      f.removeDoneCallback(this.#handleCompletion);
      this.#done.putNowait(null); // A sentinel for each waiter.
    }
    this.#todo.clear();
  };

  #handleCompletion = (f: Future<T>): void => {
    if (this.#todo.size === 0) return; // The timeout was here first.
    this.#todo.delete(f);
    this.#done.putNowait(f);
    if (this.#todo.size === 0 && this.#timeoutHandle !== null) this.#timeoutHandle.cancel();
  };
}

/**
 * Runs awaitables concurrently and lets you handle their results in the order they
 * finish.
 *
 * @remarks
 * Python 3.13's `asyncio.as_completed()`. In a coroutine, iterate with `for … of`: each
 * item is a coroutine; `yield*` it for the next result to arrive (or its error):
 * `for (const next of asCompleted(tasks)) { const r = yield* next; }`. In an `async`
 * function, `for await (const t of asCompleted(tasks))` yields the finished Futures and
 * Tasks themselves (the ones you passed; coroutines and Promises are wrapped), so you
 * know which one finished; read `t.result()` (the loop variable is typed
 * {@link Finished}, because TypeScript would type an awaitable as its awaited value).
 * With a timeout, the remaining items raise `TimeoutError`; nothing is cancelled.
 * @param aws - an iterable of awaitables (duplicates count once)
 * @param options - `{ timeout }`
 * @returns an iterator usable with `for … of` and `for await … of`
 * @throws TypeError if `aws` is a single awaitable rather than an iterable of them
 * @throws {@link RuntimeError} if there is no loop (none running and none set)
 * @example
 * ```ts
 * import { run, asCompleted, sleep } from "tsasyncio";
 * await run(function* () {
 *   const order: string[] = [];
 *   for (const next of asCompleted([sleep(0.03, "slow"), sleep(0.01, "fast")])) {
 *     order.push(yield* next);
 *   }
 *   console.log(order.join(" then ")); // prints: fast then slow
 * }());
 * ```
 * @category Gathering
 */
export function asCompleted<A extends Awaitable<unknown>>(
  aws: Iterable<A>,
  options?: AsCompletedOptions,
): AsCompletedIterator<AwaitedResult<A>, FutureOf<A>> {
  if (isFuture(aws) || isCoroutine(aws) || isThenable(aws))
    throw new TypeError(
      `expects an iterable of awaitables, not ${describeValue(aws)}: pass an array, e.g. asCompleted([task])`,
    );
  if (
    aws === null ||
    typeof aws !== "object" ||
    typeof (aws as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function"
  )
    throw new TypeError(
      `asCompleted() expected an iterable of awaitables, got ${describeValue(aws)}`,
    );
  return new AsCompletedIterator(aws, options?.timeout ?? null);
}
