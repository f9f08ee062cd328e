// Port of Lib/test/test_asyncio/test_runners.py (3.14): RunTests and RunnerTests. The
// cases that need Node (Ctrl-C, environment variables, the deadlock report) are in
// runners.node.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import {
  CancelledError,
  ContextVar,
  RuntimeError,
  copyContext,
  getRunningLoop,
  type Context,
  type ExceptionContext,
} from "@tsasyncio/futures";
import { _getSetEventLoop } from "@tsasyncio/futures/internal";
import { EventLoop, VirtualTimeLoop } from "@tsasyncio/loop";
import {
  Runner,
  Task,
  allTasks,
  createTask,
  ensureFuture,
  run,
  sleep,
  type Coroutine,
} from "@tsasyncio/tasks";
import { closeLoops } from "./helpers.js";

afterEach(closeLoops);

const virtual = (): EventLoop => new VirtualTimeLoop();

describe("RunTests", () => {
  it("test_asyncio_run_return", async () => {
    function* main(): Coroutine<number> {
      yield* sleep(0);
      return 42;
    }
    expect(await run(main())).toBe(42);
  });

  it("test_asyncio_run_raises", async () => {
    function* main(): Coroutine<never> {
      yield* sleep(0);
      throw new RangeError("spam");
    }
    await expect(run(main())).rejects.toThrow(RangeError);
    await expect(run(main())).rejects.toThrow("spam");
  });

  it("test_asyncio_run_only_coro", async () => {
    for (const o of [1, () => null]) {
      await expect(run(o as never)).rejects.toThrow(TypeError);
      await expect(run(o as never)).rejects.toThrow(/a coroutine was expected/);
    }
  });

  it("test_asyncio_run_from_running_loop", async () => {
    let inner: unknown = null;
    function* main(): Coroutine<void> {
      const coro = main();
      // run() is not a coroutine: it returns a Promise that rejects at once.
      inner = yield* ensureFuture(
        run(coro).then(
          () => null,
          (e: unknown) => e,
        ),
      );
    }
    await run(main());
    expect(inner).toBeInstanceOf(RuntimeError);
    expect((inner as Error).message).toMatch(/cannot be called from a running/);
  });

  it("test_asyncio_run_cancels_hanging_tasks", async () => {
    let loTask: Task | null = null;
    function* leftover(): Coroutine<void> {
      yield* sleep(0.1);
    }
    function* main(): Coroutine<number> {
      loTask = createTask(leftover());
      return 123;
    }
    expect(await run(main())).toBe(123);
    expect(loTask!.done()).toBe(true);
    expect(loTask!.cancelled()).toBe(true);
  });

  it("test_asyncio_run_reports_hanging_tasks_errors", async () => {
    let loTask: Task | null = null;
    const reported: ExceptionContext[] = [];
    function* leftover(): Coroutine<void> {
      try {
        yield* sleep(0.1);
      } catch (e) {
        if (e instanceof CancelledError) throw new RangeError("1 / 0");
        throw e;
      }
    }
    function* main(): Coroutine<number> {
      (getRunningLoop() as EventLoop).setExceptionHandler((_l, c) => {
        reported.push(c);
      });
      loTask = createTask(leftover());
      return 123;
    }
    expect(await run(main())).toBe(123);
    expect(loTask!.done()).toBe(true);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.message).toMatch(/run.*shutdown/);
    expect(reported[0]!.task).toBe(loTask);
    expect(reported[0]!.exception).toBeInstanceOf(RangeError);
  });

  it("test_asyncio_run_closes_gens_after_hanging_tasks_errors", async () => {
    // No async generators here: the hanging task's inner coroutine must be finalized (its
    // finally block run) before run() settles.
    let spinnerClosed = false;
    let lazyboy: Task | null = null;
    class FancyExit extends Error {}
    function* fidget(): Coroutine<void> {
      try {
        for (;;) yield* sleep(1);
      } finally {
        spinnerClosed = true;
      }
    }
    function* spin(): Coroutine<void> {
      try {
        yield* fidget();
      } catch (e) {
        if (e instanceof CancelledError) throw new RangeError("1 / 0");
        throw e;
      }
    }
    function* main(): Coroutine<void> {
      (getRunningLoop() as EventLoop).setExceptionHandler(() => {});
      lazyboy = createTask(spin());
      throw new FancyExit();
    }
    await expect(run(main())).rejects.toBeInstanceOf(FancyExit);
    expect(lazyboy!.done()).toBe(true);
    expect(spinnerClosed).toBe(true);
  });

  it("test_asyncio_run_set_event_loop", async () => {
    // run() sets its loop as the current one (when it made the loop) and clears it after.
    let seen: unknown = null;
    function* main(): Coroutine<number> {
      yield* sleep(0);
      seen = _getSetEventLoop();
      expect(seen).toBe(getRunningLoop());
      return 42;
    }
    expect(await run(main())).toBe(42);
    expect(seen).toBeInstanceOf(EventLoop);
    expect(_getSetEventLoop()).toBeNull();
    // With a loopFactory, the current loop is left alone.
    await run(
      (function* () {
        expect(_getSetEventLoop()).toBeNull();
      })(),
      { loopFactory: virtual },
    );
  });

  it("test_asyncio_run_loop_factory", async () => {
    const loop = new VirtualTimeLoop();
    let calls = 0;
    const factory = (): EventLoop => {
      calls++;
      return loop;
    };
    function* main(): Coroutine<void> {
      expect(getRunningLoop()).toBe(loop);
    }
    await run(main(), { loopFactory: factory });
    expect(calls).toBe(1);
    expect(loop.isClosed()).toBe(true);
  });

  it("test_loop_factory_default_event_loop", async () => {
    function* main(): Coroutine<void> {
      expect(getRunningLoop()).toBeInstanceOf(EventLoop);
      expect(getRunningLoop()).not.toBeInstanceOf(VirtualTimeLoop);
    }
    await run(main(), { loopFactory: () => new EventLoop() });
  });
});

