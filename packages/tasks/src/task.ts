// Port of Lib/asyncio/tasks.py (3.13), the pure-Python Task: __step / __wakeup,
// cancellation at the await point, cancelling()/uncancel(), eager start, current and
// all tasks.
import {
  CancelledError,
  Future,
  InvalidStateError,
  RuntimeError,
  getRunningLoop,
  isFuture,
  type AbstractEventLoop,
  type Context,
} from "@tsasyncio/futures";
import {
  _getEventLoop,
  enterOwner,
  exitOwner,
  FREE_FLAG,
  ownerContext,
  RECEIVER,
  SELF_CONTEXT,
  currentData,
  type Data,
  inspectCustom,
  isThenable,
  loopOption,
  pyRepr,
  realm,
  addReceiver,
} from "@tsasyncio/futures/internal";
import {
  generatorNext,
  generatorThrow,
  hasGeneratorPrototype,
  isCoroutine,
  notACoroutine,
  type Coroutine,
} from "./coroutines.js";
import { userStack } from "./internal/user-stack.js";

/** The loop fields a Task uses (EventLoop has them). */
interface TaskLoop extends AbstractEventLoop {
  _tasks?: {
    add(t: Task<unknown>): unknown;
    delete(t: Task<unknown>): boolean;
    [Symbol.iterator](): Iterator<Future<unknown>>;
  };
  isRunning(): boolean;
}

/** Options of the {@link Task} constructor. */
export interface TaskConstructorOptions {
  /** The loop (default: the running loop, else the one set with `setEventLoop`). */
  loop?: AbstractEventLoop;
  /** The Task's name (default `Task-N`). */
  name?: string;
  /** The context the coroutine runs in (default: a copy of the current one). */
  context?: Context;
  /** Run the first step now, synchronously, if the loop is running (3.12 eager tasks). */
  eagerStart?: boolean;
}

let taskCounter = 0;

// Task's bits of Future._flags: `_mustCancel`, then the count of cancel requests.
const MUST_CANCEL = FREE_FLAG;
// The coroutine is a generator object (stepped with the intrinsic next/throw).
const GENERATOR = FREE_FLAG << 1;
const CANCELS_SHIFT = 32 - Math.clz32(GENERATOR);
const ONE_CANCEL = 1 << CANCELS_SHIFT;
let destroyedPendingTasks: WeakSet<object> | undefined;

// Debug mode: a Task garbage-collected while pending is reported (CPython's `__del__` with
// `_log_destroy_pending`). A loop holds its pending Tasks strongly, so this happens only
// once the loop was closed without cancelling them.
interface PendingTaskRecord {
  loop: AbstractEventLoop;
  repr: string;
  sourceTraceback: string | undefined;
}
let destroyedPending: FinalizationRegistry<PendingTaskRecord> | undefined;
function reportDestroyedPending(h: PendingTaskRecord): void {
  const context: { message: string; [key: string]: unknown } = {
    message: "Task was destroyed but it is pending!",
    task: h.repr,
  };
  if (h.sourceTraceback !== undefined) context["sourceTraceback"] = h.sourceTraceback;
  h.loop.callExceptionHandler(context);
}

// Debug mode: where the user created the Task (without tsasyncio's own frames), and a
// report if it is garbage-collected while pending.
function trackPending(task: Task<unknown>, loop: AbstractEventLoop): void {
  task._sourceTraceback = userStack();
  (destroyedPendingTasks ??= new WeakSet()).add(task);
  (destroyedPending ??= new FinalizationRegistry(reportDestroyedPending)).register(
    task,
    { loop, repr: String(task), sourceTraceback: task._sourceTraceback },
    task,
  );
}

function setPrototypeResult(t: Task<unknown>, v: unknown): void {
  Future.prototype.setResult.call(t, v);
}

