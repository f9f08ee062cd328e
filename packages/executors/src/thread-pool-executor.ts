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
import { DONE, makeCells, CELLS_PER_WORKER, QUEUED, STARTED, TAKEN } from "./internal/job-cells.js";
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
   * Such a pool sends one job at a time to each worker (no batches).
   */
  terminateOnCancel?: boolean;
  /**
   * Seconds a worker that has just sent a result keeps polling for its next job before it
   * sleeps (Node only; default `0.0001`, 100 µs; at most `0.01`; `0` never polls). A job
   * sent in that window skips the cost of waking a sleeping thread. A poll that finds
   * nothing, or that the OS interrupts to run another thread, makes the worker skip its
   * next 1, 2, 4, … 64 polls, so an idle pool or a busy machine does not burn CPU.
   */
  idleSpin?: number;
}

/** Options of {@link ThreadPoolExecutor.shutdown}. */
export interface ShutdownOptions {
  /** Settle only when every job has finished and every worker has stopped (default `true`). */
  wait?: boolean;
  /** Cancel the jobs that no worker has started yet (default `false`). */
  cancelFutures?: boolean;
}

/** A job sent to a worker and not answered yet (answers come in the order of sending). */
interface Sent {
  readonly job: Job<unknown>;
  /** Its cell in the worker's cells, or -1 without cells. */
  readonly cell: number;
  /** Taken back (sent to another worker, or the worker crashed): only its skip is due. */
  taken: boolean;
}

interface Slot {
  readonly worker: HostWorker;
  readonly cells: Int32Array | null;
  /** Free cell indexes. */
  readonly free: number[];
  /** What the worker was sent and has not answered, oldest first. */
  sent: Sent[];
  /** Takes no new job (crashed, or retired). */
  gone: boolean;
  /** terminate() was called. */
  stopped: boolean;
}

interface Reply {
  id: number;
  ok?: boolean;
  value?: unknown;
  error?: SerializedError | { thrown: unknown };
  /** The job's duration in ms. */
  time?: number;
  /** The worker skipped the job: the pool had taken it back. */
  skipped?: boolean;
}

