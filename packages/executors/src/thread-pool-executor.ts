// Port of Lib/concurrent/futures/thread.py (3.13): ThreadPoolExecutor, on real threads
// (Node worker_threads, browser Web Workers). As in CPython, workers start on demand up to
// maxWorkers, an idle one is reused before a new one starts, jobs wait in one FIFO queue,
// shutdown() lets queued jobs run unless cancelFutures, and submit() after shutdown throws.
// Each worker runs one job at a time; the queue and the dispatch live in this thread, so a
// job that no worker has taken is known not to have started and can be cancelled.
import { RuntimeError } from "@tsasyncio/futures";
import type { Executor } from "@tsasyncio/loop";
import { cpuCount, spawnWorker } from "#host";
import { Job, type ExecutorJob, type JobOwner } from "./executor-job.js";
import { deserializeError, type SerializedError } from "./internal/errors.js";
import type { HostWorker } from "./internal/host.js";
import { WORKER_SOURCE } from "./internal/worker-source.js";
import { functionSpec, unwrapContextCall, type WorkerFunctionRef } from "./worker-function.js";

/** Options of {@link ThreadPoolExecutor} (Python's keyword arguments, in camelCase). */
export interface ThreadPoolExecutorOptions {
  /** How many workers may run at once (default: the number of CPUs, at least 1). */
  maxWorkers?: number;
  /** Workers are named `${threadNamePrefix}_0`, `_1`, … (default `ThreadPoolExecutor-N`). */
  threadNamePrefix?: string;
  /**
   * Cancelling a running job terminates its worker (a new one starts for the next job),
   * so the job stops at once instead of running to its end (default `false`, as Python).
   */
  terminateOnCancel?: boolean;
}

/** Options of {@link ThreadPoolExecutor.shutdown}. */
export interface ShutdownOptions {
  /** Settle only when every job has finished and every worker has stopped (default `true`). */
  wait?: boolean;
  /** Cancel the jobs that no worker has started yet (default `false`). */
  cancelFutures?: boolean;
}

interface Slot {
  readonly worker: HostWorker;
  job: Job<unknown> | null;
  gone: boolean;
}

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: SerializedError | { thrown: unknown };
}

let poolCounter = 0;

/**
 * A pool of worker threads that runs functions off the event loop: Python's
 * `concurrent.futures.ThreadPoolExecutor`, on Node `worker_threads` or browser Web Workers.
 *
 * @remarks
 * Give it to `loop.runInExecutor(executor, fn, ...args)` (or make it the loop's default),
 * or call `submit()` yourself. JavaScript threads share no memory with the caller, so
 * what runs is a copy: a self-contained function travels as its source text, a function
 * that needs imports as a {@link WorkerFunctionRef} (`{ module, name }`), and arguments
 * and results by structured clone. Errors thrown in the worker arrive with their name,
 * message, stack, `cause` and own properties. Workers start on demand, up to `maxWorkers`;
 * an idle worker does not keep Node running, a busy one does. A worker that dies (an
 * uncaught error in a callback, `process.exit()`) fails its job with the error and is
 * replaced by a new one when the next job needs it. `await using pool = new
 * ThreadPoolExecutor()` shuts the pool down at the end of the block, like Python's `with`.
 * @example
 * ```ts
 * import { ThreadPoolExecutor, getEventLoop, run } from "tsasyncio";
 * function fib(n: number): number {
 *   return n < 2 ? n : fib(n - 1) + fib(n - 2);
 * }
 * const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const results = await run(function* () {
 *   const loop = getEventLoop();
 *   const a = loop.runInExecutor(pool, fib, 25); // both run at once, on two threads,
 *   const b = loop.runInExecutor(pool, fib, 26); // while the loop goes on
 *   return [yield* a, yield* b];
 * }());
 * console.log(results); // prints: [ 75025, 121393 ]
 * await pool.shutdown();
 * ```
 * @category Executors
 */
export class ThreadPoolExecutor implements Executor, JobOwner, AsyncDisposable {
  readonly #maxWorkers: number;
  readonly #prefix: string;
  readonly #terminateOnCancel: boolean;
  // The FIFO of jobs waiting for a worker: an array read from #head, compacted when the
  // consumed part dominates (never Array.prototype.shift on a long queue).
  #queue: (Job<unknown> | undefined)[] = [];
  #head = 0;
  readonly #idle: Slot[] = [];
  readonly #slots = new Set<Slot>();
  readonly #stopping = new Set<Promise<void>>();
  #spawned = 0;
  #shutdown = false;
  #allStopped: Promise<void> | null = null;
  #onAllStopped: (() => void) | null = null;