/**
 * A coroutine scheduled on the loop: the Task steps it from loop callbacks, and
 * `task.cancel()` throws `CancelledError` into it at the very `yield*` it waits at.
 *
 * @remarks
 * Python's `asyncio.Task`, with CPython's step/wakeup machine and 3.11+ `cancelling()` /
 * `uncancel()` counting. Unlike CPython, a pending Task is held strongly by its loop
 * until it finishes, so it can never vanish mid-run (cpython issue 88831). Await it with
 * `yield* task` or `await task`.
 *
 * Printing a Task gives CPython's repr: `<Task pending name='Task-1' coro=<generator>>`.
 * A JavaScript generator object does not know its function's name, so the coroutine
 * shows as `generator` (tsasyncio's own coroutines know theirs: `coro=<sleep()>`); give
 * Tasks names with `{ name }`. In debug mode (`run(main, { debug: true })` or
 * `TSASYNCIO_DEBUG=1`) the repr ends with where the Task was created:
 * `created at /app/main.ts:12:5`.
 * @typeParam T - the coroutine's result type
 * @example
 * ```ts
 * import { run, createTask, sleep } from "tsasyncio";
 * await run(function* () {
 *   const task = createTask(sleep(0.01, "done"), { name: "sleeper" });
 *   console.log(task.getName(), yield* task); // prints: sleeper done
 * }());
 * ```
 * @category Tasks
 */
export class Task<T = unknown> extends Future<T> {
  /** @internal */ _coro: Coroutine<T> | null;
  /** @internal */ _name: string | number;
  /**
   * @internal The context the steps run in: a Context, or only the snapshot of the
   * variables the Task was created with, until a Context object is needed (see
   * `ContextOwner` in @tsasyncio/futures/internal): most Tasks never need one.
   */
  _context: Context | Data;

  /**
   * @internal The Future the Task waits on (CPython's `_fut_waiter`). It is kept in the
   * `_result` slot, which a pending Task does not use: one field less per Task.
   */
  get _futWaiter(): Future<unknown> | null {
    return this._result !== undefined && !this.done() ? (this._result as Future<unknown>) : null;
  }
  /** @internal */
  set _futWaiter(fut: Future<unknown> | null) {
    this._result = fut ?? undefined;
  }
  /** @internal Links of the loop's list of pending Tasks (no Set entry per Task). */
  _prevTask: unknown = null;
  /** @internal */ _nextTask: unknown = null;

  /** @internal CPython's `_must_cancel` (a bit of `_flags`). */
  get _mustCancel(): boolean {
    return (this._flags & MUST_CANCEL) !== 0;
  }
  /** @internal */
  set _mustCancel(value: boolean) {
    this._flags = value ? this._flags | MUST_CANCEL : this._flags & ~MUST_CANCEL;
  }

  /** @internal CPython's `_num_cancels_requested` (the high bits of `_flags`). */
  get _numCancelsRequested(): number {
    return this._flags >>> CANCELS_SHIFT;
  }
  /** @internal */
  set _numCancelsRequested(n: number) {
    this._flags = (this._flags & (ONE_CANCEL - 1)) | (n << CANCELS_SHIFT);
  }

  /**
   * @internal Debug mode: whether the Task is reported if it is garbage-collected while
   * pending (kept out of the object, which every pending Task pays for).
   */
  get _logDestroyPending(): boolean {
    return destroyedPendingTasks?.has(this) ?? false;
  }

  /**
   * @param coro - the coroutine to run (a generator object)
   * @param options - `{ loop, name, context, eagerStart }`
   * @param loopArg - internal: the loop, passed apart by `loop.createTask` to save an
   *   options object per Task
   * @throws TypeError if `coro` is not a coroutine (with what to do instead)
   */
  constructor(coro: Coroutine<T>, options?: TaskConstructorOptions, loopArg?: AbstractEventLoop) {
    const loop = (loopArg ?? options?.loop ?? _getEventLoop("new Task()")) as TaskLoop;
    super(loopOption(loop));
    if (hasGeneratorPrototype(coro)) this._flags |= GENERATOR;
    else if (!isCoroutine(coro)) throw notACoroutine("new Task()", coro);
    this._coro = coro;
    this._name = options?.name != null ? String(options.name) : ++taskCounter;
    this._context = options?.context ?? currentData();
    // (Debug mode's work is in a function of its own: a constructor short enough for V8 to
    // inline it where Tasks are made.)
    if (this._sourceTraceback !== undefined) trackPending(this, loop);
    if (options?.eagerStart === true && loop.isRunning()) {
      this._eagerStart();
    } else {
      loop._callSoon(this as never, undefined, RECEIVER);
      loop._tasks?.add(this);
    }
  }

