// Port of Lib/test/test_asyncio/test_timeouts.py (3.13): TimeoutTests. `async with
// asyncio.timeout(d) as cm` is `asyncWith(timeout(d), function* (cm) { … })`.
//
// Not reproduced: the implicit `__context__` chains that test_timeout_exception_context,
// test_foreign_exception_on_timeout(_2), test_nested_timeout_in_finally and
// test_timeout_taskgroup inspect (JavaScript errors have no implicit context); those
// cases check the errors raised and the explicit `cause` (the TimeoutError's cause is the
// CancelledError, as `raise TimeoutError from exc_val`). A blocking time.sleep() in
// test_nested_timeouts_concurrent / _loop_busy is VirtualTimeLoop.advance().
import { describe, expect, it } from "vitest";
import { CancelledError, ExceptionGroup, RuntimeError, TimeoutError } from "@tsasyncio/futures";
import { asyncWith, createTask, currentTask, sleep, type Coroutine } from "@tsasyncio/tasks";
import { TaskGroup, Timeout, timeout, timeoutAt } from "@tsasyncio/gather";
import { itCo } from "../../../test-support/index.js";
import { assertRaises, raises } from "./helpers.js";

class KeyError extends Error {}
class ZeroDivisionError extends Error {}

/** `async with cm: body` */
function withTimeout(cm: Timeout, body: (cm: Timeout) => Coroutine<unknown>): Coroutine<unknown> {
  return asyncWith(cm, body);
}

