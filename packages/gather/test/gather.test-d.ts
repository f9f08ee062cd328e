// Type tests: gather's tuple, gatherAll's array, and the result types of the other
// combinators.
import { describe, expectTypeOf, it } from "vitest";
import type { Future } from "@tsasyncio/futures";
import { sleep, type Coroutine, type Task } from "@tsasyncio/tasks";
import {
  asCompleted,
  gather,
  gatherAll,
  shield,
  wait,
  waitFor,
  TaskGroup,
  type AwaitedResult,
  type AsCompletedIterator,
  type Finished,
} from "@tsasyncio/gather";

declare const a: Task<number>;
declare const b: Coroutine<string>;
declare const c: Promise<boolean>;
declare const f: Future<Date>;
declare const tasks: Task<number>[];
declare const bigints: Coroutine<bigint>;
declare const symbolTasks: Task<symbol>[];

describe("gather", () => {
  it("maps each argument to its result type, in order", () => {
    expectTypeOf(gather(a, b)).toEqualTypeOf<Future<[number, string]>>();
    expectTypeOf(gather(a, b, c, f)).toEqualTypeOf<Future<[number, string, boolean, Date]>>();
    expectTypeOf(gather(sleep(1, "x"))).toEqualTypeOf<Future<[string]>>();
    expectTypeOf(gather()).toEqualTypeOf<Future<[]>>();
  });

  it("types the destructured results of yield*", () => {
    function* main(): Coroutine<void> {
      const [x, y] = yield* gather(a, b);
      expectTypeOf(x).toEqualTypeOf<number>();
      expectTypeOf(y).toEqualTypeOf<string>();
    }
    expectTypeOf(main).returns.toEqualTypeOf<Coroutine<void>>();
  });

  it("types a spread array as an array", () => {
    expectTypeOf(gather(...tasks)).toEqualTypeOf<Future<number[]>>();
  });

  it("adds Error to each element with returnExceptions: true", () => {
    expectTypeOf(gather(a, b, { returnExceptions: true })).toEqualTypeOf<
      Future<[number | Error, string | Error]>
    >();
    expectTypeOf(gather(a, b, { returnExceptions: false })).toEqualTypeOf<
      Future<[number, string]>
    >();
    const flag = Math.random() > 0.5;
    expectTypeOf(gather(a, { returnExceptions: flag })).toEqualTypeOf<Future<[number | Error]>>();
  });

  it("refuses what is not awaitable", () => {
    // @ts-expect-error a number is not awaitable
    gather(a, 42);
    // @ts-expect-error the option is returnExceptions
    gather(a, { return_exceptions: true });
  });

  it("gives the types of generator functions' results", () => {
    function* double(x: number) {
      yield* sleep(0.01);
      return 2 * x;
    }
    expectTypeOf(gather(double(1), double(2))).toEqualTypeOf<Future<[number, number]>>();
    expectTypeOf<AwaitedResult<ReturnType<typeof double>>>().toEqualTypeOf<number>();
  });
});

describe("gatherAll", () => {
  it("maps an iterable to an array of results", () => {
    expectTypeOf(gatherAll(tasks)).toEqualTypeOf<Future<number[]>>();
    expectTypeOf(gatherAll(new Set([a]))).toEqualTypeOf<Future<number[]>>();
    expectTypeOf(gatherAll(tasks, { returnExceptions: true })).toEqualTypeOf<
      Future<(number | Error)[]>
    >();
  });
});

describe("the other combinators", () => {
  it("wait returns Sets of the given Future type", () => {
    function* main(): Coroutine<void> {
      const [done, pending] = yield* wait(tasks);
      expectTypeOf(done).toEqualTypeOf<Set<Task<number>>>();
      expectTypeOf(pending).toEqualTypeOf<Set<Task<number>>>();
    }
    expectTypeOf(main).returns.toEqualTypeOf<Coroutine<void>>();
    // @ts-expect-error coroutines are refused
    wait([b]);
  });

  it("waitFor and shield keep the result type", () => {
    expectTypeOf(waitFor(b, 1)).toEqualTypeOf<Coroutine<string>>();
    expectTypeOf(waitFor(a, null)).toEqualTypeOf<Coroutine<number>>();
    expectTypeOf(shield(a)).toEqualTypeOf<Future<number>>();
    expectTypeOf(shield(c)).toEqualTypeOf<Future<boolean>>();
  });

  it("asCompleted yields coroutines of the results, and the Tasks themselves in for await", () => {
    const it1 = asCompleted(tasks);
    expectTypeOf(it1).toEqualTypeOf<AsCompletedIterator<number, Task<number>>>();
    for (const next of it1) expectTypeOf(next).toExtend<Coroutine<number>>();
    // for await yields the Tasks themselves (Python 3.13), typed without `then` so that
    // TypeScript does not type the loop variable as the awaited value. (Types that this
    // program never iterates with `for … of`: TypeScript 5.9 would reuse the cached sync
    // iteration types, see as-completed.test.ts.)
    async function consume(): Promise<void> {
      for await (const t of asCompleted(symbolTasks)) {
        expectTypeOf(t).toEqualTypeOf<Finished<Task<symbol>>>();
        expectTypeOf(t.result()).toEqualTypeOf<symbol>();
        expectTypeOf(t.getName()).toEqualTypeOf<string>();
        if (t === symbolTasks[0]) expectTypeOf(t).not.toBeNever();
      }
      for await (const t of asCompleted([bigints]))
        expectTypeOf(t).toEqualTypeOf<Finished<Future<bigint>>>();
    }
    expectTypeOf(consume).returns.toEqualTypeOf<Promise<void>>();
  });

  it("TaskGroup.createTask returns a typed Task", () => {
    const tg = new TaskGroup();
    expectTypeOf(tg.createTask(b)).toEqualTypeOf<Task<string>>();
  });
});
