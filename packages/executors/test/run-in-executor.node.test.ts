// loop.runInExecutor() on real threads: CPython's test_events.py (test_run_in_executor,
// test_run_in_executor_cancel), test_base_events.py (test_set_default_executor), the seed
// tutorial's run_in_executor example, cancellation through Tasks, and the lazy default
// executor that installDefaultExecutor() puts in the realm.
import { threadId } from "node:worker_threads";
import { CancelledError, RuntimeError } from "@tsasyncio/futures";
import { realm } from "@tsasyncio/futures/internal";
import { gather } from "@tsasyncio/gather";
import { EventLoop, type Executor } from "@tsasyncio/loop";
import { createTask, sleep, type Coroutine } from "@tsasyncio/tasks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ThreadPoolExecutor, installDefaultExecutor } from "../src/index.js";
import { Cells, THREAD_TIMEOUT, hostSleep, runReal } from "./utils.js";

/** Counts its start in `started`, blocks until `gate` is released, then counts `done`. */
function blockOn(cells: Int32Array, gate: number, started: number, done: number): string {
  Atomics.add(cells, started, 1);
  Atomics.wait(cells, gate, 0, 20_000);
  Atomics.add(cells, done, 1);
  return "released";
}

/** A naive Fibonacci: CPU-bound on purpose (self-contained, so it can be sent as text). */
function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

interface NodeGlobals {
  require(id: "node:worker_threads"): { threadId: number };
}

// Every test starts from a realm without a default-executor factory, and restores it.
let savedFactory: (() => unknown) | null | undefined;
beforeEach(() => {
  savedFactory = realm().defaultExecutorFactory;
  realm().defaultExecutorFactory = null;
});
afterEach(() => {
  realm().defaultExecutorFactory = savedFactory ?? null;
});

/** Installs a default-executor factory that records the pools it makes. */
function recordDefaults(
  options?: ConstructorParameters<typeof ThreadPoolExecutor>[0],
): ThreadPoolExecutor[] {
  const made: ThreadPoolExecutor[] = [];
  realm().defaultExecutorFactory = () => {
    const p = new ThreadPoolExecutor(options);
    made.push(p);
    return p;
  };
  return made;
}

describe("EventLoopTestsMixin", { timeout: THREAD_TIMEOUT }, () => {
  it("test_run_in_executor", async () => {
    installDefaultExecutor();
    const [res, tid] = await runReal(function* (loop) {
      const run = (arg: string): [string, number] => [
        arg,
        (globalThis as unknown as NodeGlobals).require("node:worker_threads").threadId,
      ];
      return yield* loop.runInExecutor(null, run, "yo");
    });
    expect(res).toBe("yo");
    expect(tid).not.toBe(threadId);
  });

  it("test_run_in_executor_cancel", async () => {
    const loop = new EventLoop();
    installDefaultExecutor(loop);
    let called = false;
    const patched = (): void => {
      called = true;
    };
    const f2 = loop.runInExecutor(
      null,
      (ms: number) => {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      },
      50,
    );
    f2.cancel();
    await loop.runUntilComplete(loop.shutdownDefaultExecutor());
    loop.close();
    Object.assign(loop, { callSoon: patched, callSoonThreadsafe: patched, _callSoon: patched });
    await hostSleep(400);
    expect(called).toBe(false);
    expect(f2.cancelled()).toBe(true);
  });
});

describe("BaseEventLoopTests", { timeout: THREAD_TIMEOUT }, () => {
  it("test_set_default_executor", async () => {
    let count = 0;
    const pool = new ThreadPoolExecutor(1);
    const executor: Executor = {
      submit(fn, ...args) {
        count++;
        return pool.submit(fn as (...a: unknown[]) => unknown, ...args);
      },
      shutdown: (options) => pool.shutdown(options),
    };
    const r = await runReal(function* (loop) {
      loop.setDefaultExecutor(executor);
      return yield* loop.runInExecutor(null, () => "ran");
    });
    expect(r).toBe("ran");
    expect(count).toBe(1);
    // run() shut the default executor down.
    expect(() => pool.submit(() => 1)).toThrow("cannot schedule new futures after shutdown");
  });

  it("test_run_in_executor_after_shutdown_default_executor", async () => {
    installDefaultExecutor();
    const loop = new EventLoop();
    await loop.shutdownDefaultExecutor();
    expect(() => loop.runInExecutor(null, () => 1)).toThrow(
      new RuntimeError("Executor shutdown has been called"),
    );
    loop.close();
  });
});

