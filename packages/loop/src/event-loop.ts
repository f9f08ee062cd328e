// Port of Lib/asyncio/base_events.py (3.13): call_soon/call_later/call_at, _run_once,
// run_forever/run_until_complete/stop/close, the exception handler and debug mode, on top
// of the host's event loop (Node or a browser) instead of select().
import {
  CancelledError,
  Future,
  RuntimeError,
  isFuture,
  type AbstractEventLoop,
  type Context,
  type ExceptionContext,
} from "@tsasyncio/futures";
import {
  _getRunningLoop,
  _setRunningLoop,
  currentData,
  captureStack,
  errorRepr,
  inspectCustom,
  isThenable,
  pyRepr,
  realm,
  RECEIVER,
  type Data,
  type WakeupReceiver,
  addReceiver,
} from "@tsasyncio/futures/internal";
import { clearHostTimer, debugFromEnvironment, scheduleMacrotask, setHostTimer } from "#host";
import {
  Handle,
  NO_ARGS,
  TimerHandle,
  checkCallback,
  checkClosed,
  handleTarget,
  receiverHandle,
  runCall,
  runReceiver,
} from "./handle.js";
import { ReadyQueue, type Call } from "./internal/ready-queue.js";
import { TaskList, type Linked } from "./internal/task-list.js";
import { TimerHeap, type HeapTimer } from "./internal/timer-heap.js";

/**
 * @internal What the timer heap holds: a TimerHandle, or an object of a higher layer that
 * is its own timer (`_run()` when due), as sleep()'s Future.
 */
export interface LoopTimer extends HeapTimer {
  _run(): void;
}

// CPython's constants for compacting the timer heap.
const MIN_SCHEDULED_TIMER_HANDLES = 100;
const MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;
// How long one host macrotask may run loop iterations before yielding to the host
// (promise jobs, I/O, timers). A task switch then costs no host round trip.
const TICK_BUDGET_MS = 4;
// setTimeout's largest delay (2^31 - 1 ms, about 24.8 days).
const MAX_HOST_TIMER_MS = 2 ** 31 - 1;

const hostNow: () => number = () => performance.now();

/** An exception handler: `handler(loop, context)`, as in Python. */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/** What `createTask` passes to a task factory (Python's keyword arguments). */
export interface TaskOptions {
  /** The Task's name (default `Task-N`). */
  name?: string;
  /** The context the Task runs in (default: a copy of the current one). */
  context?: Context;
  /** Run the Task's first step at once, if the loop is running (3.12's eager tasks). */
  eagerStart?: boolean;
}

/** A task factory: `factory(loop, coro, options)`, as Python's `loop.set_task_factory`. */
export type TaskFactory = (loop: EventLoop, coro: never, options: TaskOptions) => Future<unknown>;

/**
 * What `runInExecutor` needs from an executor (Python's `concurrent.futures.Executor`):
 * `@tsasyncio/executors` provides thread pools that implement it.
 */
export interface Executor {
  /** Runs `fn(...args)` and settles with its result. */
  submit(fn: (...args: never[]) => unknown, ...args: unknown[]): PromiseLike<unknown>;
  /** Stops the executor; `wait` waits for running jobs. */
  shutdown(options?: { wait?: boolean; cancelFutures?: boolean }): PromiseLike<void> | void;
}

function stopLoopCallback(fut: Future<unknown>): void {
  const loop = fut.getLoop();
  if (loop instanceof EventLoop) loop.stop();
}

// runUntilComplete's done callback, as a WakeupReceiver (CPython's _run_until_complete_cb):
// the loop is then stopped through the same ready-queue entries as Tasks and gathers are
// woken, so a program's last callback does not meet code that V8 optimized without it.
const stopLoopReceiver: WakeupReceiver = {
  _wakeup(fut: Future<unknown> | undefined): void {
    stopLoopCallback(fut as Future<unknown>);
  },
  _receiverRepr(): string {
    return "_run_until_complete_cb()";
  },
};

