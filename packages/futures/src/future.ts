// Port of Lib/asyncio/futures.py (3.13): the pure-Python Future, with CPython's state
// machine, callback scheduling, reprs and "exception was never retrieved" reporting.
import {
  EMPTY_DATA,
  RECEIVER,
  SELF_CONTEXT,
  currentData,
  type Context,
  type Data,
} from "./context.js";
import { CancelledError, InvalidStateError, RuntimeError } from "./errors.js";
import { _getEventLoop, type AbstractEventLoop } from "./loop-interface.js";
import { callbackRepr, inspectCustom, pyRepr, errorRepr } from "./repr.js";

// `Future._flags`: the state in the low two bits, then flags. One small integer instead of
// a field each keeps every Future (and every Task: memory per pending task is a benchmark
// target) small.
const STATE = 3;
const PENDING = 0;
const CANCELLED = 1;
const FINISHED = 2;
/** @internal Flag: finished with an exception, which is in `_result`. */
export const HAS_EXCEPTION = 4;
/** @internal Flag: CPython's `_asyncio_future_blocking`. */
export const BLOCKING = 8;
// Flag: the inline callback `_cb0` runs in a context with no variables set (the common
// case, which then needs no field for its context). Without it, a function in `_cb0` runs
// in whatever context is current (internal callbacks, registered with SELF_CONTEXT), and
// a WakeupReceiver enters its own.
const CB0_EMPTY_CONTEXT = 16;
/** @internal The first bit of `_flags` that subclasses (Task) may use. */
export const FREE_FLAG = 32;
const STATE_NAMES = ["pending", "cancelled", "finished"] as const;

/**
 * @internal Something that waits on Futures without a closure: it registers itself as the
 * done callback, and the loop calls `_wakeup(future)` with the Future that finished. A Task
 * is one (CPython's `Task.__wakeup`), and so is the outer Future of a gather (CPython's
 * `_done_callback`).
 */
export interface WakeupReceiver {
  /** Woken by `future`, done; without a Future, a Task takes a plain step. */
  _wakeup(future: Future<unknown> | undefined): void;
  /** How the Future's repr shows the receiver among its callbacks (`taskWakeup()`). */
  _receiverRepr(): string;
}

/** @internal The rarely used state of a Future (see `Future._x`). */
interface FutureExtra {
  cbs: unknown[] | null;
  waiters: ((f: never) => void) | ((f: never) => void)[] | null;
  cancelMessage: string | undefined;
  cancelledExc: CancelledError | undefined;
  sourceTraceback: string | undefined;
  logTraceback: boolean;
}

/** A callback registered with {@link Future.addDoneCallback}. */
export type DoneCallback<F> = (future: F) => unknown;

/** Options of {@link Future.addDoneCallback}. */
export interface AddDoneCallbackOptions {
  /** The context the callback runs in (default: a copy of the current one). */
  context?: Context;
}

/** Options of the {@link Future} constructor. */
export interface FutureOptions {
  /** The loop the Future belongs to (default: the running loop, else the one set). */
  loop?: AbstractEventLoop;
}

interface Unretrieved {
  loop: AbstractEventLoop;
  exception: unknown;
  message: string;
  repr: string;
  sourceTraceback: string | undefined;
}

// Reports exceptions that were set and never retrieved, when the Future is collected.
let registry: FinalizationRegistry<Unretrieved> | undefined;

// The Futures whose repr is being built: a Future whose result contains itself prints as
// `...` there (CPython decorates `_future_repr` with `reprlib.recursive_repr()`).
const reprRunning = new Set<object>();
function reportUnretrieved(h: Unretrieved): void {
  const context: Record<string, unknown> = {
    message: h.message,
    exception: h.exception,
    future: h.repr,
  };
  if (h.sourceTraceback !== undefined) context["sourceTraceback"] = h.sourceTraceback;
  h.loop.callExceptionHandler(context as { message: string });
}

// The options object that subclasses of ours pass to Future's constructor, reused: a Task
// is created per coroutine, and `super({ loop })` would allocate an object each time.
const LOOP_OPTION: { loop: AbstractEventLoop | undefined } = { loop: undefined };

/**
 * @internal `super(loopOption(loop))` in a Future subclass is `super({ loop })` without
 * an allocation. The constructor reads the loop before it calls anything.
 */
