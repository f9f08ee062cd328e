// Port of Lib/test/test_asyncio/test_locks.py (3.13): LockTests, plus TypeScript-only cases.
import { describe, expect, it } from "vitest";
import { CancelledError, RuntimeError, getRunningLoop, type Future } from "@tsasyncio/futures";
import { inspect } from "node:util";
import { newEventLoop, setEventLoop } from "@tsasyncio/loop";
import { asyncWith, createTask, currentTask, run, sleep, type Task } from "@tsasyncio/tasks";
import { BoundedSemaphore, Condition, Lock, Semaphore, type Acquired } from "@tsasyncio/sync";
import { itCo } from "../../../test-support/index.js";
import { RGX_REPR } from "./helpers.js";

describe("LockTests", () => {
  itCo("test_repr", function* () {
    const lock = new Lock();
    expect(String(lock).endsWith("[unlocked]>")).toBe(true);
    expect(RGX_REPR.test(String(lock))).toBe(true);

    yield* lock.acquire();
    expect(String(lock).endsWith("[locked]>")).toBe(true);
    expect(RGX_REPR.test(String(lock))).toBe(true);
  });

  itCo("test_lock", function* () {
    // Python: `await lock` is a TypeError; here `yield* lock` is (a Lock is not iterable).
    const lock = new Lock();
    let error: unknown;
    try {
      yield* lock as unknown as Iterable<unknown>;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect(lock.locked()).toBe(false);
  });

  // test_lock_doesnt_accept_loop_parameter: TypeScript has no keyword arguments; the
  // constructors take no loop (checked in types.test-d.ts).

  itCo("test_lock_by_with_statement", function* () {
    // Python: `with await lock:` is a TypeError. Here: `yield*` of the primitive itself.
    const primitives = [new Lock(), new Condition(), new Semaphore(), new BoundedSemaphore()];
    for (const lock of primitives) {
      yield* sleep(0.01);
      expect(lock.locked()).toBe(false);
      let error: unknown;
      try {
        yield* lock as unknown as Iterable<unknown>;
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect(lock.locked()).toBe(false);
    }
  });

  itCo("test_acquire", function* () {
    const lock = new Lock();
    const result: number[] = [];

    expect(yield* lock.acquire()).toBeTruthy();

    function* c(n: number, result: number[]) {
      if (yield* lock.acquire()) result.push(n);
      return true;
    }

    const t1 = createTask(c(1, result));
    const t2 = createTask(c(2, result));

    yield* sleep(0);
    expect(result).toEqual([]);

    lock.release();
    yield* sleep(0);
    expect(result).toEqual([1]);

    yield* sleep(0);
    expect(result).toEqual([1]);

    const t3 = createTask(c(3, result));

    lock.release();
    yield* sleep(0);
    expect(result).toEqual([1, 2]);

    lock.release();
    yield* sleep(0);
    expect(result).toEqual([1, 2, 3]);

    for (const t of [t1, t2, t3]) {
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }
  });

  itCo("test_acquire_cancel", function* ({ loop }) {
    const lock = new Lock();
    expect(yield* lock.acquire()).toBeTruthy();

    const task = createTask(lock.acquire());
    loop.callSoon(() => task.cancel());
    yield* expectCancelled(task);
    expect(lock._waiters?.length ?? 0).toBe(0);
  });

  itCo("test_cancel_race", function* ({ loop }) {
    // Several tasks:
    // - A acquires the lock
    // - B is blocked in acquire()
    // - C is blocked in acquire()
    //
    // Now, concurrently:
    // - B is cancelled
    // - A releases the lock
    //
    // If B's waiter is marked cancelled but not yet removed from _waiters, A's release()
    // call must move on to C's waiter.
    const lock = new Lock();

    function* lockit(_name: string, blocker: Future<unknown> | null) {
      yield* lock.acquire();
      try {
        if (blocker !== null) yield* blocker;
      } finally {
        lock.release();
      }
    }

    const fa = loop.createFuture();
    const ta = createTask(lockit("A", fa));
    yield* sleep(0);
    expect(lock.locked()).toBe(true);
    const tb = createTask(lockit("B", null));
    yield* sleep(0);
    expect(lock._waiters?.length).toBe(1);
    const tc = createTask(lockit("C", null));
    yield* sleep(0);
    expect(lock._waiters?.length).toBe(2);

    // Create the race and check.
    fa.setResult(null);
    tb.cancel();
    expect(lock._waiters?.at(0)?.cancelled()).toBe(true);
    yield* sleep(0);
    expect(lock.locked()).toBe(false);
    expect(ta.done()).toBe(true);
    expect(tb.cancelled()).toBe(true);
    yield* tc;
  });

  itCo("test_cancel_release_race", function* ({ loop }) {
    // Issue 32734: acquire 4 locks, cancel second, release first, and 2 locks are taken at once.
    const lock = new Lock();
    let lockCount = 0;
    let callCount = 0;

    function* lockit() {
      callCount++;
      yield* lock.acquire();
      lockCount++;
    }

    function trigger(): void {
      t1.cancel();
      lock.release();
    }

    yield* lock.acquire();

    const t1 = createTask(lockit());
    const t2 = createTask(lockit());
    const t3 = createTask(lockit());

    // Start scheduled tasks.
    yield* sleep(0);

    loop.callSoon(trigger);
    // Wait for cancellation.
    yield* expectCancelled(t1);

    // Make sure only one lock was taken.
    expect(lockCount).toBe(1);
    // While 3 calls were made to lockit().
    expect(callCount).toBe(3);
    expect(t1.cancelled() && t2.done()).toBe(true);

    // Clean up the task that is stuck on acquire.
    t3.cancel();
    yield* sleep(0);
    expect(t3.cancelled()).toBe(true);
  });

  itCo("test_finished_waiter_cancelled", function* () {
    const lock = new Lock();

    yield* lock.acquire();
    expect(lock.locked()).toBe(true);

    const tb = createTask(lock.acquire());
    yield* sleep(0);
    expect(lock._waiters?.length).toBe(1);

    // Create a second waiter, wake up the first, and cancel it.
    // Without the fix, the second was not woken up.
    const tc = createTask(lock.acquire());
    tb.cancel();
    lock.release();
    yield* sleep(0);

    expect(lock.locked()).toBe(true);
    expect(tb.cancelled()).toBe(true);

    // Cleanup.
    yield* tc;
  });

  itCo("test_release_not_acquired", function* () {
    const lock = new Lock();
    expect(() => lock.release()).toThrow(RuntimeError);
    expect(() => lock.release()).toThrow("Lock is not acquired.");
  });

  itCo("test_release_no_waiters", function* () {
    const lock = new Lock();
    yield* lock.acquire();
    expect(lock.locked()).toBe(true);

    lock.release();
    expect(lock.locked()).toBe(false);
  });

  itCo("test_context_manager", function* () {
    const lock = new Lock();
    expect(lock.locked()).toBe(false);

    yield* asyncWith(lock, function* () {
      expect(lock.locked()).toBe(true);
    });

    expect(lock.locked()).toBe(false);
  });
});

describe("Lock (TypeScript-only)", () => {
  itCo("acquire() resolves to a token whose Symbol.dispose releases the lock", function* () {
    const lock = new Lock();
    {
      using held = yield* lock.acquire();
      expect(held).toBeTruthy();
      expect(lock.locked()).toBe(true);
    }
    expect(lock.locked()).toBe(false);
    // The token releases on every dispose, as release() would.
    const held = yield* lock.acquire();
    held[Symbol.dispose]();
    expect(lock.locked()).toBe(false);
    expect(() => held[Symbol.dispose]()).toThrow("Lock is not acquired.");
  });

  itCo("using releases when the block throws", function* () {
    const lock = new Lock();
    function* body() {
      using _held = yield* lock.acquire();
      throw new Error("boom");
    }
    let error: unknown;
    try {
      yield* body();
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toBe("boom");
    expect(lock.locked()).toBe(false);
  });

  itCo("asyncWith releases when the body throws, and the body gets undefined", function* () {
    const lock = new Lock();
    let seen: unknown = "unset";
    let error: unknown;
    try {
      yield* asyncWith(lock, function* (v) {
        seen = v;
        throw new Error("boom");
      });
    } catch (e) {
      error = e;
    }
    expect(seen).toBeUndefined();
    expect((error as Error).message).toBe("boom");
    expect(lock.locked()).toBe(false);
  });

  it("await lock.acquire() works in an async function", async () => {
    const lock = new Lock();
    const order: string[] = [];
    await run(
      (function* () {
        const loop = getRunningLoop();
        const p = (async () => {
          const held: Acquired = await lock.acquire();
          order.push("async acquired");
          await held[Symbol.asyncDispose]();
          order.push("async released");
        })();
        yield* sleep(0.01);
        expect(lock.locked()).toBe(false);
        yield* lock.acquire();
        order.push("coro acquired");
        lock.release();
        yield* sleep(0);
        expect(loop).toBe(getRunningLoop());
        return p;
      })(),
    ).then((p) => p);
    expect(order).toEqual(["async acquired", "async released", "coro acquired"]);
  });

  itCo("await lock.acquire() waits in FIFO order with coroutines", function* () {
    const lock = new Lock();
    const order: string[] = [];
    yield* lock.acquire();
    const t = createTask(
      (function* () {
        yield* lock.acquire();
        order.push("task");
        lock.release();
      })(),
    );
    yield* sleep(0);
    const p = (async () => {
      await lock.acquire();
      order.push("async");
      lock.release();
    })();
    yield* sleep(0.01);
    lock.release();
    yield* t;
    yield* sleep(0.01);
    expect(order).toEqual(["task", "async"]);
    return p;
  });

  itCo("the coroutine of acquire() is lazy and shows in Task reprs", function* () {
    const lock = new Lock();
    const coro = lock.acquire();
    expect(lock.locked()).toBe(false);
    expect(String(coro)).toBe("<coroutine Lock.acquire()>");
    yield* lock.acquire();
    const t = createTask(coro);
    yield* sleep(0);
    expect(String(t)).toMatch(/^<Task pending name='Task-\d+' coro=<Lock\.acquire\(\)> wait_for=/);
    lock.release();
    yield* t;
    expect(lock.locked()).toBe(true);
  });

  itCo("repr with waiters, and Node's inspect", function* () {
    const lock = new Lock();
    yield* lock.acquire();
    const tasks = [createTask(lock.acquire()), createTask(lock.acquire())];
    yield* sleep(0);
    expect(String(lock)).toBe("<Lock [locked, waiters:2]>");
    expect(inspect(lock)).toBe("<Lock [locked, waiters:2]>");
    for (const t of tasks) t.cancel();
    yield* sleep(0);
    expect(String(lock)).toBe("<Lock [locked]>");
  });

  itCo("a lock is bound to the first loop it waits on", function* () {
    const lock = new Lock();
    const other = newEventLoop();
    lock._loop = other;
    // The fast path needs no loop.
    yield* lock.acquire();
    let error: unknown;
    try {
      yield* lock.acquire();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toContain(
      "<Lock [locked]> is bound to a different event loop",
    );
    other.close();
  });

  it("acquire() awaited without a running loop rejects", async () => {
    const lock = new Lock();
    lock._locked = true;
    setEventLoop(null);
    await expect(lock.acquire()).rejects.toThrow(RuntimeError);
  });

  itCo("mutual exclusion holds for many tasks", function* () {
    const lock = new Lock();
    let inside = 0;
    let acquisitions = 0;
    function* worker() {
      for (let i = 0; i < 20; i++) {
        yield* asyncWith(lock, function* () {
          inside++;
          expect(inside).toBe(1);
          acquisitions++;
          yield* sleep(0);
          inside--;
        });
      }
    }
    const tasks: Task<void>[] = [];
    for (let i = 0; i < 10; i++) tasks.push(createTask(worker()));
    for (const t of tasks) yield* t;
    expect(acquisitions).toBe(200);
    expect(lock._waiters?.length).toBe(0);
    expect(currentTask()).not.toBeNull();
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
