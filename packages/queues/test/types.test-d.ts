// Type tests of @tsasyncio/queues (vitest typecheck).
import { describe, expectTypeOf, test } from "vitest";
import type { Coroutine } from "@tsasyncio/tasks";
import { LifoQueue, PriorityQueue, Queue } from "@tsasyncio/queues";

describe("QueueBasicTests", () => {
  test("test_generic_alias", () => {
    // Python's Queue[int] is a GenericAlias; here the queue is generic over its items.
    const q = new Queue<number>();
    expectTypeOf(q).toEqualTypeOf<Queue<number>>();
    expectTypeOf(q.getNowait()).toEqualTypeOf<number>();
    // @ts-expect-error: a string is not a number
    q.putNowait("x");
  });
});

describe("types of the coroutines", () => {
  test("get() has the item type, with yield* and await; put() takes items", () => {
    function* main(): Coroutine<void> {
      const q = new PriorityQueue<[number, string]>();
      yield* q.put([1, "a"]);
      const item = yield* q.get();
      expectTypeOf(item).toEqualTypeOf<[number, string]>();
      yield* q.join();
    }
    expectTypeOf(main).returns.toEqualTypeOf<Coroutine<void>>();
    async function f(): Promise<void> {
      const q = new LifoQueue<string>(3);
      await q.put("x");
      expectTypeOf(await q.get()).toEqualTypeOf<string>();
      for await (const item of q) expectTypeOf(item).toEqualTypeOf<string>();
    }
    expectTypeOf(f).returns.resolves.toBeVoid();
  });

  test("PriorityQueue's compare takes two items", () => {
    const q = new PriorityQueue<{ p: number }>(0, (a, b) => {
      expectTypeOf(a).toEqualTypeOf<{ p: number }>();
      return a.p - b.p;
    });
    expectTypeOf(q.maxsize).toEqualTypeOf<number>();
  });
});