export function loopOption(loop: AbstractEventLoop): FutureOptions {
  LOOP_OPTION.loop = loop;
  return LOOP_OPTION as FutureOptions;
}

/**
 * A value that will exist later: the low-level awaitable that Tasks wait on.
 *
 * @remarks
 * Python's `asyncio.Future`. Await it with `yield* future` in a coroutine (its result is
 * the expression's value, typed `T`) or with `await future` in an `async` function.
 * Done callbacks always run through the loop's `callSoon`, never inline. An exception
 * that is set and never retrieved is reported to the loop's exception handler when the
 * Future is garbage-collected.
 * @typeParam T - the type of the result
 * @example
 * ```ts
 * import { run, getRunningLoop } from "tsasyncio";
 * await run(function* () {
 *   const loop = getRunningLoop();
 *   const fut = loop.createFuture<number>();
 *   loop.callLater(0.01, () => fut.setResult(42));
 *   const value = yield* fut; // value: number
 *   console.log(value, String(fut)); // prints: 42 <Future finished result=42>
 * }());
 * ```
 * @category Futures
 */
export class Future<T = unknown> implements PromiseLike<T> {
  /** @internal The state (`_flags & 3`: pending, cancelled, finished) and flags. */
  _flags = PENDING;
  /** @internal The result, or the exception when `HAS_EXCEPTION` is set. */
  _result: unknown = undefined;
  /** @internal */ _loop: AbstractEventLoop;
  // Callbacks: the first one inline when it needs no context of its own (most futures
  // have exactly one such), the others in `_x.cbs` with their contexts. A callback may also
  // be a waiting Task (a {@link WakeupReceiver}): no closure per Task.
  /** @internal */ _cb0: ((future: never) => unknown) | WakeupReceiver | null = null;
  // Everything a Future rarely needs lives in one lazily made object, so that the common
  // Future (and every Task) stays small: memory per pending task is a benchmark target.
  /** @internal */ _x: FutureExtra | null = null;

  /**
   * CPython's `_asyncio_future_blocking`: true while a coroutine waits on this Future via
   * `yield*`. Its presence is what {@link isFuture} duck-types on.
   */
  get _asyncioFutureBlocking(): boolean {
    return (this._flags & BLOCKING) !== 0;
  }
  /** Sets or clears the flag (a Task clears it when it starts waiting). */
  set _asyncioFutureBlocking(value: boolean) {
    this._flags = value ? this._flags | BLOCKING : this._flags & ~BLOCKING;
  }

  /** @internal The exception that was set, or `undefined`. */
  get _exception(): unknown {
    return (this._flags & HAS_EXCEPTION) !== 0 ? this._result : undefined;
  }

  /**
   * @param options - `{ loop }`; without it the Future takes the running loop, else the
   *   loop set with `setEventLoop()`
   * @throws {@link RuntimeError} if there is no loop to attach to
   * @throws TypeError if `options` is not an options object (e.g. a loop passed directly)
   */
  constructor(options?: FutureOptions) {
    // Python's Future() takes no positional argument; in JavaScript the usual mistake is
    // new Future(loop), which would silently attach the Future to another loop.
    if (
      options != null &&
      (typeof options !== "object" ||
        typeof (options as { callSoon?: unknown }).callSoon === "function")
    )
      throw new TypeError(
        `Future() takes no positional arguments: pass the loop as new Future({ loop }), got ${pyRepr(options, true)}`,
      );
    this._loop = options?.loop ?? _getEventLoop("new Future()");
    LOOP_OPTION.loop = undefined;
    // A second store makes V8 see `_result` as a field that changes, from the first Future
    // of each class on. Otherwise it is compiled as a constant until the first Future of
    // the class completes, and that store (late: a gather completes only once its whole
    // tree has run) throws away the optimized code that makes Futures.
    this._result = undefined;
    if (this._loop.getDebug()) this._sourceTraceback = captureStack(2);
  }

  /** @internal */
  _extra(): FutureExtra {
    return (this._x ??= {
      cbs: null,
      waiters: null,
      cancelMessage: undefined,
      cancelledExc: undefined,
      sourceTraceback: undefined,
      logTraceback: false,
    });
  }

