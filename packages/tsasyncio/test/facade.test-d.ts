import { describe, expectTypeOf, it } from "vitest";
import {
  createTask,
  gather,
  getRunningLoop,
  sleep,
  type Coroutine,
  type Future,
  type Task,
  type TimerHandle,
} from "tsasyncio";

describe("types through the facade", () => {
  it("getRunningLoop() offers the whole loop API (callLater, createTask, …)", () => {
    const loop = getRunningLoop();
    expectTypeOf(loop.callLater(1, (x: number) => x, 2)).toEqualTypeOf<TimerHandle>();
    expectTypeOf(loop.callAt(1, () => undefined)).toEqualTypeOf<TimerHandle>();
    expectTypeOf(loop.createFuture<string>()).toEqualTypeOf<Future<string>>();
    expectTypeOf(loop.createTask(sleep(1, "x"))).toEqualTypeOf<Future<string>>();
    // @ts-expect-error -- the callback's arguments are checked
    loop.callLater(1, (x: number) => x, "not a number");
  });

  it("yield* evaluates to the awaited type; gather gives a typed tuple", () => {
    function* child(): Coroutine<number> {
      return 1;
    }
    function* main(): Coroutine<void> {
      const t: Task<number> = createTask(child());
      const n = yield* t;
      expectTypeOf(n).toEqualTypeOf<number>();
      const [a, b] = yield* gather(t, sleep(0, "s"));
      expectTypeOf(a).toEqualTypeOf<number>();
      expectTypeOf(b).toEqualTypeOf<string>();
    }
    expectTypeOf(main).returns.toEqualTypeOf<Coroutine<void>>();
  });
});
