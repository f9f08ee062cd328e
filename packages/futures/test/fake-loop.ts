// A minimal event loop for testing @tsasyncio/futures on its own (the futures package does
// not depend on @tsasyncio/loop): CPython's test_utils.TestLoop idea, driven by hand with
// runOnce()/runUntilIdle(). Callbacks run FIFO, each in its Context, entered through
// enterContext/exitContext as the real loop's Handle does.
import {
  Future,
  RuntimeError,
  type AbstractEventLoop,
  type Cancellable,
  Context,
  type ExceptionContext,
} from "@tsasyncio/futures";
import {
  _getRunningLoop,
  _setRunningLoop,
  contextWithData,
  currentContext,
  enterContext,
  exitContext,
  pyRepr,
  RECEIVER,
  type Data,
  type WakeupReceiver,
} from "@tsasyncio/futures/internal";

/** One scheduled callback: `callback(...args)` in `context`. */
export class FakeHandle implements Cancellable {
  cancelled = false;
  constructor(
    readonly callback: (...args: never[]) => unknown,
    readonly args: unknown[],
    readonly context: Context,
  ) {}

  cancel(): void {
    this.cancelled = true;
  }

  toString(): string {
    const name = this.callback.name || "<anonymous>";
    return `<Handle ${name}(${this.args.map((a) => pyRepr(a, true)).join(", ")})>`;
  }
}

/** The exception handler's signature, as in the real loop: `handler(loop, context)`. */
export type FakeExceptionHandler = (loop: FakeLoop, context: ExceptionContext) => void;

/**
 * A hand-driven loop implementing {@link AbstractEventLoop}. Nothing runs until
 * `runOnce()` or `runUntilIdle()` is called; everything passed to the exception handler is
 * also recorded in `reported`.
 */
export class FakeLoop implements AbstractEventLoop {
  /** Everything that reached `callExceptionHandler`, in order. */
  readonly reported: ExceptionContext[] = [];
  _currentTask: unknown = null;
  #ready: FakeHandle[] = [];
  #debug = false;
  #closed = false;
  #running = false;
  #now = 0;
  #handler: FakeExceptionHandler | null = null;

  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): FakeHandle {
    this.#checkClosed();
    if (typeof callback !== "function")
      throw new TypeError(`a callable object was expected by callSoon(), got ${pyRepr(callback)}`);
    const h = new FakeHandle(callback, args, currentContext().copy());
    this.#ready.push(h);
    return h;
  }

  _callSoon(callback: (arg: never) => unknown, arg: unknown, context: Context | Data | null): void {
    this.#checkClosed();
    if (context === RECEIVER) {
      const r = callback as unknown as WakeupReceiver;
      this.#ready.push(new FakeHandle((f: Future<unknown>) => r._wakeup(f), [arg], new Context()));
      return;
    }
    // A Context, a snapshot of variables taken by the caller (a Map), or null: now.
    const ctx =
      context instanceof Context
        ? context
        : context === null
          ? currentContext().copy()
          : contextWithData(context);
    this.#ready.push(new FakeHandle(callback, [arg], ctx));
  }

  callExceptionHandler(context: ExceptionContext): void {
    this.reported.push(context);
    this.#handler?.(this, context);
  }

  /** Sets the handler `callExceptionHandler` calls (after recording the context). */
  setExceptionHandler(handler: FakeExceptionHandler | null): void {
    this.#handler = handler;
  }

  getDebug(): boolean {
    return this.#debug;
  }

  setDebug(enabled: boolean): void {
    this.#debug = enabled;
  }

  time(): number {
    return this.#now;
  }

  /** Moves the fake clock forward. */
  advance(seconds: number): void {
    this.#now += seconds;
  }

  isRunning(): boolean {
    return this.#running;
  }

  isClosed(): boolean {
    return this.#closed;
  }

  close(): void {
    if (this.#running) throw new RuntimeError("Cannot close a running event loop");
    this.#closed = true;
    this.#ready = [];
  }

  createFuture<T = unknown>(): Future<T> {
    return new Future<T>({ loop: this });
  }

  /** How many callbacks are waiting to run. */
  get pending(): number {
    return this.#ready.length;
  }

  /**
   * Runs `fn` with this loop as the realm's running loop, as if called from a callback
   * (what CPython's `loop.run_until_complete(coro())` gives the coroutine).
   */
  runInside<R>(fn: () => R): R {
    const prev = _getRunningLoop();
    const wasRunning = this.#running;
    _setRunningLoop(this);
    this.#running = true;
    try {
      return fn();
    } finally {
      this.#running = wasRunning;
      _setRunningLoop(prev);
    }
  }

  /**
   * One iteration: runs the callbacks that were ready when it began (not those they
   * schedule), FIFO, each in its context; an error goes to the exception handler.
   * @returns how many callbacks ran
   */
  runOnce(): number {
    const batch = this.#ready;
    this.#ready = [];
    let ran = 0;
    this.runInside(() => {
      for (const h of batch) {
        if (h.cancelled) continue;
        ran++;
        const prev = enterContext(h.context);
        try {
          (h.callback as (...a: unknown[]) => unknown)(...h.args);
        } catch (exception) {
          this.callExceptionHandler({
            message: `Exception in callback ${String(h)}`,
            exception,
            handle: h,
          });
        } finally {
          exitContext(h.context, prev);
        }
      }
    });
    return ran;
  }

  /**
   * Runs iterations until no callback is ready.
   * @returns how many callbacks ran
   * @throws Error if callbacks keep scheduling callbacks for more than `maxIterations`
   */
  runUntilIdle(maxIterations = 1000): number {
    let ran = 0;
    for (let i = 0; this.#ready.length > 0; i++) {
      if (i >= maxIterations)
        throw new Error(`FakeLoop still busy after ${maxIterations} iterations`);
      ran += this.runOnce();
    }
    return ran;
  }

  #checkClosed(): void {
    if (this.#closed) throw new RuntimeError("Event loop is closed");
  }

  toString(): string {
    return `<FakeLoop running=${this.#running} closed=${this.#closed} debug=${this.#debug}>`;
  }
}