  /** @internal The message given to `cancel()`. */
  get _cancelMessage(): string | undefined {
    return this._x?.cancelMessage;
  }
  /** @internal */
  set _cancelMessage(value: string | undefined) {
    if (value !== undefined || this._x !== null) this._extra().cancelMessage = value;
  }

  /** @internal The CancelledError that came out of a Task's coroutine. */
  get _cancelledExc(): CancelledError | undefined {
    return this._x?.cancelledExc;
  }
  /** @internal */
  set _cancelledExc(value: CancelledError | undefined) {
    if (value !== undefined || this._x !== null) this._extra().cancelledExc = value;
  }

  /** @internal Where the Future was created (debug mode). */
  get _sourceTraceback(): string | undefined {
    return this._x?.sourceTraceback;
  }
  /** @internal */
  set _sourceTraceback(value: string | undefined) {
    if (value !== undefined || this._x !== null) this._extra().sourceTraceback = value;
  }

  /** The loop this Future belongs to. */
  getLoop(): AbstractEventLoop {
    return this._loop;
  }

  /** Whether the Future is done: it has a result, an exception, or was cancelled. */
  done(): boolean {
    return (this._flags & STATE) !== PENDING;
  }

  /** Whether the Future was cancelled. */
  cancelled(): boolean {
    return (this._flags & STATE) === CANCELLED;
  }

  /**
   * Cancels the Future and schedules its callbacks.
   * @param msg - a message carried by the `CancelledError` that awaiters get
   * @returns false if the Future was already done, else true
   */
  cancel(msg?: string): boolean {
    this._logTraceback = false;
    if (this.done()) return false;
    this._flags |= CANCELLED;
    this._cancelMessage = msg;
    this._scheduleCallbacks();
    return true;
  }

  /** @internal Python's `_make_cancelled_error`. */
  _makeCancelledError(): CancelledError {
    if (this._cancelledExc !== undefined) {
      const exc = this._cancelledExc;
      this._cancelledExc = undefined;
      return exc;
    }
    return this._cancelMessage === undefined
      ? new CancelledError()
      : new CancelledError(this._cancelMessage);
  }

  /**
   * The result.
   * @throws the Future's exception if one was set
   * @throws {@link CancelledError} if it was cancelled (carrying the cancel message)
   * @throws {@link InvalidStateError} `Result is not ready.` while pending
   */
  result(): T {
    const state = this._flags & STATE;
    if (state === FINISHED) {
      if ((this._flags & HAS_EXCEPTION) !== 0) {
        this._retrieved();
        throw this._result;
      }
      return this._result as T;
    }
    if (state === CANCELLED) throw this._makeCancelledError();
    throw new InvalidStateError("Result is not ready.");
  }

  /**
   * The exception that was set, or `undefined` if the Future has a result.
   * @throws {@link CancelledError} if it was cancelled
   * @throws {@link InvalidStateError} `Exception is not set.` while pending
   */
  exception(): unknown {
    const state = this._flags & STATE;
    if (state === FINISHED) {
      this._retrieved();
      return this._exception;
    }
    if (state === CANCELLED) throw this._makeCancelledError();
    throw new InvalidStateError("Exception is not set.");
  }

  /** @internal */
  _retrieved(): void {
    const x = this._x;
    if (x !== null && x.logTraceback) {
      x.logTraceback = false;
      registry?.unregister(this);
    }
  }

  /**
   * @internal CPython's `_log_traceback`: true while an exception that nobody retrieved
   * would be reported when the Future is garbage-collected. It can only be set to false
   * (as `Task.cancel()` does), which withdraws the report.
   */
  get _logTraceback(): boolean {
    return this._x?.logTraceback ?? false;
  }

  /** @internal */
  set _logTraceback(value: boolean) {
    if (value) throw new RangeError("_log_traceback can only be set to False");
    this._retrieved();
  }

  /**
   * Adds a callback to run, through the loop's `callSoon`, when the Future is done; if it
   * is done already, the callback is scheduled at once.
   * @param fn - called with the Future
   * @param options - `{ context }`: the context it runs in (default: a copy of the current one)
   */
  addDoneCallback(fn: DoneCallback<this>, options?: AddDoneCallbackOptions): void {
    if (typeof fn !== "function")
      throw new TypeError(`addDoneCallback() expected a function, got ${pyRepr(fn, true)}`);
    if (this.done()) {
      this._loop._callSoon(fn, this, options?.context ?? null);
      return;
    }
    // As in CPython, the default context is a copy of the one current now, when the
    // callback is added, not when the Future completes.
    // A snapshot of the variables (an immutable map: no copy now), made into a Context
    // only when the callback runs.
    const ctx = options?.context ?? currentData();
    this._addCallback(fn, ctx);
  }