describe("The default executor (installDefaultExecutor)", { timeout: THREAD_TIMEOUT }, () => {
  it("without it, runInExecutor(null) says what to install", () => {
    const loop = new EventLoop();
    expect(() => loop.runInExecutor(null, () => 1)).toThrow(
      /runInExecutor\(null, …\) needs a default executor: call installDefaultExecutor\(\) from @tsasyncio\/executors/,
    );
    loop.close();
  });

  it("is made lazily, once per loop, and run() shuts it down", async () => {
    const made = recordDefaults({ maxWorkers: 2 });
    const r = await runReal(function* (loop) {
      const before = made.length;
      const a = yield* loop.runInExecutor(null, (x: number) => x + 1, 1);
      const b = yield* loop.runInExecutor(null, (x: number) => x + 2, 1);
      return [before, a, b, made.length, made[0]?.workerCount];
    });
    expect(r).toEqual([0, 2, 3, 1, 1]);
    expect(made[0]?.workerCount).toBe(0);
    expect(() => made[0]?.submit(() => 1)).toThrow(RuntimeError);
  });

  it("installDefaultExecutor(loop) gives that loop a pool at once", async () => {
    const r = await runReal(function* (loop) {
      installDefaultExecutor(loop);
      return yield* loop.runInExecutor(null, () => "pool");
    });
    expect(r).toBe("pool");
    expect(realm().defaultExecutorFactory).toBe(null);
  });
});

describe("Cancellation through the loop", { timeout: THREAD_TIMEOUT }, () => {
  it("cancelling the awaiting task cancels a job that has not started: it never starts", async () => {
    const c = new Cells();
    const executor = new ThreadPoolExecutor(1);
    const out = await runReal(function* (loop) {
      const first = loop.runInExecutor(executor, blockOn, c.cells, 0, 1, 2);
      const waiter = createTask(
        (function* (): Coroutine<string> {
          return yield* loop.runInExecutor(executor, blockOn, c.cells, 0, 3, 4);
        })(),
      );
      yield* sleep(0.01);
      waiter.cancel();
      let caught: unknown;
      try {
        yield* waiter;
      } catch (e) {
        caught = e;
      }
      c.release(0);
      return [caught, yield* first];
    });
    expect(out[0]).toBeInstanceOf(CancelledError);
    expect(out[1]).toBe("released");
    await executor.shutdown();
    expect([c.get(1), c.get(2), c.get(3), c.get(4)]).toEqual([1, 1, 0, 0]);
  });

  it("a running job is left to finish when its task is cancelled (as in Python)", async () => {
    const c = new Cells();
    const executor = new ThreadPoolExecutor(1);
    const job = await runReal(function* (loop) {
      const fut = loop.runInExecutor(executor, blockOn, c.cells, 0, 1, 2);
      const waiter = createTask(
        (function* (): Coroutine<string> {
          return yield* fut;
        })(),
      );
      while (c.get(1) === 0) yield* sleep(0.005);
      waiter.cancel();
      yield* sleep(0);
      yield* sleep(0);
      return [waiter.cancelled(), fut.cancelled()];
    });
    expect(job).toEqual([true, true]);
    expect(c.get(2)).toBe(0);
    c.release(0);
    await executor.shutdown(); // waits for the running job, as CPython's shutdown(wait=True)
    expect(c.get(2)).toBe(1);
  });

  it("terminateOnCancel: cancelling the awaiting task stops the worker", async () => {
    const c = new Cells();
    const executor = new ThreadPoolExecutor({ maxWorkers: 1, terminateOnCancel: true });
    const out = await runReal(function* (loop) {
      const task = createTask(
        (function* (): Coroutine<string> {
          return yield* loop.runInExecutor(executor, blockOn, c.cells, 0, 1, 2);
        })(),
      );
      while (c.get(1) === 0) yield* sleep(0.005);
      task.cancel();
      try {
        yield* task;
      } catch (e) {
        return [e instanceof CancelledError, yield* loop.runInExecutor(executor, () => "next")];
      }
      return [false, ""];
    });
    expect(out).toEqual([true, "next"]);
    await executor.shutdown();
    c.release(0);
    await hostSleep(20);
    expect(c.get(2)).toBe(0);
  });

  it("shutdown({ cancelFutures }) cancels the loop's Futures of queued jobs", async () => {
    const c = new Cells();
    const executor = new ThreadPoolExecutor(1);
    const out = await runReal(function* (loop) {
      const running = loop.runInExecutor(executor, blockOn, c.cells, 0, 1, 2);
      const queued = loop.runInExecutor(executor, blockOn, c.cells, 0, 3, 4);
      const stopped = executor.shutdown({ cancelFutures: true });
      c.release(0);
      const first = yield* running;
      let second: unknown;
      try {
        yield* queued;
      } catch (e) {
        second = e;
      }
      void stopped;
      return [first, second instanceof CancelledError, queued.cancelled()];
    });
    expect(out).toEqual(["released", true, true]);
    expect(c.get(3)).toBe(0);
  });
});

