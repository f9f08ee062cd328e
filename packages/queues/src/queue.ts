// Port of Lib/asyncio/queues.py (3.13): Queue, with shutdown() (3.13) and CPython's
// handling of cancelled getters and putters: a waiter woken and then cancelled passes the
// wake-up on, so no item and no free slot is ever lost.
import {
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  type AbstractEventLoop,
  type Future,
} from "@tsasyncio/futures";
import { Deque, inspectCustom, pyRepr } from "@tsasyncio/futures/internal";
import type { Coroutine } from "@tsasyncio/tasks";
import { DONE_UNDEFINED, getLoop, nameOperation, Operation } from "@tsasyncio/tasks/internal";

const NEW = 0;
const WAITING = 1;
const DONE = 2;

/** @internal Where a queue keeps its items: FIFO, LIFO or a heap (CPython's `_init`). */
export interface QueueStorage<T> {
  readonly length: number;
  push(item: T): void;
  /** Removes the next item; the queue checked that there is one. */
  take(): T;
  toArray(): T[];
}

/**
 * A FIFO queue for producer and consumer Tasks: `put()` waits while the queue is full,
 * `get()` waits while it is empty.
 *
 * @remarks
 * Python's `asyncio.Queue`, including 3.13's `shutdown()`. With `maxsize` ≤ 0 (the
 * default) the queue is unbounded. Every `put` adds an unfinished task; consumers call
 * `taskDone()` for each item they finished, and `join()` waits until none is unfinished.
 * Waiting getters and putters are served in FIFO order; a cancelled `get()` or `put()`
 * never loses nor duplicates an item. `qsize()` is exact (a single thread runs the loop).
 * Items are kept in a ring buffer: `put`/`get` are O(1), and neither creates a Future
 * unless it has to wait. In an `async` function, `for await (const item of queue)` takes
 * items until the queue is shut down (then `QueueShutDown` ends the loop); it does not
 * call `taskDone()`. `String(queue)`: `<Queue maxsize=10 _queue=[1, 2] tasks=2>`.
 * @typeParam T - the type of the items
 * @example
 * ```ts
 * import { run, createTask, Queue } from "tsasyncio";
 * await run(function* () {
 *   const queue = new Queue<number>(2);
 *   const consumer = createTask(function* () {
 *     let total = 0;
 *     for (;;) {
 *       const n = yield* queue.get();
 *       if (n < 0) return total;
 *       total += n;
 *       queue.taskDone();
 *     }
 *   }());
 *   for (const n of [1, 2, 3, 4]) yield* queue.put(n);
 *   yield* queue.join(); // every item was taken and marked done
 *   console.log(String(queue)); // prints: <Queue maxsize=2 _getters[1]>
 *   yield* queue.put(-1);
 *   console.log(yield* consumer); // prints: 10
 * }());
 * ```
 * @category Queues
 */
export class Queue<T = unknown> implements AsyncIterable<T> {
  /** @internal */ readonly _maxsize: number;
  /** @internal Futures of the Tasks waiting in get(), FIFO. */
  _getters = new Deque<Future<void>>();
  /** @internal Futures of the Tasks waiting in put(), FIFO. */
  _putters = new Deque<Future<void>>();
  /** @internal */ _unfinishedTasks = 0;
  /** @internal Set when no task is unfinished (CPython's `_finished` Event). */
  readonly _finished = new Finished();
  /** @internal The items. */
  _queue: QueueStorage<T>;
  /** @internal */ _isShutdown = false;
  /** @internal The loop this queue is bound to (the loop-binding mixin). */
  _loop: AbstractEventLoop | null = null;

  /**
   * @param maxsize - the most items the queue holds; ≤ 0 (the default) for no limit
   * @throws TypeError if `maxsize` is not a number
   */
  constructor(maxsize = 0) {
    if (typeof maxsize !== "number")
      throw new TypeError(`Queue() expected maxsize to be a number, got ${typeof maxsize}`);
    this._maxsize = maxsize;
    this._finished.set();
    this._queue = this._init(maxsize);
  }

  /** @internal CPython's `_init`: the storage (overridden by LifoQueue and PriorityQueue). */
  _init(_maxsize: number): QueueStorage<T> {
    return new Deque<T>();
  }

  /** The number of items in the queue. */
  qsize(): number {
    return this._queue.length;
  }

  /** The most items the queue holds (≤ 0: no limit). */
  get maxsize(): number {
    return this._maxsize;
  }

  /** Whether the queue has no items. */
  empty(): boolean {
    return this._queue.length === 0;
  }

  /** Whether the queue holds `maxsize` items; never true for an unbounded queue. */
  full(): boolean {
    const maxsize = this._maxsize;
    return maxsize > 0 && this._queue.length >= maxsize;
  }

