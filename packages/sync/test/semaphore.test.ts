// Port of Lib/test/test_asyncio/test_locks.py (3.13): SemaphoreTests, plus TypeScript-only cases.
import { describe, expect, it } from "vitest";
import { CancelledError, type Future } from "@tsasyncio/futures";
import { asyncWith, createTask, ensureFuture, sleep, type Task } from "@tsasyncio/tasks";
import { BoundedSemaphore, Semaphore } from "@tsasyncio/sync";
import { itCo } from "../../../test-support/index.js";
import { Deque } from "@tsasyncio/futures/internal";
import { gather, gatherSettled, taskGroup, waitFor } from "../../../test-support/stand-ins.js";
import { RGX_REPR } from "./helpers.js";

describe("SemaphoreTests", () => {
  it("test_initial_value_zero", () => {
    const sem = new Semaphore(0);
    expect(sem.locked()).toBe(true);
  });

  itCo("test_repr", function* ({ loop }) {
    const sem = new Semaphore();
    expect(String(sem).endsWith("[unlocked, value:1]>")).toBe(true);
    expect(RGX_REPR.test(String(sem))).toBe(true);

    yield* sem.acquire();
    expect(String(sem).endsWith("[locked]>")).toBe(true);
    expect(String(sem)).not.toContain("waiters");
    expect(RGX_REPR.test(String(sem))).toBe(true);

    sem._waiters ??= new Deque<Future<boolean>>();

    sem._waiters.push(loop.createFuture());
    expect(String(sem)).toContain("waiters:1");
    expect(RGX_REPR.test(String(sem))).toBe(true);

    sem._waiters.push(loop.createFuture());
    expect(String(sem)).toContain("waiters:2");
    expect(RGX_REPR.test(String(sem))).toBe(true);
  });

  itCo("test_semaphore", function* () {
    const sem = new Semaphore();
    expect(sem._value).toBe(1);

    // Python: `await sem` is a TypeError; here `yield* sem` is (a Semaphore is not iterable).
    let error: unknown;
    try {
      yield* sem as unknown as Iterable<unknown>;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);

    expect(sem.locked()).toBe(false);
    expect(sem._value).toBe(1);
  });

  it("test_semaphore_value", () => {
    expect(() => new Semaphore(-1)).toThrow(RangeError);
    expect(() => new Semaphore(-1)).toThrow("Semaphore initial value must be >= 0");
  });

  itCo("test_acquire", function* () {
    const sem = new Semaphore(3);
    const result: number[] = [];

    expect(yield* sem.acquire()).toBeTruthy();
    expect(yield* sem.acquire()).toBeTruthy();
    expect(sem.locked()).toBe(false);

    function* c(n: number, result: number[]) {
      yield* sem.acquire();
      result.push(n);
      return true;
    }

    const t1 = createTask(c(1, result));
    const t2 = createTask(c(2, result));
    const t3 = createTask(c(3, result));

    yield* sleep(0);
    expect(result).toEqual([1]);
    expect(sem.locked()).toBe(true);
    expect(sem._waiters?.length).toBe(2);
    expect(sem._value).toBe(0);

    const t4 = createTask(c(4, result));

    sem.release();
    sem.release();
    expect(sem._value).toBe(0);

    yield* sleep(0);
    expect(sem._value).toBe(0);
    expect(result.length).toBe(3);
    expect(sem.locked()).toBe(true);
    expect(sem._waiters?.length).toBe(1);
    expect(sem._value).toBe(0);

    expect(t1.done()).toBe(true);
    expect(t1.result()).toBe(true);
    const raceTasks = [t2, t3, t4];
    const doneTasks = raceTasks.filter((t) => t.done() && t.result());
    expect(doneTasks.length).toBe(2);

    // Clean up the locked semaphore.
    sem.release();
    yield* gather(raceTasks);
  });

  itCo("test_acquire_cancel", function* ({ loop }) {
    const sem = new Semaphore();
    yield* sem.acquire();

    const acquire = createTask(sem.acquire());
    loop.callSoon(() => acquire.cancel());
    yield* expectCancelled(acquire);
    const waiters = sem._waiters?.toArray() ?? [];
    expect(waiters.length === 0 || waiters.every((w) => w.done())).toBe(true);
  });

  itCo("test_acquire_cancel_before_awoken", function* () {
    const sem = new Semaphore(0);

    const t1 = createTask(sem.acquire());
    const t2 = createTask(sem.acquire());
    const t3 = createTask(sem.acquire());
    const t4 = createTask(sem.acquire());

    yield* sleep(0);

    t1.cancel();
    t2.cancel();
    sem.release();

    yield* sleep(0);
    yield* sleep(0);
    const numDone = [t3, t4].filter((t) => t.done()).length;
    expect(numDone).toBe(1);
    expect(t3.done()).toBe(true);
    expect(t4.done()).toBe(false);

    t3.cancel();
    t4.cancel();
    yield* sleep(0);
  });

  itCo("test_acquire_hang", function* () {
    const sem = new Semaphore(0);

    const t1 = createTask(sem.acquire());
    const t2 = createTask(sem.acquire());
    yield* sleep(0);

    t1.cancel();
    sem.release();
    yield* sleep(0);
    yield* sleep(0);
    expect(sem.locked()).toBe(true);
    expect(t2.done()).toBe(true);
  });

  itCo("test_acquire_no_hang", function* () {
    const sem = new Semaphore(1);

    function* c1() {
      yield* asyncWith(sem, function* () {
        yield* sleep(0);
      });
      t2.cancel();
    }

    function* c2() {
      yield* asyncWith(sem, function* () {
        expect(false).toBe(true);
      });
    }

    const t1 = createTask(c1());
    const t2: Task<void> = createTask(c2());

    const [r1, r2] = yield* gatherSettled([t1, t2]);
    expect(r1).toBeUndefined();
    expect(r2).toBeInstanceOf(CancelledError);

    yield* waitFor(sem.acquire(), 1.0);
  });

  it("test_release_not_acquired", () => {
    const sem = new BoundedSemaphore();
    expect(() => sem.release()).toThrow(RangeError);
    expect(() => sem.release()).toThrow("BoundedSemaphore released too many times");
  });

  itCo("test_release_no_waiters", function* () {
    const sem = new Semaphore();
    yield* sem.acquire();
    expect(sem.locked()).toBe(true);

    sem.release();
    expect(sem.locked()).toBe(false);
  });

  itCo("test_acquire_fifo_order", function* () {
    const sem = new Semaphore(1);
    const result: string[] = [];

    function* coro(tag: string) {
      yield* sem.acquire();
      result.push(`${tag}_1`);
      yield* sleep(0.01);
      sem.release();

      yield* sem.acquire();
      result.push(`${tag}_2`);
      yield* sleep(0.01);
      sem.release();
    }

    yield* taskGroup((create) => {
      create(coro("c1"));
      create(coro("c2"));
      create(coro("c3"));
    });

    expect(result).toEqual(["c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"]);
  });

  itCo("test_acquire_fifo_order_2", function* () {
    const sem = new Semaphore(1);
    const result: number[] = [];

    function* c1(result: number[]) {
      yield* sem.acquire();
      result.push(1);
      return true;
    }

    function* c2(result: number[]) {
      yield* sem.acquire();
      result.push(2);
      sem.release();
      yield* sem.acquire();
      result.push(4);
      return true;
    }

    function* c3(result: number[]) {
      yield* sem.acquire();
      result.push(3);
      return true;
    }

    const t1 = createTask(c1(result));
    const t2 = createTask(c2(result));
    const t3 = createTask(c3(result));

    yield* sleep(0);

    sem.release();
    sem.release();

    yield* gather([t1, t2, t3]);
    expect(result).toEqual([1, 2, 3, 4]);
  });

  itCo("test_acquire_fifo_order_3", function* () {
    const sem = new Semaphore(0);
    const result: number[] = [];

    function* c(n: number, result: number[]) {
      yield* sem.acquire();
      result.push(n);
      return true;
    }

    const t1 = createTask(c(1, result));
    const t2 = createTask(c(2, result));
    const t3 = createTask(c(3, result));

    yield* sleep(0);

    t1.cancel();

    yield* sleep(0);

    sem.release();
    sem.release();

    yield* gatherSettled([t1, t2, t3]);
    expect(result).toEqual([2, 3]);
  });

  itCo("test_acquire_fifo_order_4", function* () {
    // Test that a successful `acquire()` will wake up multiple Tasks that were waiting in
    // the Semaphore queue due to FIFO rules.
    const sem = new Semaphore(0);
    const result: number[] = [];

    function* c1(result: number[]) {
      // First task immediately waits for semaphore. It will be awoken by c2.
      expect(sem._value).toBe(0);
      yield* sem.acquire();
      // We should have woken up all waiting tasks now.
      expect(sem._value).toBe(0);
      // Create a fourth task. It should run after c3, not c2.
      t4 = createTask(c4(result));
      result.push(1);
      return true;
    }

    function* c2(result: number[]) {
      // The second task begins by releasing semaphore three times, for c1, c2, and c3.
      sem.release();
      sem.release();
      sem.release();
      expect(sem._value).toBe(2);
      // It is locked, because c1 hasn't woken up yet.
      expect(sem.locked()).toBe(true);
      yield* sem.acquire();
      result.push(2);
      return true;
    }

    function* c3(result: number[]) {
      yield* sem.acquire();
      expect(sem.locked()).toBe(true);
      result.push(3);
      return true;
    }

    function* c4(result: number[]) {
      result.push(4);
      return true;
    }

    const t1 = createTask(c1(result));
    const t2 = createTask(c2(result));
    const t3 = createTask(c3(result));
    let t4: Task<boolean> | null = null;

    yield* sleep(0);
    // Three tasks are in the queue, the first hasn't woken up yet.
    expect(sem._value).toBe(2);
    expect(sem._waiters?.length).toBe(3);
    yield* sleep(0);

    yield* gather([t1, t2, t3, t4 as unknown as Task<boolean>]);
    expect(result).toEqual([1, 2, 3, 4]);
  });
});

