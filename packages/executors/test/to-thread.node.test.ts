// Port of Lib/test/test_asyncio/test_threads.py (ToThreadTests), on worker threads, plus
// what is particular to JavaScript: laziness, await, and what of the context crosses.
import { CancelledError, ContextVar } from "@tsasyncio/futures";
import { gather } from "@tsasyncio/gather";
import { createTask, ensureFuture, sleep } from "@tsasyncio/tasks";
import { describe, expect, it } from "vitest";
import { ThreadPoolExecutor, toThread } from "../src/index.js";
import { Cells, THREAD_TIMEOUT, runReal } from "./utils.js";

interface WorkerGlobals {
  threadContext: Map<string, unknown>;
}

describe("ToThreadTests", { timeout: THREAD_TIMEOUT }, () => {
  it("test_to_thread", async () => {
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    const result = await runReal(function* () {
      return yield* toThread(sum, [40, 2]);
    });
    expect(result).toBe(42);
  });

  it("test_to_thread_exception", async () => {
    function raiseRuntime(): never {
      throw new Error("test");
    }
    await expect(
      runReal(function* () {
        return yield* toThread(raiseRuntime);
      }),
    ).rejects.toThrow(/^test$/);
  });

  it("test_to_thread_once", async () => {
    // mock.Mock() cannot cross to a thread: count the calls in shared memory instead.
    const c = new Cells();
    await runReal(function* () {
      yield* toThread((cells: Int32Array) => Atomics.add(cells, 0, 1), c.cells);
    });
    expect(c.get(0)).toBe(1);
  });

  it("test_to_thread_concurrent", async () => {
    const c = new Cells();
    const func = (cells: Int32Array): void => {
      Atomics.add(cells, 0, 1);
    };
    await runReal(function* () {
      const futs = [];
      for (let i = 0; i < 10; i++) futs.push(toThread(func, c.cells));
      yield* gather(...futs);
    });
    expect(c.get(0)).toBe(10);
  });

  it("test_to_thread_args_kwargs", async () => {
    // JavaScript has no keyword arguments: an options object plays their part.
    const capture = (...args: unknown[]): unknown[] => args;
    const got = await runReal(function* () {
      return yield* toThread(capture, "test", { something: true });
    });
    expect(got).toEqual(["test", { something: true }]);
  });

  it("test_to_thread_contextvars", async () => {
    const testCtx = new ContextVar<string>("test_ctx");
    function getCtx(): unknown {
      return (globalThis as unknown as WorkerGlobals).threadContext.get("test_ctx");
    }
    const result = await runReal(function* () {
      testCtx.set("parrot");
      return yield* toThread(getCtx);
    });
    expect(result).toBe("parrot");
  });
});

describe("toThread in TypeScript", { timeout: THREAD_TIMEOUT }, () => {
  it("is lazy: nothing is sent until it is awaited", async () => {
    const c = new Cells();
    const out = await runReal(function* () {
      const coro = toThread((cells: Int32Array) => Atomics.add(cells, 0, 1), c.cells);
      yield* sleep(0.05);
      const before = c.get(0);
      yield* coro;
      return [before, c.get(0), String(createTask(toThread(() => 1)))];
    });
    expect(out).toEqual([0, 1, expect.stringMatching(/coro=<toThread\(\)>/)]);
  });

  it("can be awaited in an async function while a loop runs", async () => {
    const out = await runReal(function* () {
      const p = (async () => (await toThread((x: number) => x * 2, 21)) + 1)();
      return yield* ensureFuture(p);
    });
    expect(out).toBe(43);
  });

  it("carries the context variables that can be cloned, by name", async () => {
    const user = new ContextVar<string>("user");
    const config = new ContextVar<{ depth: number }>("config");
    const callback = new ContextVar<() => void>("callback");
    const keys = await runReal(function* () {
      user.set("ada");
      config.set({ depth: 2 });
      callback.set(() => undefined);
      return yield* toThread(() => [
        ...(globalThis as unknown as WorkerGlobals).threadContext.entries(),
      ]);
    });
    expect(keys).toEqual([
      ["user", "ada"],
      ["config", { depth: 2 }],
    ]);
  });

  it("changes made in the worker do not come back", async () => {
    const v = new ContextVar<string>("v", { default: "outer" });
    const out = await runReal(function* () {
      v.set("set before");
      yield* toThread(() => {
        (globalThis as unknown as WorkerGlobals).threadContext.set("v", "changed in the worker");
      });
      const seenNext = yield* toThread(() =>
        (globalThis as unknown as WorkerGlobals).threadContext.get("v"),
      );
      return [v.get(), seenNext];
    });
    expect(out).toEqual(["set before", "set before"]);
  });

  it("cancelling the awaiting task while the job waits for a worker: it never runs", async () => {
    const c = new Cells();
    const block = (cells: Int32Array, started: number): void => {
      Atomics.add(cells, started, 1);
      Atomics.wait(cells, 0, 0, 20_000);
    };
    const out = await runReal(function* (loop) {
      loop.setDefaultExecutor(new ThreadPoolExecutor(1));
      const first = createTask(toThread(block, c.cells, 1));
      const second = createTask(toThread(block, c.cells, 2));
      while (c.get(1) === 0) yield* sleep(0.005);
      second.cancel();
      let e: unknown;
      try {
        yield* second;
      } catch (err) {
        e = err;
      }
      c.release(0);
      yield* first;
      return e;
    });
    expect(out).toBeInstanceOf(CancelledError);
    expect(c.get(2)).toBe(0);
  });
});