describe("TimeoutTests", () => {
  itCo("test_timeout_basic", function* () {
    let cm!: Timeout;
    yield* assertRaises(TimeoutError, () =>
      withTimeout(timeout(0.01), function* (c) {
        cm = c;
        yield* sleep(10);
      }),
    );
    expect(cm.expired()).toBe(true);
  });

  itCo("test_timeout_at_basic", function* ({ loop }) {
    const deadline = loop.time() + 0.01;
    const cm = timeoutAt(deadline);
    yield* assertRaises(TimeoutError, () =>
      withTimeout(cm, function* () {
        yield* sleep(10);
      }),
    );
    expect(cm.expired()).toBe(true);
    expect(cm.when()).toBe(deadline);
  });

  itCo("test_nested_timeouts", function* ({ loop }) {
    let cancelled = false;
    const deadline = loop.time() + 0.01;
    const cm1 = timeoutAt(deadline);
    const cm2 = timeoutAt(deadline);
    yield* assertRaises(TimeoutError, () =>
      withTimeout(cm1, function* () {
        // Only the topmost context manager should raise TimeoutError
        try {
          yield* withTimeout(cm2, function* () {
            yield* sleep(10);
          });
        } catch (e) {
          if (e instanceof CancelledError) cancelled = true;
          throw e;
        }
      }),
    );
    expect(cancelled).toBe(true);
    expect(cm1.expired()).toBe(true);
    expect(cm2.expired()).toBe(true);
  });

  itCo("test_waiter_cancelled", function* () {
    let cancelled = false;
    yield* assertRaises(TimeoutError, () =>
      withTimeout(timeout(0.01), function* () {
        try {
          yield* sleep(10);
        } catch (e) {
          if (e instanceof CancelledError) cancelled = true;
          throw e;
        }
      }),
    );
    expect(cancelled).toBe(true);
  });

  itCo("test_timeout_not_called", function* ({ loop }) {
    const cm = timeout(10);
    yield* withTimeout(cm, function* () {
      yield* sleep(0.01);
    });
    const t1 = loop.time();
    expect(cm.expired()).toBe(false);
    expect(cm.when()).toBeGreaterThan(t1);
  });

  itCo("test_timeout_disabled", function* () {
    const cm = timeout(null);
    yield* withTimeout(cm, function* () {
      yield* sleep(0.01);
    });
    expect(cm.expired()).toBe(false);
    expect(cm.when()).toBeNull();
  });

  itCo("test_timeout_at_disabled", function* () {
    const cm = timeoutAt(null);
    yield* withTimeout(cm, function* () {
      yield* sleep(0.01);
    });
    expect(cm.expired()).toBe(false);
    expect(cm.when()).toBeNull();
  });

  itCo("test_timeout_zero", function* ({ loop }) {
    const t0 = loop.time();
    const cm = timeout(0);
    yield* assertRaises(TimeoutError, () =>
      withTimeout(cm, function* () {
        yield* sleep(10);
      }),
    );
    const t1 = loop.time();
    expect(cm.expired()).toBe(true);
    expect(t0 <= (cm.when() as number) && (cm.when() as number) <= t1).toBe(true);
  });

  itCo("test_timeout_zero_sleep_zero", function* ({ loop }) {
    const t0 = loop.time();
    const cm = timeout(0);
    yield* assertRaises(TimeoutError, () =>
      withTimeout(cm, function* () {
        yield* sleep(0);
      }),
    );
    const t1 = loop.time();
    expect(cm.expired()).toBe(true);
    expect(t0 <= (cm.when() as number) && (cm.when() as number) <= t1).toBe(true);
  });

  itCo("test_timeout_in_the_past_sleep_zero", function* ({ loop }) {
    const t0 = loop.time();
    const cm = timeout(-11);
    yield* assertRaises(TimeoutError, () =>
      withTimeout(cm, function* () {
        yield* sleep(0);
      }),
    );
    const t1 = loop.time();
    expect(cm.expired()).toBe(true);
    expect(t0 >= (cm.when() as number) && (cm.when() as number) <= t1).toBe(true);
  });

  itCo("test_foreign_exception_passed", function* () {
    const cm = timeout(0.01);
    yield* assertRaises(KeyError, () =>
      withTimeout(cm, function* () {
        throw new KeyError();
      }),
    );
    expect(cm.expired()).toBe(false);
  });

  itCo("test_timeout_exception_context", function* () {
    const e = yield* assertRaises(TimeoutError, () =>
      withTimeout(timeout(0.01), function* () {
        try {
          throw new ZeroDivisionError();
        } finally {
          yield* sleep(1);
        }
      }),
    );
    // Expect TimeoutError caused by CancelledError (raised during handling of
    // ZeroDivisionError in Python; there is no implicit context in JavaScript).
    expect(e.cause).toBeInstanceOf(CancelledError);
    expect((e.cause as Error).cause).toBeUndefined();
  });

  itCo("test_foreign_exception_on_timeout", function* () {
    function* crash(): Coroutine<void> {
      try {
        yield* sleep(1);
      } finally {
        // eslint-disable-next-line no-unsafe-finally
        throw new ZeroDivisionError();
      }
    }
    const e = yield* assertRaises(ZeroDivisionError, () =>
      withTimeout(timeout(0.01), function* () {
        yield* crash();
      }),
    );
    expect(e.cause).toBeUndefined();
  });

  itCo("test_foreign_exception_on_timeout_2", function* () {
    const e = yield* assertRaises(ZeroDivisionError, () =>
      withTimeout(timeout(0.01), function* () {
        try {
          try {
            throw new RangeError();
          } finally {
            yield* sleep(1);
          }
        } finally {
          try {
            // eslint-disable-next-line no-unsafe-finally
            throw new KeyError();
          } finally {
            // eslint-disable-next-line no-unsafe-finally
            throw new ZeroDivisionError();
          }
        }
      }),
    );
    expect(e.cause).toBeUndefined();
  });

  itCo("test_foreign_cancel_doesnt_timeout_if_not_expired", function* () {
    const cm = timeout(10);
    yield* assertRaises(CancelledError, () =>
      withTimeout(cm, function* () {
        currentTask()?.cancel();
        yield* sleep(10);
      }),
    );
    expect(cm.expired()).toBe(false);
    currentTask()?.uncancel();
  });

  itCo("test_outer_task_is_not_cancelled", function* () {
    function* outer(): Coroutine<void> {
      yield* assertRaises(TimeoutError, () =>
        withTimeout(timeout(0.001), function* () {
          yield* sleep(10);
        }),
      );
    }
    const task = createTask(outer());
    yield* task;
    expect(task.cancelled()).toBe(false);
    expect(task.done()).toBe(true);
  });

  itCo("test_nested_timeouts_concurrent", function* ({ loop }) {
    yield* assertRaises(TimeoutError, () =>
      withTimeout(timeout(0.002), function* () {
        yield* assertRaises(TimeoutError, () =>
          withTimeout(timeout(0.1), function* () {
            // Pretend we crunch some numbers.
            loop.advance(0.01);
            yield* sleep(1);
          }),
        );
      }),
    );
  });

  itCo("test_nested_timeouts_loop_busy", function* ({ loop }) {
    // After the inner timeout is an expensive operation which should be stopped by the
    // outer timeout.
    const t0 = loop.time();
    yield* assertRaises(TimeoutError, () =>
      withTimeout(timeout(0.1), function* () {
        // (1)
        yield* assertRaises(TimeoutError, () =>
          withTimeout(timeout(0.01), function* () {
            // (2)
            // Pretend the loop is busy for a while.
            loop.advance(0.1);
            yield* sleep(1);
          }),
        );
        // TimeoutError was caught by (2)
        yield* sleep(10); // This sleep should be interrupted by (1)
      }),
    );
    const t1 = loop.time();
    expect(t0 <= t1 && t1 <= t0 + 1).toBe(true);
  });

  itCo("test_reschedule", function* ({ loop }) {
    const fut = loop.createFuture<Timeout>();
    const deadline1 = loop.time() + 10;
    const deadline2 = deadline1 + 20;
    function* f(): Coroutine<void> {
      yield* withTimeout(timeoutAt(deadline1), function* (cm) {
        fut.setResult(cm);
        yield* sleep(50);
      });
    }
    const task = createTask(f());
    const cm = yield* fut;
    expect(cm.when()).toBe(deadline1);
    cm.reschedule(deadline2);
    expect(cm.when()).toBe(deadline2);
    cm.reschedule(null);
    expect(cm.when()).toBeNull();
    task.cancel();
    yield* assertRaises(CancelledError, () => task);
    expect(cm.expired()).toBe(false);
  });

  itCo("test_repr_active", function* () {
    yield* withTimeout(timeout(10), function* (cm) {
      expect(String(cm)).toMatch(/^<Timeout \[active\] when=\d+\.\d*>$/);
    });
  });

  itCo("test_repr_expired", function* () {
    let cm!: Timeout;
    yield* assertRaises(TimeoutError, () =>
      withTimeout(timeout(0.01), function* (c) {
        cm = c;
        yield* sleep(10);
      }),
    );
    expect(String(cm)).toBe("<Timeout [expired]>");
  });

  itCo("test_repr_finished", function* () {
    const cm = timeout(10);
    yield* withTimeout(cm, function* () {
      yield* sleep(0);
    });
    expect(String(cm)).toBe("<Timeout [finished]>");
  });

  itCo("test_repr_disabled", function* () {
    yield* withTimeout(timeout(null), function* (cm) {
      expect(String(cm)).toBe("<Timeout [active] when=None>");
    });
  });

  itCo("test_nested_timeout_in_finally", function* () {
    let e2: TimeoutError | null = null;
    const e1 = yield* assertRaises(TimeoutError, () =>
      withTimeout(timeout(0.01), function* () {
        try {
          yield* sleep(1);
        } finally {
          e2 = yield* assertRaises(TimeoutError, () =>
            withTimeout(timeout(0.01), function* () {
              yield* sleep(10);
            }),
          );
        }
      }),
    );
    // Expect TimeoutError caused by CancelledError.
    expect(e1.cause).toBeInstanceOf(CancelledError);
    expect((e1.cause as Error).cause).toBeUndefined();
    // Expect TimeoutError caused by another CancelledError.
    expect((e2 as TimeoutError | null)?.cause).toBeInstanceOf(CancelledError);
    expect((e2 as TimeoutError | null)?.cause).not.toBe(e1.cause);
  });

  itCo("test_timeout_after_cancellation", function* () {
    try {
      currentTask()?.cancel();
      yield* sleep(1); // work which will be cancelled
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
    } finally {
      yield* assertRaises(TimeoutError, () =>
        withTimeout(timeout(0.0), function* () {
          yield* sleep(1); // some cleanup
        }),
      );
    }
    currentTask()?.uncancel();
  });

  itCo("test_cancel_in_timeout_after_cancellation", function* () {
    try {
      currentTask()?.cancel();
      yield* sleep(1); // work which will be cancelled
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
    } finally {
      yield* assertRaises(CancelledError, () =>
        withTimeout(timeout(1.0), function* () {
          currentTask()?.cancel();
          yield* sleep(2); // some cleanup
        }),
      );
    }
    currentTask()?.uncancel();
    currentTask()?.uncancel();
  });

  itCo("test_timeout_already_entered", function* () {
    yield* withTimeout(timeout(0.01), function* (cm) {
      const e = yield* assertRaises(RuntimeError, () => withTimeout(cm, function* () {}));
      expect(e.message).toMatch(/has already been entered/);
    });
  });

  itCo("test_timeout_double_enter", function* () {
    const cm = timeout(0.01);
    yield* withTimeout(cm, function* () {});
    const e = yield* assertRaises(RuntimeError, () => withTimeout(cm, function* () {}));
    expect(e.message).toMatch(/has already been entered/);
  });

  itCo("test_timeout_finished", function* () {
    const cm = timeout(0.01);
    yield* withTimeout(cm, function* () {});
    expect(raises(RuntimeError, () => cm.reschedule(0.02)).message).toMatch(/finished/);
  });

  itCo("test_timeout_expired", function* () {
    const cm = timeout(0.01);
    yield* assertRaises(TimeoutError, () =>
      withTimeout(cm, function* () {
        yield* sleep(1);
      }),
    );
    expect(raises(RuntimeError, () => cm.reschedule(0.02)).message).toMatch(/expired/);
  });

  itCo("test_timeout_expiring", function* () {
    yield* withTimeout(timeout(0.01), function* (cm) {
      yield* assertRaises(CancelledError, () => sleep(1));
      expect(raises(RuntimeError, () => cm.reschedule(0.02)).message).toMatch(/expiring/);
    });
  });

  itCo("test_timeout_not_entered", function* () {
    const cm = timeout(0.01);
    expect(raises(RuntimeError, () => cm.reschedule(0.02)).message).toMatch(/has not been entered/);
  });

  itCo("test_timeout_without_task", function* ({ loop }) {
    const cm = timeout(0.01);
    // await_without_task: run __aenter__ from a loop callback, outside any Task.
    let err: unknown = null;
    const done = loop.createFuture();
    loop.callSoon(() => {
      try {
        cm.aenter().next();
      } catch (e) {
        err = e;
      }
      done.setResult(null);
    });
    yield* done;
    expect(err).toBeInstanceOf(RuntimeError);
    expect((err as Error).message).toMatch(/task/);
    expect(raises(RuntimeError, () => cm.reschedule(0.02)).message).toMatch(/has not been entered/);
  });

  itCo("test_timeout_taskgroup", function* () {
    function* task(): Coroutine<void> {
      try {
        yield* sleep(2); // Will be interrupted after 0.01 second
      } finally {
        // eslint-disable-next-line no-unsafe-finally
        throw new ZeroDivisionError(); // Crash in cleanup
      }
    }
    const eg = yield* assertRaises(ExceptionGroup, () =>
      withTimeout(timeout(0.01), function* () {
        yield* asyncWith(new TaskGroup(), function* (tg) {
          tg.createTask(task());
          try {
            throw new RangeError();
          } finally {
            yield* sleep(1);
          }
        });
      }),
    );
    expect(eg.cause).toBeUndefined();
    expect(eg.exceptions.length).toBe(1);
    expect(eg.exceptions[0]).toBeInstanceOf(ZeroDivisionError);
  });
});

