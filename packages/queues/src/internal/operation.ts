// Lazy coroutine objects that are also thenable (the approach of packages/tasks/src/sleep.ts):
// `yield* queue.get()` in a coroutine, `await queue.get()` in an async function.
//
// get(), put() and join() are hand-written state machines (Operation subclasses): one small
// object per call and no generator frame, and no Future at all when no waiting is needed.
// (A copy of packages/sync/src/internal/operation.ts: the layers do not import each other.)
import type { Future } from "@tsasyncio/futures";
import { inspectCustom } from "@tsasyncio/futures/internal";
import { ensureFuture, type Coroutine } from "@tsasyncio/tasks";

// The brand @tsasyncio/tasks' isCoroutine() recognises (Symbol.for: no import of an internal).
const coroutineBrand: unique symbol = Symbol.for("tsasyncio.coroutine") as never;

/** The shared result of an operation that finishes without a value. */
export const DONE_UNDEFINED: IteratorReturnResult<undefined> = Object.freeze({
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