// Widens the abstract loop interface of @tsasyncio/futures with the rest of the loop's API,
// so that `getRunningLoop()` (typed in that lower layer as AbstractEventLoop) offers
// callLater, createTask, … to TypeScript users as soon as this package is in the program,
// as CPython's AbstractEventLoop does. Types only.
declare module "@tsasyncio/futures" {
  interface AbstractEventLoop {
    /** Python's `call_soon_threadsafe`: `callSoon` (one thread per realm). See {@link EventLoop}. */
    callSoonThreadsafe<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
    /** Schedules `callback(...args)` in `delay` seconds. See {@link EventLoop}. */
    callLater<A extends unknown[]>(
      delay: number,
      callback: (...args: A) => unknown,
      ...args: A
    ): TimerHandle;
    /** Schedules `callback(...args)` at `when` on the loop's clock. See {@link EventLoop}. */
    callAt<A extends unknown[]>(
      when: number,
      callback: (...args: A) => unknown,
      ...args: A
    ): TimerHandle;
    /** Wraps a coroutine in a Task scheduled on this loop. See {@link EventLoop}. */
    createTask<T>(coro: Generator<unknown, T, unknown>, options?: TaskOptions): Future<T>;
    /** Runs the loop until `future` is done; settles with its result. See {@link EventLoop}. */
    runUntilComplete<T>(future: PromiseLike<T> | Generator<unknown, T, unknown>): Promise<T>;
    /** Runs the loop until `stop()`. See {@link EventLoop}. */
    runForever(): Promise<void>;
    /** Stops the loop after the current iteration. See {@link EventLoop}. */
    stop(): void;
    /** Closes the loop. See {@link EventLoop}. */
    close(): void;
    /** Turns debug mode on or off. See {@link EventLoop}. */
    setDebug(enabled: boolean): void;
    /** Callbacks slower than this many seconds are reported in debug mode. See {@link EventLoop}. */
    slowCallbackDuration: number;
    /** Sets the exception handler (`null` for the default). See {@link EventLoop}. */
    setExceptionHandler(handler: ExceptionHandler | null): void;
    /** The exception handler, or `null`. See {@link EventLoop}. */
    getExceptionHandler(): ExceptionHandler | null;
    /** Logs an error context through `console.error`. See {@link EventLoop}. */
    defaultExceptionHandler(context: ExceptionContext): void;
    /** Sets the factory `createTask` uses. See {@link EventLoop}. */
    setTaskFactory(factory: TaskFactory | null): void;
    /** The task factory, or `null`. See {@link EventLoop}. */
    getTaskFactory(): TaskFactory | null;
    /** Runs `fn(...args)` in an executor; a Future of its result. See {@link EventLoop}. */
    runInExecutor<A extends unknown[], R>(
      executor: Executor | null,
      fn: (...args: A) => R | PromiseLike<R>,
      ...args: A
    ): Future<Awaited<R>>;
    /** Sets the executor `runInExecutor(null, …)` uses. See {@link EventLoop}. */
    setDefaultExecutor(executor: Executor | null): void;
    /** Shuts the default executor down and waits for it. See {@link EventLoop}. */
    shutdownDefaultExecutor(): Promise<void>;
  }
}

/**
 * The event loop: runs callbacks and Tasks, keeps timers, and reports errors.
 *
 * @remarks
 * Python's `asyncio.BaseEventLoop`, running on top of the host's event loop: between
 * iterations the host runs its promise jobs, I/O and timers. One iteration does what
 * CPython's `_run_once` does: due timers move to the ready queue (deadline order, FIFO
 * for equal deadlines), then exactly the callbacks that were ready when the iteration
 * began run, FIFO. `runUntilComplete()`/`runForever()` return Promises. Most programs
 * never touch a loop: `run(main())` makes one, runs it and closes it.
 * @example
 * ```ts
 * import { EventLoop } from "tsasyncio";
 * const loop = new EventLoop();
 * loop.callSoon((x: number) => console.log("soon", x), 1);
 * loop.callLater(0.01, () => loop.stop());
 * await loop.runForever(); // prints: soon 1
 * loop.close();
 * ```
 * @category Loop
 */
export class EventLoop implements AbstractEventLoop {
  /** Callbacks slower than this many seconds are reported in debug mode (default 0.1). */
  slowCallbackDuration = 0.1;
  /** @internal */ _ready = new ReadyQueue();
  /** @internal */ _scheduled = new TimerHeap<LoopTimer>();
  /** @internal */ _timerCancelledCount = 0;
  /** @internal */ _currentTask: unknown = null;
  /** @internal Pending Tasks of this loop, held strongly until they finish. */
  _tasks = new TaskList<Future<unknown> & Linked>();
  /** @internal Outstanding host work (wrapped promises, executor jobs): VirtualTimeLoop waits for it. */
  _hostWork = 0;
  /** @internal */ _running = false;
  /** @internal */ _stopping = false;
  #closed = false;
  #debug: boolean;
  #seq = 0;
  #exceptionHandler: ExceptionHandler | null = null;
  #taskFactory: TaskFactory | null = null;
  #defaultExecutor: Executor | null = null;
  #executorShutdownCalled = false;
  #inTick = false;
  #tickScheduled = false;
  #hostTimer: unknown = null;
  #onStop: (() => void) | null = null;
  /** @internal */ _currentHandle: Handle | null = null;