describe("The loop keeps running while jobs run", { timeout: THREAD_TIMEOUT }, () => {
  it("CPU-bound work runs in parallel on the pool while loop callbacks fire", async () => {
    // Each job computes a naive fib, then waits until a loop callback has set cell 0: it
    // can only finish if the loop ran a callback during the job. Both jobs also meet at a
    // rendezvous (cell 1), which only works if they run at the same time.
    const job = (cells: Int32Array, n: number): [number, boolean] => {
      const f = (k: number): number => (k < 2 ? k : f(k - 1) + f(k - 2));
      const value = f(n);
      Atomics.add(cells, 1, 1);
      Atomics.notify(cells, 1);
      const end = Date.now() + 10_000;
      let met = true;
      while (Atomics.load(cells, 1) < 2)
        if (Date.now() > end || Atomics.wait(cells, 1, 1, 10_000) === "timed-out") {
          met = Atomics.load(cells, 1) >= 2;
          break;
        }
      Atomics.wait(cells, 0, 0, 10_000);
      return [value, met && Atomics.load(cells, 0) === 1];
    };
    const c = new Cells();
    const executor = new ThreadPoolExecutor(2);
    let ticks = 0;
    const results = await runReal(function* (loop) {
      const a = loop.runInExecutor(executor, job, c.cells, 25);
      const b = loop.runInExecutor(executor, job, c.cells, 24);
      const tick = (): void => {
        ticks++;
        if (ticks === 3) c.release(0);
        if (!a.done() || !b.done()) loop.callLater(0.001, tick);
      };
      loop.callSoon(tick);
      return [yield* a, yield* b];
    });
    await executor.shutdown();
    expect(results).toEqual([
      [fib(25), true],
      [fib(24), true],
    ]);
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it("the seed tutorial's example: a low-level API that returns a Future", async () => {
    // async def main():
    //     await function_that_returns_a_future_object()
    //     await asyncio.gather(function_that_returns_a_future_object(), some_python_coroutine())
    installDefaultExecutor();
    const log: string[] = [];
    const result = await runReal(function* (loop) {
      const functionThatReturnsAFutureObject = () => loop.runInExecutor(null, fib, 20);
      function* somePythonCoroutine(): Coroutine<string> {
        yield* sleep(0.01);
        log.push("coroutine done");
        return "coro";
      }
      const first = yield* functionThatReturnsAFutureObject();
      const both = yield* gather(functionThatReturnsAFutureObject(), somePythonCoroutine());
      return [first, ...both];
    });
    expect(result).toEqual([6765, 6765, "coro"]);
    expect(log).toEqual(["coroutine done"]);
  });

  it("an async function awaits a job's Future", async () => {
    const loop = new EventLoop();
    installDefaultExecutor(loop);
    const value = await loop.runUntilComplete(
      (async () => (await loop.runInExecutor(null, fib, 15)) + 1)(),
    );
    expect(value).toBe(611);
    await loop.shutdownDefaultExecutor();
    loop.close();
  });
});