  /** The Task's name. */
  getName(): string {
    const n = this._name;
    return typeof n === "number" ? `Task-${n}` : n;
  }

  /** Renames the Task. */
  setName(value: string): void {
    this._name = String(value);
  }

  /** The coroutine the Task runs. */
  getCoro(): Coroutine<T> | null {
    return this._coro;
  }

  /** The context the Task's steps run in. */
  getContext(): Context {
    return ownerContext(this);
  }

  /** Tasks are finished by their coroutine: always throws `RuntimeError`. */
  override setResult(_result: T): never {
    throw new RuntimeError("Task does not support setResult operation");
  }

  /** Tasks are finished by their coroutine: always throws `RuntimeError`. */
  override setException(_exception: unknown): never {
    throw new RuntimeError("Task does not support setException operation");
  }

  /**
   * Requests cancellation: the Future the Task waits on is cancelled, or, if it waits on
   * none, `CancelledError` is thrown into the coroutine at its next step. The coroutine may
   * catch it; the Task ends cancelled only if the error escapes.
   * @param msg - carried by the `CancelledError`
   * @returns false if the Task is already done
   */
  override cancel(msg?: string): boolean {
    this._logTraceback = false;
    if (this.done()) return false;
    this._numCancelsRequested++;
    if (this._futWaiter !== null && this._futWaiter.cancel(msg)) return true;
    this._mustCancel = true;
    this._cancelMessage = msg;
    return true;
  }

  /** How many cancellation requests are pending (`cancel()` calls minus `uncancel()` calls). */
  cancelling(): number {
    return this._numCancelsRequested;
  }

  /**
   * Decrements the count of cancellation requests; at zero, a cancellation that was
   * requested but not yet delivered is withdrawn (3.13).
   * @returns the remaining count
   */
  uncancel(): number {
    if (this._numCancelsRequested > 0) {
      this._numCancelsRequested--;
      if (this._numCancelsRequested === 0) this._mustCancel = false;
    }
    return this._numCancelsRequested;
  }

  /** @internal Completing a Task drops it from its loop's set of pending tasks. */
  override _scheduleCallbacks(): void {
    (this._loop as TaskLoop)._tasks?.delete(this);
    if (destroyedPendingTasks?.delete(this) === true) destroyedPending?.unregister(this);
    super._scheduleCallbacks();
  }

  /** @internal */
  override _kind(): string {
    return "Task";
  }

  /** @internal Runs the first step now (3.12 eager tasks). */
  _eagerStart(): void {
    const loop = this._loop as TaskLoop;
    const prev = loop._currentTask;
    loop._currentTask = this;
    loop._tasks?.add(this);
    try {
      this._stepInContext(undefined);
    } finally {
      loop._currentTask = prev;
      if (this.done()) this._coro = null;
    }
  }

  /** @internal CPython's `__step`. */
  _step(exc: unknown): void {
    if (this.done())
      throw new InvalidStateError(`_step(): already done: ${String(this)}, ${pyRepr(exc, true)}`);
    if (this._mustCancel) {
      if (!(exc instanceof CancelledError)) exc = this._makeCancelledError();
      this._mustCancel = false;
    }
    this._futWaiter = null;
    const loop = this._loop;
    const current = loop._currentTask;
    if (current !== null && current !== undefined)
      throw new RuntimeError(
        `Cannot enter into task ${String(this)} while another task ${String(current)} is being executed.`,
      );
    loop._currentTask = this;
    try {
      this._stepInContext(exc);
    } finally {
      loop._currentTask = null;
    }
  }