  /**
   * Puts an item into the queue, waiting while it is full.
   *
   * @remarks Python's `Queue.put()`. Returns at once, without suspending, when the queue
   * is not full.
   * @param item - the item
   * @returns a coroutine
   * @throws {@link QueueShutDown} if the queue was shut down (also while waiting)
   * @throws {@link CancelledError} if the waiting Task is cancelled (the item is not put)
   */
  put(item: T): Coroutine<void> & PromiseLike<void> {
    return new QueuePut<T>(this, item);
  }

  /**
   * Puts an item into the queue without waiting.
   * @param item - the item
   * @throws {@link QueueFull} if the queue is full
   * @throws {@link QueueShutDown} if the queue was shut down
   */
  putNowait(item: T): void {
    if (this._isShutdown) throw new QueueShutDown("put into a queue that was shut down");
    if (this.full())
      throw new QueueFull(
        `the queue is full (maxsize=${pyRepr(this._maxsize)}): putNowait() does not wait; use put() to wait for a free slot`,
      );
    this._queue.push(item);
    this._unfinishedTasks++;
    this._finished._value = false;
    wakeupNext(this._getters);
  }

  /**
   * Removes and returns an item, waiting while the queue is empty.
   *
   * @remarks Python's `Queue.get()`. Returns at once, without suspending, when an item is
   * there.
   * @returns a coroutine resolving to the item
   * @throws {@link QueueShutDown} if the queue was shut down and is empty (at once for
   *   `shutdown(true)`)
   * @throws {@link CancelledError} if the waiting Task is cancelled (no item is taken)
   */
  get(): Coroutine<T> & PromiseLike<T> {
    return new QueueGet<T>(this);
  }

  /**
   * Removes and returns an item without waiting.
   * @throws {@link QueueEmpty} if the queue is empty
   * @throws {@link QueueShutDown} if the queue is empty and was shut down
   */
  getNowait(): T {
    if (this._queue.length === 0) {
      if (this._isShutdown) throw new QueueShutDown("the queue was shut down and is empty");
      throw new QueueEmpty(
        "the queue is empty: getNowait() does not wait; use get() to wait for an item",
      );
    }
    const item = this._queue.take();
    wakeupNext(this._putters);
    return item;
  }

  /**
   * Marks an item taken with `get()` as done: when every item put has been marked done,
   * `join()` returns. `shutdown(true)` marks the items it drops.
   * @throws RangeError `taskDone() called too many times` (Python's `ValueError`)
   */
  taskDone(): void {
    if (this._unfinishedTasks <= 0) throw new RangeError("taskDone() called too many times");
    this._unfinishedTasks--;
    if (this._unfinishedTasks === 0) this._finished.set();
  }

  /**
   * Waits until every item put into the queue has been taken and marked done with
   * `taskDone()`.
   * @returns a coroutine
   */
  join(): Coroutine<void> & PromiseLike<void> {
    return new QueueJoin(this);
  }

  /**
   * Shuts the queue down: `put()` and `putNowait()` throw {@link QueueShutDown} from now
   * on, and so do `get()`/`getNowait()` once the queue is empty. Every Task waiting in
   * `put()` or `get()` wakes up (and gets `QueueShutDown` where that applies).
   *
   * @remarks Python 3.13's `Queue.shutdown()`.
   * @param immediate - also drop the remaining items, each marked done (which may
   *   release `join()`), so that `get()` throws at once
   */
  shutdown(immediate = false): void {
    this._isShutdown = true;
    if (immediate) {
      while (this._queue.length > 0) {
        this._queue.take();
        if (this._unfinishedTasks > 0) this._unfinishedTasks--;
      }
      if (this._unfinishedTasks === 0) this._finished.set();
    }
    // All getters need to re-check queue-empty to raise QueueShutDown.
    const getters = this._getters;
    while (getters.length > 0) {
      const getter = getters.shift() as Future<void>;
      if (!getter.done()) getter.setResult(undefined);
    }
    const putters = this._putters;
    while (putters.length > 0) {
      const putter = putters.shift() as Future<void>;
      if (!putter.done()) putter.setResult(undefined);
    }
  }

  /** @internal The loop-binding mixin's `_get_loop()`. */
  _getLoop(): AbstractEventLoop {
    return getLoop(this);
  }

  /** @internal The class name the repr shows. */
  _kind(): string {
    return "Queue";
  }

  /** @internal CPython's `_format()`: the repr's inner part. */
  _format(): string {
    let result = `maxsize=${pyRepr(this._maxsize)}`;
    if (this._queue.length > 0) result += ` _queue=${pyRepr(this._queue.toArray())}`;
    if (this._getters.length > 0) result += ` _getters[${this._getters.length}]`;
    if (this._putters.length > 0) result += ` _putters[${this._putters.length}]`;
    if (this._unfinishedTasks !== 0) result += ` tasks=${this._unfinishedTasks}`;
    if (this._isShutdown) result += " shutdown";
    return result;
  }

