// TypeScript-only behaviour that needs Node: garbage-collection reports (node --expose-gc)
// and the creation sites debug mode records (file paths in stacks).
import { afterEach, describe, expect, it } from "vitest";
import { Future, getRunningLoop, type ExceptionContext } from "@tsasyncio/futures";
import { EventLoop, VirtualTimeLoop } from "@tsasyncio/loop";
import {
  Task,
  allTasks,
  createTask,
  currentTask,
  ensureFuture,
  run,
  sleep,
  type Coroutine,
} from "@tsasyncio/tasks";
import { captureReports, closeLoops, collectGarbage, newEventLoop } from "./helpers.js";

afterEach(closeLoops);

function* main(): Coroutine<void> {}

describe("cancellation and references", () => {
  it("pending tasks are held strongly by their loop, finished ones are let go", async () => {
    let weak: WeakRef<Task> | null = null;
    let release: Future<string> | null = null;
    const loop = new EventLoop();
    await run(
      (function* () {
        release = getRunningLoop().createFuture<string>();
        const r = release;
        // Nobody keeps the Task: only its loop does.
        weak = new WeakRef(
          createTask(
            (function* () {
              return yield* r;
            })(),
          ),
        );
        yield* sleep(0);
        yield* ensureFuture(collectGarbage());
        expect(weak.deref()).toBeDefined();
        expect(allTasks().size).toBe(2);
        r.setResult("done");
        yield* sleep(0);
        yield* sleep(0);
        expect(allTasks()).toEqual(new Set([currentTask()]));
      })(),
      { loopFactory: () => loop },
    );
    expect(loop._tasks.size).toBe(0);
    release = null;
    await collectGarbage();
    expect(weak!.deref()).toBeUndefined();
  });

  it("'Task exception was never retrieved' is reported after garbage collection", async () => {
    const loop = newEventLoop();
    const reported = captureReports(loop);
    const boom = new RangeError("nobody looked");
    function* failing(): Coroutine<never> {
      throw boom;
    }
    function* retrieved(): Coroutine<never> {
      throw new RangeError("looked at");
    }
    await loop.runUntilComplete(
      (function* () {
        createTask(failing(), { name: "lost" });
        const seen = createTask(retrieved());
        yield* sleep(0.01);
        expect(seen.exception()).toBeInstanceOf(RangeError);
      })(),
    );
    await collectGarbage();
    expect(reported).toHaveLength(1);
    const r = reported[0] as ExceptionContext;
    expect(r.message).toBe("Task exception was never retrieved");
    expect(r.exception).toBe(boom);
    expect(String(r.future)).toMatch(
      /^<Task finished name='lost' coro=<generator> exception=RangeError\('nobody looked'\)>$/,
    );
  });
});

describe("Task reprs", () => {
  it("in debug mode a Task shows where it was created", async () => {
    const repr = await run(
      (function* () {
        const t = createTask(main(), { name: "traced" }); // created here
        return String(t);
      })(),
      { debug: true, loopFactory: () => new VirtualTimeLoop() },
    );
    expect(repr).toMatch(
      /^<Task pending name='traced' coro=<generator> created at .*interop\.node\.test\.ts:\d+:\d+>$/,
    );
  });

  it("the main task of run() in debug mode points at the run() call", async () => {
    let repr = "";
    await run(
      (function* () {
        repr = String(currentTask());
      })(),
      { debug: true },
    );
    expect(repr).toMatch(/created at .*interop\.node\.test\.ts:\d+:\d+>$/);
  });
});
