// Port of Lib/test/test_asyncio/test_eager_task_factory.py (3.14): EagerTaskFactoryLoopTests
// and the task-counting tests that need no gather/TaskGroup (those live with
// @tsasyncio/gather). The staggered_race cases have no counterpart (no staggered module).
import { afterEach, describe, expect, it } from "vitest";
import { CancelledError, ContextVar, Future, getRunningLoop } from "@tsasyncio/futures";
import { type EventLoop, type TaskFactory, setEventLoop } from "@tsasyncio/loop";
import {
  Task,
  allTasks,
  createEagerTaskFactory,
  currentTask,
  eagerTaskFactory,
  sleep,
  type Coroutine,
  type TaskConstructor,
} from "@tsasyncio/tasks";
import { closeLoops, newEventLoop } from "./helpers.js";

afterEach(closeLoops);

describe("EagerTaskFactoryLoopTests", () => {
  function setUp(): { loop: EventLoop; factory: TaskFactory } {
    const loop = newEventLoop();
    const factory = createEagerTaskFactory(Task) as TaskFactory;
    loop.setTaskFactory(factory);
    setEventLoop(loop);
    return { loop, factory };
  }

  /** Runs `coro` on the loop, checking that the loop is running when it starts. */
  function runCoro<T>(loop: EventLoop, coro: Coroutine<T>): Promise<T> {
    return loop.runUntilComplete(
      (function* () {
        expect(getRunningLoop().isRunning()).toBe(true);
        return yield* coro;
      })(),
    );
  }

  it("test_eager_task_factory_set", async () => {
    const { loop, factory } = setUp();
    expect(factory).not.toBeNull();
    expect(loop.getTaskFactory()).toBe(factory);
    function* noop(): Coroutine<void> {}
    await runCoro(
      loop,
      (function* () {
        const t = loop.createTask(noop());
        expect(t).toBeInstanceOf(Task);
        yield* t;
      })(),
    );
  });

  it("test_await_future_during_eager_step", async () => {
    const { loop } = setUp();
    function* setResult(fut: Future<string>, val: string): Coroutine<void> {
      fut.setResult(val);
    }
    function* run(): Coroutine<string> {
      const fut = loop.createFuture<string>();
      const t = loop.createTask(setResult(fut, "my message"));
      // assert the eager step completed the task
      expect(t.done()).toBe(true);
      return yield* fut;
    }
    expect(await runCoro(loop, run())).toBe("my message");
  });

  it("test_eager_completion", async () => {
    const { loop } = setUp();
    function* coro(): Coroutine<string> {
      return "hello";
    }
    function* run(): Coroutine<string> {
      const t = loop.createTask(coro());
      // assert the eager step completed the task
      expect(t.done()).toBe(true);
      return yield* t;
    }
    expect(await runCoro(loop, run())).toBe("hello");
  });

  it("test_block_after_eager_step", async () => {
    const { loop } = setUp();
    function* coro(): Coroutine<string> {
      yield* sleep(0.1);
      return "finished after blocking";
    }
    function* run(): Coroutine<string> {
      const t = loop.createTask(coro());
      expect(t.done()).toBe(false);
      const result = yield* t;
      expect(t.done()).toBe(true);
      return result;
    }
    expect(await runCoro(loop, run())).toBe("finished after blocking");
  });

  it("test_cancellation_after_eager_completion", async () => {
    const { loop } = setUp();
    function* coro(): Coroutine<string> {
      return "finished without blocking";
    }
    function* run(): Coroutine<string> {
      const t = loop.createTask(coro());
      t.cancel();
      const result = yield* t;
      // finished task can't be cancelled
      expect(t.cancelled()).toBe(false);
      return result;
    }
    expect(await runCoro(loop, run())).toBe("finished without blocking");
  });

  it("test_cancellation_after_eager_step_blocks", async () => {
    const { loop } = setUp();
    function* coro(): Coroutine<string> {
      yield* sleep(0.1);
      return "finished after blocking";
    }
    function* run(): Coroutine<void> {
      const t = loop.createTask(coro()) as Task<string>;
      t.cancel("cancellation message");
      expect(t.cancelling()).toBeGreaterThan(0);
      yield* t;
    }
    const e = await runCoro(loop, run()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CancelledError);
    expect((e as Error).message).toBe("cancellation message");
  });

  it("test_current_task", async () => {
    const { loop } = setUp();
    let captured: Task | null = null;
    function* coro(): Coroutine<void> {
      captured = currentTask();
      // verify the task before and after blocking is identical
      yield* sleep(0.1);
      expect(currentTask()).toBe(captured);
    }
    function* run(): Coroutine<void> {
      const t = loop.createTask(coro());
      expect(captured).toBe(t);
      yield* t;
    }
    await runCoro(loop, run());
  });

  it("test_all_tasks_with_eager_completion", async () => {
    const { loop } = setUp();
    let captured: Set<Task> | null = null;
    function* coro(): Coroutine<void> {
      captured = allTasks();
    }
    function* run(): Coroutine<void> {
      const t = loop.createTask(coro()) as Task;
      expect(captured!.has(t)).toBe(true);
      expect(allTasks().has(t)).toBe(false);
    }
    await runCoro(loop, run());
  });

  it("test_all_tasks_with_blocking", async () => {
    const { loop } = setUp();
    let captured: Set<Task> | null = null;
    function* coro(fut1: Future<null>, fut2: Future<null>): Coroutine<void> {
      captured = allTasks();
      yield* fut1;
      fut2.setResult(null);
    }
    function* run(): Coroutine<void> {
      const fut1 = loop.createFuture<null>();
      const fut2 = loop.createFuture<null>();
      const t = loop.createTask(coro(fut1, fut2)) as Task;
      expect(captured!.has(t)).toBe(true);
      expect(allTasks().has(t)).toBe(true);
      fut1.setResult(null);
      yield* fut2;
      expect(allTasks().has(t)).toBe(false);
    }
    await runCoro(loop, run());
  });

  it("test_context_vars", async () => {
    const { loop } = setUp();
    const cv = new ContextVar<number>("cv", { default: 0 });
    let coroFirstStepRan = false;
    let coroSecondStepRan = false;
    function* coro(): Coroutine<void> {
      expect(cv.get()).toBe(1);
      cv.set(2);
      expect(cv.get()).toBe(2);
      coroFirstStepRan = true;
      yield* sleep(0.1);
      expect(cv.get()).toBe(2);
      cv.set(3);
      expect(cv.get()).toBe(3);
      coroSecondStepRan = true;
    }
    function* run(): Coroutine<void> {
      cv.set(1);
      const t = loop.createTask(coro());
      expect(coroFirstStepRan).toBe(true);
      expect(coroSecondStepRan).toBe(false);
      expect(cv.get()).toBe(1);
      yield* t;
      expect(coroSecondStepRan).toBe(true);
      expect(cv.get()).toBe(1);
    }
    await runCoro(loop, run());
  });

  it("test_eager_start_false", async () => {
    const { loop } = setUp();
    let name: string | null = null;
    function* asyncfn(): Coroutine<void> {
      name = currentTask()!.getName();
    }
    function* main(): Coroutine<void> {
      const t = getRunningLoop() as EventLoop;
      const task = t.createTask(asyncfn(), { eagerStart: false, name: "example" });
      expect(task.done()).toBe(false);
      expect(name).toBeNull();
      yield* task;
      expect(name).toBe("example");
    }
    await runCoro(loop, main());
  });

  it("test_issue122332", async () => {
    const { loop } = setUp();
    function* coro(): Coroutine<void> {}
    function* run(): Coroutine<void> {
      const task = loop.createTask(coro()) as Task;
      yield* task;
      expect(task.getCoro()).toBeNull();
    }
    await runCoro(loop, run());
  });

  // test_name: CPython's version runs coro() instead of main(), so it checks nothing; with
  // a task factory, loop.createTask() names the Task after the factory made it (3.13).
});

