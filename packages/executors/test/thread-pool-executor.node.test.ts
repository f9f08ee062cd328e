// Port of Lib/test/test_concurrent_futures (executor.py, test_thread_pool.py,
// test_shutdown.py) for ThreadPoolExecutor on worker threads, plus what only JavaScript
// has: what can cross to a worker, how errors arrive, crashes and terminateOnCancel.
import { availableParallelism } from "node:os";
import { CancelledError, RuntimeError } from "@tsasyncio/futures";
import { afterEach, describe, expect, it } from "vitest";
import { ThreadPoolExecutor, type ExecutorJob, type WorkerFunctionRef } from "../src/index.js";
import { Cells, THREAD_TIMEOUT, hostSleep, until } from "./utils.js";

const work = new URL("./fixtures/work.js", import.meta.url);

// Jobs sent as text must be self-contained: everything they use is an argument or a global.
/** Counts its start in cell `started`, then blocks until cell `gate` is released. */
function blockOn(cells: Int32Array, gate: number, started: number): string {
  Atomics.add(cells, started, 1);
  Atomics.wait(cells, gate, 0, 20_000);
  return "released";
}
/** Counts its start in cell `i` and returns `i`. */
function countStart(cells: Int32Array, i: number): number {
  Atomics.add(cells, i, 1);
  return i;
}
/** Sleeps `ms` milliseconds in the worker (CPython's time.sleep). */
function sleepMs(ms: number, value?: unknown): unknown {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return value;
}

const pools: ThreadPoolExecutor[] = [];
function pool(options?: ConstructorParameters<typeof ThreadPoolExecutor>[0]): ThreadPoolExecutor {
  const p = new ThreadPoolExecutor(options);
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.shutdown({ wait: true, cancelFutures: true })));
});

async function failure(job: PromiseLike<unknown>): Promise<unknown> {
  return job.then(
    (v) => {
      throw new Error(`expected the job to fail, it returned ${String(v)}`);
    },
    (e: unknown) => e,
  );
}

describe("ThreadPoolExecutorTest", { timeout: THREAD_TIMEOUT }, () => {
  it("test_submit", async () => {
    const future = pool().submit((a: number, b: number) => a ** b, 2, 8);
    expect(await future).toBe(256);
  });

  it("test_max_workers_negative", () => {
    for (const n of [0, -1])
      expect(() => new ThreadPoolExecutor({ maxWorkers: n })).toThrow(
        new RangeError(`max_workers must be greater than 0, got ${n}`),
      );
    expect(() => new ThreadPoolExecutor(1.5)).toThrow(TypeError);
  });

  it("test_default_workers", () => {
    expect(new ThreadPoolExecutor().maxWorkers).toBe(Math.max(1, availableParallelism()));
  });

  it("test_saturation", async () => {
    const executor = pool(4);
    const c = new Cells();
    const jobs = [];
    for (let i = 0; i < 15 * executor.maxWorkers; i++)
      jobs.push(executor.submit(blockOn, c.cells, 0, 1));
    expect(executor.workerCount).toBe(executor.maxWorkers);
    await until(() => c.get(1) === 4);
    c.release(0);
    await executor.shutdown({ wait: true });
    expect(await Promise.all(jobs)).toEqual(jobs.map(() => "released"));
    expect(executor.workerCount).toBe(0);
  });

  it("test_idle_thread_reuse", async () => {
    const executor = pool();
    const mul = (x: number, y: number): number => x * y;
    expect(await executor.submit(mul, 21, 2)).toBe(42);
    expect(await executor.submit(mul, 6, 7)).toBe(42);
    expect(await executor.submit(mul, 3, 14)).toBe(42);
    expect(executor.workerCount).toBe(1);
  });
});

