// The facade wires the default executor in Node: `runInExecutor(null, …)` and `toThread`
// work right after `import … from "tsasyncio"`, as `loop.run_in_executor(None, …)` does in
// Python, with no installDefaultExecutor() call (real worker threads). Browsers opt in:
// scripts/bundle.test.ts checks that a browser bundle does not carry the pool.
import { describe, expect, it } from "vitest";
import { gather, getRunningLoop, run, sleep, toThread, type Coroutine } from "tsasyncio";

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
});
