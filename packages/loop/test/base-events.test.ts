// Port of the loop-level cases of Lib/test/test_asyncio/test_base_events.py (3.13):
// BaseEventLoopTests, BaseEventLoopWithSelectorTests (the cases that are not about
// sockets) and RunningLoopTests. Where CPython mocks the selector or the clock, these use
// a real EventLoop with tiny delays or a VirtualTimeLoop.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Future, RuntimeError, type ExceptionContext } from "@tsasyncio/futures";
import { Task, ensureFuture, sleep } from "../../tasks/src/index.js";
import {
  EventLoop,
  Handle,
  TimerHandle,
  VirtualTimeLoop,
  newEventLoop,
  setEventLoop,
  type Executor,
} from "../src/index.js";
import { runBriefly, runOnce, spyConsole, spyText } from "./utils.js";

// base_events._MIN_SCHEDULED_TIMER_HANDLES and _MIN_CANCELLED_TIMER_HANDLES_FRACTION.
const MIN_SCHEDULED_TIMER_HANDLES = 100;
const MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;
// test_utils.CLOCK_RES
const CLOCK_RES = 0.02;

function cb(): void {
  /* nothing */
}

describe("BaseEventLoopTests", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = new EventLoop();
    setEventLoop(loop);
  });
  afterEach(() => {
    setEventLoop(null);
    if (!loop.isRunning()) loop.close();
  });

  it.skip("test_not_implemented: transports, pipes and _process_events are not part of this loop", () => {});

  it("test_close", async () => {
    expect(loop.isClosed()).toBe(false);
    loop.close();
    expect(loop.isClosed()).toBe(true);

    // it should be possible to call close() more than once
    loop.close();
    loop.close();

    // operation blocked when the loop is closed
    const f = new Future({ loop });
    await expect(loop.runForever()).rejects.toThrow(RuntimeError);
    await expect(loop.runUntilComplete(f)).rejects.toThrow(RuntimeError);
  });

  it("test__add_callback_handle", () => {
    const h = loop.callSoon(() => false);
    expect(loop._scheduled.length).toBe(0);
    expect(loop._ready.toArray()).toContain(h);
  });

  it("test__add_callback_cancelled_handle", () => {
    let called = false;
    const h = loop.callSoon(() => (called = true));
    h.cancel();
    expect(loop._scheduled.length).toBe(0);
    loop._runOnce();
    expect(called).toBe(false);
    expect(loop._ready.length).toBe(0);
  });

  it("test_set_default_executor", () => {
    class DummyExecutor implements Executor {
      submit(): PromiseLike<unknown> {
        throw new Error("cannot submit into a dummy executor");
      }
      shutdown(): void {
        /* nothing */
      }
    }
    const executor = new DummyExecutor();
    loop.setDefaultExecutor(executor);
    // The default executor is private; runInExecutor(null, …) shows it is the one used.
    expect(() => loop.runInExecutor(null, cb)).toThrow("cannot submit into a dummy executor");
  });

  it("test_set_default_executor_error", () => {
    const executor = { run: () => undefined };
    expect(() => loop.setDefaultExecutor(executor as never)).toThrow(TypeError);
    expect(() => loop.setDefaultExecutor(executor as never)).toThrow(/executor must be/);
    // no default executor was set
    expect(() => loop.runInExecutor(null, cb)).toThrow(/needs a default executor/);
  });

  it.skip("test_shutdown_default_executor_timeout: shutdownDefaultExecutor() takes no timeout (no threads to join)", () => {});

  it("test_call_soon", () => {
    const h = loop.callSoon(cb);
    expect(h._callback).toBe(cb);
    expect(h).toBeInstanceOf(Handle);
    expect(loop._ready.toArray()).toContain(h);
  });

  it("test_call_soon_non_callable", () => {
    loop.setDebug(true);
    expect(() => loop.callSoon(1 as never)).toThrow(TypeError);
    expect(() => loop.callSoon(1 as never)).toThrow("a callable object");
  });

  it("test_call_later", () => {
    const h = loop.callLater(10.0, cb);
    expect(h).toBeInstanceOf(TimerHandle);
    expect(loop._scheduled.items).toContain(h);
    expect(loop._ready.toArray()).not.toContain(h);
    // delay must not be None
    expect(() => loop.callLater(null as never, cb)).toThrow(TypeError);
  });

  it("test_call_later_negative_delays", async () => {
    const calls: string[] = [];
    const cb1 = (arg: string): void => void calls.push(arg);
    loop.callLater(-1, cb1, "a");
    loop.callLater(-2, cb1, "b");
    await runBriefly(loop);
    expect(calls).toEqual(["b", "a"]);
  });

  it("test_time_and_call_at", async () => {
    const delay = 0.1;
    const when = loop.time() + delay;
    loop.callAt(when, () => loop.stop());
    const t0 = loop.time();
    await loop.runForever();
    const dt = loop.time() - t0;
    expect(dt).toBeGreaterThanOrEqual(delay - CLOCK_RES);
    // when cannot be None
    expect(() => loop.callAt(null as never, cb)).toThrow(TypeError);
  });

  it.skip("test_check_thread: JavaScript runs one thread per realm; there is no other thread to call from", () => {});

  it.skip("test_run_once_in_executor_handle / _cancelled / _plain: CPython removed Handles as run_in_executor() callbacks", () => {});

  it.skip("test_getnameinfo: sockets are not part of the loop package", () => {});

  it("test__run_once", () => {
    const ctx = loop.callSoon(cb).getContext();
    loop._ready.clear();
    const h1 = new TimerHandle(loop.time() + 5.0, 0, () => true, [], loop, ctx);
    const h2 = new TimerHandle(loop.time() + 10.0, 1, () => true, [], loop, ctx);
    h1.cancel();
    loop._scheduled.push(h1);
    loop._scheduled.push(h2);
    loop._runOnce();
    // CPython checks the select() timeout: here, the time until the next deadline.
    const t = (loop._nextDeadline() as number) - loop.time();
    expect(t).toBeGreaterThan(9.5);
    expect(t).toBeLessThan(10.5);
    expect(loop._scheduled.items).toEqual([h2]);
  });

  it("test_set_debug", () => {
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    loop.setDebug(false);
    expect(loop.getDebug()).toBe(false);
  });

  it.skip("test__run_once_logging: there is no select() call to time", () => {});

  it("test__run_once_schedule_handle", () => {
    let handle: Handle | null = null;
    let processed = false;
    const cb1 = (l: EventLoop): void => {
      processed = true;
      handle = l.callSoon(() => true);
    };
    const h = loop.callAt(loop.time() - 1, cb1, loop);
    expect(h.when()).toBeLessThan(loop.time());
    loop._runOnce();
    expect(processed).toBe(true);
    expect(loop._ready.toArray()).toEqual([handle]);
  });

  it("test__run_once_cancelled_event_cleanup", () => {
    // tsasyncio drops a timer cancelled while it is still the heap's last entry at once
    // (internals.test.ts); CPython keeps every cancelled timer until it reaches the top or
    // the heap is compacted. To test that lazy deletion as CPython does, every batch below
    // is cancelled only after a timer that is not cancelled was scheduled behind it.
    expect(MIN_CANCELLED_TIMER_HANDLES_FRACTION).toBeGreaterThan(0);
    expect(MIN_CANCELLED_TIMER_HANDLES_FRACTION).toBeLessThan(1);

    // Set up one "blocking" event that will not be cancelled to ensure later cancelled
    // events do not make it to the head of the queue and get cleaned.
    let notCancelledCount = 1;
    loop.callLater(3000, cb);

    // Add less than threshold (MIN_SCHEDULED_TIMER_HANDLES) cancelled handles, ensure
    // they aren't removed
    let cancelledCount = 2;
    const toCancel = [];
    for (let x = 0; x < 2; x++) toCancel.push(loop.callLater(3600, cb));

    // Add some cancelled events that will be at head and removed
    cancelledCount += 2;
    for (let x = 0; x < 2; x++) toCancel.push(loop.callLater(100, cb));
    notCancelledCount += 1;
    loop.callLater(3601, cb); // (behind them: see above)
    for (const h of toCancel.splice(0)) h.cancel();

    // This test is invalid if MIN_SCHEDULED_TIMER_HANDLES is too low
    expect(cancelledCount + notCancelledCount).toBeLessThanOrEqual(MIN_SCHEDULED_TIMER_HANDLES);
    expect(loop._timerCancelledCount).toBe(cancelledCount);

    loop._runOnce();
    cancelledCount -= 2;
    expect(loop._timerCancelledCount).toBe(cancelledCount);
    expect(loop._scheduled.length).toBe(cancelledCount + notCancelledCount);

    // Need enough events to pass MIN_CANCELLED_TIMER_HANDLES_FRACTION so that deletion of
    // cancelled events will occur on next _runOnce
    const addCancelCount =
      Math.ceil(MIN_SCHEDULED_TIMER_HANDLES * MIN_CANCELLED_TIMER_HANDLES_FRACTION) + 1;
    const addNotCancelCount = Math.max(MIN_SCHEDULED_TIMER_HANDLES - addCancelCount, 0);

    // Add enough cancelled events (cancelled below, once others are behind them)
    cancelledCount += addCancelCount;
    for (let x = 0; x < addCancelCount; x++) toCancel.push(loop.callLater(3600, cb));

    // Add some events that will not be cancelled
    notCancelledCount += addNotCancelCount;
    for (let x = 0; x < addNotCancelCount; x++) loop.callLater(3600, cb);
    for (const h of toCancel) h.cancel();

    // Ensure all handles are still scheduled
    expect(loop._scheduled.length).toBe(cancelledCount + notCancelledCount);

    loop._runOnce();

    // Ensure cancelled events were removed
    expect(loop._scheduled.length).toBe(notCancelledCount);
    // Ensure only uncancelled events remain scheduled
    expect(loop._scheduled.items.every((x) => !x._cancelled)).toBe(true);
  });

  it("test_run_until_complete_type_error", async () => {
    await expect(loop.runUntilComplete("blah" as never)).rejects.toThrow(TypeError);
  });

  it("test_run_until_complete_loop", async () => {
    const task = new Future({ loop });
    const otherLoop = new VirtualTimeLoop();
    try {
      await expect(otherLoop.runUntilComplete(task)).rejects.toThrow(RangeError);
    } finally {
      otherLoop.close();
    }
  });

  it.skip("test_run_until_complete_loop_orphan_future_close_loop: no BaseException (SystemExit) escapes a callback in JavaScript; errors go to the exception handler", () => {});

  it.skip("test_subprocess_exec_invalid_args / test_subprocess_shell_invalid_args: subprocesses are not part of the loop package", () => {});

  it("test_default_exc_handler_callback", async () => {
    function zeroError(fut: Future<boolean>): void {
      fut.setResult(true);
      throw new RangeError("division by zero");
    }

    // Test callSoon (Handle)
    let log = spyConsole("error");
    try {
      const fut = loop.createFuture<boolean>();
      loop.callSoon(zeroError, fut);
      fut.addDoneCallback(() => loop.stop());
      await loop.runForever();
      const text = spyText(log);
      expect(text).toHaveLength(1);
      expect(text[0]).toMatch(/^Exception in callback .*zero/);
      expect(text[0]).toContain("RangeError: division by zero");
    } finally {
      log.mockRestore();
    }

    // Test callLater (TimerHandle)
    log = spyConsole("error");
    try {
      const fut = loop.createFuture<boolean>();
      loop.callLater(0.01, zeroError, fut);
      fut.addDoneCallback(() => loop.stop());
      await loop.runForever();
      const text = spyText(log);
      expect(text).toHaveLength(1);
      expect(text[0]).toMatch(/^Exception in callback .*zero/);
      expect(text[0]).toContain("RangeError: division by zero");
    } finally {
      log.mockRestore();
    }
  });

  it("test_default_exc_handler_coro", async () => {
    // Future exception was never retrieved: reported when the Task is garbage-collected.
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc).toBeTypeOf("function");
    function* zeroErrorCoro(): Generator<unknown, void, unknown> {
      yield* sleep(0.01);
      throw new RangeError("division by zero");
    }
    const reported: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, context) => void reported.push(context));
    (() => {
      const fut = ensureFuture(zeroErrorCoro(), { loop });
      fut.addDoneCallback(() => loop.stop());
    })();
    await loop.runForever();
    for (let i = 0; i < 20 && reported.length === 0; i++) {
      gc?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(reported).toHaveLength(1);
    expect(reported[0]?.message).toMatch(/exception was never retrieved/);
    expect(reported[0]?.exception).toBeInstanceOf(RangeError);
  });

  it("test_set_exc_handler_invalid", () => {
    expect(() => loop.setExceptionHandler("spam" as never)).toThrow(TypeError);
    expect(() => loop.setExceptionHandler("spam" as never)).toThrow("A callable object or None");
  });

  it("test_set_exc_handler_custom", () => {
    function zeroError(): void {
      throw new RangeError("division by zero");
    }
    const runLoop = (): Handle => {
      const handle = loop.callSoon(zeroError);
      loop._runOnce();
      return handle;
    };

    loop.setDebug(true);
    expect(loop.getExceptionHandler()).toBe(null);
    const mockHandler = vi.fn();
    loop.setExceptionHandler(mockHandler);
    expect(loop.getExceptionHandler()).toBe(mockHandler);
    const handle = runLoop();
    expect(mockHandler).toHaveBeenCalledTimes(1);
    expect(mockHandler).toHaveBeenCalledWith(loop, {
      exception: expect.any(RangeError) as unknown,
      message: expect.stringMatching(/Exception in callback.*zeroError/) as unknown,
      handle,
      sourceTraceback: handle._sourceTraceback,
    });
    expect(handle._sourceTraceback).toBeTypeOf("string");
    mockHandler.mockReset();

    loop.setExceptionHandler(null);
    const log = spyConsole("error");
    try {
      runLoop();
      const text = spyText(log);
      expect(text).toHaveLength(1);
      expect(text[0]).toMatch(/^Exception in callback .*zero/);
      expect(text[0]).toContain("RangeError: division by zero");
    } finally {
      log.mockRestore();
    }
    expect(mockHandler).not.toHaveBeenCalled();
  });

  it("test_set_exc_handler_broken", () => {
    const runLoop = (): void => {
      loop.callSoon(function zeroError() {
        throw new RangeError("division by zero");
      });
      loop._runOnce();
    };
    loop.setExceptionHandler(() => {
      throw new TypeError("spam");
    });
    const log = spyConsole("error");
    try {
      runLoop();
      const text = spyText(log);
      expect(text).toHaveLength(1);
      expect(text[0]).toMatch(/^Unhandled error in exception handler/);
      expect(text[0]).toContain("TypeError: spam");
    } finally {
      log.mockRestore();
    }
  });

  it("test_default_exc_handler_broken", () => {
    let context: ExceptionContext | null = null;

    class Loop extends EventLoop {
      override defaultExceptionHandler(c: ExceptionContext): void {
        context = c;
        // Simulates custom buggy "defaultExceptionHandler"
        throw new RangeError("spam");
      }
    }

    const loop2 = new Loop();
    setEventLoop(loop2);
    try {
      const runLoop = (): void => {
        loop2.callSoon(function zeroError() {
          throw new RangeError("division by zero");
        });
        loop2._runOnce();
      };

      let log = spyConsole("error");
      try {
        runLoop();
        expect(log).toHaveBeenCalledTimes(1);
        expect(log.mock.calls[0]?.[0]).toBe("Exception in default exception handler");
      } finally {
        log.mockRestore();
      }

      loop2.setExceptionHandler(() => {
        throw new RangeError("ham");
      });
      context = null;
      log = spyConsole("error");
      try {
        runLoop();
        expect(log).toHaveBeenCalledTimes(1);
        expect(String(log.mock.calls[0]?.[0])).toMatch(
          /Exception in default exception.*while handling.*in custom/,
        );
        // Check that original context was passed to default exception handler.
        const c = context as ExceptionContext | null;
        expect(c).not.toBe(null);
        expect(c?.["context"]).toBeDefined();
        const inner = c?.["context"] as ExceptionContext;
        expect(inner.exception).toBeInstanceOf(RangeError);
        expect((inner.exception as Error).message).toBe("division by zero");
      } finally {
        log.mockRestore();
      }
    } finally {
      loop2.close();
    }
  });

  it("test_set_task_factory_invalid", () => {
    expect(() => loop.setTaskFactory(1 as never)).toThrow(TypeError);
    expect(() => loop.setTaskFactory(1 as never)).toThrow(
      "task factory must be a callable or null",
    );
    expect(loop.getTaskFactory()).toBe(null);
  });

  it("test_set_task_factory", async () => {
    class MyTask<T> extends Task<T> {}
    function* coro(): Generator<unknown, void, unknown> {
      /* nothing */
    }
    const factory = (l: EventLoop, c: never): Future<unknown> => new MyTask(c, { loop: l });

    expect(loop.getTaskFactory()).toBe(null);
    loop.setTaskFactory(factory);
    expect(loop.getTaskFactory()).toBe(factory);

    let task = loop.createTask(coro());
    expect(task).toBeInstanceOf(MyTask);
    await loop.runUntilComplete(task);

    loop.setTaskFactory(null);
    expect(loop.getTaskFactory()).toBe(null);

    task = loop.createTask(coro());
    expect(task).toBeInstanceOf(Task);
    expect(task).not.toBeInstanceOf(MyTask);
    await loop.runUntilComplete(task);
  });

  // test_env_var_debug reads environment variables (process.env): base-events.node.test.ts.

  it("test_create_task", () => {
    class MyTask<T> extends Task<T> {}
    function* test(): Generator<unknown, void, unknown> {
      /* nothing */
    }
    class MyEventLoop extends EventLoop {
      override createTask<T>(coro: Generator<unknown, T, unknown>): Future<T> {
        return new MyTask(coro, { loop: this });
      }
    }
    const loop2 = new MyEventLoop();
    try {
      const task = ensureFuture(test(), { loop: loop2 });
      expect(task).toBeInstanceOf(MyTask);
    } finally {
      loop2.close();
    }
  });

  it("test_create_task_error_closes_coro", () => {
    function* test(): Generator<unknown, void, unknown> {
      /* nothing */
    }
    const loop2 = newEventLoop();
    loop2.close();
    expect(() => ensureFuture(test(), { loop: loop2 })).toThrow(RuntimeError);
    expect(() => ensureFuture(test(), { loop: loop2 })).toThrow("Event loop is closed");
  });

  it("test_create_named_task_with_default_factory", async () => {
    function* test(): Generator<unknown, void, unknown> {
      /* nothing */
    }
    const loop2 = newEventLoop();
    const task = loop2.createTask(test(), { name: "test_task" });
    try {
      expect((task as Task<void>).getName()).toBe("test_task");
    } finally {
      await loop2.runUntilComplete(task);
      loop2.close();
    }
  });

  it("test_create_named_task_with_custom_factory", async () => {
    const taskFactory = (l: EventLoop, coro: never, opts: object): Future<unknown> =>
      new Task(coro, { loop: l, ...opts });
    function* test(): Generator<unknown, void, unknown> {
      /* nothing */
    }
    const loop2 = newEventLoop();
    loop2.setTaskFactory(taskFactory);
    const task = loop2.createTask(test(), { name: "test_task" });
    try {
      expect((task as Task<void>).getName()).toBe("test_task");
    } finally {
      await loop2.runUntilComplete(task);
      loop2.close();
    }
  });

  it.skip("test_run_forever_keyboard_interrupt: there is no KeyboardInterrupt escaping a coroutine step in JavaScript", () => {});

  it("test_run_until_complete_baseexception", async () => {
    // Python issue #22429: runUntilComplete() must not schedule a pending call to stop()
    // if the future raised (KeyboardInterrupt there; any error here).
    class Interrupt extends Error {}

    function* raiseKeyboardInterrupt(): Generator<unknown, void, unknown> {
      throw new Interrupt();
    }
    await expect(loop.runUntilComplete(raiseKeyboardInterrupt())).rejects.toThrow(Interrupt);

    let called = false;
    const func = (): void => {
      loop.stop();
      called = true;
    };
    loop.callSoon((f: () => void) => loop.callSoon(f), func);
    await loop.runForever();
    expect(called).toBe(true);
  });

  it.skip("test_single_selecter_event_callback_after_stopping: no selector events", () => {});

  it("test_run_once", async () => {
    // Simple test for test_utils.run_once(): the idiom loop.callSoon(loop.stop);
    // loop.runForever().
    let count = 0;
    loop.callSoon(() => count++);
    await runOnce(loop);
    expect(count).toBe(1);
  });

  it("test_run_forever_pre_stopped", async () => {
    // Test that the old idiom for pre-stopping the loop works: one iteration that does
    // not wait for timers (CPython: select() called once with timeout 0).
    let iterations = 0;
    const runOnceOrig = loop._runOnce.bind(loop);
    loop._runOnce = () => {
      iterations++;
      runOnceOrig();
    };
    let fired = false;
    loop.callLater(10, () => (fired = true));
    loop.stop();
    await loop.runForever();
    expect(iterations).toBe(1);
    expect(fired).toBe(false);
    expect(loop.isRunning()).toBe(false);
  });

  it.skip("test_custom_run_forever_integration: there is no _run_forever_setup()/_run_forever_cleanup(); runForever() drives the loop from host macrotasks", () => {});

  it.skip("test_asyncgen_finalization_by_gc / _in_other_thread: no async generators are driven by the loop", () => {});
});

