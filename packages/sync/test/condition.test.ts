// Port of Lib/test/test_asyncio/test_locks.py (3.13): ConditionTests, plus TypeScript-only cases.
import { describe, expect } from "vitest";
import { CancelledError, RuntimeError, TimeoutError, type Future } from "@tsasyncio/futures";
import { newEventLoop } from "@tsasyncio/loop";
import { asyncWith, createTask, ensureFuture, sleep } from "@tsasyncio/tasks";
import { Condition, Lock } from "@tsasyncio/sync";
import { itCo } from "../../../test-support/index.js";
import { timeout, waitFor } from "../../../test-support/stand-ins.js";
import { RGX_REPR } from "./helpers.js";

describe("ConditionTests", () => {
  itCo("test_wait", function* () {
    const cond = new Condition();
    const result: number[] = [];

    function* c(n: number, result: number[]) {
      yield* cond.acquire();
      if (yield* cond.wait()) result.push(n);
      return true;
    }

    const t1 = createTask(c(1, result));
    const t2 = createTask(c(2, result));
    const t3 = createTask(c(3, result));

    yield* sleep(0);
    expect(result).toEqual([]);
    expect(cond.locked()).toBe(false);

    expect(yield* cond.acquire()).toBeTruthy();
    cond.notify();
    yield* sleep(0);
    expect(result).toEqual([]);
    expect(cond.locked()).toBe(true);

    cond.release();
    yield* sleep(0);
    expect(result).toEqual([1]);
    expect(cond.locked()).toBe(true);

    cond.notify(2);
    yield* sleep(0);
    expect(result).toEqual([1]);
    expect(cond.locked()).toBe(true);

    cond.release();
    yield* sleep(0);
    expect(result).toEqual([1, 2]);
    expect(cond.locked()).toBe(true);

    cond.release();
    yield* sleep(0);
    expect(result).toEqual([1, 2, 3]);
    expect(cond.locked()).toBe(true);

    for (const t of [t1, t2, t3]) {
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }
  });

  itCo("test_wait_cancel", function* ({ loop }) {
    const cond = new Condition();
    yield* cond.acquire();

    const wait = createTask(cond.wait());
    loop.callSoon(() => wait.cancel());
    yield* expectCancelled(wait);
    expect(cond._waiters.length).toBe(0);
    expect(cond.locked()).toBe(true);
  });

  itCo("test_wait_cancel_contested", function* ({ loop }) {
    const cond = new Condition();

    yield* cond.acquire();
    expect(cond.locked()).toBe(true);

    const waitTask = createTask(cond.wait());
    yield* sleep(0);
    expect(cond.locked()).toBe(false);

    // Notify, but contest the lock before cancelling.
    yield* cond.acquire();
    expect(cond.locked()).toBe(true);
    cond.notify();
    loop.callSoon(() => waitTask.cancel());
    loop.callSoon(() => cond.release());

    try {
      yield* waitTask;
    } catch (e) {
      // Should not happen, since no cancellation points.
      if (!(e instanceof CancelledError)) throw e;
    }

    expect(cond.locked()).toBe(true);
  });

  itCo("test_wait_cancel_after_notify", function* () {
    // See bpo-32841.
    let waited = false;

    const cond = new Condition();

    function* waitOnCond() {
      yield* asyncWith(cond, function* () {
        waited = true; // Make sure this area was reached.
        yield* cond.wait();
      });
    }

    const waiter = createTask(waitOnCond());
    yield* sleep(0); // Start waiting.

    yield* cond.acquire();
    cond.notify();
    yield* sleep(0); // Get to acquire().
    waiter.cancel();
    yield* sleep(0); // Activate cancellation.
    cond.release();
    yield* sleep(0); // Cancellation should occur.

    expect(waiter.cancelled()).toBe(true);
    expect(waited).toBe(true);
  });

  itCo("test_wait_unacquired", function* () {
    const cond = new Condition();
    const error = yield* catching(cond.wait());
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("cannot wait on un-acquired lock");
  });

  itCo("test_wait_for", function* () {
    const cond = new Condition();
    let presult = false;

    const predicate = (): boolean => presult;

    const result: number[] = [];

    function* c1(result: number[]) {
      yield* cond.acquire();
      if (yield* cond.waitFor(predicate)) {
        result.push(1);
        cond.release();
      }
      return true;
    }

    const t = createTask(c1(result));

    yield* sleep(0);
    expect(result).toEqual([]);

    yield* cond.acquire();
    cond.notify();
    cond.release();
    yield* sleep(0);
    expect(result).toEqual([]);

    presult = true;
    yield* cond.acquire();
    cond.notify();
    cond.release();
    yield* sleep(0);
    expect(result).toEqual([1]);

    expect(t.done()).toBe(true);
    expect(t.result()).toBe(true);
  });

  itCo("test_wait_for_unacquired", function* () {
    const cond = new Condition();

    // The predicate can return true immediately.
    const res = yield* cond.waitFor(() => [1, 2, 3]);
    expect(res).toEqual([1, 2, 3]);

    const error = yield* catching(cond.waitFor(() => false));
    expect(error).toBeInstanceOf(RuntimeError);
  });

  itCo("test_notify", function* () {
    const cond = new Condition();
    const result: number[] = [];

    function* c(n: number, result: number[]) {
      yield* cond.acquire();
      if (yield* cond.wait()) {
        result.push(n);
        cond.release();
      }
      return true;
    }

    const t1 = createTask(c(1, result));
    const t2 = createTask(c(2, result));
    const t3 = createTask(c(3, result));

    yield* sleep(0);
    expect(result).toEqual([]);

    yield* cond.acquire();
    cond.notify(1);
    cond.release();
    yield* sleep(0);
    expect(result).toEqual([1]);

    yield* cond.acquire();
    cond.notify(1);
    cond.notify(2048);
    cond.release();
    yield* sleep(0);
    expect(result).toEqual([1, 2, 3]);

    for (const t of [t1, t2, t3]) {
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }
  });

  itCo("test_notify_all", function* () {
    const cond = new Condition();

    const result: number[] = [];

    function* c(n: number, result: number[]) {
      yield* cond.acquire();
      if (yield* cond.wait()) {
        result.push(n);
        cond.release();
      }
      return true;
    }

    const t1 = createTask(c(1, result));
    const t2 = createTask(c(2, result));

    yield* sleep(0);
    expect(result).toEqual([]);

    yield* cond.acquire();
    cond.notifyAll();
    cond.release();
    yield* sleep(0);
    expect(result).toEqual([1, 2]);

    for (const t of [t1, t2]) {
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }
  });

  itCo("test_notify_unacquired", function* () {
    const cond = new Condition();
    expect(() => cond.notify()).toThrow(RuntimeError);
    expect(() => cond.notify()).toThrow("cannot notify on un-acquired lock");
  });

  itCo("test_notify_all_unacquired", function* () {
    const cond = new Condition();
    expect(() => cond.notifyAll()).toThrow(RuntimeError);
  });

  itCo("test_repr", function* ({ loop }) {
    const cond = new Condition();
    expect(String(cond)).toContain("unlocked");
    expect(RGX_REPR.test(String(cond))).toBe(true);

    yield* cond.acquire();
    expect(String(cond)).toContain("locked");

    cond._waiters.push(loop.createFuture());
    expect(String(cond)).toContain("waiters:1");
    expect(RGX_REPR.test(String(cond))).toBe(true);

    cond._waiters.push(loop.createFuture());
    expect(String(cond)).toContain("waiters:2");
    expect(RGX_REPR.test(String(cond))).toBe(true);
  });

  itCo("test_context_manager", function* () {
    const cond = new Condition();
    expect(cond.locked()).toBe(false);
    yield* asyncWith(cond, function* () {
      expect(cond.locked()).toBe(true);
    });
    expect(cond.locked()).toBe(false);
  });

  itCo("test_explicit_lock", function* () {
    function* f(lock?: Lock, cond?: Condition) {
      lock ??= new Lock();
      cond ??= new Condition(lock);
      const l = lock;
      const c = cond;
      expect(c._lock).toBe(l);
      expect(l.locked()).toBe(false);
      expect(c.locked()).toBe(false);
      yield* asyncWith(c, function* () {
        expect(l.locked()).toBe(true);
        expect(c.locked()).toBe(true);
      });
      expect(l.locked()).toBe(false);
      expect(c.locked()).toBe(false);
      yield* asyncWith(l, function* () {
        expect(l.locked()).toBe(true);
        expect(c.locked()).toBe(true);
      });
      expect(l.locked()).toBe(false);
      expect(c.locked()).toBe(false);
    }

    // All should work in the same way.
    yield* f();
    yield* f(new Lock());
    const lock = new Lock();
    yield* f(lock, new Condition(lock));
  });

  itCo("test_ambiguous_loops", function* () {
    const loop = newEventLoop();
    try {
      const wrongLoopInLock = function* () {
        // Python also checks that Lock(loop=loop) is a TypeError (see types.test-d.ts).
        const lock = new Lock();
        lock._loop = loop; // use private API for testing
        yield* asyncWith(lock, function* () {
          // acquired immediately via the fast path without interaction with any event loop.
          const cond = new Condition(lock);
          // cond.acquire() will trigger waiting on the lock and it will discover the event
          // loop mismatch.
          const error = yield* catching(cond.acquire());
          expect(error).toBeInstanceOf(RuntimeError);
          expect((error as Error).message).toMatch(/is bound to a different event loop/);
        });
      };

      const wrongLoopInCond = function* () {
        // Same analogy here with the condition's loop.
        const lock = new Lock();
        yield* asyncWith(lock, function* () {
          const cond = new Condition(lock);
          cond._loop = loop;
          const error = yield* catching(cond.wait());
          expect(error).toBeInstanceOf(RuntimeError);
          expect((error as Error).message).toMatch(/is bound to a different event loop/);
        });
      };

      yield* wrongLoopInLock();
      yield* wrongLoopInCond();
    } finally {
      loop.close();
    }
  });

  itCo("test_timeout_in_block", function* ({ loop }) {
    const condition = new Condition();
    yield* asyncWith(condition, function* () {
      const error = yield* catching(waitFor(condition.wait(), 0.5));
      expect(error).toBeInstanceOf(TimeoutError);
    });
    // Under the VirtualTimeLoop the timeout jumps at once.
    expect(loop.time()).toBe(0.5);
  });

  itCo("test_cancelled_error_wakeup", function* () {
    // Test that a cancelled error, received when awaiting wakeup, will be re-raised
    // un-modified.
    const wake = false;
    let raised: unknown = null;
    const cond = new Condition();

    function* func() {
      yield* asyncWith(cond, function* () {
        const err = yield* catching(cond.waitFor(() => wake));
        expect(err).toBeInstanceOf(CancelledError);
        raised = err;
        throw raised;
      });
    }

    const task = createTask(func());
    yield* sleep(0);
    // Task is waiting on the condition, cancel it there.
    task.cancel("foo");
    const err = yield* catching(task);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).message).toBe("foo");
    // We should have got the _same_ exception instance as the one originally raised.
    expect(err).toBe(raised);
  });

  itCo("test_cancelled_error_re_aquire", function* () {
    // Test that a cancelled error, received when re-aquiring lock, will be re-raised
    // un-modified.
    let wake = false;
    let raised: unknown = null;
    const cond = new Condition();

    function* func() {
      yield* asyncWith(cond, function* () {
        const err = yield* catching(cond.waitFor(() => wake));
        expect(err).toBeInstanceOf(CancelledError);
        raised = err;
        throw raised;
      });
    }

    const task = createTask(func());
    yield* sleep(0);
    // Task is waiting on the condition.
    yield* cond.acquire();
    wake = true;
    cond.notify();
    yield* sleep(0);
    // Task is now trying to re-acquire the lock, cancel it there.
    task.cancel("foo");
    cond.release();
    const err = yield* catching(task);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).message).toBe("foo");
    // We should have got the _same_ exception instance as the one originally raised.
    expect(err).toBe(raised);
  });

  itCo("test_cancelled_wakeup", function* () {
    // Test that a task cancelled at the "same" time as it is woken up as part of a
    // Condition.notify() does not result in a lost wakeup. This test simulates a cancel
    // while the target task is awaiting initial wakeup on the wakeup queue.
    const condition = new Condition();
    let state = 0;
    function* consumer() {
      yield* asyncWith(condition, function* () {
        for (;;) {
          yield* condition.waitFor(() => state !== 0);
          if (state < 0) return;
          state -= 1;
        }
      });
    }

    // Create two consumers.
    const c = [createTask(consumer()), createTask(consumer())];
    // Wait for them to settle.
    yield* sleep(0);
    yield* asyncWith(condition, function* () {
      // Produce one item and wake up one.
      state += 1;
      condition.notify(1);

      // Cancel it while it is awaiting to be run. This cancellation could come from the
      // outside.
      c[0]!.cancel();

      // Now wait for the item to be consumed; if it is not, our "notify" did not take
      // hold because it raced with a cancel().
      try {
        yield* timeout(0.01, () => condition.waitFor(() => state === 0));
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
      }
      expect(state).toBe(0);

      // Clean up.
      state = -1;
      condition.notifyAll();
    });
    yield* c[1]!;
  });

  itCo("test_cancelled_wakeup_relock", function* () {
    // Test that a task cancelled at the "same" time as it is woken up as part of a
    // Condition.notify() does not result in a lost wakeup. This test simulates a cancel
    // while the target task is acquiring the lock again.
    const condition = new Condition();
    let state = 0;
    function* consumer() {
      yield* asyncWith(condition, function* () {
        for (;;) {
          yield* condition.waitFor(() => state !== 0);
          if (state < 0) return;
          state -= 1;
        }
      });
    }

    // Create two consumers.
    const c = [createTask(consumer()), createTask(consumer())];
    // Wait for them to settle.
    yield* sleep(0);
    yield* asyncWith(condition, function* () {
      // Produce one item and wake up one.
      state += 1;
      condition.notify(1);

      // Now we sleep for a bit. This allows the target task to wake up and settle on
      // re-aquiring the lock.
      yield* sleep(0);

      // Cancel it while awaiting the lock. This cancel could come from the outside.
      c[0]!.cancel();

      // Now wait for the item to be consumed; if it is not, our "notify" did not take
      // hold because it raced with a cancel().
      try {
        yield* timeout(0.01, () => condition.waitFor(() => state === 0));
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
      }
      expect(state).toBe(0);

      // Clean up.
      state = -1;
      condition.notifyAll();
    });
    yield* c[1]!;
  });
});

