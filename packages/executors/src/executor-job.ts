// Port of concurrent.futures.Future (Lib/concurrent/futures/_base.py), the part an
// executor's caller sees: a job that is pending, running or done, and can be cancelled
// while it waits for a worker. It is a thenable, so `await` and ensureFuture() take it.
import { CancelledError } from "@tsasyncio/futures";
import { DONE, QUEUED, STARTED, TAKEN } from "./internal/job-cells.js";
import type { FunctionSpec } from "./worker-function.js";

/**
 * A job submitted to a {@link ThreadPoolExecutor}: a thenable of the function's result,
 * that can be cancelled until a worker starts it.
 *
 * @remarks
 * Python's `concurrent.futures.Future` as `executor.submit()` returns it, minus the
 * blocking `result(timeout)`: await it (`await job` in an `async` function, or
 * `yield* ensureFuture(job)` in a coroutine), or use `loop.runInExecutor()`, which wraps it
 * in an asyncio Future. A job that fails or is cancelled and is never awaited is not
 * reported as an unhandled rejection.
 * @typeParam T - the function's result
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from "tsasyncio";
 * const pool = new ThreadPoolExecutor(1);
 * const first = pool.submit((a: number, b: number) => a + b, 1, 2);
 * const second = pool.submit((a: number, b: number) => a * b, 3, 4);
 * console.log(first.running(), second.running(), second.cancel()); // prints: true false true
 * console.log(await first, second.cancelled()); // prints: 3 true
 * await pool.shutdown();
 * ```
 * @category Executors
 */
export interface ExecutorJob<T> extends PromiseLike<T> {
  /**
   * Cancels the job if no worker has started it (it then never starts) and returns
   * `true`; a running job is left to finish and `false` is returned, unless the executor
   * was made with `terminateOnCancel: true`, which stops its worker. A finished job
   * returns `false`, a cancelled one `true`.
   */
  cancel(): boolean;
  /** Whether the job was cancelled. */
  cancelled(): boolean;
  /** Whether a worker is running the job now. */
  running(): boolean;
  /** Whether the job finished, failed or was cancelled. */
  done(): boolean;
}

/** @internal What a Job needs from its executor. */
export interface JobOwner {
  /** Stops the worker running `job`, if the executor may; returns whether it did. */
  _cancelRunning(job: Job<unknown>): boolean;
}

const PENDING = 0;
const RUNNING = 1;
const CANCELLED = 2;
const FINISHED = 3;
const STATES = ["pending", "running", "cancelled", "finished"];

let nextId = 1;
const noop = (): void => undefined;

/** @internal The executor's job object. */
export class Job<T> implements ExecutorJob<T> {
  /** @internal */ readonly _id = nextId++;
  /** @internal */ _state = PENDING;
  /** @internal */ readonly _spec: FunctionSpec;
  /** @internal Arguments, then dropped once sent (CPython deletes the work item). */
  _args: unknown[] | null;
  /** @internal [name, value] pairs of the caller's context variables (toThread). */
  _context: [string, unknown][] | null;
  /**
   * @internal The cells of the worker holding this job in its queue (a batch), and this
   * job's cell: the worker starts it, or the pool takes it back, by compare-and-swap.
   */
  _cells: Int32Array | null = null;
  /** @internal */ _cell = -1;
  readonly #owner: JobOwner;
  readonly #promise: Promise<T>;
  #resolve!: (value: T) => void;
  #reject!: (error: unknown) => void;
  #outcome = "";

  constructor(
    owner: JobOwner,
    spec: FunctionSpec,
    args: unknown[],
    context: [string, unknown][] | null,
  ) {
    this.#owner = owner;
    this._spec = spec;
    this._args = args;
    this._context = context;
    this.#promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // A job nobody awaits must not become an unhandled rejection (CPython's
    // concurrent Future never complains either); then() gives the caller its own Promise.
    this.#promise.catch(noop);
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#promise.then(onfulfilled, onrejected);
  }

  cancel(): boolean {
    if (this._state === CANCELLED) return true;
    if (this._state === FINISHED) return false;
    if (this._state === PENDING && this._cells !== null) {
      // Queued in a worker: cancelled only if the worker has not started it yet.
      if (Atomics.compareExchange(this._cells, this._cell, QUEUED, TAKEN) === QUEUED) {
        this._cells = null;
        this._cancelled();
        return true;
      }
      this._state = RUNNING;
    }
    if (this._state === RUNNING) return this.#owner._cancelRunning(this as Job<unknown>);
    this._cancelled();
    return true;
  }

  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  running(): boolean {
    if (this._state === RUNNING) return true;
    if (this._state !== PENDING || this._cells === null) return false;
    const cell = Atomics.load(this._cells, this._cell);
    return cell === STARTED || cell === DONE;
  }

  done(): boolean {
    return this._state === CANCELLED || this._state === FINISHED;
  }

  /** @internal A worker took the job. */
  _start(): void {
    this._state = RUNNING;
  }

  /** @internal The job waits in a worker's queue, in `cell` of `cells`. */
  _assign(cells: Int32Array, cell: number): void {
    this._cells = cells;
    this._cell = cell;
  }

  /** @internal The pool took the job back from a worker's queue. */
  _unassign(): void {
    this._cells = null;
    this._cell = -1;
  }

  /** @internal The job is cancelled: it rejects with CancelledError. */
  _cancelled(): void {
    if (this.done()) return;
    this._state = CANCELLED;
    this._args = null;
    this._context = null;
    this._cells = null;
    this.#reject(new CancelledError());
  }

  /** @internal The job finished with `value`, or failed with it (`ok` false). */
  _settle(ok: boolean, value: unknown): void {
    if (this.done()) return;
    this._state = FINISHED;
    this._args = null;
    this._context = null;
    this._cells = null;
    if (ok) {
      this.#outcome = ` returned ${describeType(value)}`;
      this.#resolve(value as T);
    } else {
      this.#outcome = ` raised ${value instanceof Error ? value.name : describeType(value)}`;
      this.#reject(value);
    }
  }

  /** `<ExecutorJob fib() state=finished returned number>`, like CPython's Future repr. */
  toString(): string {
    const fn = this._spec.name ? `${this._spec.name}()` : "<anonymous>()";
    const state = this.running() ? "running" : (STATES[this._state] ?? "?");
    return `<ExecutorJob ${fn} state=${state}${this.#outcome}>`;
  }
}

function describeType(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object")
    return (v.constructor as { name?: string } | undefined)?.name ?? "object";
  return typeof v;
}