describe("Timeout (TypeScript)", () => {
  itCo("an outside cancellation during a timeout propagates as CancelledError", function* () {
    const t = createTask(
      (function* (): Coroutine<void> {
        yield* withTimeout(timeout(10), function* () {
          yield* sleep(100);
        });
      })(),
    );
    yield* sleep(1);
    t.cancel();
    yield* assertRaises(CancelledError, () => t);
    expect(t.cancelled()).toBe(true);
  });

  itCo(
    "the deadline and an outside cancellation at once: CancelledError wins",
    function* ({ loop }) {
      let cm!: Timeout;
      const t = createTask(
        (function* (): Coroutine<void> {
          yield* withTimeout(timeout(1), function* (c) {
            cm = c;
            yield* sleep(100);
          });
        })(),
      );
      loop.callLater(1, () => t.cancel());
      yield* assertRaises(CancelledError, () => t);
      expect(cm.expired()).toBe(true);
      expect(t.cancelled()).toBe(true);
    },
  );

  itCo("cancelling() is back to its value on entry after the timeout", function* () {
    const task = currentTask()!;
    expect(task.cancelling()).toBe(0);
    yield* assertRaises(TimeoutError, () =>
      withTimeout(timeout(0.5), function* () {
        yield* sleep(1);
      }),
    );
    expect(task.cancelling()).toBe(0);
  });

  itCo("reschedule to the past expires at the next iteration", function* ({ loop }) {
    const t0 = loop.time();
    yield* assertRaises(TimeoutError, () =>
      withTimeout(timeout(100), function* (cm) {
        cm.reschedule(loop.time() - 1);
        expect(String(cm)).toMatch(/^<Timeout \[active\] when=-1\.0>$/);
        yield* sleep(50);
      }),
    );
    expect(loop.time()).toBe(t0);
  });

  itCo("repr before entering and constructor checks", function* () {
    expect(String(new Timeout(3.14159))).toBe("<Timeout [created]>");
    expect(raises(TypeError, () => new Timeout("1" as never)).message).toContain("a number");
    expect(raises(TypeError, () => timeout("1" as never)).message).toContain("a number");
    yield* sleep(0);
  });

  it("timeout() needs a running loop", () => {
    expect(raises(RuntimeError, () => timeout(1)).message).toBe("no running event loop");
    expect(String(timeoutAt(5))).toBe("<Timeout [created]>");
  });
});