describe("Condition (TypeScript-only)", () => {
  itCo("await cond.wait() / waitFor() in an async function", function* () {
    const cond = new Condition();
    let ready = false;
    const p = (async () => {
      await cond.acquire();
      try {
        return await cond.waitFor(() => ready && "ready");
      } finally {
        cond.release();
      }
    })();
    yield* sleep(0.01);
    yield* asyncWith(cond, function* () {
      ready = true;
      cond.notifyAll();
    });
    expect(yield* ensureFuture(p)).toBe("ready");
    expect(cond.locked()).toBe(false);
  });

  itCo("wait() shows its name in Task reprs", function* () {
    const cond = new Condition();
    yield* cond.acquire();
    const t = createTask(cond.wait());
    expect(String(cond.wait())).toBe("<coroutine Condition.wait()>");
    yield* sleep(0);
    expect(String(t)).toMatch(/coro=<Condition\.wait\(\)>/);
    yield* cond.acquire();
    cond.notify();
    cond.release();
    expect(yield* t).toBe(true);
    cond.release();
  });

  itCo("using _ = yield* cond.acquire() releases the lock", function* () {
    const cond = new Condition();
    {
      using _held = yield* cond.acquire();
      expect(cond.locked()).toBe(true);
    }
    expect(cond.locked()).toBe(false);
  });

  itCo("waitFor() rejects a non-function", function* () {
    const cond = new Condition();
    expect(() => cond.waitFor(null as never)).toThrow(TypeError);
  });
});

function* catching(aw: Iterable<unknown> | Future<unknown>) {
  try {
    yield* aw as Iterable<unknown>;
  } catch (e) {
    return e;
  }
  return undefined;
}

function* expectCancelled(task: Future<unknown>) {
  expect(yield* catching(task)).toBeInstanceOf(CancelledError);
}
