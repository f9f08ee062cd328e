// Helpers for the ports of CPython's Task tests: fresh loops that are closed after each
// test, `runBriefly` (test_utils.run_briefly) and `newTask` (BaseTaskTests.new_task).
import type { Context, ExceptionContext, Future } from "@tsasyncio/futures";
import { EventLoop, VirtualTimeLoop, setEventLoop } from "@tsasyncio/loop";
import { Task, type Coroutine } from "@tsasyncio/tasks";

const loops: EventLoop[] = [];

/** A VirtualTimeLoop (CPython's TestLoop), closed after the test by `closeLoops`. */
export function newTestLoop(): VirtualTimeLoop {
  const loop = new VirtualTimeLoop();
  loops.push(loop);
  return loop;
}

/** A real-time EventLoop (CPython's `asyncio.new_event_loop()`), closed after the test. */
export function newEventLoop(): EventLoop {
  const loop = new EventLoop();
  loops.push(loop);
  return loop;
}

/** Closes every loop the test made and clears the current loop (use with afterEach). */
export function closeLoops(): void {
  for (const loop of loops.splice(0)) if (!loop.isRunning()) loop.close();
  setEventLoop(null);
}

/** Runs the loop until the callbacks that are ready now have run (test_utils.run_briefly). */
export async function runBriefly(loop: EventLoop): Promise<void> {
  await loop.runUntilComplete(loop.createTask((function* () {})()));
}

/** BaseTaskTests.new_task: a Task named 'TestTask' unless told otherwise. */
export function newTask<T>(
  loop: EventLoop,
  coro: Coroutine<T>,
  name: string | null = "TestTask",
  context?: Context,
  eagerStart?: boolean,
): Task<T> {
  return new Task(coro, {
    loop,
    ...(name !== null ? { name } : {}),
    ...(context !== undefined ? { context } : {}),
    ...(eagerStart !== undefined ? { eagerStart } : {}),
  });
}

/** Awaits `fut` without retrieving its outcome (like `await asyncio.wait([fut])`). */
export function* waitDone(fut: Future<unknown>): Coroutine<void> {
  if (fut.done()) return;
  const loop = fut.getLoop();
  const waiter = loop.createFuture<void>();
  fut.addDoneCallback(() => {
    if (!waiter.done()) waiter.setResult(undefined);
  });
  yield* waiter;
}

/** Records what reaches the loop's exception handler. */
export function captureReports(loop: EventLoop): ExceptionContext[] {
  const reported: ExceptionContext[] = [];
  loop.setExceptionHandler((_l, c) => {
    reported.push(c);
  });
  return reported;
}

/** Lets the host run timers and finalizers, collecting garbage a few times (needs --expose-gc). */
export async function collectGarbage(rounds = 5): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run the tests with node --expose-gc");
  for (let i = 0; i < rounds; i++) {
    await new Promise((r) => setTimeout(r, 10));
    gc();
  }
  await new Promise((r) => setTimeout(r, 10));
}