describe("BaseTaskCountingTests", () => {
  function* awaitableChain(depth: number): Coroutine<number> {
    if (depth === 0) return 0;
    return 1 + (yield* awaitableChain(depth - 1));
  }

  /** AsyncTaskCounter: counts the Tasks made without eager start. */
  function installCounter(loop: EventLoop, eager: boolean): { get(): number } {
    let taskCount = 0;
    const CountingTask = function (
      coro: Coroutine<never>,
      options: { loop: EventLoop; eagerStart?: boolean },
    ) {
      if (options.eagerStart !== true) taskCount++;
      return new Task(coro, options);
    } as unknown as TaskConstructor;
    const factory = eager
      ? createEagerTaskFactory(CountingTask)
      : (l: EventLoop, coro: Coroutine<never>, options: object) =>
          new CountingTask(coro, { ...options, loop: l });
    loop.setTaskFactory(factory);
    return { get: () => taskCount };
  }

  for (const eager of [false, true]) {
    it(`test_awaitables_chain (${eager ? "EagerPyTaskTests" : "NonEagerPyTaskTests"})`, async () => {
      const loop = newEventLoop();
      const counter = installCounter(loop, eager);
      expect(await loop.runUntilComplete(awaitableChain(100))).toBe(100);
      expect(counter.get()).toBe(eager ? 0 : 1);
    });
  }
});

describe("eagerTaskFactory (TypeScript)", () => {
  it("starts Tasks eagerly and honours eagerStart: false", async () => {
    const loop = newEventLoop();
    loop.setTaskFactory(eagerTaskFactory);
    const order: string[] = [];
    await loop.runUntilComplete(
      (function* () {
        const t1 = loop.createTask(
          (function* () {
            order.push("eager");
          })(),
        );
        const t2 = loop.createTask(
          (function* () {
            order.push("lazy");
          })(),
          { eagerStart: false },
        );
        order.push("main");
        expect(t1.done()).toBe(true);
        expect(t2.done()).toBe(false);
        yield* t2;
      })(),
    );
    expect(order).toEqual(["eager", "main", "lazy"]);
  });
});