  /** A new loop; debug mode starts on when `TSASYNCIO_DEBUG=1` is set (Node). */
  constructor() {
    this.#debug = debugFromEnvironment();
    // The fields that change once in a loop's life (stop, close) are changed here first.
    // V8 treats a field that was never written again as a constant in optimized code;
    // when the first loop of a process then stopped or closed, every compiled function
    // that had read one (callSoon, createTask, the Task constructor…) was thrown away and
    // the next loop ran unoptimized until they were compiled again.
    this._stopping = true;
    this._stopping = false;
    this.#closed = true;
    this.#closed = false;
    this.#executorShutdownCalled = true;
    this.#executorShutdownCalled = false;
    this._timerCancelledCount = 1;
    this._timerCancelledCount = 0;
  }

  // ---- scheduling ----------------------------------------------------------------------

  /**
   * Schedules `callback(...args)` for the next iteration; callbacks run FIFO, each in a
   * copy of the context current now.
   * @returns a {@link Handle} to cancel it
   * @throws {@link RuntimeError} `Event loop is closed`
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    return this.#callSoon("callSoon", callback, args);
  }

  /** Python's `call_soon_threadsafe`; JavaScript has one thread per realm, so it is `callSoon`. */
  callSoonThreadsafe<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    return this.#callSoon("callSoonThreadsafe", callback, args);
  }

  #callSoon(method: string, callback: (...args: never[]) => unknown, args: unknown[]): Handle {
    checkClosed(this);
    checkCallback(callback, method);
    const h = new Handle(callback, args, undefined, this, null);
    // Skip captureStack, #callSoon and callSoon: the first frame is the caller's.
    if (this.#debug) h._sourceTraceback = captureStack(3);
    this._ready.push(h);
    this._wake();
    return h;
  }

  /** @internal */
  _callSoon(callback: (arg: never) => unknown, arg: unknown, context: Context | Data | null): void {
    if (this.#closed) throw new RuntimeError("Event loop is closed");
    if (this.#debug) {
      // Debug mode records where each callback was scheduled: a Handle per call.
      const h =
        context === RECEIVER
          ? receiverHandle(this, callback as unknown as WakeupReceiver, arg)
          : new Handle(callback, null, arg, this, context);
      h._sourceTraceback = captureStack(2);
      this._ready.push(h);
    } else if (context === RECEIVER) {
      // A receiver (a waiting Task, a gather) is queued as itself, with the Future.
      this._ready.pushObject(callback, arg);
    } else {
      // No Handle: the call is stored inline, its context a snapshot taken now if none given.
      this._ready.pushCall(callback, arg, context ?? currentData());
    }
    this._wake();
  }

  /**
   * Schedules `callback(...args)` in `delay` seconds.
   * @returns a {@link TimerHandle} to cancel it
   */
  callLater<A extends unknown[]>(
    delay: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle;
  callLater(delay: number, callback: (...args: never[]) => unknown): TimerHandle {
    if (typeof delay !== "number" || Number.isNaN(delay))
      throw new TypeError(`callLater() expected a delay in seconds, got ${pyRepr(delay, true)}`);
    // The extra arguments are read from `arguments`: a rest parameter would allocate an
    // array per call even when there are none (200k timers is a benchmark).
    // eslint-disable-next-line prefer-rest-params
    const args = arguments.length > 2 ? Array.prototype.slice.call(arguments, 2) : NO_ARGS;
    return this.#callAt("callLater", this.time() + delay, callback, args);
  }

  /**
   * Schedules `callback(...args)` at `when`, an absolute time on the loop's clock
   * (`loop.time()`).
   * @returns a {@link TimerHandle} to cancel it
   */
  callAt<A extends unknown[]>(
    when: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    return this.#callAt("callAt", when, callback, args);
  }

  #callAt(
    method: string,
    when: number,
    callback: (...args: never[]) => unknown,
    args: readonly unknown[],
  ): TimerHandle {
    if (typeof when !== "number" || Number.isNaN(when))
      throw new TypeError(`${method}() expected a time in seconds, got ${pyRepr(when, true)}`);
    checkClosed(this);
    checkCallback(callback, method);
    const t = new TimerHandle(when, this.#seq++, callback, args, this, null);
    if (this.#debug) t._sourceTraceback = captureStack(3);
    this.#pushTimer(t);
    return t;
  }

  /**
   * @internal Schedules a timer object of a higher layer that runs itself (`_run()`) at
   * `timer._when`: sleep()'s Future is its own timer, with no TimerHandle beside it.
   */
  _addTimer(timer: LoopTimer): void {
    checkClosed(this);
    timer._seq = this.#seq++;
    this.#pushTimer(timer);
  }

  // Puts a timer (its sequence number given) in the heap and wakes an idle loop.
  #pushTimer(timer: LoopTimer): void {
    this._scheduled.push(timer);
    timer._scheduled = true;
    this._wake();
  }

  /** @internal Called by TimerHandle.cancel(). */
  _timerHandleCancelled(handle: LoopTimer): void {
    if (!handle._scheduled) return;
    // A timer cancelled while it is still the heap's last entry (typically right after it
    // was scheduled: a timeout that was not needed) leaves at once, in O(1); any other
    // waits in the heap, counted, and is dropped lazily as CPython does.
    if (this._scheduled.removeLast(handle)) handle._scheduled = false;
    else this._timerCancelledCount++;
  }

  /** The loop's monotonic clock, in seconds (`performance.now() / 1000`). */
  time(): number {
    return hostNow() / 1000;
  }

  /** A new Future attached to this loop. */
  createFuture<T = unknown>(): Future<T> {
    return new Future<T>({ loop: this });
  }

  /**
   * Wraps `coro` in a Task scheduled on this loop, through the task factory if one is set.
   * @throws {@link RuntimeError} if the loop is closed, or no Task implementation is loaded
   */
  createTask<T>(coro: Generator<unknown, T, unknown>, options?: TaskOptions): Future<T> {
    checkClosed(this);
    let task: Future<unknown>;
    if (this.#taskFactory !== null) {
      // 3.13.3+: the name goes to the factory, so that an eager Task has it while its
      // first step runs (gh-128307).
      task = this.#taskFactory(this, coro as never, options ?? {});
    } else {
      const make = realm().createTask;
      if (make === null)
        throw new RuntimeError(
          "createTask() needs a Task implementation: import createTask (or run) from @tsasyncio/tasks or tsasyncio",
        );
      task = make(this, coro, options);
    }
    return task as Future<T>;
  }

  /** Sets the factory `createTask` uses (`null` for the default Task). */
  setTaskFactory(factory: TaskFactory | null): void {
    if (factory !== null && typeof factory !== "function")
      throw new TypeError("task factory must be a callable or null");
    this.#taskFactory = factory;
  }

  /** The task factory, or `null` for the default. */
  getTaskFactory(): TaskFactory | null {
    return this.#taskFactory;
  }

  // ---- running -------------------------------------------------------------------------

  /** Whether the loop is running. */
  isRunning(): boolean {
    return this._running;
  }

  /** Whether the loop was closed. */
  isClosed(): boolean {
    return this.#closed;
  }

  #checkRunning(): void {
    if (this._running) throw new RuntimeError("This event loop is already running");
    if (_getRunningLoop() !== null)
      throw new RuntimeError("Cannot run the event loop while another loop is running");
  }

  /**
   * Runs the loop until `stop()` is called. The returned Promise settles when it stops.
   * @throws {@link RuntimeError} (as a rejection) if the loop is closed or already
   *   running, or another loop runs in this realm
   */
  runForever(): Promise<void> {
    try {
      checkClosed(this);
      this.#checkRunning();
    } catch (e) {
      return Promise.reject(e);
    }
    this._running = true;
    _setRunningLoop(this);
    return new Promise<void>((resolve) => {
      this.#onStop = resolve;
      this.#scheduleTick();
    });
  }

  /**
   * Runs the loop until `future` is done and settles with its result. A coroutine is
   * wrapped in a Task; a Promise or thenable is awaited through `callSoon`.
   * @throws {@link RuntimeError} (as a rejection) `Event loop stopped before Future completed.`
   */
  async runUntilComplete<T>(future: PromiseLike<T> | Generator<unknown, T, unknown>): Promise<T> {
    checkClosed(this);
    this.#checkRunning();
    const newTask = !isFuture(future);
    const fut: Future<T> = isFuture(future)
      ? (future as unknown as Future<T>)
      : isThenable(future) && !isLazyCoroutine(future)
        ? this._wrapThenable(future)
        : this.createTask(future as Generator<unknown, T, unknown>);
    if (fut.getLoop() !== this)
      throw new RangeError(
        "The future belongs to a different loop than the one running runUntilComplete()",
      );
    // A pending Future of ours takes the receiver; a done one, or one whose
    // addDoneCallback is overridden, gets the function through addDoneCallback (as CPython).
    const stopper = addReceiver(fut, stopLoopReceiver, stopLoopCallback);
    try {
      await this.runForever();
    } catch (e) {
      if (newTask && fut.done() && !fut.cancelled()) fut.exception();
      throw e;
    } finally {
      fut.removeDoneCallback(stopper as typeof stopLoopCallback);
    }
    if (!fut.done()) throw new RuntimeError("Event loop stopped before Future completed.");
    return fut.result();
  }

  /**
   * Stops the loop: the current iteration finishes, then `runForever()` settles. Called
   * before `runForever()`, the loop runs one iteration and stops, as in Python.
   */
  stop(): void {
    this._stopping = true;
    this._wake();
  }

  /**
   * Closes the loop: pending callbacks and timers are dropped, and the default executor is
   * shut down without waiting. Closing twice is harmless.
   * @throws {@link RuntimeError} `Cannot close a running event loop`
   */
  close(): void {
    if (this._running) throw new RuntimeError("Cannot close a running event loop");
    if (this.#closed) return;
    this.#closed = true;
    this._ready.clear();
    for (const t of this._scheduled.items) t._scheduled = false;
    this._scheduled.clear();
    this._timerCancelledCount = 0;
    // Pending tasks are no longer held: as in CPython, they can now be collected (and
    // reported as "destroyed but pending" in debug mode).
    this._tasks.clear();
    this.#clearHostTimer();
    this.#executorShutdownCalled = true;
    const ex = this.#defaultExecutor;
    if (ex !== null) {
      this.#defaultExecutor = null; // (written only when it changes, as the fields above)
      void ex.shutdown({ wait: false });
    }
  }

  // ---- one iteration -------------------------------------------------------------------

  /** @internal CPython's `_run_once`, minus the selector. */
  _runOnce(): void {
    const sched = this._scheduled;
    const schedCount = sched.length;
    if (
      schedCount > MIN_SCHEDULED_TIMER_HANDLES &&
      this._timerCancelledCount / schedCount > MIN_CANCELLED_TIMER_HANDLES_FRACTION
    ) {
      sched.compact();
      this._timerCancelledCount = 0;
    } else {
      this.#dropCancelledHead();
    }
    // CPython moves the due timers to the ready queue, then runs exactly the callbacks
    // ready then. The same order, without the move: first the callbacks that are ready,
    // then the timers due when the iteration began, in (deadline, sequence) order,
    // straight from the heap. Timers and callbacks scheduled meanwhile wait for the next
    // iteration. (Each timer object is then touched once: with 100k+ timers, every touch
    // is a cache miss.)
    const ready = this._ready;
    const ntodo = ready.length;
    const end = sched.length > 0 ? this.time() + 1e-9 : 0;
    const seqLimit = this.#seq;
    const debug = this.#debug;
    for (let i = 0; i < ntodo; i++) {
      // A function (an inline call), a Handle, or a receiver (a Task or a gather, woken with
      // a Future).
      const h = ready.shift() as Call | Handle | WakeupReceiver;
      if (debug)
        this.#runDebug(
          typeof h === "function"
            ? new Handle(h, null, ready.arg, this, ready.ctx)
            : h instanceof Handle
              ? h
              : receiverHandle(this, h, ready.arg),
        );
      else if (typeof h === "function") runCall(this, h, ready.arg, ready.ctx as Context | Data);
      else if (h instanceof Handle) {
        if (!h._cancelled) h._run();
      } else runReceiver(this, h, ready.arg);
    }
    ready.release();
    if (end > 0) this.#runDueTimers(end, seqLimit, debug);
  }

  // Runs the timers due before `end` that existed when the iteration began (sequence
  // below `seqLimit`); one made during the iteration with an earlier deadline (callAt in
  // the past) is set aside and put back.
  #runDueTimers(end: number, seqLimit: number, debug: boolean): void {
    const sched = this._scheduled;
    let deferred: LoopTimer[] | null = null;
    while (sched.length > 0 && sched.peekWhen() < end) {
      const t = sched.pop() as LoopTimer;
      if (t._seq >= seqLimit) {
        (deferred ??= []).push(t);
        continue;
      }
      t._scheduled = false;
      if (t._cancelled) this._timerCancelledCount--;
      else if (debug)
        this.#runDebug(t as unknown as Handle); // (a LoopTimer runs as a Handle)
      else t._run();
    }
    if (deferred !== null) for (const t of deferred) sched.push(t);
  }

  // Debug mode: a callback is timed, for the slow-callback report.
  #runDebug(h: Handle): void {
    if (h._cancelled) return;
    this._currentHandle = h;
    const t0 = hostNow();
    h._run();
    const dt = (hostNow() - t0) / 1000;
    this._currentHandle = null;
    if (dt >= this.slowCallbackDuration)
      console.warn(`Executing ${formatHandle(h)} took ${dt.toFixed(3)} seconds`);
  }

  // ---- host integration ----------------------------------------------------------------

  #scheduleTick(): void {
    this.#tickScheduled = true;
    scheduleMacrotask(this.#tick);
  }

  /**
   * @internal Makes sure an iteration comes: a running loop that is idle (waiting for the
   * host, or on a host timer) gets a tick; inside a tick, or with one scheduled, nothing to do.
   */
  _wake(): void {
    if (this._running && !this.#inTick && !this.#tickScheduled) this.#scheduleTick();
  }

  #tick = (): void => {
    this.#tickScheduled = false;
    if (!this._running) return;
    this.#clearHostTimer();
    this.#inTick = true;
    const deadline = hostNow() + TICK_BUDGET_MS;
    try {
      for (;;) {
        this._runOnce();
        if (this._stopping) {
          this.#finishRun();
          return;
        }
        if (this._ready.length > 0) {
          if (hostNow() < deadline) continue;
          this.#scheduleTick();
          return;
        }
        this._ready.shrink();
        const next = this._nextDeadline();
        if (next === undefined) return; // idle: an outside callSoon wakes us
        const delay = next - this.time();
        if (delay <= 0) {
          if (hostNow() < deadline) continue;
          this.#scheduleTick();
          return;
        }
        this._onIdle(next, delay);
        return;
      }
    } finally {
      this.#inTick = false;
    }
  };

  /** @internal The earliest live timer's deadline, dropping cancelled ones at the top. */
  _nextDeadline(): number | undefined {
    return this.#dropCancelledHead()?._when;
  }

  // Pops the cancelled timers at the top of the heap (lazy deletion); returns the first live one.
  #dropCancelledHead(): LoopTimer | undefined {
    const sched = this._scheduled;
    let top = sched.peek();
    while (top !== undefined && top._cancelled) {
      this._timerCancelledCount--;
      sched.pop();
      top._scheduled = false;
      top = sched.peek();
    }
    return top;
  }

  /**
   * @internal Nothing is ready and the next timer is due in `delay` seconds: arm exactly
   * one host timer. VirtualTimeLoop overrides this to jump the clock instead.
   */
  _onIdle(_when: number, delay: number): void {
    this.#armHostTimer(delay * 1000);
  }

  /**
   * @internal Arms the loop's one host timer: in `ms` milliseconds, `onFire` runs (default:
   * an iteration). Any iteration disarms it, so it measures idle time.
   */
  _armHostTimerMs(ms: number, onFire?: () => void): void {
    this.#armHostTimer(ms, onFire);
  }

  #armHostTimer(ms: number, onFire?: () => void): void {
    this.#clearHostTimer();
    this.#hostTimer = setHostTimer(
      () => {
        this.#hostTimer = null;
        if (onFire !== undefined) onFire();
        else if (!this.#tickScheduled && !this.#inTick) this.#tick();
      },
      // Hosts fire longer delays (and Infinity) after 1 ms: wake up early instead, the
      // iteration then re-arms for the rest.
      Math.min(MAX_HOST_TIMER_MS, Math.max(0, Math.ceil(ms))),
    );
  }

  #clearHostTimer(): void {
    if (this.#hostTimer !== null) {
      clearHostTimer(this.#hostTimer);
      this.#hostTimer = null;
    }
  }

  #finishRun(): void {
    this._stopping = false;
    this._running = false;
    this.#clearHostTimer();
    // A burst that ended with stop() gives its memory back now, not at the next run.
    this._ready.shrink();
    if (_getRunningLoop() === this) _setRunningLoop(null);
    const done = this.#onStop;
    this.#onStop = null;
    done?.();
  }

  /** @internal Counts host work that VirtualTimeLoop must wait for before jumping. */
  _beginHostWork(): void {
    this._hostWork++;
  }

  /** @internal */
  _endHostWork(): void {
    this._hostWork--;
    this._wake();
  }

  /**
   * @internal A Future of this loop that settles, through `callSoon`, when `thenable`
   * settles (CPython's `wrap_future`). Counted as host work while outstanding.
   */
  _wrapThenable<T>(thenable: PromiseLike<T>, target?: Future<T>): Future<T> {
    const fut = target ?? this.createFuture<T>();
    this._beginHostWork();
    let ended = false;
    const end = (): void => {
      if (!ended) {
        ended = true;
        this._endHostWork();
      }
    };
    const settle = (ok: boolean, v: unknown): void => {
      end();
      if (this.#closed || fut.done()) return;
      this._callSoon(
        (f: Future<T>) => {
          if (f.done()) return;
          if (ok) f.setResult(v as T);
          // CPython's _copy_future_state: a source that was cancelled cancels the Future.
          else if (v instanceof CancelledError) f.cancel();
          else f.setException(v);
        },
        fut,
        null,
      );
    };
    try {
      thenable.then(
        (v) => settle(true, v),
        (e: unknown) => settle(false, e ?? new Error(`promise rejected with ${String(e)}`)),
      );
    } catch (e) {
      end();
      fut.setException(e);
    }
    // Once the Future is done (cancelled, say), the thenable can no longer change anything
    // here: VirtualTimeLoop need not wait for it any more.
    if (!ended) fut.addDoneCallback(end);
    return fut;
  }

  // ---- executors -----------------------------------------------------------------------

  /**
   * Runs `fn(...args)` in `executor` (or the default executor) and returns a Future of
   * its result.
   * @throws {@link RuntimeError} if no executor is given and no default is set (install
   *   `@tsasyncio/executors`, whose `ThreadPoolExecutor` is the usual default)
   */
  runInExecutor<A extends unknown[], R>(
    executor: Executor | null,
    fn: (...args: A) => R | PromiseLike<R>,
    ...args: A
  ): Future<Awaited<R>> {
    checkClosed(this);
    let ex = executor;
    if (ex === null) {
      if (this.#executorShutdownCalled) throw new RuntimeError("Executor shutdown has been called");
      ex = this.#defaultExecutor;
      if (ex === null) {
        // CPython makes a ThreadPoolExecutor here; the loop cannot import one (a higher
        // layer), so @tsasyncio/executors leaves a factory in the realm.
        const make = realm().defaultExecutorFactory ?? null;
        if (make === null)
          throw new RuntimeError(
            "runInExecutor(null, …) needs a default executor: call installDefaultExecutor() from @tsasyncio/executors, or loop.setDefaultExecutor(new ThreadPoolExecutor())",
          );
        ex = this.#defaultExecutor = make() as Executor;
      }
    }
    const job = ex.submit(fn, ...args) as PromiseLike<Awaited<R>> & {
      cancel?: () => unknown;
    };
    const fut = this._wrapThenable(job);
    // CPython's _chain_future: cancelling the Future cancels the job (one that has not
    // started never starts; a running one is left to the executor).
    if (typeof job.cancel === "function")
      fut.addDoneCallback((f) => {
        if (f.cancelled()) job.cancel?.();
      });
    return fut;
  }

  /**
   * Sets the executor `runInExecutor(null, …)` uses (`null` for none).
   * @throws TypeError if `executor` has no `submit()` and `shutdown()` methods
   */
  setDefaultExecutor(executor: Executor | null): void {
    if (
      executor !== null &&
      (typeof executor !== "object" ||
        typeof executor.submit !== "function" ||
        typeof executor.shutdown !== "function")
    )
      throw new TypeError(
        `executor must be an Executor (an object with submit() and shutdown(), such as a ThreadPoolExecutor), got ${pyRepr(executor, true)}`,
      );
    this.#defaultExecutor = executor;
  }

  /** Shuts the default executor down and waits for it (what `run()` does at the end). */
  async shutdownDefaultExecutor(): Promise<void> {
    this.#executorShutdownCalled = true;
    const ex = this.#defaultExecutor;
    if (ex === null) return;
    await ex.shutdown({ wait: true });
  }

  // ---- errors and debug ----------------------------------------------------------------

  /** Whether debug mode is on. */
  getDebug(): boolean {
    return this.#debug;
  }

  /** Turns debug mode on or off: slow callbacks are reported and handles record where they were created. */
  setDebug(enabled: boolean): void {
    this.#debug = Boolean(enabled);
  }

  /** Sets the exception handler (`null` for the default one). */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== "function")
      throw new TypeError(`A callable object or None is expected, got ${pyRepr(handler, true)}`);
    this.#exceptionHandler = handler;
  }

  /** The exception handler, or `null` for the default. */
  getExceptionHandler(): ExceptionHandler | null {
    return this.#exceptionHandler;
  }

  /**
   * The default exception handler: logs the message, the other context fields and the
   * error's stack through `console.error`. In debug mode, a report made while a callback
   * runs also shows where that callback was scheduled (`handleTraceback`).
   */
  defaultExceptionHandler(context: ExceptionContext): void {
    const message = context.message || "Unhandled exception in event loop";
    const current = this._currentHandle;
    if (
      !("sourceTraceback" in context) &&
      current !== null &&
      current._sourceTraceback !== undefined
    )
      context["handleTraceback"] = current._sourceTraceback;
    const lines = [message];
    for (const key of Object.keys(context).sort()) {
      if (key === "message" || key === "exception") continue;
      const value = context[key];
      if (key === "sourceTraceback")
        lines.push(`Object created at (most recent call first):\n${String(value)}`);
      else if (key === "handleTraceback")
        lines.push(`Handle created at (most recent call first):\n${String(value)}`);
      else lines.push(`${key}: ${typeof value === "string" ? value : pyRepr(value, true)}`);
    }
    if ("exception" in context) {
      const e = context.exception;
      lines.push(e instanceof Error ? (e.stack ?? errorRepr(e)) : pyRepr(e));
    }
    console.error(lines.join("\n"));
  }

  /**
   * Reports an error context to the exception handler. A handler that throws is itself
   * reported through the default handler; it never breaks the loop.
   */
  callExceptionHandler(context: ExceptionContext): void {
    const handler = this.#exceptionHandler;
    if (handler === null) {
      try {
        this.defaultExceptionHandler(context);
      } catch (e) {
        console.error("Exception in default exception handler", e);
      }
      return;
    }
    try {
      // As CPython 3.12+: the handler runs in the context of the Task, Future or Handle
      // the report is about (unless that context is the one running now).
      const ctx = contextOf(context);
      if (ctx !== null && !ctx._entered) ctx.run(handler, this, context);
      else handler(this, context);
    } catch (exc) {
      try {
        this.defaultExceptionHandler({
          message: "Unhandled error in exception handler",
          exception: exc,
          context,
        });
      } catch (e) {
        console.error(
          "Exception in default exception handler while handling an unexpected error in custom exception handler",
          e,
        );
      }
    }
  }

  /** @internal */
  _kind(): string {
    return "EventLoop";
  }

  /** `<EventLoop running=false closed=false debug=false>` */
  toString(): string {
    return `<${this._kind()} running=${this._running} closed=${this.#closed} debug=${this.#debug}>`;
  }

  /** @internal */
  [inspectCustom](): string {
    return this.toString();
  }
}