  /** @internal One step, in the Task's context (entered here: the loop enters none for it). */
  _stepInContext(exc: unknown): void {
    const prev = enterOwner(this);
    try {
      this._stepRunAndHandleResult(exc);
    } finally {
      exitOwner(this, prev);
    }
  }

  /**
   * @internal A waiting Task is its Future's done callback itself (no closure per Task; the
   * loop calls `_wakeup(future)`); the Future's repr shows it as `cb=[taskWakeup()]`
   * (CPython: `cb=[Task.task_wakeup()]`).
   */
  _receiverRepr(): string {
    return "taskWakeup()";
  }

  /** @internal CPython's `__step_run_and_handle_result`. */
  _stepRunAndHandleResult(exc: unknown): void {
    const coro = this._coro as Coroutine<T>;
    let r: IteratorResult<unknown, T>;
    try {
      r =
        (this._flags & GENERATOR) !== 0
          ? exc === undefined
            ? (generatorNext.call(coro) as IteratorResult<unknown, T>)
            : (generatorThrow.call(coro, exc) as IteratorResult<unknown, T>)
          : exc === undefined
            ? coro.next()
            : coro.throw(exc);
    } catch (e) {
      if (e instanceof CancelledError) {
        this._cancelledExc = e;
        Future.prototype.cancel.call(this);
      } else {
        Future.prototype.setException.call(
          this,
          e === undefined ? new Error("coroutine threw undefined") : e,
        );
      }
      return;
    }
    if (r.done === true) {
      if (this._mustCancel) {
        this._mustCancel = false;
        Future.prototype.cancel.call(this, this._cancelMessage);
      } else setPrototypeResult(this, r.value);
      return;
    }
    const result = r.value;
    const loop = this._loop;
    if (result === undefined) {
      // A bare `yield` gives up control for one loop iteration.
      loop._callSoon(this as never, undefined, RECEIVER);
      return;
    }
    let error: RuntimeError;
    if (isFuture(result)) {
      if (result.getLoop() !== loop) {
        error = new RuntimeError(
          `Task ${String(this)} got Future ${String(result)} attached to a different loop`,
        );
      } else if (result._asyncioFutureBlocking) {
        if (result === (this as unknown)) {
          error = new RuntimeError(`Task cannot await on itself: ${String(this)}`);
        } else {
          result._asyncioFutureBlocking = false;
          // The Task itself is the callback (no closure), unless a subclass overrides
          // addDoneCallback, which must then be called as CPython calls it. (The step
          // enters the Task's context itself: as in CPython, it runs in the Task's context.)
          addReceiver(result, this);
          this._futWaiter = result;
          if (this._mustCancel && result.cancel(this._cancelMessage)) this._mustCancel = false;
          return;
        }
      } else {
        error = new RuntimeError(
          `yield was used instead of yield* in task ${String(this)} with ${String(result)}: write yield* future to await it`,
        );
      }
    } else if (isCoroutine(result)) {
      error = new RuntimeError(
        `yield was used instead of yield* for coroutine ${coroRepr(result)} in task ${String(this)}: write yield* coro() to await a coroutine`,
      );
    } else if (typeof result === "object" && isThenable(result)) {
      error = new RuntimeError(
        `Task got bad yield: a Promise or thenable; await it with yield* ensureFuture(promise)`,
      );
    } else {
      error = new RuntimeError(
        `Task got bad yield: ${pyRepr(result, true)}; a coroutine awaits with yield* (a bare yield gives up one loop iteration)`,
      );
    }
    loop._callSoon((t: Task<T>) => t._step(error), this, SELF_CONTEXT);
  }

