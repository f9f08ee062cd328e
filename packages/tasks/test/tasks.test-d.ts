// Type tests: `yield*` gives each awaitable's result type, and the entry points keep it.
import { describe, expectTypeOf, it } from "vitest";
import type { Future } from "@tsasyncio/futures";
import {
  Runner,
  Task,
  abortable,
  asyncWith,
  createTask,
  ensureFuture,
  run,
  sleep,
  type AsyncContextManager,
  type Coroutine,
} from "@tsasyncio/tasks";

function* answer(): Coroutine<number> {
  return 42;
}

describe("types of the tasks layer", () => {
  it("yield* task is T; yield* sleep(1, x) is typeof x", () => {
    function* main(): Coroutine<void> {
      const task = createTask(answer());
      expectTypeOf(task).toEqualTypeOf<Task<number>>();
      const n = yield* task;
      expectTypeOf(n).toEqualTypeOf<number>();
      const s = yield* sleep(1, "x");
      expectTypeOf(s).toEqualTypeOf<string>();
      const u = yield* sleep(1);
      expectTypeOf(u).toEqualTypeOf<undefined>();
      const c = yield* answer();
      expectTypeOf(c).toEqualTypeOf<number>();
    }
    expectTypeOf(main).returns.toEqualTypeOf<Coroutine<void>>();
  });

  it("run(main()) is Promise<T>; Runner.run too", () => {
    expectTypeOf(run(answer())).toEqualTypeOf<Promise<number>>();
    expectTypeOf(new Runner().run(answer())).toEqualTypeOf<Promise<number>>();
  });

  it("createTask(coro) is Task<T>; new Task too", () => {
    expectTypeOf(createTask(answer())).toEqualTypeOf<Task<number>>();
    expectTypeOf(new Task(answer())).toEqualTypeOf<Task<number>>();
    expectTypeOf(createTask(sleep(1, true))).toEqualTypeOf<Task<boolean>>();
  });

  it("ensureFuture and abortable give Futures of the result type", () => {
    expectTypeOf(ensureFuture(Promise.resolve("a"))).toEqualTypeOf<Future<string>>();
    expectTypeOf(ensureFuture(answer())).toEqualTypeOf<Future<number>>();
    expectTypeOf(abortable(async () => 1n)).toEqualTypeOf<Future<bigint>>();
  });

  it("await works on Tasks and sleep() in async functions", async () => {
    const t = createTask(answer());
    expectTypeOf(await t).toEqualTypeOf<number>();
    expectTypeOf(await sleep(0, "z")).toEqualTypeOf<string>();
  });

  it("asyncWith: the body's type, or | undefined when aexit can suppress", () => {
    const never: AsyncContextManager<string, false> = {
      *aenter() {
        return "v";
      },
      *aexit() {
        return false as const;
      },
    };
    const maybe: AsyncContextManager<string, boolean> = {
      *aenter() {
        return "v";
      },
      *aexit() {
        return true;
      },
    };
    function* main(): Coroutine<void> {
      const a = yield* asyncWith(never, function* (v) {
        expectTypeOf(v).toEqualTypeOf<string>();
        return 1;
      });
      expectTypeOf(a).toEqualTypeOf<number>();
      const b = yield* asyncWith(maybe, function* () {
        return 1;
      });
      expectTypeOf(b).toEqualTypeOf<number | undefined>();
    }
    expectTypeOf(main).returns.toEqualTypeOf<Coroutine<void>>();
  });

  it("createTask rejects what is not a coroutine", () => {
    // @ts-expect-error a Promise is not a coroutine
    expectTypeOf(createTask).toBeCallableWith(Promise.resolve(1));
    // @ts-expect-error a generator function must be called
    expectTypeOf(createTask).toBeCallableWith(answer);
  });
});