// Short jobs go to busy workers in batches: a batch holds about BATCH_BUDGET_MS of work as
// the pool has measured it (a moving average of job durations), at most BATCH_MAX jobs.
const BATCH_MAX = 32;
const BATCH_BUDGET_MS = 0.5;
const DEFAULT_IDLE_SPIN = 0.0001;

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
 * an idle worker does not keep Node running, a busy one does. Jobs submitted while every
 * worker is busy, when the pool has measured that its jobs are short, go to busy workers
 * in batches (one message for up to 32 jobs), which a worker runs one after the other
 * without waiting for the pool: a job in a worker's queue has not started, so it can
 * still be cancelled, and an idle worker takes such jobs back from a busy one. A worker
 * that dies (an uncaught error in a callback, `process.exit()`) fails the job it was
 * running with the error, the jobs it had not started go to other workers, and it is
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
  readonly #idleSpinMs: number;
  // The FIFO of jobs waiting for a worker: an array read from #head, compacted when the
  // consumed part dominates (never Array.prototype.shift on a long queue).
  #queue: (Job<unknown> | undefined)[] = [];
  #head = 0;
  /** Workers with nothing sent (idle), the most recently idle last. */
  readonly #idle: Slot[] = [];
  readonly #slots = new Set<Slot>();
  /** Crashed workers whose last replies are still on their way. */
  readonly #crashed = new Set<Slot>();
  readonly #stopping = new Set<Promise<void>>();
  #spawned = 0;
  #shutdown = false;
  #allStopped: Promise<void> | null = null;
  #onAllStopped: (() => void) | null = null;
  /** Moving average of job durations (ms); NaN until a job has finished. */
  #avgMs = Number.NaN;
  #dispatchQueued = false;

  /**
   * @param options - `{ maxWorkers, threadNamePrefix, terminateOnCancel, idleSpin }`, or
   *   just `maxWorkers` as a number (Python's first positional argument)
   * @throws RangeError `max_workers must be greater than 0` (CPython's wording), or a
   *   negative `idleSpin`
   * @throws TypeError if `maxWorkers` is not an integer
   */
  constructor(options?: ThreadPoolExecutorOptions | number) {
    const opts = typeof options === "number" ? { maxWorkers: options } : (options ?? {});
    const max = opts.maxWorkers ?? cpuCount();
    if (typeof max !== "number" || !Number.isInteger(max))
      throw new TypeError(`maxWorkers must be an integer, got ${String(max)}`);
    if (max <= 0) throw new RangeError(`max_workers must be greater than 0, got ${max}`);
    const spin = opts.idleSpin ?? DEFAULT_IDLE_SPIN;
    if (typeof spin !== "number" || !(spin >= 0))
      throw new RangeError(`idleSpin must be a number of seconds >= 0, got ${String(spin)}`);
    this.#maxWorkers = max;
    this.#prefix = opts.threadNamePrefix || `ThreadPoolExecutor-${poolCounter++}`;
    this.#terminateOnCancel = opts.terminateOnCancel === true;
    this.#idleSpinMs = Math.min(spin, 0.01) * 1000;
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
    if (this.#idle.length > 0 || this.#slots.size < this.#maxWorkers) {
      this.#dispatch();
    } else if (!this.#dispatchQueued && this.#batchSize() > 1) {
      // Every worker is busy: jobs submitted in one go are sent together, as batches.
      this.#dispatchQueued = true;
      queueMicrotask(() => {
        this.#dispatchQueued = false;
        this.#dispatch();
      });
    }
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
      // Jobs waiting in a worker's queue have not started either.
      for (const slot of this.#slots) {
        const cells = slot.cells;
        if (cells === null) continue;
        for (const e of slot.sent)
          if (
            !e.taken &&
            !e.job.done() &&
            Atomics.compareExchange(cells, e.cell, QUEUED, TAKEN) === QUEUED
          )
            e.job._cancelled();
      }
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
    // Only a terminateOnCancel pool, which sends no batches: a running job is the one
    // entry of its worker.
    if (!this.#terminateOnCancel) return false;
    for (const slot of this.#slots) {
      if (slot.sent[0]?.job !== job) continue;
      slot.sent = [];
      job._cancelled();
      this.#retire(slot);
      this.#dispatch();
      return true;
    }
    return false;
  }

  // ---- the queue -------------------------------------------------------------------------

  /** How many jobs a busy worker may hold (1: no batches yet, or not possible here). */
  #batchSize(): number {
    const avg = this.#avgMs;
    if (this.#terminateOnCancel || !(avg >= 0)) return 1;
    return Math.max(1, Math.min(BATCH_MAX, Math.floor(BATCH_BUDGET_MS / Math.max(avg, 0.001))));
  }

  #dispatch(): void {
    const queue = this.#queue;
    // An idle worker (or a new one) takes the next job, which starts at once.
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
      this.#send(slot, [job]);
      if (slot.sent.length === 0) this.#idle.push(slot);
    }
    // Short jobs: busy workers take a batch into their own queue, so that a worker does
    // not wait (and sleep) for the pool between two jobs.
    if (this.#head < queue.length) {
      const size = this.#batchSize();
      if (size > 1) {
        const share = Math.ceil((queue.length - this.#head) / this.#slots.size);
        for (const slot of this.#slots) {
          const n = slot.sent.length;
          if (slot.cells === null || n === 0 || n > size >> 1) continue;
          const batch: Job<unknown>[] = [];
          const want = Math.min(size - n, share);
          while (batch.length < want && this.#head < queue.length) {
            const job = queue[this.#head] as Job<unknown>;
            queue[this.#head++] = undefined;
            if (!job.done()) batch.push(job);
          }
          if (batch.length > 0) this.#send(slot, batch);
          if (this.#head >= queue.length) break;
        }
      }
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

  /** Puts jobs taken back from a worker at the front of the queue, in their order. */
  #requeue(jobs: Job<unknown>[]): void {
    this.#queue = [...jobs, ...this.#queue.slice(this.#head)];
    this.#head = 0;
  }

  /**
   * Sends `jobs` to `slot` in one message. The first job sent to an idle worker is marked
   * running at once (it starts as soon as the worker reads it); the others wait in the
   * worker's queue, in cells the worker claims when it starts them.
   */
  #send(slot: Slot, jobs: Job<unknown>[]): void {
    const wasIdle = slot.sent.length === 0;
    const cells = slot.cells;
    const messages: JobMessage[] = [];
    for (const job of jobs) {
      const cell = cells !== null ? (slot.free.pop() as number) : -1;
      if (cell >= 0)
        Atomics.store(
          cells as Int32Array,
          cell,
          wasIdle && messages.length === 0 ? STARTED : QUEUED,
        );
      messages.push(jobMessage(job, cell));
    }
    try {
      slot.worker.postMessage(messages);
    } catch (e) {
      for (const m of messages) if (m.cell >= 0) slot.free.push(m.cell);
      if (jobs.length > 1) {
        // Find the job at fault: send them one by one.
        for (const job of jobs) this.#send(slot, [job]);
        return;
      }
      const job = jobs[0] as Job<unknown>;
      const message = messages[0] as JobMessage;
      // An argument (or, for toThread, a context variable) that structured clone cannot
      // copy. Context variables are best effort: retry without the ones that fail.
      if (job._context !== null) {
        const kept = job._context.filter(([, v]) => cloneable(v));
        if (kept.length < job._context.length) {
          job._context = kept;
          this.#send(slot, [job]);
          return;
        }
      }
      job._settle(false, notCloneable(message.name, e));
      return;
    }
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i] as Job<unknown>;
      const cell = (messages[i] as JobMessage).cell;
      slot.sent.push({ job, cell, taken: false });
      if (wasIdle && i === 0) {
        job._start();
        job._args = null;
        job._context = null;
      } else {
        // Kept until the job starts or ends: the pool may take it back and send it again.
        job._assign(cells as Int32Array, cell);
      }
    }
    if (wasIdle) slot.worker.ref();
  }

  // ---- workers ---------------------------------------------------------------------------

  #spawn(): Slot {
    const name = `${this.#prefix}_${this.#spawned++}`;
    const cells = makeCells();
    const slot: Slot = {
      cells,
      free:
        cells === null
          ? []
          : Array.from({ length: CELLS_PER_WORKER }, (_, i) => CELLS_PER_WORKER - 1 - i),
      sent: [],
      gone: false,
      stopped: false,
      worker: spawnWorker(WORKER_SOURCE, name, {
        message: (data) => this.#onReply(slot, data as Reply),
        messageerror: (error) => this.#onLostReply(slot, error),
        error: (error) => this.#onCrash(slot, error, false),
        exit: (code) =>
          this.#onCrash(
            slot,
            new RuntimeError(
              `the worker thread ${name} exited (code ${code}) while running a job; a new worker takes the next job`,
            ),
            true,
          ),
      }),
    };
    slot.worker.postMessage({ init: { cells, spin: this.#idleSpinMs } });
    // Idle workers let Node exit; #send() refs a worker while it has jobs.
    slot.worker.unref();
    this.#slots.add(slot);
    return slot;
  }

  #onReply(slot: Slot, reply: Reply): void {
    const entry = slot.sent[0];
    if (slot.stopped || entry === undefined || reply.id !== entry.job._id) return;
    slot.sent.shift();
    if (entry.cell >= 0) slot.free.push(entry.cell);
    if (reply.skipped !== true && !entry.taken) {
      const t = reply.time;
      if (typeof t === "number" && t >= 0) this.#observe(t);
      if (reply.ok === true) entry.job._settle(true, reply.value);
      else entry.job._settle(false, deserializeError(reply.error ?? { thrown: undefined }));
    }
    if (slot.sent.length === 0) {
      slot.worker.unref();
      if (slot.gone) {
        this.#crashed.delete(slot);
        this.#retire(slot);
      } else {
        this.#idle.push(slot);
      }
    }
    this.#dispatch();
    if (slot.sent.length === 0 && !slot.gone && this.#head === this.#queue.length)
      this.#steal(slot);
  }

  /**
   * Adds a job's duration to the moving average that sizes batches. One sample counts
   * as 10× the average at most: a job slowed down once (the OS ran another thread) does
   * not stop the batching of short jobs, while a real change to long jobs shows within a
   * few (and until then, idle workers take jobs back from busy ones).
   */
  #observe(ms: number): void {
    const avg = this.#avgMs;
    if (Number.isNaN(avg)) this.#avgMs = ms;
    else this.#avgMs = avg + 0.2 * (Math.min(ms, 10 * avg + 0.01) - avg);
  }

  /** A reply that could not be deserialized: the oldest job sent gets the error. */
  #onLostReply(slot: Slot, error: unknown): void {
    const entry = slot.sent[0];
    if (slot.stopped || entry === undefined) return;
    this.#onReply(slot, { id: entry.job._id, ok: false, error: { thrown: error } });
  }

  /**
   * An idle worker takes half of the jobs still waiting in the queue of the worker that
   * has the most (a long job in a batch must not hold up short ones behind it).
   */
  #steal(thief: Slot): void {
    let victim: Slot | undefined;
    let most = 0;
    for (const s of this.#slots) {
      const cells = s.cells;
      if (s === thief || s.gone || cells === null || s.sent.length < 2) continue;
      let queued = 0;
      for (const e of s.sent)
        if (!e.taken && !e.job.done() && Atomics.load(cells, e.cell) === QUEUED) queued++;
      if (queued > most) {
        most = queued;
        victim = s;
      }
    }
    if (victim === undefined) return;
    const cells = victim.cells as Int32Array;
    const taken: Job<unknown>[] = [];
    for (let i = victim.sent.length - 1; i >= 0 && taken.length * 2 < most; i--) {
      const e = victim.sent[i] as Sent;
      if (e.taken || e.job.done()) continue;
      if (Atomics.compareExchange(cells, e.cell, QUEUED, TAKEN) !== QUEUED) break;
      e.taken = true;
      e.job._unassign();
      taken.push(e.job);
    }
    if (taken.length === 0) return;
    this.#requeue(taken.reverse());
    this.#dispatch();
  }

  /**
   * A worker died (`exited`: its thread has stopped and its last messages were delivered)
   * or lost a job to an uncaught error. The job it was running fails with `error`; jobs
   * it had not started go back to the queue; a job whose reply is on its way gets it.
   */
  #onCrash(slot: Slot, error: unknown, exited: boolean): void {
    if (slot.stopped) return;
    const requeue: Job<unknown>[] = [];
    const waiting: Sent[] = [];
    for (const e of slot.sent) {
      if (e.taken || e.job.done()) continue;
      if (slot.cells !== null) {
        const was = Atomics.compareExchange(slot.cells, e.cell, QUEUED, TAKEN);
        if (was === QUEUED) {
          e.job._unassign();
          requeue.push(e.job);
          continue;
        }
        if (was === DONE && !exited) {
          waiting.push(e);
          continue;
        }
      }
      e.job._settle(false, error);
    }
    slot.sent = waiting;
    if (!slot.gone) {
      slot.gone = true;
      this.#slots.delete(slot);
      const i = this.#idle.indexOf(slot);
      if (i >= 0) this.#idle.splice(i, 1);
    }
    if (waiting.length > 0) {
      this.#crashed.add(slot);
    } else {
      this.#crashed.delete(slot);
      this.#retire(slot);
    }
    if (requeue.length > 0) this.#requeue(requeue);
    this.#dispatch();
  }

  /** Stops a worker and forgets it; shutdown(wait) waits for it to stop. */
  #retire(slot: Slot): void {
    if (slot.stopped) return;
    slot.stopped = true;
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
      this.#crashed.size === 0 &&
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
    for (const slot of this.#slots)
      for (const e of slot.sent) if (!e.taken && !e.job.done() && !e.job.running()) pending++;
    return `<ThreadPoolExecutor max_workers=${this.#maxWorkers} workers=${this.#slots.size} pending=${pending} shutdown=${this.#shutdown}>`;
  }
}

/** A job as the worker reads it (worker-source.ts). */
interface JobMessage {
  id: number;
  cell: number;
  name: string;
  args: unknown[] | null;
  source: string | undefined;
  module: string | undefined;
  context: [string, unknown][] | null;
}

function jobMessage(job: Job<unknown>, cell: number): JobMessage {
  const spec = job._spec;
  return {
    id: job._id,
    cell,
    name: spec.name,
    args: job._args,
    source: spec.source,
    module: spec.module,
    context: job._context,
  };
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
