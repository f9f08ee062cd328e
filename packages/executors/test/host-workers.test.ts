// The pool on this host's own workers: Node worker_threads here, Web Workers when the
// suite runs in a browser (nothing in this file is Node-only). The Node-only cases, which
// need SharedArrayBuffer, child processes or process.exit, are in *.node.test.ts.
import { RuntimeError } from "@tsasyncio/futures";
import { run } from "@tsasyncio/tasks";
import { describe, expect, it } from "vitest";
import { ThreadPoolExecutor, toThread, type WorkerFunctionRef } from "../src/index.js";

async function failure(job: PromiseLike<unknown>): Promise<Error> {
  return job.then(
    () => {
      throw new Error("expected the job to fail");
    },
    (e: unknown) => e as Error,
  );
}

describe("ThreadPoolExecutor on this host's workers", { timeout: 30_000 }, () => {
  it("runs self-contained functions, by text", async () => {
    const pool = new ThreadPoolExecutor(2);
    const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));
    expect(await Promise.all([pool.submit(fib, 20), pool.submit(fib, 21)])).toEqual([6765, 10946]);
    await pool.shutdown();
    expect(pool.workerCount).toBe(0);
  });

  it("runs a module's function (here a data: URL module)", async () => {
    const pool = new ThreadPoolExecutor(1);
    const shout: WorkerFunctionRef<(s: string) => string> = {
      module: "data:text/javascript,export const shout = (s) => s.toUpperCase() + '!';",
      name: "shout",
    };
    expect(await pool.submit(shout, "hi")).toBe("HI!");
    await pool.shutdown();
  });

  it("errors keep their class; a closure gets the explanation", async () => {
    const pool = new ThreadPoolExecutor(1);
    const err = await failure(
      pool.submit(() => {
        throw new RangeError("r");
      }),
    );
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toBe("r");
    const outer = 1;
    const ref = await failure(pool.submit(() => outer));
    expect(ref).toBeInstanceOf(ReferenceError);
    expect(ref.message).toContain("was sent to the worker as source text");
    await pool.shutdown();
  });

  it("a worker lost to an uncaught error fails its job and is replaced", async () => {
    const pool = new ThreadPoolExecutor(1);
    const err = await failure(
      pool.submit(
        () =>
          new Promise(() => {
            setTimeout(() => {
              throw new TypeError("thrown from a timer");
            }, 1);
          }),
      ),
    );
    expect(err.message).toContain("thrown from a timer");
    expect(await pool.submit((a: number) => a + 1, 1)).toBe(2);
    expect(pool.workerCount).toBe(1);
    await pool.shutdown();
    expect(() => pool.submit(() => 1)).toThrow(RuntimeError);
  });

  it("toThread() runs on the default executor, which run() shuts down", async () => {
    const r = await run(
      (function* () {
        return yield* toThread((a: number) => a * 3, 14);
      })(),
    );
    expect(r).toBe(42);
  });
});
