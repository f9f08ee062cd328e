// TypeScript-only cases of @tsasyncio/queues: reprs, the fast paths, PriorityQueue's
// order and stability, async iteration, await from async functions, loop binding.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  CancelledError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  RuntimeError,
} from "@tsasyncio/futures";
import { newEventLoop } from "@tsasyncio/loop";
import { createTask, ensureFuture, sleep } from "@tsasyncio/tasks";
import * as queues from "@tsasyncio/queues";
import { LifoQueue, PriorityQueue, Queue } from "@tsasyncio/queues";
import { itCo } from "../../../test-support/index.js";
import { Heap } from "../src/internal/heap.js";
import { pythonCompare } from "../src/internal/compare.js";

describe("reprs", () => {
  itCo("show maxsize, items, waiters, unfinished tasks and shutdown", function* () {
    const q = new Queue<number>(10);
    q.putNowait(1);
    q.putNowait(2);
    expect(String(q)).toBe("<Queue maxsize=10 _queue=[1, 2] tasks=2>");
    expect(inspect(q)).toBe("<Queue maxsize=10 _queue=[1, 2] tasks=2>");
    q.getNowait();
    q.getNowait();
    q.taskDone();
    const getter = createTask(q.get());
    yield* sleep(0);
    expect(String(q)).toBe("<Queue maxsize=10 _getters[1] tasks=1>");
    q.shutdown();
    yield* sleep(0);
    expect(getter.done()).toBe(true);
    expect(() => getter.result()).toThrow(QueueShutDown);
    expect(String(q)).toBe("<Queue maxsize=10 tasks=1 shutdown>");
    const s = new PriorityQueue<string>();
    for (const w of ["b", "a", "c"]) s.putNowait(w);
    expect(String(s)).toBe("<PriorityQueue maxsize=0 _queue=['a', 'b', 'c'] tasks=3>");
    const l = new LifoQueue<number[]>(1);
    l.putNowait([1, 2]);
    expect(String(l)).toBe("<LifoQueue maxsize=1 _queue=[[1, 2]] tasks=1>");
  });

  it("the coroutines have names", () => {
    const q = new Queue<number>();
    expect(String(q.get())).toBe("<coroutine Queue.get()>");
    expect(String(q.put(1))).toBe("<coroutine Queue.put()>");
    expect(String(q.join())).toBe("<coroutine Queue.join()>");
  });
});

describe("fast paths", () => {
  it("put() on a free queue and get() on a non-empty one finish on their first step, without a loop", () => {
    const q = new Queue<number>(2);
    const put = q.put(7);
    expect(q.qsize()).toBe(0); // lazy: nothing happens before the first step
    expect(put.next()).toEqual({ done: true, value: undefined });
    const get = q.get();
    expect(get.next()).toEqual({ done: true, value: 7 });
    expect(q._getters.length + q._putters.length).toBe(0);
    const join = q.join();
    q.taskDone();
    expect(join.next()).toEqual({ done: true, value: undefined });
  });

  itCo("a long FIFO backlog goes through the ring buffer in order", function* () {
    const q = new Queue<number>();
    for (let i = 0; i < 50_000; i++) yield* q.put(i);
    for (let i = 0; i < 50_000; i++) if ((yield* q.get()) !== i) throw new Error(`at ${i}`);
    expect(q.empty()).toBe(true);
  });
});

