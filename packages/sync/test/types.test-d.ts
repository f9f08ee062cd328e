// Type tests of @tsasyncio/sync (vitest typecheck).
import { describe, expectTypeOf, test } from "vitest";
import { newEventLoop } from "@tsasyncio/loop";
import { asyncWith, type Coroutine } from "@tsasyncio/tasks";
import {
  Barrier,
  BoundedSemaphore,
  Condition,
  Event,
  Lock,
  Semaphore,
  type Acquired,
} from "@tsasyncio/sync";

describe("LockTests", () => {
  test("test_lock_doesnt_accept_loop_parameter", () => {
    const loop = newEventLoop();
    // @ts-expect-error: no loop parameter (removed in Python 3.10)
    new Lock({ loop });
    // @ts-expect-error: no loop parameter
    new Condition({ loop });
    // @ts-expect-error: no loop parameter
    new Event({ loop });
    // @ts-expect-error: no loop parameter
    new Semaphore(1, { loop });
    // @ts-expect-error: no loop parameter
    new BoundedSemaphore(1, { loop });
  });
});

describe("types of the coroutines", () => {
  test("acquire() gives a disposable token, with yield* and await", () => {
    function* main(): Coroutine<void> {
      const lock = new Lock();
      const held = yield* lock.acquire();
      expectTypeOf(held).toEqualTypeOf<Acquired>();
      expectTypeOf(held).toExtend<Disposable>();
      expectTypeOf(yield* new Semaphore().acquire()).toEqualTypeOf<Acquired>();
      expectTypeOf(yield* new Condition().acquire()).toEqualTypeOf<Acquired>();
    }
    expectTypeOf(main).returns.toEqualTypeOf<Coroutine<void>>();
    async function f(): Promise<void> {
      const held = await new Lock().acquire();
      expectTypeOf(held).toExtend<AsyncDisposable>();
      expectTypeOf(await new Event().wait()).toEqualTypeOf<true>();
      expectTypeOf(await new Barrier(2).wait()).toEqualTypeOf<number>();
    }
    expectTypeOf(f).returns.resolves.toBeVoid();
  });

  test("waitFor() keeps the predicate's type; asyncWith keeps the body's", () => {
    function* main(): Coroutine<void> {
      const cond = new Condition();
      const pred = (): "x" | "" => "x";
      const v = yield* cond.waitFor(pred);
      expectTypeOf(v).toEqualTypeOf<"x" | "">();
      const r = yield* asyncWith(new Lock(), function* () {
        return 42;
      });
      expectTypeOf(r).toEqualTypeOf<number>();
      const i = yield* asyncWith(new Barrier(1), function* (index) {
        expectTypeOf(index).toEqualTypeOf<number>();
        return index;
      });
      expectTypeOf(i).toEqualTypeOf<number>();
    }
    expectTypeOf(main).returns.toEqualTypeOf<Coroutine<void>>();
  });
});