describe("ThreadPoolShutdownTest", { timeout: THREAD_TIMEOUT }, () => {
  it("test_run_after_shutdown", async () => {
    const executor = pool(2);
    await executor.shutdown();
    expect(() => executor.submit((a: number, b: number) => a ** b, 2, 5)).toThrow(
      new RuntimeError("cannot schedule new futures after shutdown"),
    );
  });

  it("test_hang_issue12364", async () => {
    const executor = pool(2);
    const fs = Array.from({ length: 50 }, (_, i) => executor.submit(sleepMs, 2, i));
    await executor.shutdown();
    expect(await Promise.all(fs)).toEqual(fs.map((_, i) => i));
  });

  it("test_cancel_futures", async () => {
    const executor = pool(2);
    const fs = Array.from({ length: 50 }, () => executor.submit(sleepMs, 100));
    await executor.shutdown({ cancelFutures: true });
    const cancelled = fs.filter((f) => f.cancelled());
    expect(cancelled.length).toBeGreaterThan(20);
    const others = fs.filter((f) => !f.cancelled());
    expect(others.length).toBeGreaterThan(0);
    for (const f of others) {
      expect(f.done()).toBe(true);
      await f;
    }
    for (const f of cancelled) expect(await failure(f)).toBeInstanceOf(CancelledError);
  });

  it("test_hang_gh94440", async () => {
    const executor = pool(1);
    await executor.submit(() => 0);
    executor.submit(() => 0).cancel();
    await executor.shutdown({ wait: true });
    expect(executor.workerCount).toBe(0);
  });

  it("test_threads_terminate", async () => {
    const executor = pool(3);
    const c = new Cells();
    const jobs = [0, 1, 2].map(() => executor.submit(blockOn, c.cells, 0, 1));
    expect(executor.workerCount).toBe(3);
    c.release(0);
    await executor.shutdown();
    expect(executor.workerCount).toBe(0);
    expect(await Promise.all(jobs)).toEqual(["released", "released", "released"]);
  });

  it("test_context_manager_shutdown", async () => {
    const e = new ThreadPoolExecutor({ maxWorkers: 5 });
    const results = await Promise.all(
      [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4].map((x) => e.submit((v: number) => Math.abs(v), x)),
    );
    await e[Symbol.asyncDispose]();
    expect(results).toEqual([5, 4, 3, 2, 1, 0, 1, 2, 3, 4]);
    expect(e.workerCount).toBe(0);
    expect(() => e.submit(() => 1)).toThrow(RuntimeError);
  });

  it("test_shutdown_no_wait", async () => {
    const executor = new ThreadPoolExecutor({ maxWorkers: 5 });
    const res = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4].map((x) =>
      executor.submit((v: number) => Math.abs(v), x),
    );
    await executor.shutdown({ wait: false });
    expect(await Promise.all(res)).toEqual([5, 4, 3, 2, 1, 0, 1, 2, 3, 4]);
    await until(() => executor.workerCount === 0);
  });
});

