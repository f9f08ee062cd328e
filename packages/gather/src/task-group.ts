// Port of Lib/asyncio/taskgroups.py (3.13, with the later bug fixes that keep errors from
// being dropped: gh-128550 done callbacks for eager tasks, gh-135736 errors reported when a
// KeyboardInterrupt ends the group, gh-155418 eager tasks created while aborting,
// gh-155433 a foreign cancellation kept).
import {
  CancelledError,
  ExceptionGroup,
  KeyboardInterrupt,
  RuntimeError,
  getRunningLoop,
  type Future,
} from "@tsasyncio/futures";
import { inspectCustom } from "@tsasyncio/futures/internal";
import {
  currentTask,
  isCoroutine,
  type AsyncContextManager,
  type Coroutine,
  type CreateTaskOptions,
  type Task,
} from "@tsasyncio/tasks";
import type { GatherLoop } from "./internal/helpers.js";

// KeyboardInterrupt (Python's SystemExit has no JavaScript counterpart) ends the group
// at once instead of being grouped.
function isBaseError(exc: unknown): boolean {
  return exc instanceof KeyboardInterrupt;
}

function closeCoroutine(coro: unknown): void {
  if (isCoroutine(coro)) coro.return(undefined);
}

/**
 * Runs child Tasks as a unit: leaving the block waits for all of them, and the first
 * failure cancels the others (and the block) and is raised, with every other failure, as
 * an `ExceptionGroup`.
 *
 * @remarks
 * Python 3.11+'s `asyncio.TaskGroup` (3.13 semantics). Enter it with `asyncWith`; create
 * children with `tg.createTask(coro)`. When a child raises (anything but
 * `CancelledError`), the remaining children and the block's body are cancelled; once all
 * are done, an `ExceptionGroup("unhandled errors in a TaskGroup", errors)` is raised
 * holding every error (an error of the body included). Handle it with `split`/`subgroup`
 * (see the "Structured concurrency" guide). A cancellation of the enclosing Task from
 * outside cancels the children and propagates as `CancelledError` once they are done.
 * A `KeyboardInterrupt` is re-raised as is. A group can be entered once.
 * @example
 * ```ts
 * import { run, asyncWith, TaskGroup, sleep } from "tsasyncio";
 * await run(function* () {
 *   const [a, b] = yield* asyncWith(new TaskGroup(), function* (tg) {
 *     return [tg.createTask(sleep(0.02, "a")), tg.createTask(sleep(0.01, "b"))];
 *   });
 *   console.log(a.result(), b.result()); // prints: a b
 * }());
 * ```
 * @category Gathering
 */
export class TaskGroup implements AsyncContextManager<TaskGroup, undefined> {
  #entered = false;
  #exiting = false;
  #aborting = false;
  #loop: GatherLoop | null = null;
  #parentTask: Task<unknown> | null = null;
  #parentCancelRequested = false;
  #tasks = new Set<Task<unknown>>();
  #errors: unknown[] | null = [];
  #baseError: unknown = null;
  #onCompletedFut: Future<boolean> | null = null;