  /** @internal Registers a callback (a function, or a waiting Task) while pending. */
  _addCallback(
    fn: ((future: never) => unknown) | WakeupReceiver,
    ctx: Context | Data | null,
  ): void {
    if (this._cb0 === null && (this._x === null || this._x.cbs === null)) {
      if (ctx === SELF_CONTEXT || typeof fn !== "function") {
        this._cb0 = fn;
        this._flags &= ~CB0_EMPTY_CONTEXT;
        return;
      }
      if (ctx === EMPTY_DATA) {
        this._cb0 = fn;
        this._flags |= CB0_EMPTY_CONTEXT;
        return;
      }
    }
    (this._extra().cbs ??= []).push(fn, ctx);
  }

  /**
   * Removes every registration of `fn`.
   * @returns how many were removed
   */
  removeDoneCallback(fn: DoneCallback<this>): number {
    let removed = 0;
    if (this._cb0 === (fn as unknown)) {
      this._cb0 = null;
      removed++;
    }
    const cbs = this._x?.cbs ?? null;
    if (cbs !== null) {
      const kept: unknown[] = [];
      for (let i = 0; i < cbs.length; i += 2) {
        if (cbs[i] === fn) removed++;
        else kept.push(cbs[i], cbs[i + 1]);
      }
      this._extra().cbs = kept.length > 0 ? kept : null;
    }
    return removed;
  }

  /** @internal Python's `__schedule_callbacks`: every callback, in registration order. */
  _scheduleCallbacks(): void {
    const loop = this._loop;
    const cb0 = this._cb0;
    if (cb0 !== null) {
      this._cb0 = null;
      if (typeof cb0 !== "function") loop._callSoon(cb0 as never, this, RECEIVER);
      else
        loop._callSoon(
          cb0,
          this,
          (this._flags & CB0_EMPTY_CONTEXT) !== 0 ? EMPTY_DATA : SELF_CONTEXT,
        );
    }
    const x = this._x;
    if (x === null) return;
    const waiters = x.waiters;
    if (waiters !== null) {
      x.waiters = null;
      if (typeof waiters === "function") waiters(this as never);
      else for (const w of waiters) w(this as never);
    }
    const cbs = x.cbs;
    if (cbs !== null) {
      x.cbs = null;
      for (let i = 0; i < cbs.length; i += 2) {
        const cb = cbs[i] as ((arg: never) => unknown) | WakeupReceiver;
        if (typeof cb === "function") loop._callSoon(cb, this, cbs[i + 1] as Context | Data | null);
        else loop._callSoon(cb as never, this, RECEIVER);
      }
    }
  }

  /**
   * Marks the Future done with a result and schedules its callbacks.
   * @throws {@link InvalidStateError} if it is already done
   */
  setResult(result: T): void {
    if (this.done()) throw this._alreadyDone();
    this._result = result;
    this._flags |= FINISHED;
    this._scheduleCallbacks();
  }

  /**
   * Marks the Future done with an error and schedules its callbacks.
   * @throws {@link InvalidStateError} if it is already done
   * @throws TypeError if `exception` is `undefined`
   */
  setException(exception: unknown): void {
    if (this.done()) throw this._alreadyDone();
    if (
      typeof exception === "function" &&
      (exception === Error || (exception as { prototype?: unknown }).prototype instanceof Error)
    )
      exception = new (exception as new () => Error)();
    if (exception === undefined)
      throw new TypeError("setException() needs an error, got undefined");
    this._result = exception;
    this._flags |= FINISHED | HAS_EXCEPTION;
    this._scheduleCallbacks();
    this._extra().logTraceback = true;
    // V8 keeps an error's stack frames (with their receivers, e.g. the Task whose step
    // threw) until `.stack` is first read; the registry holds the error strongly, so
    // format it now, or the Future could never be collected and reported.
    if (exception instanceof Error) void Reflect.get(exception, "stack");
    registry ??= new FinalizationRegistry(reportUnretrieved);
    registry.register(
      this,
      {
        loop: this._loop,
        exception,
        message: `${this._kind()} exception was never retrieved`,
        repr: String(this),
        sourceTraceback: this._sourceTraceback,
      },
      this,
    );
  }