describe("ExecutorJob (concurrent.futures.Future)", { timeout: THREAD_TIMEOUT }, () => {
  it("a pending job can be cancelled and never starts", async () => {
    const executor = pool(1);
    const c = new Cells();
    const first = executor.submit(blockOn, c.cells, 0, 1);
    const second = executor.submit(blockOn, c.cells, 0, 2);
    expect(first.running()).toBe(true);
    expect(second.running()).toBe(false);
    expect(second.cancel()).toBe(true);
    expect(second.cancel()).toBe(true);
    expect(second.cancelled()).toBe(true);
    expect(second.done()).toBe(true);
    c.release(0);
    expect(await first).toBe("released");
    expect(await failure(second)).toBeInstanceOf(CancelledError);
    await executor.shutdown();
    expect(c.get(2)).toBe(0);
  });

  it("a running job is left to finish: cancel() returns false", async () => {
    const executor = pool(1);
    const c = new Cells();
    const job = executor.submit(blockOn, c.cells, 0, 1);
    await until(() => c.get(1) === 1);
    expect(job.cancel()).toBe(false);
    expect(job.cancelled()).toBe(false);
    c.release(0);
    expect(await job).toBe("released");
    expect(job.cancel()).toBe(false);
    expect(job.done()).toBe(true);
  });

  it("terminateOnCancel: cancelling a running job terminates its worker", async () => {
    const executor = pool({ maxWorkers: 1, terminateOnCancel: true });
    const c = new Cells();
    const job = executor.submit((cells: Int32Array) => {
      Atomics.add(cells, 1, 1);
      Atomics.wait(cells, 0, 0); // forever: only terminating the worker ends it
      Atomics.add(cells, 2, 1);
    }, c.cells);
    await until(() => c.get(1) === 1);
    expect(job.cancel()).toBe(true);
    expect(job.cancelled()).toBe(true);
    expect(await failure(job)).toBeInstanceOf(CancelledError);
    // A new worker takes the next job.
    expect(await executor.submit((x: number) => x + 1, 1)).toBe(2);
    expect(executor.workerCount).toBe(1);
    expect(c.get(2)).toBe(0);
  });

  it("prints like CPython's Future", async () => {
    const executor = pool(1);
    function add(a: number, b: number): number {
      return a + b;
    }
    const job = executor.submit(add, 1, 2);
    expect(String(job)).toBe("<ExecutorJob add() state=running>");
    await job;
    expect(String(job)).toBe("<ExecutorJob add() state=finished returned number>");
    const bad = executor.submit(() => {
      throw new TypeError("x");
    });
    await failure(bad);
    expect(String(bad)).toMatch(/^<ExecutorJob .*\(\) state=finished raised TypeError>$/);
    expect(String(executor)).toBe(
      "<ThreadPoolExecutor max_workers=1 workers=1 pending=0 shutdown=false>",
    );
  });

  it("a job that fails and is never awaited is no unhandled rejection", async () => {
    const executor = pool(1);
    executor.submit(() => {
      throw new Error("nobody looks");
    });
    await executor.shutdown();
  });
});

// Whether a job waits in a worker's own queue (a batch): internal, but what these tests
// are about.
function inWorkerQueue(job: ExecutorJob<unknown>): boolean {
  return (job as unknown as { _cells: Int32Array | null })._cells !== null && !job.running();
}
/** Runs short jobs until the pool has measured that its jobs are short (it then batches). */
async function warm(executor: ThreadPoolExecutor): Promise<void> {
  for (let i = 0; i < 3; i++)
    await Promise.all(Array.from({ length: 16 }, () => executor.submit(() => 0)));
}