  /**
   * @internal CPython's `__wakeup`, with one difference: whatever the outcome, the coroutine
   * is resumed with `next()`, and the `yield*` it waits at reads the outcome from the Future
   * (a Future's iterator returns `result()` once the Future is done, which throws its error:
   * CPython's `__await__` protocol). An error made there, a `CancelledError` above all,
   * then carries the coroutine's frames in its stack, showing where the Task was suspended.
   * Only when a cancellation is pending does the step throw, as in CPython.
   *
   * Without a Future, it is a plain step: the Task is queued this way for its first step
   * and after a bare `yield` (the Task is the ready queue's entry itself: no closure).
   */
  _wakeup(future: Future<unknown> | undefined): void {
    if (!this._mustCancel || future === undefined) {
      this._step(undefined);
      return;
    }
    let exc: unknown = undefined;
    try {
      future.result();
    } catch (e) {
      exc = e ?? new Error("future raised undefined");
    }
    this._step(exc);
  }

  /** @internal CPython's `_task_repr_info`. */
  override _reprInfo(): string[] {
    const info = super._reprInfo();
    if (this._numCancelsRequested > 0 && !this.done()) info[0] = "cancelling";
    info.splice(1, 0, `name=${pyRepr(this.getName())}`);
    if (this._futWaiter !== null) info.splice(2, 0, `wait_for=${String(this._futWaiter)}`);
    if (this._coro !== null) info.splice(2, 0, `coro=<${coroRepr(this._coro)}>`);
    return info;
  }

  /** @internal */
  override [inspectCustom](): string {
    return this.toString();
  }
}

/**
 * @internal How a coroutine shows in a Task's repr: `sleep()` for tsasyncio's own lazy
 * coroutine objects, which know their name, `generator` for generator objects, which do
 * not (JavaScript keeps no link from a generator object to its function), and the class
 * name of a hand-written coroutine object. In debug mode the Task's repr adds where the
 * Task was created (`created at file:line:column`), as CPython's does.
 */
export function coroRepr(coro: unknown): string {
  const named = (coro as { _coroName?: string })._coroName;
  if (named !== undefined) return `${named}()`;
  if (Object.prototype.toString.call(coro) === "[object Generator]") return "generator";
  // A hand-written coroutine object: its class is the best name there is.
  return (coro as { constructor?: { name?: string } }).constructor?.name || "coroutine";
}

/**
 * The Task running now on `loop` (default: the running loop), or `null`.
 * @throws {@link RuntimeError} `no running event loop` when no loop is given and none runs
 * @example
 * ```ts
 * import { run, currentTask } from "tsasyncio";
 * await run(function* () {
 *   currentTask()?.setName("main");
 *   console.log(currentTask()?.getName()); // prints: main
 * }());
 * ```
 * @category Tasks
 */
export function currentTask(loop?: AbstractEventLoop | null): Task<unknown> | null {
  const l = loop ?? getRunningLoop();
  return (l._currentTask as Task<unknown> | null | undefined) ?? null;
}

/**
 * The Tasks of `loop` (default: the running loop) that are not done.
 * @example
 * ```ts
 * import { run, allTasks, createTask, sleep } from "tsasyncio";
 * await run(function* () {
 *   createTask(sleep(1));
 *   console.log(allTasks().size); // prints: 2
 * }());
 * ```
 * @category Tasks
 */
export function allTasks(loop?: AbstractEventLoop | null): Set<Task<unknown>> {
  const l = (loop ?? getRunningLoop()) as TaskLoop;
  const out = new Set<Task<unknown>>();
  if (l._tasks) for (const t of l._tasks) if (!t.done()) out.add(t as Task<unknown>);
  return out;
}

/** @internal Installs the default way a loop makes a Task (the loop never imports this package). */
export function installTaskHook(): void {
  const r = realm();
  r.createTask ??= (loop, coro, options) => new Task(coro as Coroutine<unknown>, options, loop);
}

// Registering the default task hook when this module loads lets `loop.createTask()` and
// `loop.runUntilComplete(coro)` work as soon as Task is loaded. It only fills an empty
// slot of the realm object, so it is idempotent; createTask/ensureFuture/run call it too.
installTaskHook();