  /** @internal The error of setting a result on a Future that is done. */
  _alreadyDone(): InvalidStateError {
    return new InvalidStateError(
      `${STATE_NAMES[(this._flags & STATE) as 0 | 1 | 2].toUpperCase()}: ${String(this)}`,
    );
  }

  /** @internal "Future" or "Task": the name reprs and the never-retrieved message use. */
  _kind(): string {
    return "Future";
  }

  /**
   * Awaiting with `yield*`: yields the Future itself to the Task running the coroutine
   * (which waits for it), then evaluates to the result (CPython's `__await__`).
   */
  [Symbol.iterator](): Iterator<unknown, T, unknown> {
    return new FutureIterator<T>(this);
  }

  /**
   * Awaiting with `await` in an `async` function: a real Promise that settles when the
   * Future is done (rejecting with the exception, or `CancelledError`).
   */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this._toPromise().then(onfulfilled, onrejected);
  }

  /** @internal A Promise settled with the outcome; no loop hop is needed to settle it. */
  _toPromise(): Promise<T> {
    if (this.done()) return settled(this);
    return new Promise<T>((resolve, reject) => {
      const waiter = (f: Future<T>): void => {
        settled(f).then(resolve, reject);
      };
      const x = this._extra();
      const w = x.waiters;
      if (w === null) x.waiters = waiter;
      else if (typeof w === "function") x.waiters = [w, waiter];
      else w.push(waiter);
    });
  }

  /** @internal The repr's inner parts (CPython's `_repr_info`). */
  _reprInfo(): string[] {
    const state = (this._flags & STATE) as 0 | 1 | 2;
    const info: string[] = [STATE_NAMES[state]];
    if (state === FINISHED) {
      if ((this._flags & HAS_EXCEPTION) !== 0) {
        const e = this._result;
        info.push(`exception=${e instanceof Error ? errorRepr(e) : pyRepr(e, true)}`);
      } else info.push(`result=${pyRepr(this._result, true)}`);
    }
    const cbs: unknown[] = [];
    if (this._cb0 !== null) cbs.push(this._cb0);
    const more = this._x?.cbs ?? null;
    if (more !== null) for (let i = 0; i < more.length; i += 2) cbs.push(more[i]);
    if (cbs.length > 0) {
      // A waiting Task shows as CPython shows its bound method: `taskWakeup()`.
      const f = (cb: unknown): string =>
        typeof cb === "function" ? callbackRepr(cb) : (cb as WakeupReceiver)._receiverRepr();
      const s =
        cbs.length === 1
          ? f(cbs[0])
          : cbs.length === 2
            ? `${f(cbs[0])}, ${f(cbs[1])}`
            : `${f(cbs[0])}, <${cbs.length - 2} more>, ${f(cbs[cbs.length - 1])}`;
      info.push(`cb=[${s}]`);
    }
    if (this._sourceTraceback !== undefined) {
      const frame = firstFrame(this._sourceTraceback);
      if (frame !== undefined) info.push(`created at ${frame}`);
    }
    return info;
  }

  /** CPython's repr: `<Future pending>`, `<Future finished result=42>`, `<Future cancelled>`. */
  toString(): string {
    if (reprRunning.has(this)) return "...";
    reprRunning.add(this);
    try {
      return `<${this._kind()} ${this._reprInfo().join(" ")}>`;
    } finally {
      reprRunning.delete(this);
    }
  }

  /** @internal Node's `util.inspect` shows the repr. */
  [inspectCustom](): string {
    return this.toString();
  }
}

