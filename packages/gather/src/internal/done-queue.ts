// The part of asyncio.Queue (Lib/asyncio/queues.py, 3.13) that as_completed() uses: an
// unbounded FIFO with get() and put_nowait(), and CPython's getter hand-off on
// cancellation. The queues package sits beside this one, not below it, so the gather
// layer carries this small copy.
import type { AbstractEventLoop, Future } from "@tsasyncio/futures";
import { Deque } from "@tsasyncio/futures/internal";
import type { Coroutine } from "@tsasyncio/tasks";

export class DoneQueue<T> {
  readonly #loop: AbstractEventLoop;
  readonly #items = new Deque<T>();
  readonly #getters = new Deque<Future<undefined>>();

  constructor(loop: AbstractEventLoop) {
    this.#loop = loop;
  }

  empty(): boolean {
    return this.#items.length === 0;
  }

  putNowait(item: T): void {
    this.#items.push(item);
    this.#wakeupNext();
  }

  /** The first item; the queue must not be empty. */
  getNowait(): T {
    return this.#items.take();
  }

  /** A Future that is set when an item may be available (CPython's getter). */
  addGetter(): Future<undefined> {
    const getter = this.#loop.createFuture<undefined>();
    this.#getters.push(getter);
    return getter;
  }

  /** What Queue.get() does when its getter was cancelled or failed. */
  abandonGetter(getter: Future<undefined>): void {
    getter.cancel(); // Just in case the getter is not done yet.
    this.#getters.remove(getter);
    if (!this.empty() && !getter.cancelled()) this.#wakeupNext();
  }

  /** CPython's `Queue.get()`. */
  *get(): Coroutine<T> {
    while (this.empty()) {
      const getter = this.addGetter();
      try {
        yield* getter;
      } catch (e) {
        this.abandonGetter(getter);
        throw e;
      }
    }
    return this.getNowait();
  }

  #wakeupNext(): void {
    const getters = this.#getters;
    while (getters.length > 0) {
      const waiter = getters.take();
      if (!waiter.done()) {
        waiter.setResult(undefined);
        break;
      }
    }
  }
}