  /**
   * @param options - `{ maxWorkers, threadNamePrefix, terminateOnCancel }`, or just
   *   `maxWorkers` as a number (Python's first positional argument)
   * @throws RangeError `max_workers must be greater than 0` (CPython's wording)
   * @throws TypeError if `maxWorkers` is not an integer
   */
  constructor(options?: ThreadPoolExecutorOptions | number) {
    const opts = typeof options === "number" ? { maxWorkers: options } : (options ?? {});
    const max = opts.maxWorkers ?? cpuCount();
    if (typeof max !== "number" || !Number.isInteger(max))
      throw new TypeError(`maxWorkers must be an integer, got ${String(max)}`);
    if (max <= 0) throw new RangeError(`max_workers must be greater than 0, got ${max}`);
    this.#maxWorkers = max;
    this.#prefix = opts.threadNamePrefix || `ThreadPoolExecutor-${poolCounter++}`;
    this.#terminateOnCancel = opts.terminateOnCancel === true;
  }

  /** The largest number of workers this pool runs at once. */
  get maxWorkers(): number {
    return this.#maxWorkers;
  }

  /** How many workers are alive now (busy or idle). */
  get workerCount(): number {
    return this.#slots.size;
  }

  /**
   * Schedules `fn(...args)` on a worker and returns the job, a thenable of its result (an
   * `async` function's result is awaited in the worker).
   * @param fn - a self-contained function (sent as source text), or `{ module, name }`
   * @param args - arguments, sent by structured clone
   * @returns an {@link ExecutorJob}
   * @throws {@link RuntimeError} `cannot schedule new futures after shutdown`
   * @throws TypeError if `fn` cannot be sent to a worker (a built-in or bound function, a
   *   `function*`, a class); an argument that cannot be cloned fails the job instead
   */
  submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): ExecutorJob<Awaited<R>>;
  submit<A extends unknown[], R>(
    fn: WorkerFunctionRef<(...args: A) => R>,
    ...args: A
  ): ExecutorJob<Awaited<R>>;
  submit(fn: unknown, ...args: unknown[]): ExecutorJob<unknown> {
    if (this.#shutdown) throw new RuntimeError("cannot schedule new futures after shutdown");
    const wrapped = unwrapContextCall(fn);
    const spec = functionSpec(wrapped === undefined ? fn : wrapped.target, "submit()");
    let context: [string, unknown][] | null = null;
    if (wrapped !== undefined) {
      context = [];
      for (const [v, value] of wrapped.context.entries()) context.push([v.name, value]);
    }
    const job = new Job<unknown>(this, spec, args, context);
    this.#queue.push(job);
    this.#dispatch();
    return job;
  }

  /**
   * Stops the pool: no new job is accepted; queued jobs still run unless `cancelFutures`;
   * workers stop once the queue is empty.
   * @param options - `{ wait = true, cancelFutures = false }`
   * @returns a Promise that settles when every worker has stopped (at once if `wait` is false)
   */
  shutdown(options?: ShutdownOptions): Promise<void> {
    this.#shutdown = true;
    if (options?.cancelFutures === true) {
      for (let i = this.#head; i < this.#queue.length; i++) this.#queue[i]?._cancelled();
    }
    this.#dispatch();
    if (options?.wait === false) return Promise.resolve();
    this.#allStopped ??= new Promise<void>((resolve) => {
      this.#onAllStopped = resolve;
    });
    this.#checkStopped();
    return this.#allStopped;
  }

  /** `await using pool = new ThreadPoolExecutor()`: `shutdown({ wait: true })` at the end. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown({ wait: true });
  }

  /** @internal Job.cancel() of a running job. */
  _cancelRunning(job: Job<unknown>): boolean {
    if (!this.#terminateOnCancel) return false;
    for (const slot of this.#slots) {
      if (slot.job !== job) continue;
      slot.job = null;
      job._cancelled();
      this.#retire(slot);
      this.#dispatch();
      return true;
    }
    return false;
  }

  // ---- the queue -------------------------------------------------------------------------

  #dispatch(): void {
    const queue = this.#queue;
    while (this.#head < queue.length) {
      const job = queue[this.#head] as Job<unknown>;
      if (job.done()) {
        queue[this.#head++] = undefined;
        continue;
      }
      let slot = this.#idle.pop();
      if (slot === undefined) {
        if (this.#slots.size >= this.#maxWorkers) break;
        slot = this.#spawn();
      }
      queue[this.#head++] = undefined;
      this.#start(slot, job);
    }
    if (this.#head === queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > queue.length) {
      this.#queue = queue.slice(this.#head);
      this.#head = 0;
    }
    if (this.#shutdown && this.#head === this.#queue.length) {
      for (const slot of this.#idle.splice(0)) this.#retire(slot);
      this.#checkStopped();
    }
  }

  #start(slot: Slot, job: Job<unknown>): void {
    const spec = job._spec;
    const message = {
      id: job._id,
      name: spec.name,
      args: job._args,
      source: spec.source,
      module: spec.module,
      context: job._context,
    };
    try {
      slot.worker.postMessage(message);
    } catch (e) {
      // An argument (or, for toThread, a context variable) that structured clone cannot
      // copy. Context variables are best effort: retry without the ones that fail.
      if (job._context !== null && job._context.length > 0) {
        message.context = job._context = job._context.filter(([, v]) => cloneable(v));
        try {
          slot.worker.postMessage(message);
          this.#running(slot, job);
          return;
        } catch {
          // the arguments are at fault
        }
      }
      job._settle(false, notCloneable(spec.name, e));
      this.#idle.push(slot);
      return;
    }
    this.#running(slot, job);
  }

  #running(slot: Slot, job: Job<unknown>): void {
    job._start();
    job._args = null;
    job._context = null;
    slot.job = job;
    slot.worker.ref();
  }

  // ---- workers ---------------------------------------------------------------------------

  #spawn(): Slot {
    const name = `${this.#prefix}_${this.#spawned++}`;
    const slot: Slot = {
      job: null,
      gone: false,
      worker: spawnWorker(WORKER_SOURCE, name, {
        message: (data) => this.#onReply(slot, data as Reply),
        error: (error) => this.#onCrash(slot, error),
        exit: (code) =>
          this.#onCrash(
            slot,
            new RuntimeError(
              `the worker thread ${name} exited (code ${code}) while running a job; a new worker takes the next job`,
            ),
          ),
      }),
    };
    // Idle workers let Node exit; #running() refs a worker while it runs a job.
    slot.worker.unref();
    this.#slots.add(slot);
    return slot;
  }

  #onReply(slot: Slot, reply: Reply): void {
    const job = slot.job;
    if (slot.gone || job === null || reply.id !== job._id) return;
    slot.job = null;
    slot.worker.unref();
    this.#idle.push(slot);
    if (reply.ok) job._settle(true, reply.value);
    else job._settle(false, deserializeError(reply.error ?? { thrown: undefined }));
    this.#dispatch();
  }

  #onCrash(slot: Slot, error: unknown): void {
    if (slot.gone) return;
    const job = slot.job;
    slot.job = null;
    const i = this.#idle.indexOf(slot);
    if (i >= 0) this.#idle.splice(i, 1);
    this.#retire(slot);
    if (job !== null) job._settle(false, error);
    this.#dispatch();
  }

  /** Stops a worker and forgets it; shutdown(wait) waits for it to stop. */
  #retire(slot: Slot): void {
    if (slot.gone) return;
    slot.gone = true;
    this.#slots.delete(slot);
    const stopped = slot.worker.terminate().then(
      () => undefined,
      () => undefined,
    );
    this.#stopping.add(stopped);
    void stopped.then(() => {
      this.#stopping.delete(stopped);
      this.#checkStopped();
    });
  }

  #checkStopped(): void {
    if (
      this.#shutdown &&
      this.#onAllStopped !== null &&
      this.#slots.size === 0 &&
      this.#stopping.size === 0 &&
      this.#head === this.#queue.length
    ) {
      const done = this.#onAllStopped;
      this.#onAllStopped = null;
      done();
    }
  }

  /** `<ThreadPoolExecutor max_workers=2 workers=1 pending=0 shutdown=false>` */
  toString(): string {
    let pending = 0;
    for (let i = this.#head; i < this.#queue.length; i++)
      if (this.#queue[i]?.done() === false) pending++;
    return `<ThreadPoolExecutor max_workers=${this.#maxWorkers} workers=${this.#slots.size} pending=${pending} shutdown=${this.#shutdown}>`;
  }
}

function cloneable(v: unknown): boolean {
  try {
    structuredClone(v);
    return true;
  } catch {
    return false;
  }
}

function notCloneable(name: string, cause: unknown): TypeError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new TypeError(
    `the arguments of ${name ? `${name}()` : "the function"} could not be sent to a worker: ${detail} Pass data that structured clone can copy (no functions, symbols or class instances with behaviour).`,
    { cause },
  );
}