describe("Semaphore (TypeScript-only)", () => {
  itCo("using releases a slot; await sem.acquire() works in async functions", function* () {
    const sem = new Semaphore(1);
    {
      using held = yield* sem.acquire();
      expect(held).toBeTruthy();
      expect(sem.locked()).toBe(true);
    }
    expect(sem._value).toBe(1);
    const p = (async () => {
      await using _held = await sem.acquire();
      return sem._value;
    })();
    expect(yield* ensureFuture(p)).toBe(0);
    expect(sem._value).toBe(1);
  });

  itCo("reprs of BoundedSemaphore and with waiters", function* () {
    const sem = new BoundedSemaphore(2);
    expect(String(sem)).toBe("<BoundedSemaphore [unlocked, value:2]>");
    yield* sem.acquire();
    yield* sem.acquire();
    const t = createTask(sem.acquire());
    yield* sleep(0);
    expect(String(sem)).toBe("<BoundedSemaphore [locked, waiters:1]>");
    sem.release();
    yield* t;
    expect(String(sem)).toBe("<BoundedSemaphore [locked]>");
  });

  it("rejects bad initial values", () => {
    expect(() => new Semaphore(Number.NaN)).toThrow(RangeError);
    expect(() => new Semaphore("2" as never)).toThrow(TypeError);
    expect(() => new BoundedSemaphore(-2)).toThrow("Semaphore initial value must be >= 0");
  });

  itCo("a woken waiter that is cancelled gives its slot back (no leak)", function* () {
    const sem = new Semaphore(0);
    const a = createTask(sem.acquire());
    const b = createTask(sem.acquire());
    yield* sleep(0);
    sem.release(); // wakes a
    a.cancel(); // …which is cancelled before it runs
    yield* expectCancelled(a);
    yield* b; // b got the slot instead
    expect(sem._value).toBe(0);
    sem.release();
    expect(sem._value).toBe(1);
  });

  itCo("at most value tasks hold the semaphore at once", function* () {
    const sem = new Semaphore(3);
    let inside = 0;
    let most = 0;
    function* worker(i: number) {
      for (let k = 0; k < 5; k++)
        yield* asyncWith(sem, function* () {
          inside++;
          most = Math.max(most, inside);
          yield* sleep((i % 3) * 0.001);
          inside--;
        });
    }
    yield* gather(Array.from({ length: 10 }, (_, i) => worker(i)));
    expect(most).toBe(3);
    expect(sem._value).toBe(3);
  });
});

function* expectCancelled(task: Future<unknown>) {
  let error: unknown;
  try {
    yield* task;
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CancelledError);
}