  /** CPython's `str()`: `<Queue maxsize=10 _queue=[1, 2] tasks=2>`. */
  toString(): string {
    return `<${this._kind()} ${this._format()}>`;
  }

  /** @internal Node's `util.inspect` shows the repr. */
  [inspectCustom](): string {
    return this.toString();
  }

  /**
   * `for await (const item of queue)` in an `async` function: takes items with `get()`
   * until the queue is shut down and empty (`QueueShutDown` ends the loop; other errors
   * are thrown). It does not call `taskDone()`.
   */
  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return new QueueIterator<T>(this);
  }
}

/** CPython's `_wakeup_next`: wakes the first waiter that is not done (cancelled) yet. */
function wakeupNext(waiters: Deque<Future<void>>): void {
  while (waiters.length > 0) {
    const waiter = waiters.shift() as Future<void>;
    if (!waiter.done()) {
      waiter.setResult(undefined);
      break;
    }
  }
}

/** @internal The `_finished` Event of a queue (the queues layer does not import sync). */
export class Finished {
  /** The flag. */
  _value = false;
  /** Futures of the Tasks waiting in join(). */
  _waiters = new Deque<Future<boolean>>();
  /** The loop this event is bound to. */
  _loop: AbstractEventLoop | null = null;

  set(): void {
    if (!this._value) {
      this._value = true;
      const waiters = this._waiters;
      for (let i = 0, n = waiters.length; i < n; i++) {
        const fut = waiters.at(i) as Future<boolean>;
        if (!fut.done()) fut.setResult(true);
      }
    }
  }

  toString(): string {
    const n = this._waiters.length;
    return `<Event [${this._value ? "set" : "unset"}${n > 0 ? `, waiters:${n}` : ""}]>`;
  }
}

/** The coroutine of `Queue.get()`. */
class QueueGet<T> extends Operation<T> {
  static {
    nameOperation(this, "Queue.get");
  }
  readonly #queue: Queue<T>;
  #state = NEW;
  #getter: Future<void> | null = null;

  constructor(queue: Queue<T>) {
    super();
    this.#queue = queue;
  }

  next(): IteratorResult<unknown, T> {
    const q = this.#queue;
    if (this.#state === NEW) {
      // The fast path, inlined: an item is there (get_nowait without the checks).
      const items = q._queue;
      if (items.length !== 0) {
        this.#state = DONE;
        const item = items.take();
        if (q._putters.length !== 0) wakeupNext(q._putters);
        return { done: true, value: item };
      }
    } else if (this.#state === WAITING) {
      const getter = this.#getter as Future<void>;
      if (!getter.done()) {
        getter._asyncioFutureBlocking = true;
        return { done: false, value: getter };
      }
      try {
        getter.result();
      } catch (e) {
        return this.throw(e);
      }
      this.#state = NEW;
    } else if (this.#state === DONE) return DONE_UNDEFINED as IteratorResult<unknown, T>;
    // while self.empty(): ...
    if (q._queue.length === 0) {
      if (q._isShutdown) {
        this.#state = DONE;
        throw new QueueShutDown("the queue was shut down and is empty");
      }
      const getter = q._getLoop().createFuture<void>();
      q._getters.push(getter);
      this.#getter = getter;
      this.#state = WAITING;
      getter._asyncioFutureBlocking = true;
      return { done: false, value: getter };
    }
    this.#state = DONE;
    return { done: true, value: q.getNowait() };
  }

  throw(error: unknown): IteratorResult<unknown, T> {
    this._leave();
    throw error;
  }

  return(value?: T): IteratorResult<unknown, T> {
    this._leave();
    return { done: true, value: value as T };
  }

  // CPython's `except:` clause around `await getter` (it catches GeneratorExit too).
  /** @internal */
  _leave(): void {
    if (this.#state === WAITING) {
      const q = this.#queue;
      const getter = this.#getter as Future<void>;
      getter.cancel(); // Just in case the getter is not done yet.
      // The getter may have been removed already, by putNowait() or shutdown().
      q._getters.remove(getter);
      // Woken up by putNowait(), but we cannot take the item: wake up the next in line.
      if (q._queue.length > 0 && !getter.cancelled()) wakeupNext(q._getters);
    }
    this.#state = DONE;
  }
}

/** The coroutine of `Queue.put()`. */
class QueuePut<T> extends Operation<void> {
  static {
    nameOperation(this, "Queue.put");
  }
  readonly #queue: Queue<T>;
  readonly #item: T;
  #state = NEW;
  #putter: Future<void> | null = null;

