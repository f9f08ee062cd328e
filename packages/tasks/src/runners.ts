// Port of Lib/asyncio/runners.py (3.13): Runner and run(), with CPython's shutdown
// sequence (cancel leftover tasks, wait for them, report failures, shut the default
// executor down, close the loop) and Ctrl-C handling. In Node, a main task that can never
// finish (the host has nothing left to do: 'beforeExit') is reported instead of letting
// the process exit with an unsettled Promise.
import {
  CancelledError,
  KeyboardInterrupt,
  RuntimeError,
  copyContext,
  type Context,
} from "@tsasyncio/futures";
import { _getRunningLoop, ownerData } from "@tsasyncio/futures/internal";
import { EventLoop, newEventLoop, setEventLoop } from "@tsasyncio/loop";
import { onHostIdle, onInterrupt, reraiseInterrupt } from "@tsasyncio/loop/internal";
import { isCoroutine, notACoroutine, type Coroutine } from "./coroutines.js";
import { allTasks, installTaskHook, type Task } from "./task.js";

/** Options of {@link Runner} and {@link run}. */
export interface RunnerOptions {
  /** Turn the loop's debug mode on or off (default: the loop's own, `TSASYNCIO_DEBUG`). */
  debug?: boolean;
  /** Makes the loop (default: `newEventLoop()`, which is then also set as the current loop). */
  loopFactory?: () => EventLoop;
}

/**
 * Runs coroutines on one loop, and closes it: the context manager behind {@link run}.
 *
 * @remarks Python 3.11's `asyncio.Runner`. `close()` cancels the tasks left over, waits
 * for them, shuts the default executor down and closes the loop. It is an
 * `AsyncDisposable`: `await using runner = new Runner()`.
 * @example
 * ```ts
 * import { Runner, sleep } from "tsasyncio";
 * const runner = new Runner();
 * console.log(await runner.run(sleep(0.01, "a")), await runner.run(sleep(0.01, "b"))); // prints: a b
 * await runner.close();
 * ```
 * @category Tasks
 */
export class Runner implements AsyncDisposable {
  #state: "created" | "initialized" | "closed" = "created";
  #loop: EventLoop | null = null;
  #context: Context | null = null;
  #setEventLoop = false;
  #interruptCount = 0;
  readonly #debug: boolean | undefined;
  readonly #loopFactory: (() => EventLoop) | undefined;

  /** @param options - `{ debug, loopFactory }` */
  constructor(options?: RunnerOptions) {
    this.#debug = options?.debug;
    this.#loopFactory = options?.loopFactory;
  }

  /** The Runner's loop (created on first use). */
  getLoop(): EventLoop {
    this.#lazyInit();
    return this.#loop as EventLoop;
  }