// The context of what an exception context is about: its task, future or handle.
function contextOf(context: ExceptionContext): Context | null {
  const thing = context.task ?? context.future ?? context.handle;
  if ((typeof thing !== "object" && typeof thing !== "function") || thing === null) return null;
  const getContext = (thing as { getContext?: unknown }).getContext;
  if (typeof getContext !== "function") return null;
  const ctx: unknown = getContext.call(thing);
  return typeof ctx === "object" && ctx !== null && typeof (ctx as Context).run === "function"
    ? (ctx as Context)
    : null;
}

// tsasyncio's lazy coroutine objects (what sleep() returns) are thenables too, for `await`
// in async functions; runUntilComplete() runs them as Tasks (the brand of @tsasyncio/tasks).
function isLazyCoroutine(x: object): boolean {
  return (x as Record<symbol, unknown>)[Symbol.for("tsasyncio.coroutine")] === true;
}

// CPython's _format_handle: a Task's step shows as the Task.
function formatHandle(h: Handle): string {
  // CPython's _format_handle: a Task's step or wakeup shows as the Task.
  const target = handleTarget(h);
  if (
    target !== undefined &&
    isFuture(target) &&
    typeof (target as { getCoro?: unknown }).getCoro === "function"
  )
    return String(target);
  return String(h);
}
