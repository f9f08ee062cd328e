// The Node-only cases of Lib/test/test_asyncio/test_tasks.py: those that need the garbage
// collector (node --expose-gc) or Node's file paths in stacks (debug-mode creation sites).
import { afterEach, describe, expect, it } from "vitest";
import { Future, type AbstractEventLoop } from "@tsasyncio/futures";
import { Task, allTasks, sleep, type Coroutine } from "@tsasyncio/tasks";
import {
  captureReports,
  closeLoops,
  collectGarbage,
  newEventLoop,
  newTask,
  newTestLoop,
} from "./helpers.js";

afterEach(closeLoops);

describe("BaseTaskTests", () => {
  it("test_log_destroyed_pending_task", async () => {
    // The loop holds its pending Tasks strongly (unlike CPython's weak set), so a pending
    // Task can only be destroyed once its loop was closed.
    const loop = newTestLoop();
    function* killMe(l: AbstractEventLoop): Coroutine<void> {
      const future = new Future({ loop: l });
      yield* future;
      // at this point, the only reference to the task is in future's callbacks
      throw new Error("code never reached");
    }
    loop.setDebug(true);
    const reported = captureReports(loop);
    let sourceTraceback: string | undefined;
    let task: Task | null = newTask(loop, killMe(loop));
    expect(allTasks(loop)).toEqual(new Set([task]));
    // execute the task so it waits for future
    await loop.runUntilComplete(sleep(0));
    sourceTraceback = task._sourceTraceback;
    expect(sourceTraceback).toBeDefined();
    loop.close();
    expect(allTasks(loop)).toEqual(new Set());
    task = null;
    // no more reference to the task: it is destroyed by the GC
    await collectGarbage();
    expect(reported).toHaveLength(1);
    expect(reported[0]!.message).toBe("Task was destroyed but it is pending!");
    expect(String(reported[0]!.task)).toMatch(/^<Task pending name='TestTask' coro=<generator>/);
    expect(reported[0]!.sourceTraceback).toBe(sourceTraceback);
    sourceTraceback = undefined;
  });

  it("test_tb_logger_not_called_after_cancel", async () => {
    const loop = newEventLoop();
    const reported = captureReports(loop);
    function* coro(): Coroutine<never> {
      throw new TypeError();
    }
    function* runner(): Coroutine<void> {
      let task: Task | null = newTask(loop, coro());
      yield* sleep(0.05);
      task.cancel();
      task = null;
    }
    await loop.runUntilComplete(runner());
    await collectGarbage();
    expect(reported).toEqual([]);
  });

  it("test_task_source_traceback", async () => {
    const loop = newTestLoop();
    loop.setDebug(true);
    const task = new Task((function* () {})(), { loop }); // the line recorded
    // The first frame is the test's own line, not the Task's constructor.
    const first = task._sourceTraceback!.split("\n")[0]!;
    expect(first).toMatch(/tasks\.node\.test\.ts:\d+:\d+/);
    expect(String(task)).toMatch(/created at .*tasks\.node\.test\.ts:\d+:\d+>$/);
    await loop.runUntilComplete(task);
  });

  it("test_error_in_call_soon", async () => {
    const loop = newTestLoop();
    loop.setDebug(true);
    const reported = captureReports(loop);
    loop._callSoon = () => {
      throw new RangeError();
    };
    expect(() => newTask(loop, (function* () {})())).toThrow(RangeError);
    await collectGarbage();
    expect(reported.map((r) => r.message)).toEqual(["Task was destroyed but it is pending!"]);
    expect(allTasks(loop)).toEqual(new Set());
  });
});
