// Lazy coroutine objects that are also thenable: `yield* lock.acquire()` in a coroutine,
// `await lock.acquire()` in an async function (CPython's coroutine objects, Lib/asyncio's
// `async def` methods, which are awaitable from anywhere).
//
// The hot operations (sleep(), Lock.acquire, Event.wait, Queue.get, …) are hand-written
// state machines (Operation subclasses): one small object per call and no generator frame,
// and nothing at all beyond that object when no waiting is needed. The rarer, more
// involved ones (Condition.wait, Barrier.wait, …) are ordinary generator functions whose
// generator objects are made thenable through the function's `prototype`
// (makeThenable), so `yield*` reaches them directly, with no wrapper in between.
import type { Future } from "@tsasyncio/futures";
import { inspectCustom } from "@tsasyncio/futures/internal";
import { coroutineBrand, type Coroutine } from "../coroutines.js";
import { ensureFuture } from "../create-task.js";

/** The shared result of an operation that finishes without a value. */
export const DONE_UNDEFINED: IteratorReturnResult<undefined> = /* @__PURE__ */ Object.freeze({
  done: true,
  value: undefined,
});

/**
 * The base of the hand-written coroutine objects: the iterator protocol that `yield*`
 * drives, `then` for `await`, a name for Task reprs, and CPython's coroutine repr.
 */
export abstract class Operation<T> implements Coroutine<T>, PromiseLike<T> {
  static {
    Object.defineProperty(this.prototype, coroutineBrand, { value: true });
  }
  /** The name Task reprs show (`coro=<Lock.acquire()>`); set on each subclass's prototype. */
  declare readonly _coroName: string;

  abstract next(value?: unknown): IteratorResult<unknown, T>;
  abstract throw(error: unknown): IteratorResult<unknown, T>;
  abstract return(value?: T): IteratorResult<unknown, T>;

  [Symbol.iterator](): this {
    return this;
  }

  /** Closing the coroutine early: the cleanup of `return()`. */
  [Symbol.dispose](): void {
    this.return(undefined);
  }

  get [Symbol.toStringTag](): string {
    return "Coroutine";
  }

  /** Awaiting the coroutine runs it as a Task on the running loop. */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    let fut: Future<T>;
    try {
      fut = ensureFuture<T>(this);
    } catch (e) {
      return Promise.reject(e).then(onfulfilled, onrejected);
    }
    return fut.then(onfulfilled, onrejected);
  }

  toString(): string {
    return `<coroutine ${this._coroName}()>`;
  }

  [inspectCustom](): string {
    return this.toString();
  }
}

/** Sets the name Task reprs show for an Operation subclass. */
export function nameOperation(cls: { prototype: object }, name: string): void {
  Object.defineProperty(cls.prototype, "_coroName", { value: name, configurable: true });
}

/**
 * Makes the generator objects of `fn` thenable and gives them a name for Task reprs
 * (`coro=<Condition.wait()>`), by extending `fn.prototype`, which they inherit from.
 */
export function makeThenable(fn: unknown, name: string): void {
  const proto = (fn as { prototype: object }).prototype;
  Object.defineProperties(proto, {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- a method of the generators
    then: { value: Operation.prototype.then, writable: true, configurable: true },
    _coroName: { value: name, writable: true, configurable: true },
    toString: {
      value: function toString(): string {
        return `<coroutine ${name}()>`;
      },
      writable: true,
      configurable: true,
    },
  });
}
