// Port of Lib/test/test_asyncio/test_waitfor.py (3.13): AsyncioWaitForTest and
// WaitForShieldTests. SlowTask measures its time on the loop's clock (the VirtualTimeLoop)
// instead of time.monotonic(). Python's implicit __context__ does not exist in
// JavaScript: where CPython checks `cm.exception.__context__`, the TimeoutError's explicit
// `cause` is checked (wait_for raises it `from` the CancelledError).
import { describe, expect } from "vitest";
import { CancelledError, TimeoutError, getRunningLoop } from "@tsasyncio/futures";
import { createTask, eagerTaskFactory, sleep, type Coroutine } from "@tsasyncio/tasks";
import { shield, wait, waitFor } from "@tsasyncio/gather";
import { itCo } from "../../../test-support/index.js";
import { assertRaises } from "./helpers.js";

// A very small timeout: it passes the check "timeout > 0".
const EPSILON = 0.0001;

/** Runs for TASK_TIMEOUT seconds, ignoring cancel requests. */
class SlowTask {
  static TASK_TIMEOUT = 0.2;
  exited = false;

  *run(): Coroutine<void> {
    const loop = getRunningLoop();
    const exitat = loop.time() + SlowTask.TASK_TIMEOUT;
    for (;;) {
      const tosleep = exitat - loop.time();
      if (tosleep <= 0) break;
      try {
        yield* sleep(tosleep);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
    }
    this.exited = true;
  }
}

describe("AsyncioWaitForTest", () => {
  itCo("test_asyncio_wait_for_cancelled", function* () {
    const t = new SlowTask();
    const waitfortask = createTask(waitFor(t.run(), SlowTask.TASK_TIMEOUT * 2));
    yield* sleep(0);
    waitfortask.cancel();
    yield* wait(new Set([waitfortask]));
    expect(t.exited).toBe(true);
  });

  itCo("test_asyncio_wait_for_timeout", function* () {
    const t = new SlowTask();
    try {
      yield* waitFor(t.run(), SlowTask.TASK_TIMEOUT / 2);
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
    }
    expect(t.exited).toBe(true);
  });

  itCo("test_wait_for_timeout_less_then_0_or_0_future_done", function* ({ loop }) {
    const fut = loop.createFuture<string>();
    fut.setResult("done");
    const ret = yield* waitFor(fut, 0);
    expect(ret).toBe("done");
    expect(fut.done()).toBe(true);
  });

  itCo("test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started", function* () {
    let fooStarted = false;
    function* foo(): Coroutine<void> {
      fooStarted = true;
    }
    yield* assertRaises(TimeoutError, () => waitFor(foo(), 0));
    expect(fooStarted).toBe(false);
  });

  for (const timeout of [0, -1]) {
    itCo(`test_wait_for_timeout_less_then_0_or_0 (timeout=${timeout})`, function* ({ loop }) {
      let fooRunning: boolean | null = null;
      const started = loop.createFuture();
      function* foo(): Coroutine<string> {
        fooRunning = true;
        started.setResult(null);
        try {
          yield* sleep(10);
        } finally {
          fooRunning = false;
        }
        return "done";
      }
      const fut = createTask(foo());
      yield* started;
      yield* assertRaises(TimeoutError, () => waitFor(fut, timeout));
      expect(fut.done()).toBe(true);
      // it should have been cancelled due to the timeout
      expect(fut.cancelled()).toBe(true);
      expect(fooRunning).toBe(false);
    });
  }

  itCo("test_wait_for", function* () {
    let fooRunning: boolean | null = null;
    function* foo(): Coroutine<string> {
      fooRunning = true;
      try {
        yield* sleep(300); // support.LONG_TIMEOUT
      } finally {
        fooRunning = false;
      }
      return "done";
    }
    const fut = createTask(foo());
    yield* assertRaises(TimeoutError, () => waitFor(fut, 0.1));
    expect(fut.done()).toBe(true);
    // it should have been cancelled due to the timeout
    expect(fut.cancelled()).toBe(true);
    expect(fooRunning).toBe(false);
  });

  itCo("test_wait_for_blocking", function* () {
    function* coro(): Coroutine<string> {
      return "done";
    }
    const res = yield* waitFor(coro(), null);
    expect(res).toBe("done");
  });

  itCo("test_wait_for_race_condition", function* ({ loop }) {
    const fut = loop.createFuture<string>();
    const task = waitFor(fut, 0.2);
    loop.callSoon(() => fut.setResult("ok"));
    const res = yield* task;
    expect(res).toBe("ok");
  });

  itCo("test_wait_for_cancellation_race_condition", function* () {
    function* inner(): Coroutine<number> {
      yield* assertRaises(CancelledError, () => sleep(1));
      return 1;
    }
    const result = yield* waitFor(inner(), 0.01);
    expect(result).toBe(1);
  });

  itCo("test_wait_for_waits_for_task_cancellation", function* () {
    let taskDone = false;
    function* inner(): Coroutine<void> {
      try {
        yield* sleep(10);
      } catch (e) {
        if (e instanceof CancelledError) yield* sleep(EPSILON);
        throw e;
      } finally {
        taskDone = true;
      }
    }
    const innerTask = createTask(inner());
    const e = yield* assertRaises(TimeoutError, () => waitFor(innerTask, EPSILON));
    expect(taskDone).toBe(true);
    expect(e.cause).toBeInstanceOf(CancelledError);
  });

  itCo("test_wait_for_waits_for_task_cancellation_w_timeout_0", function* () {
    let taskDone = false;
    function* foo(): Coroutine<void> {
      function* inner(): Coroutine<void> {
        try {
          yield* sleep(10);
        } catch (e) {
          if (e instanceof CancelledError) yield* sleep(EPSILON);
          throw e;
        } finally {
          taskDone = true;
        }
      }
      const innerTask = createTask(inner());
      yield* sleep(EPSILON);
      yield* waitFor(innerTask, 0);
    }
    const e = yield* assertRaises(TimeoutError, () => foo());
    expect(taskDone).toBe(true);
    expect(e.cause).toBeInstanceOf(CancelledError);
  });

  itCo("test_wait_for_reraises_exception_during_cancellation", function* () {
    class FooException extends Error {}
    function* foo(): Coroutine<void> {
      function* inner(): Coroutine<void> {
        try {
          yield* sleep(0.2);
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw new FooException();
        }
      }
      const innerTask = createTask(inner());
      yield* waitFor(innerTask, EPSILON);
    }
    yield* assertRaises(FooException, () => foo());
  });

  for (const [name, timeout] of [
    ["test_cancel_blocking_wait_for", null],
    ["test_cancel_wait_for", 60.0],
  ] as const) {
    itCo(name, function* ({ loop }) {
      function* blockingCoroutine(): Coroutine<void> {
        const fut = loop.createFuture();
        // Block: fut result is never set
        yield* fut;
      }
      const task = createTask(blockingCoroutine());
      const w = createTask(waitFor(task, timeout));
      loop.callSoon(() => w.cancel());
      yield* assertRaises(CancelledError, () => w);
      // Python issue #23219: cancelling the wait must also cancel the task
      expect(task.cancelled()).toBe(true);
    });
  }

  itCo("test_wait_for_cancel_suppressed", function* () {
    // GH-86296: if a task suppresses CancelledError and returns a value, wait_for returns
    // the value instead of raising CancelledError, like asyncio.timeout.
    function* return42(): Coroutine<number | undefined> {
      try {
        yield* sleep(10);
      } catch (e) {
        if (e instanceof CancelledError) return 42;
        throw e;
      }
      return undefined;
    }
    const res = yield* waitFor(return42(), 0.1);
    expect(res).toBe(42);
  });

  itCo("test_wait_for_issue86296", function* () {
    // GH-86296: The task should get cancelled and not run to completion. inner completes
    // in one cycle of the event loop so it completes before the task is cancelled.
    function* inner(): Coroutine<string> {
      return "done";
    }
    const innerTask = createTask(inner());
    let reachedEnd = false;
    function* waitForCoro(): Coroutine<void> {
      yield* waitFor(innerTask, 100);
      yield* sleep(1);
      reachedEnd = true;
    }
    const task = createTask(waitForCoro());
    expect(task.done()).toBe(false);
    // Run the task
    yield* sleep(0);
    task.cancel();
    yield* assertRaises(CancelledError, () => task);
    expect(innerTask.done()).toBe(true);
    expect(yield* innerTask).toBe("done");
    expect(reachedEnd).toBe(false);
  });
});

describe("WaitForShieldTests", () => {
  itCo("test_zero_timeout", function* () {
    // shield() makes an outer Future that wraps the task; with timeout=0 that outer
    // Future is cancelled at once and the task keeps running.
    function* coro(): Coroutine<string> {
      yield* sleep(0.01);
      return "done";
    }
    const task = createTask(coro());
    const shieldedTask = shield(task);
    yield* assertRaises(TimeoutError, () => waitFor(shieldedTask, 0));
    // Task is running in background
    expect(task.done()).toBe(false);
    expect(task.cancelled()).toBe(false);
    expect(shieldedTask.cancelled()).toBe(true);
    // Wait for the task to complete
    yield* sleep(0.1);
    expect(task.done()).toBe(true);
  });

  itCo("test_none_timeout", function* () {
    // With timeout=None the timeout is disabled so it runs till completion.
    function* coro(): Coroutine<string> {
      yield* sleep(0.1);
      return "done";
    }
    const task = createTask(coro());
    yield* waitFor(shield(task), null);
    expect(task.done()).toBe(true);
    expect(yield* task).toBe("done");
  });

  itCo("test_shielded_timeout", function* () {
    // shield prevents the task from being cancelled.
    function* coro(): Coroutine<string> {
      yield* sleep(0.1);
      return "done";
    }
    const task = createTask(coro());
    yield* assertRaises(TimeoutError, () => waitFor(shield(task), 0.01));
    expect(task.done()).toBe(false);
    expect(task.cancelled()).toBe(false);
    expect(yield* task).toBe("done");
  });
});

describe("waitFor (TypeScript)", () => {
  itCo("a Promise is awaited through ensureFuture", function* () {
    expect(yield* waitFor(Promise.resolve("p"), 1)).toBe("p");
  });

  itCo("non-awaitables are refused", function* () {
    const e = yield* assertRaises(TypeError, () => waitFor(42 as never, 1));
    expect(e.message).toContain("number 42");
  });

  itCo("an outside cancellation is not mistaken for the timeout", function* () {
    function* body(): Coroutine<void> {
      yield* waitFor(sleep(10), 5);
    }
    const t = createTask(body());
    yield* sleep(1);
    t.cancel();
    yield* assertRaises(CancelledError, () => t);
    expect(t.cancelled()).toBe(true);
  });

  itCo(
    "an error of the awaitable abandoned by a cancelled waitFor(…, 0) is reported",
    function* (ctx) {
      const { loop, reported } = ctx;
      // CPython leaves it to "Task exception was never retrieved" at garbage collection.
      ctx.expectReports();
      loop.setTaskFactory(eagerTaskFactory);
      function* leaf(): Coroutine<void> {
        try {
          yield* sleep(1);
        } catch {
          throw new RangeError("in cleanup");
        }
      }
      const w = createTask(waitFor(leaf(), 0));
      w.cancel();
      yield* assertRaises(CancelledError, () => w);
      yield* sleep(0);
      expect(reported.length).toBe(1);
      expect(reported[0]?.message).toBe(
        "RangeError exception in an awaitable abandoned by a cancelled waitFor()",
      );
    },
  );

  itCo("the deadline is measured on the loop's clock", function* ({ loop }) {
    const t0 = loop.time();
    yield* assertRaises(TimeoutError, () => waitFor(sleep(10), 2.5));
    expect(loop.time() - t0).toBe(2.5);
  });
});