  /**
   * Runs `coro` as a Task on the Runner's loop and settles with its result.
   *
   * The Task runs in the Runner's context: the context variables it sets are seen by the
   * next `run()` of the same Runner, even if it fails (as in CPython). With `{ context }`
   * it runs in that Context instead, and what it sets stays there.
   * @param options - `{ context }`: a Context to run the Task in
   * @throws TypeError (as a rejection) if `coro` is not a coroutine
   * @throws {@link RuntimeError} (as a rejection) if a loop is already running
   */
  async run<T>(coro: Coroutine<T>, options?: { context?: Context }): Promise<T> {
    if (_getRunningLoop() !== null)
      throw new RuntimeError("Runner.run() cannot be called from a running event loop");
    if (!isCoroutine(coro)) throw notACoroutine("runner.run()", coro);
    this.#lazyInit();
    installTaskHook();
    const loop = this.#loop as EventLoop;
    // CPython runs the main Task in the Runner's Context itself. Here it starts from a
    // snapshot of the Runner's variables, as every Task starts, and what it sets is kept
    // in the Runner's Context when it ends: the same outcome, and the main Task takes the
    // same code paths as every other Task (V8 keeps their optimized code from one run() to
    // the next). A Context the caller gives is used as it is.
    const given = options?.context;
    const own = given === undefined ? (this.#context as Context) : null;
    const task = (
      given === undefined
        ? (own as Context).run(() => loop.createTask(coro))
        : loop.createTask(coro, { context: given })
    ) as Task<T>;
    this.#interruptCount = 0;
    const removeSigint = onInterrupt(() => {
      this.#interruptCount++;
      if (this.#interruptCount === 1 && !task.done()) {
        task.cancel();
        loop._wake();
        return;
      }
      removeSigint?.();
      reraiseInterrupt();
    });
    let deadlock: string | null = null;
    const removeIdle = onHostIdle(() => {
      if (task.done() || deadlock !== null) return;
      deadlock = deadlockReport(loop, task);
      loop.stop();
    });
    try {
      return await loop.runUntilComplete(task);
    } catch (e) {
      if (deadlock !== null) throw new RuntimeError(deadlock);
      if (e instanceof CancelledError && this.#interruptCount > 0) {
        // A task factory may make Tasks without uncancel() (CPython's getattr check).
        const uncancel = (task as Partial<Task<T>>).uncancel;
        if (typeof uncancel === "function" && uncancel.call(task) === 0)
          throw new KeyboardInterrupt();
      }
      throw e;
    } finally {
      removeSigint?.();
      removeIdle();
      if (own !== null) own._data = ownerData(task) ?? own._data;
    }
  }

  /**
   * Cancels the tasks left over and waits for them (failures are reported to the loop's
   * exception handler), shuts the default executor down, and closes the loop.
   */
  async close(): Promise<void> {
    if (this.#state !== "initialized") return;
    const loop = this.#loop as EventLoop;
    try {
      await cancelAllTasks(loop);
      await loop.shutdownDefaultExecutor();
    } finally {
      if (this.#setEventLoop) setEventLoop(null);
      loop.close();
      this.#loop = null;
      this.#state = "closed";
    }
  }

  /** `await using runner = new Runner()` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #lazyInit(): void {
    if (this.#state === "closed") throw new RuntimeError("Runner is closed");
    if (this.#state === "initialized") return;
    if (this.#loopFactory === undefined) {
      this.#loop = newEventLoop();
      setEventLoop(this.#loop);
      this.#setEventLoop = true;
    } else {
      this.#loop = this.#loopFactory();
      if (!(this.#loop instanceof EventLoop))
        throw new TypeError(
          "Runner: loopFactory must return an EventLoop (e.g. () => new VirtualTimeLoop())",
        );
    }
    if (this.#debug !== undefined) this.#loop.setDebug(this.#debug);
    this.#context = copyContext();
    this.#state = "initialized";
  }
}

function deadlockReport(loop: EventLoop, main: Task<unknown>): string {
  const lines = [
    `run() can never finish: the main task ${String(main)} is still pending, nothing is scheduled on the loop, and the host has nothing left to do.`,
  ];
  const others = [...allTasks(loop)].filter((t) => t !== main);
  if (others.length > 0) lines.push("Other pending tasks:", ...others.map((t) => `  ${String(t)}`));
  return lines.join("\n");
}

async function cancelAllTasks(loop: EventLoop): Promise<void> {
  const toCancel = [...allTasks(loop)];
  if (toCancel.length === 0) return;
  for (const t of toCancel) t.cancel();
  const all = loop.createFuture<undefined>();
  let left = toCancel.length;
  const onDone = (): void => {
    if (--left === 0 && !all.done()) all.setResult(undefined);
  };
  for (const t of toCancel) t.addDoneCallback(onDone);
  await loop.runUntilComplete(all);
  for (const t of toCancel) {
    if (t.cancelled()) continue;
    const exc = t.exception();
    if (exc !== undefined)
      loop.callExceptionHandler({
        message: "unhandled exception during run() shutdown",
        exception: exc,
        task: t,
      });
  }
}

/**
 * Runs the coroutine `main` on a new event loop and settles with its result: the entry
 * point of a tsasyncio program.
 *
 * @remarks
 * Python's `asyncio.run()`. It creates a loop, runs `main` as a Task, then cancels
 * every leftover task and waits for them, shuts the default executor down, closes the
 * loop, and settles with main's result or error. It returns a Promise (it is not a
 * coroutine). Ctrl-C in Node cancels the main task, as in Python.
 * @throws TypeError (as a rejection) if `main` is not a coroutine
 * @throws {@link RuntimeError} (as a rejection) `run() cannot be called from a running event loop`
 * @example
 * ```ts
 * import { run, sleep } from "tsasyncio";
 * function* main() {
 *   console.log("hello");
 *   yield* sleep(0.01);
 *   console.log("world");
 *   return 42;
 * }
 * console.log(await run(main())); // prints: hello
 * // prints: world
 * // prints: 42
 * ```
 * @category Tasks
 */
export async function run<T>(main: Coroutine<T>, options?: RunnerOptions): Promise<T> {
  if (_getRunningLoop() !== null) {
    if (isCoroutine(main)) main.return(undefined as T);
    throw new RuntimeError("run() cannot be called from a running event loop");
  }
  if (!isCoroutine(main)) throw notACoroutine("run()", main);
  const runner = new Runner(options);
  try {
    return await runner.run(main);
  } finally {
    await runner.close();
  }
}