  constructor(queue: Queue<T>, item: T) {
    super();
    this.#queue = queue;
    this.#item = item;
  }

  next(): IteratorResult<unknown, void> {
    const q = this.#queue;
    if (this.#state === NEW) {
      // The fast path, inlined: the queue is open and not full (put_nowait without the
      // checks).
      const items = q._queue;
      const maxsize = q._maxsize;
      if (!q._isShutdown && !(maxsize > 0 && items.length >= maxsize)) {
        this.#state = DONE;
        items.push(this.#item);
        q._unfinishedTasks++;
        q._finished._value = false;
        if (q._getters.length !== 0) wakeupNext(q._getters);
        return DONE_UNDEFINED;
      }
    } else if (this.#state === WAITING) {
      const putter = this.#putter as Future<void>;
      if (!putter.done()) {
        putter._asyncioFutureBlocking = true;
        return { done: false, value: putter };
      }
      try {
        putter.result();
      } catch (e) {
        return this.throw(e);
      }
      this.#state = NEW;
    } else if (this.#state === DONE) return DONE_UNDEFINED;
    // while self.full(): ...
    if (q.full()) {
      if (q._isShutdown) {
        this.#state = DONE;
        throw new QueueShutDown("put into a queue that was shut down");
      }
      const putter = q._getLoop().createFuture<void>();
      q._putters.push(putter);
      this.#putter = putter;
      this.#state = WAITING;
      putter._asyncioFutureBlocking = true;
      return { done: false, value: putter };
    }
    this.#state = DONE;
    q.putNowait(this.#item);
    return DONE_UNDEFINED;
  }

  throw(error: unknown): IteratorResult<unknown, void> {
    this._leave();
    throw error;
  }

  return(): IteratorResult<unknown, void> {
    this._leave();
    return DONE_UNDEFINED;
  }

  /** @internal */
  _leave(): void {
    if (this.#state === WAITING) {
      const q = this.#queue;
      const putter = this.#putter as Future<void>;
      putter.cancel(); // Just in case the putter is not done yet.
      // The putter may have been removed already, by getNowait() or shutdown().
      q._putters.remove(putter);
      // Woken up by getNowait(), but we cannot take the slot: wake up the next in line.
      if (!q.full() && !putter.cancelled()) wakeupNext(q._putters);
    }
    this.#state = DONE;
  }
}

/** The coroutine of `Queue.join()`: `if unfinished: await self._finished.wait()`. */
class QueueJoin extends Operation<void> {
  static {
    nameOperation(this, "Queue.join");
  }
  readonly #queue: Queue<unknown>;
  #state = NEW;
  #fut: Future<boolean> | null = null;

  constructor(queue: Queue<unknown>) {
    super();
    this.#queue = queue;
  }

  next(): IteratorResult<unknown, void> {
    if (this.#state === NEW) {
      const q = this.#queue;
      const finished = q._finished;
      if (q._unfinishedTasks <= 0 || finished._value) {
        this.#state = DONE;
        return DONE_UNDEFINED;
      }
      const fut = getLoop(finished).createFuture<boolean>();
      finished._waiters.push(fut);
      this.#fut = fut;
      this.#state = WAITING;
      fut._asyncioFutureBlocking = true;
      return { done: false, value: fut };
    }
    if (this.#state === WAITING) {
      const fut = this.#fut as Future<boolean>;
      if (!fut.done()) {
        fut._asyncioFutureBlocking = true;
        return { done: false, value: fut };
      }
      this.#state = DONE;
      this.#queue._finished._waiters.remove(fut);
      fut.result(); // throws CancelledError if the waiter was cancelled
    }
    return DONE_UNDEFINED;
  }

  throw(error: unknown): IteratorResult<unknown, void> {
    this._leave();
    throw error;
  }

  return(): IteratorResult<unknown, void> {
    this._leave();
    return DONE_UNDEFINED;
  }

  /** @internal */
  _leave(): void {
    if (this.#state === WAITING)
      this.#queue._finished._waiters.remove(this.#fut as Future<boolean>);
    this.#state = DONE;
  }
}

/** `for await (const item of queue)`: get() until QueueShutDown. */
class QueueIterator<T> implements AsyncIterator<T, undefined> {
  readonly #queue: Queue<T>;

  constructor(queue: Queue<T>) {
    this.#queue = queue;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    // Our coroutine objects' then() returns a real Promise.
    return (this.#queue.get() as unknown as Promise<T>).then(
      (value): IteratorResult<T, undefined> => ({ done: false, value }),
      (e: unknown): IteratorResult<T, undefined> => {
        if (e instanceof QueueShutDown) return { done: true, value: undefined };
        throw e;
      },
    );
  }

  return(): Promise<IteratorResult<T, undefined>> {
    return Promise.resolve({ done: true, value: undefined });
  }
}