describe("RunnerTests", () => {
  it("test_non_debug", async () => {
    const runner = new Runner({ debug: false });
    expect(runner.getLoop().getDebug()).toBe(false);
    await runner.close();
  });

  it("test_debug", async () => {
    const runner = new Runner({ debug: true });
    expect(runner.getLoop().getDebug()).toBe(true);
    await runner.close();
  });

  it("test_custom_factory", async () => {
    const loop = new VirtualTimeLoop();
    const runner = new Runner({ loopFactory: () => loop });
    expect(runner.getLoop()).toBe(loop);
    await runner.close();
    // A factory that does not return an EventLoop is a TypeError.
    expect(() => new Runner({ loopFactory: () => ({}) as EventLoop }).getLoop()).toThrow(
      /loopFactory must return an EventLoop/,
    );
  });

  it("test_run", async () => {
    function* f(): Coroutine<string> {
      yield* sleep(0);
      return "done";
    }
    let loop: EventLoop;
    let closedRunner: Runner;
    {
      await using runner = new Runner();
      expect(await runner.run(f())).toBe("done");
      loop = runner.getLoop();
      closedRunner = runner;
    }
    expect(() => closedRunner.getLoop()).toThrow("Runner is closed");
    expect(loop.isClosed()).toBe(true);
  });

  it("test_run_non_coro", async () => {
    const runner = new Runner();
    await expect(runner.run(123 as never)).rejects.toThrow(TypeError);
    await expect(runner.run(123 as never)).rejects.toThrow(/a coroutine was expected, got 123/);
    await runner.close();
  });

  it("test_run_future", async () => {
    // 3.14 runs any awaitable; like 3.12, Runner.run() takes coroutines only.
    const runner = new Runner();
    const fut = runner.getLoop().createFuture<string>();
    fut.setResult("done");
    await expect(runner.run(fut as never)).rejects.toThrow(
      /a coroutine was expected, got a Future .*already scheduled/,
    );
    await runner.close();
  });

  it("test_explicit_close", async () => {
    const runner = new Runner();
    const loop = runner.getLoop();
    await runner.close();
    expect(() => runner.getLoop()).toThrow(RuntimeError);
    expect(() => runner.getLoop()).toThrow("Runner is closed");
    expect(loop.isClosed()).toBe(true);
  });

  it("test_double_close", async () => {
    const runner = new Runner();
    const loop = runner.getLoop();
    await runner.close();
    expect(loop.isClosed()).toBe(true);
    // the second call is no-op
    await runner.close();
    expect(loop.isClosed()).toBe(true);
  });

  it("test_second_with_block_raises", async () => {
    const ret: number[] = [];
    function* f(arg: number): Coroutine<void> {
      ret.push(arg);
    }
    const runner = new Runner();
    {
      await using r = runner;
      await r.run(f(1));
    }
    await expect(
      (async () => {
        await using r = runner;
        await r.run(f(2));
      })(),
    ).rejects.toThrow("Runner is closed");
    expect(ret).toEqual([1]);
  });

  it("test_run_keeps_context", async () => {
    const cvar = new ContextVar<number>("cvar", { default: -1 });
    function* f(val: number): Coroutine<number> {
      const old = cvar.get();
      yield* sleep(0);
      cvar.set(val);
      return old;
    }
    function* getContext(): Coroutine<Context> {
      return copyContext();
    }
    await using runner = new Runner();
    expect(await runner.run(f(1))).toBe(-1);
    expect(await runner.run(f(2))).toBe(1);
    expect((await runner.run(getContext())).get(cvar)).toBe(2);
  });

  it("what the main Task sets is kept in the Runner's context even when it fails", async () => {
    const cvar = new ContextVar<string>("cvar", { default: "unset" });
    function* fail(): Coroutine<never> {
      cvar.set("set before failing");
      yield* sleep(0);
      throw new Error("boom");
    }
    function* read(): Coroutine<string> {
      return cvar.get();
    }
    await using runner = new Runner();
    await expect(runner.run(fail())).rejects.toThrow("boom");
    expect(await runner.run(read())).toBe("set before failing");
    expect(cvar.get()).toBe("unset"); // outside the Runner, nothing changed
  });

  it("a context given to run() is the main Task's, and the Runner's own is left alone", async () => {
    const cvar = new ContextVar<string>("cvar", { default: "unset" });
    function* set(v: string): Coroutine<string> {
      const seen = cvar.get();
      cvar.set(v);
      yield* sleep(0);
      return seen;
    }
    await using runner = new Runner();
    const given = copyContext();
    given.run(() => cvar.set("given"));
    expect(await runner.run(set("in given"), { context: given })).toBe("given");
    expect(given.get(cvar)).toBe("in given");
    expect(await runner.run(set("in runner"))).toBe("unset");
    expect(await runner.run(set("again"))).toBe("in runner");
    expect(given.get(cvar)).toBe("in given");
  });

  it("test_recursive_run", async () => {
    function* g(): Coroutine<void> {}
    let inner: unknown = null;
    function* f(): Coroutine<void> {
      inner = yield* ensureFuture(
        runner.run(g()).then(
          () => null,
          (e: unknown) => e,
        ),
      );
    }
    await using runner = new Runner();
    await runner.run(f());
    expect(inner).toBeInstanceOf(RuntimeError);
    expect((inner as Error).message).toBe(
      "Runner.run() cannot be called from a running event loop",
    );
  });

  it("test_set_event_loop_called_once", async () => {
    function* coro(): Coroutine<unknown> {
      return _getSetEventLoop();
    }
    const runner = new Runner();
    const first = await runner.run(coro());
    const second = await runner.run(coro());
    expect(first).toBe(runner.getLoop());
    expect(second).toBe(first);
    await runner.close();
    expect(_getSetEventLoop()).toBeNull();
  });

  it("test_no_repr_is_call_on_the_task_result", async () => {
    class MyResult {
      reprCount = 0;
      toString(): string {
        this.reprCount += 1;
        return "<MyResult>";
      }
    }
    function* coro(): Coroutine<MyResult> {
      return new MyResult();
    }
    await using runner = new Runner();
    const result = await runner.run(coro());
    expect(result.reprCount).toBe(0);
  });
});

describe("allTasks after run() (TypeScript)", () => {
  it("nothing is left over", async () => {
    const loop = new VirtualTimeLoop();
    await run(
      (function* () {
        createTask(sleep(1));
        yield* sleep(2);
      })(),
      { loopFactory: () => loop },
    );
    expect(loop._tasks.size).toBe(0);
    expect(allTasks(loop).size).toBe(0);
  });
});