describe("Batches of short jobs (TypeScript only)", { timeout: THREAD_TIMEOUT }, () => {
  it("jobs submitted while the workers are busy go to a worker's queue in one message", async () => {
    const executor = pool(1);
    await warm(executor);
    const c = new Cells();
    const first = executor.submit(blockOn, c.cells, 0, 1);
    const queued = [2, 3, 4].map((i) => executor.submit(countStart, c.cells, i));
    expect(queued.some(inWorkerQueue)).toBe(false); // sent at the end of this turn
    await Promise.resolve();
    expect(queued.every(inWorkerQueue)).toBe(true);
    expect(String(executor)).toBe(
      "<ThreadPoolExecutor max_workers=1 workers=1 pending=3 shutdown=false>",
    );
    c.release(0);
    expect(await first).toBe("released");
    expect(await Promise.all(queued)).toEqual([2, 3, 4]);
  });

  it("a job in a worker's queue can be cancelled and never starts", async () => {
    const executor = pool(1);
    await warm(executor);
    const c = new Cells();
    const first = executor.submit(blockOn, c.cells, 0, 1);
    const queued = [2, 3, 4].map((i) => executor.submit(countStart, c.cells, i));
    await until(() => c.get(1) === 1);
    const [a, b, d] = queued as [ExecutorJob<number>, ExecutorJob<number>, ExecutorJob<number>];
    expect(inWorkerQueue(b)).toBe(true);
    expect(b.running()).toBe(false);
    expect(b.cancel()).toBe(true);
    expect(b.cancelled()).toBe(true);
    expect(b.done()).toBe(true);
    c.release(0);
    expect(await first).toBe("released");
    expect([await a, await d]).toEqual([2, 4]);
    expect(await failure(b)).toBeInstanceOf(CancelledError);
    expect(c.get(3)).toBe(0);
    // The worker skipped it and goes on.
    expect(await executor.submit(countStart, c.cells, 5)).toBe(5);
  });

  it("a job in a worker's queue is running once the worker starts it", async () => {
    const executor = pool(1);
    await warm(executor);
    const c = new Cells();
    const first = executor.submit(countStart, c.cells, 1);
    const second = executor.submit(blockOn, c.cells, 0, 2);
    await Promise.resolve();
    expect(inWorkerQueue(second)).toBe(true);
    await until(() => c.get(2) === 1);
    expect(second.running()).toBe(true);
    expect(String(second)).toBe("<ExecutorJob blockOn() state=running>");
    expect(second.cancel()).toBe(false);
    c.release(0);
    expect([await first, await second]).toEqual([1, "released"]);
  });

  it("shutdown({ cancelFutures }) cancels the jobs waiting in a worker's queue", async () => {
    const executor = pool(1);
    await warm(executor);
    const c = new Cells();
    const first = executor.submit(blockOn, c.cells, 0, 1);
    const queued = [2, 3, 4].map((i) => executor.submit(countStart, c.cells, i));
    await Promise.resolve();
    expect(queued.every(inWorkerQueue)).toBe(true);
    const stopped = executor.shutdown({ cancelFutures: true });
    expect(queued.map((j) => j.cancelled())).toEqual([true, true, true]);
    c.release(0);
    await stopped;
    expect(await first).toBe("released");
    expect([c.get(2), c.get(3), c.get(4)]).toEqual([0, 0, 0]);
    expect(executor.workerCount).toBe(0);
  });

  it("an idle worker takes the jobs queued behind a long one in another worker", async () => {
    const executor = pool(2);
    await warm(executor);
    const c = new Cells();
    const long = executor.submit(blockOn, c.cells, 0, 1);
    const shorts = Array.from({ length: 20 }, (_, i) => executor.submit((x: number) => x * 2, i));
    await Promise.resolve();
    // Some went to the long job's worker.
    expect(shorts.filter(inWorkerQueue).length).toBeGreaterThan(1);
    const all = Promise.all(shorts);
    expect(await Promise.race([all, hostSleep(10_000).then(() => "held up")])).toEqual(
      shorts.map((_, i) => i * 2),
    );
    expect(long.done()).toBe(false);
    c.release(0);
    expect(await long).toBe("released");
  });

  it("jobs a crashed worker had not started run on its replacement", async () => {
    const executor = pool(1);
    await warm(executor);
    const exit = executor.submit(() => {
      (globalThis as unknown as { process: { exit(code: number): never } }).process.exit(3);
    });
    const after = [1, 2, 3].map((x) => executor.submit((v: number) => v + 1, x));
    await Promise.resolve();
    expect(after.every(inWorkerQueue)).toBe(true);
    expect(await failure(exit)).toBeInstanceOf(RuntimeError);
    expect(await Promise.all(after)).toEqual([2, 3, 4]);
    expect(executor.workerCount).toBe(1);
  });

  it("idleSpin: 0 never polls; a negative one is a RangeError", async () => {
    expect(() => new ThreadPoolExecutor({ idleSpin: -1 })).toThrow(RangeError);
    const executor = pool({ maxWorkers: 1, idleSpin: 0 });
    expect(await executor.submit((x: number) => x + 1, 1)).toBe(2);
    expect(await executor.submit((x: number) => x + 1, 2)).toBe(3);
  });
});