describe("BaseEventLoopWithSelectorTests", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = new EventLoop();
    setEventLoop(loop);
  });
  afterEach(() => {
    setEventLoop(null);
    if (!loop.isRunning()) loop.close();
  });

  it("test_call_coroutine", () => {
    function* simpleCoroutine(): Generator<unknown, void, unknown> {
      /* nothing */
    }
    async function simpleAsync(): Promise<void> {
      /* nothing */
    }
    loop.setDebug(true);
    const coroObj = simpleCoroutine();
    for (const func of [simpleCoroutine, coroObj, simpleAsync] as never[]) {
      expect(() => loop.callSoon(func)).toThrow(TypeError);
      expect(() => loop.callSoonThreadsafe(func)).toThrow(TypeError);
      expect(() => loop.callLater(60, func)).toThrow(TypeError);
      expect(() => loop.callAt(loop.time() + 60, func)).toThrow(TypeError);
    }
    expect(() => loop.callSoon(simpleCoroutine as never)).toThrow(
      "coroutines cannot be used with callSoon()",
    );
    expect(() => loop.callLater(60, simpleCoroutine as never)).toThrow(
      "coroutines cannot be used with callLater()",
    );
    expect(loop._ready.length).toBe(0);
    expect(loop._scheduled.length).toBe(0);
  });

  it("test_log_slow_callbacks", async () => {
    function stopLoopCb(l: EventLoop): void {
      l.stop();
    }

    function* stopLoopCoro(l: EventLoop): Generator<unknown, void, unknown> {
      l.stop();
    }

    loop.setDebug(true);
    loop.slowCallbackDuration = 0.0;
    const warn = spyConsole("warn");
    try {
      // slow callback
      loop.callSoon(stopLoopCb, loop);
      await loop.runForever();
      let text = spyText(warn);
      expect(text.at(-1)).toMatch(/^Executing <Handle.*stopLoopCb.*> took .* seconds$/);

      // slow task (a generator object does not know its function's name: the Task's
      // name stands in for it)
      loop.createTask(stopLoopCoro(loop), { name: "stopLoopCoro" });
      await loop.runForever();
      text = spyText(warn);
      expect(text.at(-1)).toMatch(/^Executing <Task.*stopLoopCoro.*> took .* seconds$/);
    } finally {
      warn.mockRestore();
    }
  });
});

describe("RunningLoopTests", () => {
  it("test_running_loop_within_a_loop", async () => {
    function* runner(l: EventLoop): Generator<unknown, void, unknown> {
      yield* ensureFuture(l.runForever());
    }
    const loop = newEventLoop();
    const outerLoop = newEventLoop();
    try {
      await expect(outerLoop.runUntilComplete(runner(loop))).rejects.toThrow(
        /while another loop is running/,
      );
    } finally {
      loop.close();
      outerLoop.close();
    }
  });
});