// The object `yield* future` iterates (CPython's `__await__`): it yields the Future once
// while it is pending; resumed, it returns the result, or throws if the Future is still
// pending (the coroutine was resumed by something other than a Task waiting for it).
const IT_NEW = 0;
const IT_YIELDED = 1;
const IT_DONE = 2;
class FutureIterator<T> implements Iterator<unknown, T, unknown> {
  readonly #f: Future<T>;
  #state: typeof IT_NEW | typeof IT_YIELDED | typeof IT_DONE = IT_NEW;
  constructor(f: Future<T>) {
    this.#f = f;
  }
  next(): IteratorResult<unknown, T> {
    const f = this.#f;
    switch (this.#state) {
      case IT_NEW:
        if (!f.done()) {
          this.#state = IT_YIELDED;
          f._flags |= BLOCKING;
          return { done: false, value: f };
        }
        break;
      case IT_YIELDED:
        if (!f.done()) {
          this.#state = IT_DONE;
          throw new RuntimeError(
            "await wasn't used with future: a coroutine waiting on a Future was resumed before the Future was done (run it in a Task, or use yield* only inside coroutines)",
          );
        }
        break;
      default:
        return { done: true, value: undefined as T };
    }
    this.#state = IT_DONE;
    return { done: true, value: f.result() };
  }
  throw(e: unknown): IteratorResult<unknown, T> {
    this.#state = IT_DONE;
    throw e;
  }
  return(value?: unknown): IteratorResult<unknown, T> {
    this.#state = IT_DONE;
    return { done: true, value: value as T };
  }
  [Symbol.iterator](): this {
    return this;
  }
}

function settled<T>(f: Future<T>): Promise<T> {
  try {
    return Promise.resolve(f.result());
  } catch (e) {
    return Promise.reject(e);
  }
}

/** @internal A stack captured for debug mode, without the first `skip` frames. */
export function captureStack(skip: number): string | undefined {
  const stack = new Error().stack;
  if (stack === undefined) return undefined;
  const lines = stack.split("\n");
  return lines.slice(1 + skip).join("\n");
}

function firstFrame(stack: string): string | undefined {
  const line = stack.split("\n").find((l) => l.trim().startsWith("at "));
  if (line === undefined) return undefined;
  const m = /\(([^)]+)\)\s*$/.exec(line) ?? /at (.+)$/.exec(line.trim());
  return m?.[1];
}

/**
 * Whether `x` is a Future by duck typing (CPython's `isfuture`): it has the
 * `_asyncioFutureBlocking` flag of the Future protocol. Foreign Future classes that follow
 * the protocol are accepted by every layer above.
 * @example
 * ```ts
 * import { isFuture, Future, newEventLoop } from "tsasyncio";
 * console.log(isFuture(new Future({ loop: newEventLoop() })), isFuture(Promise.resolve())); // prints: true false
 * ```
 * @category Futures
 */
export function isFuture(x: unknown): x is Future<unknown> {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as { _asyncioFutureBlocking?: unknown })._asyncioFutureBlocking === "boolean"
  );
}

/**
 * @internal Sets a result unless the Future was cancelled (CPython's
 * `futures._set_result_unless_cancelled`, used by `sleep`).
 */
export function _setResultUnlessCancelled<T>(fut: Future<T>, result: T): void {
  if (!fut.cancelled()) fut.setResult(result);
}

/**
 * @internal `Future.prototype.addDoneCallback`: callers that register internal callbacks
 * compare a Future's method with it, to take the allocation-free path (`_addCallback`) only
 * when no subclass overrides `addDoneCallback` (which must then be called, as CPython does).
 */
// eslint-disable-next-line @typescript-eslint/unbound-method -- compared, never called
export const futureAddDoneCallback = Future.prototype.addDoneCallback;

/**
 * @internal Makes `receiver` wait on `fut`: a pending Future of ours takes the receiver
 * itself as its done callback (no closure; it needs no context: a receiver enters its own).
 * A done Future, or one whose `addDoneCallback` is overridden, gets `fallback` through
 * `addDoneCallback`, called as CPython calls it.
 * @returns what was registered, for `removeDoneCallback`
 */
export function addReceiver(
  fut: Future<unknown>,
  receiver: WakeupReceiver,
  fallback: (f: Future<unknown>) => void = (f) => receiver._wakeup(f),
): WakeupReceiver | ((f: Future<unknown>) => void) {
  if (fut.addDoneCallback === futureAddDoneCallback && !fut.done()) {
    fut._addCallback(receiver, SELF_CONTEXT);
    return receiver;
  }
  fut.addDoneCallback(fallback);
  return fallback;
}