describe("What crosses to a worker", { timeout: THREAD_TIMEOUT }, () => {
  it("a self-contained function, even a recursive arrow function, runs from its text", async () => {
    const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));
    expect(await pool(1).submit(fib, 20)).toBe(6765);
  });

  it("a method in shorthand form runs too", async () => {
    const obj = {
      triple(this: void, x: number): number {
        return 3 * x;
      },
    };
    expect(await pool(1).submit(obj.triple, 14)).toBe(42);
  });

  it("an async function's result is awaited in the worker", async () => {
    const job = pool(1).submit(async (x: number) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return x * 2;
    }, 21);
    expect(await job).toBe(42);
  });

  it("a function that uses an outer variable fails with an explanation", async () => {
    const factor = 3;
    function scale(x: number): number {
      return x * factor;
    }
    const err = (await failure(pool(1).submit(scale, 2))) as Error;
    expect(err).toBeInstanceOf(ReferenceError);
    expect(err.message).toMatch(
      /^factor is not defined: scale\(\) was sent to the worker as source text/,
    );
    expect(err.message).toContain("cannot use the variables, functions or imports");
    expect(err.message).toContain(
      'submit { module: new URL("./work.js", import.meta.url), name: "scale" }',
    );
    expect(err.stack).toContain("ReferenceError: factor is not defined: scale() was sent");
    expect(err.stack).toContain("worker-job:scale");
  });

  it("a function exported by a module runs by { module, name }, with its imports", async () => {
    const executor = pool(1);
    const fib: WorkerFunctionRef<(n: number) => number> = { module: work, name: "fib" };
    expect(await executor.submit(fib, 20)).toBe(6765);
    expect(await executor.submit({ module: work.href, name: "quadruple" }, 5)).toBe(20);
    expect(await executor.submit({ module: work, name: "default" })).toBe("default");
  });

  it("a module without that function: TypeError naming the exports", async () => {
    const executor = pool(1);
    const err = (await failure(executor.submit({ module: work, name: "answer" }))) as Error;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe(
      `the module ${work.href} has no exported function named 'answer' (its exported functions: default, fib, quadruple, whoAmI)`,
    );
    const missing = new URL("./fixtures/missing.js", import.meta.url);
    const notFound = (await failure(executor.submit({ module: missing, name: "f" }))) as Error;
    expect(notFound.message).toContain("missing.js");
  });

  it("arguments and results go by structured clone", async () => {
    const executor = pool(1);
    const input = { when: new Date(0), tags: new Set(["a"]), bytes: new Uint8Array([1, 2]) };
    const out = await executor.submit(
      (x: typeof input) => ({
        year: x.when.getUTCFullYear(),
        tags: [...x.tags],
        n: x.bytes.length,
        x,
      }),
      input,
    );
    expect(out).toEqual({ year: 1970, tags: ["a"], n: 2, x: input });
    expect(out.x).not.toBe(input);
  });

  it("an argument that cannot be cloned fails the job, and the pool goes on", async () => {
    const executor = pool(1);
    function apply(f: () => number): number {
      return f();
    }
    const err = (await failure(executor.submit(apply, () => 1))) as Error;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toMatch(
      /^the arguments of apply\(\) could not be sent to a worker: .*could not be cloned/,
    );
    expect((err.cause as Error).name).toBe("DataCloneError");
    expect(await executor.submit((x: number) => x, 7)).toBe(7);
  });

  it("a result that cannot be cloned fails the job", async () => {
    function makeFn(): () => number {
      return () => 1;
    }
    const err = (await failure(pool(1).submit(makeFn))) as Error;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toMatch(
      /^the result of makeFn\(\) could not be sent back from the worker: /,
    );
  });
});