describe("cancelled waiters pass their wake-up on", () => {
  itCo("a getter woken by put and cancelled before it runs wakes the next getter", function* () {
    const q = new Queue<number>();
    const g1 = createTask(q.get());
    const g2 = createTask(q.get());
    yield* sleep(0);
    q.putNowait(1); // wakes g1…
    g1.cancel(); // …which is cancelled before it runs: g2 must get the item
    yield* sleep(0); // g1 runs, is cancelled, and wakes g2
    expect(g2.done()).toBe(false);
    yield* sleep(0); // g2 runs
    expect(g1.cancelled()).toBe(true);
    expect(g2.done()).toBe(true);
    expect(g2.result()).toBe(1);
  });

  itCo("a putter woken by get and cancelled before it runs wakes the next putter", function* () {
    const q = new Queue<number>(1);
    q.putNowait(0);
    const p1 = createTask(q.put(1));
    const p2 = createTask(q.put(2));
    yield* sleep(0);
    expect(q.getNowait()).toBe(0); // wakes p1…
    p1.cancel(); // …which is cancelled before it runs: p2 must take the slot
    yield* sleep(0); // p1 runs, is cancelled, and wakes p2
    expect(p2.done()).toBe(false);
    yield* sleep(0); // p2 runs
    expect(p1.cancelled()).toBe(true);
    expect(p2.done()).toBe(true);
    expect(q.getNowait()).toBe(2);
  });

  itCo("join() cancelled while waiting leaves no waiter behind", function* () {
    const q = new Queue<number>();
    q.putNowait(1);
    const j = createTask(q.join());
    yield* sleep(0);
    expect(q._finished._waiters.length).toBe(1);
    j.cancel();
    yield* sleep(0);
    expect(j.cancelled()).toBe(true);
    expect(q._finished._waiters.length).toBe(0);
  });
});

describe("errors", () => {
  it("say what happened and what to do", () => {
    const q = new Queue<number>(1);
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    expect(() => q.getNowait()).toThrow(/use get\(\) to wait/);
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
    expect(() => q.putNowait(2)).toThrow(/maxsize=1.*use put\(\) to wait/);
    q.shutdown();
    expect(() => q.putNowait(2)).toThrow(QueueShutDown);
    expect(() => new Queue("3" as never)).toThrow(TypeError);
    expect(() => new PriorityQueue(0, 3 as never)).toThrow(TypeError);
  });

  it("the error classes are re-exported from @tsasyncio/futures", () => {
    expect(queues.QueueEmpty).toBe(QueueEmpty);
    expect(queues.QueueFull).toBe(QueueFull);
    expect(queues.QueueShutDown).toBe(QueueShutDown);
  });

  itCo("a queue is bound to the first loop it waits on", function* () {
    const other = newEventLoop();
    const q = new Queue<number>();
    q._loop = other;
    q.putNowait(1);
    expect(yield* q.get()).toBe(1); // the fast path needs no loop
    let error: unknown;
    try {
      yield* q.get();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toContain(
      "<Queue maxsize=0 tasks=1> is bound to a different event loop",
    );
    other.close();
  });
});

describe("PriorityQueue order", () => {
  it("the default compare orders like Python: numbers, strings, tuples", () => {
    expect(pythonCompare(1, 2)).toBeLessThan(0);
    expect(pythonCompare(2n, 1)).toBeGreaterThan(0);
    expect(pythonCompare(true, 2)).toBeLessThan(0);
    expect(pythonCompare("b", "a")).toBeGreaterThan(0);
    expect(pythonCompare([1, "b"], [1, "a"])).toBeGreaterThan(0);
    expect(pythonCompare([1], [1, 0])).toBeLessThan(0);
    expect(pythonCompare([[1, 2]], [[1, 3]])).toBeLessThan(0);
    const o = {};
    expect(pythonCompare([1, o], [1, o])).toBe(0);
    expect(() => pythonCompare([1, {}], [1, {}])).toThrow(TypeError);
    expect(() => pythonCompare(1, "1")).toThrow("'<' not supported between instances");
    expect(() => pythonCompare(null, null)).not.toThrow();
  });

  it("items of equal priority come out in the order they went in", () => {
    const q = new PriorityQueue<[number, string]>();
    const o1 = "first";
    const o2 = "second";
    q.putNowait([1, "z"]);
    q.putNowait([0, o1]);
    q.putNowait([0, o2]);
    expect(q.getNowait()[1]).toBe("first");
    const byPriority = new PriorityQueue<{ p: number; name: string }>(0, (a, b) => a.p - b.p);
    for (const [p, name] of [
      [2, "a"],
      [1, "b"],
      [2, "c"],
      [1, "d"],
    ] as const)
      byPriority.putNowait({ p, name });
    const names = [];
    while (!byPriority.empty()) names.push(byPriority.getNowait().name);
    expect(names).toEqual(["b", "d", "a", "c"]);
  });

  it("a put the default compare cannot order throws and leaves the queue unchanged", () => {
    const q = new PriorityQueue<unknown>();
    q.putNowait(3);
    q.putNowait(1);
    expect(() => q.putNowait("x")).toThrow(TypeError);
    expect(q.qsize()).toBe(2);
    expect(q._unfinishedTasks).toBe(2);
    expect([q.getNowait(), q.getNowait()]).toEqual([1, 3]);
  });

  it("Heap: pops in stable sorted order (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant("pop" as const), fc.integer({ min: 0, max: 5 }))),
        (ops) => {
          const heap = new Heap<{ p: number; id: number }>((a, b) => a.p - b.p);
          const model: { p: number; id: number }[] = [];
          let id = 0;
          for (const op of ops) {
            if (op === "pop") {
              if (model.length === 0) continue;
              let best = 0;
              for (let i = 1; i < model.length; i++) if (model[i]!.p < model[best]!.p) best = i; // first minimum: oldest
              const [expected] = model.splice(best, 1);
              expect(heap.take()).toBe(expected);
            } else {
              const item = { p: op, id: id++ };
              heap.push(item);
              model.push(item);
            }
            expect(heap.length).toBe(model.length);
          }
        },
      ),
    );
  });

  it("Heap: a throwing compare leaves it unchanged (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1 }), (values) => {
        let armed = false;
        const heap = new Heap<number>((a, b) => {
          if (armed && (a === 99 || b === 99)) throw new TypeError("no order");
          return a - b;
        });
        for (const v of values) heap.push(v);
        const before = heap.toArray();
        armed = true;
        expect(() => heap.push(99)).toThrow(TypeError);
        expect(heap.toArray()).toEqual(before);
        armed = false;
        const out = [];
        while (heap.length > 0) out.push(heap.take());
        expect(out).toEqual([...values].sort((a, b) => a - b));
      }),
    );
  });
});