  /** CPython's repr: `<TaskGroup tasks=2 entered>`, `<TaskGroup errors=1 cancelling>`, … */
  toString(): string {
    let info = "";
    if (this.#tasks.size > 0) info += ` tasks=${this.#tasks.size}`;
    if (this.#errors !== null && this.#errors.length > 0) info += ` errors=${this.#errors.length}`;
    if (this.#aborting) info += " cancelling";
    else if (this.#entered) info += " entered";
    return `<TaskGroup${info}>`;
  }

  /** @internal Node's `util.inspect` shows the repr. */
  [inspectCustom](): string {
    return this.toString();
  }

  /**
   * Enters the group; the current Task becomes its parent (the one cancelled when a child
   * fails).
   * @returns this TaskGroup
   * @throws {@link RuntimeError} `TaskGroup … has already been entered`, or `… cannot
   *   determine the parent task`
   */
  *aenter(): Coroutine<TaskGroup> {
    if (this.#entered) throw new RuntimeError(`TaskGroup ${String(this)} has already been entered`);
    this.#loop ??= getRunningLoop();
    this.#parentTask = currentTask(this.#loop);
    if (this.#parentTask === null)
      throw new RuntimeError(
        `TaskGroup ${String(this)} cannot determine the parent task: enter it from a coroutine run as a Task`,
      );
    this.#entered = true;
    return this;
  }

  /**
   * Exits the group: waits until every child is done, then raises what must be raised.
   * @param error - the error that ended the body, or `undefined`
   * @throws {@link ExceptionGroup} of the children's (and the body's) errors
   * @throws {@link CancelledError} if the enclosing Task was cancelled from outside
   */
  *aexit(error: unknown): Coroutine<undefined> {
    try {
      return yield* this.#aexit(error);
    } finally {
      // Errors can be heavy; do not keep them (CPython breaks the same reference cycles).
      this.#parentTask = null;
      this.#errors = null;
      this.#baseError = null;
    }
  }

  *#aexit(exc: unknown): Coroutine<undefined> {
    this.#exiting = true;
    const loop = this.#loop as GatherLoop;
    const parent = this.#parentTask as Task<unknown>;
    const errors = this.#errors as unknown[];
    const hasExc = exc !== undefined;

    if (hasExc && isBaseError(exc) && this.#baseError === null) this.#baseError = exc;
    let propagateCancellationError: CancelledError | null =
      exc instanceof CancelledError ? exc : null;

    if (hasExc && !this.#aborting) {
      // The parent Task is being cancelled, or the body raised: cancel the children.
      this.#abort();
    }

    // A loop, because the wait can be cancelled several times if the parent Task is
    // cancelled repeatedly (or once while our own cancellation is in progress).
    let pendingCancellationError: CancelledError | null = null;
    while (this.#tasks.size > 0) {
      this.#onCompletedFut ??= loop.createFuture<boolean>();
      try {
        yield* this.#onCompletedFut;
      } catch (ex) {
        if (!(ex instanceof CancelledError)) throw ex;
        pendingCancellationError = ex;
        if (!this.#aborting) {
          // The parent Task is being cancelled while children still run.
          propagateCancellationError = ex;
          this.#abort();
        }
      }
      this.#onCompletedFut = null;
    }

    if (this.#baseError !== null) {
      // The KeyboardInterrupt propagates and the other errors would be lost: report them.
      for (const suppressed of errors)
        if (suppressed !== this.#baseError)
          loop.callExceptionHandler({
            message:
              "TaskGroup task exception was not propagated because the TaskGroup body is being closed with a BaseException",
            exception: suppressed,
            taskGroup: this,
          });
      throw this.#baseError;
    }

    if (this.#parentCancelRequested) {
      // We cancelled the parent: we *must* call uncancel().
      if (parent.uncancel() === 0) {
        // No other cancellation is pending: do not propagate CancelledError.
        propagateCancellationError = null;
      } else if (propagateCancellationError === null) {
        // The remaining cancellation is not ours: keep it (gh-155433).
        propagateCancellationError = pendingCancellationError;
      }
    }

    // Propagate CancelledError if there is one, unless there are errors: those win.
    if (propagateCancellationError !== null && errors.length === 0)
      throw propagateCancellationError;

    if (hasExc && !(exc instanceof CancelledError)) errors.push(exc);

    if (errors.length > 0) {
      // If the parent Task is being cancelled from outside the group, uncancel and
      // re-cancel it, which keeps its cancel count stable.
      if (parent.cancelling() > 0) {
        parent.uncancel();
        parent.cancel();
      }
      throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
    }
    return undefined;
  }

  /**
   * Creates a child Task in this group and returns it, like `createTask`.
   * @param coro - the coroutine to run
   * @param options - `{ name, context, eagerStart }`, as for `createTask`
   * @returns the Task
   * @throws {@link RuntimeError} `TaskGroup … has not been entered`, `… is finished`, or
   *   `… is shutting down` (a child failed or the group is exiting after a cancellation);
   *   the coroutine is then closed without running
   * @throws TypeError if `coro` is not a coroutine
   */
  createTask<T>(coro: Coroutine<T>, options?: CreateTaskOptions): Task<T> {
    if (!this.#entered) {
      closeCoroutine(coro);
      throw new RuntimeError(`TaskGroup ${String(this)} has not been entered`);
    }
    if (this.#exiting && this.#tasks.size === 0) {
      closeCoroutine(coro);
      throw new RuntimeError(`TaskGroup ${String(this)} is finished`);
    }
    if (this.#aborting) {
      closeCoroutine(coro);
      throw new RuntimeError(`TaskGroup ${String(this)} is shutting down`);
    }
    const loop = this.#loop as GatherLoop;
    const task = loop.createTask(coro, options) as Task<T>;
    // Always add the done callback, even if the Task is already done (an eager Task that
    // finished at once): otherwise a failing one would cancel the parent too early
    // (gh-128550).
    this.#tasks.add(task);
    task.addDoneCallback(this.#onTaskDone);
    // An eager Task can make the group abort before it joined the group (gh-155418).
    if (this.#aborting && !task.done()) task.cancel();
    return task;
  }

  #abort(): void {
    this.#aborting = true;
    for (const t of this.#tasks) if (!t.done()) t.cancel();
  }

  // A field, not a method: the same function is added to every child.
  #onTaskDone = (task: Task<unknown>): void => {
    this.#tasks.delete(task);
    const fut = this.#onCompletedFut;
    if (fut !== null && this.#tasks.size === 0 && !fut.done()) fut.setResult(true);
    if (task.cancelled()) return;
    const exc = task.exception();
    if (exc === undefined) return;
    const errors = this.#errors;
    const parent = this.#parentTask;
    if (errors === null || parent === null) {
      // Not possible while the group is entered; never drop the error all the same.
      (this.#loop as GatherLoop).callExceptionHandler({
        message: `Task ${String(task)} has errored out but its TaskGroup has exited`,
        exception: exc,
        task,
      });
      return;
    }
    errors.push(exc);
    if (isBaseError(exc) && this.#baseError === null) this.#baseError = exc;
    if (parent.done()) {
      (this.#loop as GatherLoop).callExceptionHandler({
        message: `Task ${String(task)} has errored out but its parent task ${String(parent)} is already completed`,
        exception: exc,
        task,
      });
      return;
    }
    if (!this.#aborting && !this.#parentCancelRequested) {
      // The parent is not being cancelled: cancel it to abort whatever the body is
      // awaiting, and mark it "not cancelled" again in aexit (uncancel).
      this.#abort();
      this.#parentCancelRequested = true;
      parent.cancel();
    }
  };
}