describe("Errors thrown in a worker", { timeout: THREAD_TIMEOUT }, () => {
  it("arrive with their class, name, message, stack, cause and properties", async () => {
    const err = (await failure(
      pool(1).submit(function boom() {
        const e = new RangeError("out of range", { cause: new Error("root") });
        Object.assign(e, { code: "E_RANGE", detail: { n: 1 } });
        throw e;
      }),
    )) as RangeError & { code: string; detail: unknown };
    expect(err).toBeInstanceOf(RangeError);
    expect(err.name).toBe("RangeError");
    expect(err.message).toBe("out of range");
    expect(err.stack).toMatch(/^RangeError: out of range\n\s+at boom \(worker-job:boom:/);
    expect(err.code).toBe("E_RANGE");
    expect(err.detail).toEqual({ n: 1 });
    expect(err.cause).toBeInstanceOf(Error);
    expect((err.cause as Error).message).toBe("root");
    expect(Object.keys(err)).toEqual(["code", "detail"]);
  });

  it("a class of the user's keeps its name (not its prototype)", async () => {
    const err = (await failure(
      pool(1).submit(() => {
        class ParseError extends Error {}
        ParseError.prototype.name = "ParseError";
        throw new ParseError("line 3");
      }),
    )) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("ParseError");
    expect(String(err)).toBe("ParseError: line 3");
  });

  it("AggregateError keeps its errors; a thrown non-Error arrives as is", async () => {
    const executor = pool(1);
    const agg = (await failure(
      executor.submit(() => {
        throw new AggregateError([new TypeError("a"), 2], "two");
      }),
    )) as AggregateError;
    expect(agg).toBeInstanceOf(AggregateError);
    expect(agg.errors[0]).toBeInstanceOf(TypeError);
    expect(agg.errors[1]).toBe(2);
    expect(
      await failure(
        executor.submit(() => {
          throw "plain string";
        }),
      ),
    ).toBe("plain string");
  });
});

describe("A worker that dies", { timeout: THREAD_TIMEOUT }, () => {
  it("fails its job with the reason and is replaced", async () => {
    const executor = pool(1);
    const exit = (await failure(
      executor.submit(() => {
        (globalThis as unknown as { process: { exit(code: number): never } }).process.exit(3);
      }),
    )) as Error;
    expect(exit).toBeInstanceOf(RuntimeError);
    expect(exit.message).toMatch(
      /^the worker thread ThreadPoolExecutor-\d+_0 exited \(code 3\) while running a job; a new worker takes the next job$/,
    );
    expect(await executor.submit((x: number) => x * 2, 21)).toBe(42);
    expect(executor.workerCount).toBe(1);
  });

  it("an error thrown outside the job's own stack (a timer) fails the job", async () => {
    const executor = pool(1);
    const job: ExecutorJob<unknown> = executor.submit(
      () =>
        new Promise(() => {
          setTimeout(() => {
            throw new TypeError("thrown from a timer");
          }, 1);
        }),
    );
    const err = (await failure(job)) as Error;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe("thrown from a timer");
    expect(await executor.submit(() => "still works")).toBe("still works");
  });
});

describe("Parallelism", { timeout: THREAD_TIMEOUT }, () => {
  it("jobs run at the same time on different workers", async () => {
    // Each job arrives at a rendezvous and waits (up to 10 s) for the other: with one
    // thread the first would time out and return false.
    const meet = (cells: Int32Array): boolean => {
      Atomics.add(cells, 0, 1);
      Atomics.notify(cells, 0);
      const end = Date.now() + 10_000;
      while (Atomics.load(cells, 0) < 2) {
        if (Date.now() > end) return false;
        Atomics.wait(cells, 0, 1, 50);
      }
      return true;
    };
    const c = new Cells();
    const executor = pool(2);
    expect(
      await Promise.all([executor.submit(meet, c.cells), executor.submit(meet, c.cells)]),
    ).toEqual([true, true]);
  });
});