describe("async functions", () => {
  itCo("await put()/get()/join() work in async functions", function* () {
    const q = new Queue<number>(1);
    const producer = (async () => {
      for (let i = 0; i < 3; i++) await q.put(i);
      await q.join();
      return "joined";
    })();
    const got: number[] = [];
    for (let i = 0; i < 3; i++) {
      got.push(yield* q.get());
      q.taskDone();
    }
    expect(yield* ensureFuture(producer)).toBe("joined");
    expect(got).toEqual([0, 1, 2]);
  });

  itCo("for await takes items until the queue is shut down", function* () {
    const q = new Queue<string>();
    const consumer = (async () => {
      const seen: string[] = [];
      for await (const item of q) {
        seen.push(item);
        q.taskDone();
      }
      return seen;
    })();
    q.putNowait("a");
    q.putNowait("b");
    yield* q.join();
    q.putNowait("c");
    q.shutdown();
    expect(yield* ensureFuture(consumer)).toEqual(["a", "b", "c"]);
  });

  itCo("for await rethrows other errors (a cancelled get)", function* () {
    const q = new Queue<string>();
    const consumer = (async () => {
      for await (const _ of q) {
        // nothing arrives
      }
    })();
    yield* sleep(0.01);
    // Cancel the waiting get(): the Task that awaits it ends cancelled.
    for (const getter of q._getters.toArray()) getter.cancel();
    let error: unknown;
    try {
      yield* ensureFuture(consumer);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CancelledError);
  });
});
