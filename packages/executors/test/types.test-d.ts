// The types of the executor API: results are inferred from the function (an async
// function's result is awaited), arguments are checked, and the pool is an Executor.
import type { Executor } from "@tsasyncio/loop";
import type { Coroutine } from "@tsasyncio/tasks";
import { describe, expectTypeOf, it } from "vitest";
import {
  ThreadPoolExecutor,
  toThread,
  type ExecutorJob,
  type WorkerFunctionRef,
} from "../src/index.js";

describe("types", () => {
  const pool = new ThreadPoolExecutor(1);

  it("submit() infers the result and checks the arguments", () => {
    expectTypeOf(pool.submit((a: number) => String(a), 1)).toEqualTypeOf<ExecutorJob<string>>();
    expectTypeOf(pool.submit(async (a: number) => a, 1)).toEqualTypeOf<ExecutorJob<number>>();
    // @ts-expect-error: a string where the function takes a number
    void pool.submit((a: number) => a, "x");
  });

  it("a typed { module, name } reference is checked like the function", () => {
    const fib: WorkerFunctionRef<(n: number) => number> = {
      module: "file:///work.js",
      name: "fib",
    };
    expectTypeOf(pool.submit(fib, 20)).toEqualTypeOf<ExecutorJob<number>>();
    // @ts-expect-error: fib takes a number
    void pool.submit(fib, "20");
    expectTypeOf(pool.submit({ module: "file:///work.js", name: "f" }, 1, "a")).toEqualTypeOf<
      ExecutorJob<unknown>
    >();
  });

  it("toThread() is a coroutine and a thenable of the result", () => {
    const coro = toThread((x: number) => [x], 1);
    expectTypeOf(coro).toExtend<Coroutine<number[]>>();
    expectTypeOf(coro).toExtend<PromiseLike<number[]>>();
    // @ts-expect-error: the function takes one number
    void toThread((x: number) => x);
  });

  it("a ThreadPoolExecutor is the loop's Executor", () => {
    expectTypeOf<ThreadPoolExecutor>().toExtend<Executor>();
    expectTypeOf(pool.shutdown()).toEqualTypeOf<Promise<void>>();
  });
});
