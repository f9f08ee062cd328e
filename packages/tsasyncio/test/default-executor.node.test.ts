// The facade wires the default executor: `runInExecutor(null, …)` and `toThread` work
// right after `import … from "tsasyncio"`, as `loop.run_in_executor(None, …)` does in
// Python, with no installDefaultExecutor() call. (Node: real worker threads.)
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  RuntimeError,
  gather,
  getRunningLoop,
  run,
  sleep,
  toThread,
  type Coroutine,
} from "tsasyncio";
import { LazyDefaultExecutor } from "../src/default-executor.js";

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

describe("the facade's default executor", () => {
  it("the seed tutorial's example runs with no setup: a low-level API that returns a Future", async () => {
    const result = await run(
      (function* (): Coroutine<unknown[]> {
        const loop = getRunningLoop();
        const functionThatReturnsAFutureObject = () => loop.runInExecutor(null, fib, 20);
        function* somePythonCoroutine(): Coroutine<string> {
          yield* sleep(0.01);
          return "coro";
        }
        const first = yield* functionThatReturnsAFutureObject();
        const both = yield* gather(functionThatReturnsAFutureObject(), somePythonCoroutine());
        return [first, ...both];
      })(),
    );
    expect(result).toEqual([6765, 6765, "coro"]);
  });

  it("toThread works with no setup", async () => {
    const r = await run(
      (function* (): Coroutine<number> {
        return yield* toThread((a: number, b: number) => a * b, 6, 7);
      })(),
    );
    expect(r).toBe(42);
  });

  it("a job cancelled before the pool exists never starts", async () => {
    const ex = new LazyDefaultExecutor();
    const job = ex.submit(() => 1);
    job.cancel?.();
    await expect(Promise.resolve(job)).rejects.toBeInstanceOf(CancelledError);
    await ex.shutdown();
  });

  it("after shutdown, submit raises RuntimeError (CPython's message)", async () => {
    const ex = new LazyDefaultExecutor();
    await ex.shutdown();
    expect(() => ex.submit(() => 1)).toThrow(RuntimeError);
    expect(() => ex.submit(() => 1)).toThrow("cannot schedule new futures after shutdown");
  });
});
