// Stand-ins for asyncio.gather / wait_for / timeout / TaskGroup / wait in the translated
// CPython tests of the packages beside @tsasyncio/gather (sync, queues): gather is a layer
// of its own, not below them, and these tests need only the effect of those calls.
import { CancelledError, TimeoutError, getRunningLoop, type Future } from "@tsasyncio/futures";
import type { EventLoop } from "@tsasyncio/loop";
import { createTask, currentTask, sleep, type Coroutine, type Task } from "@tsasyncio/tasks";

/** `await asyncio.gather(*tasks)`: every result, in order; the first error is thrown. */
export function* gather<T>(aws: readonly (Future<T> | Coroutine<T>)[]): Coroutine<T[]> {
  const tasks = aws.map((a) => (isFutureLike(a) ? a : createTask(a)));
  const out: T[] = [];
  let error: unknown = undefined;
  let failed = false;
  for (const t of tasks) {
    try {
      out.push(yield* t);
    } catch (e) {
      if (!failed) {
        failed = true;
        error = e;
      }
    }
  }
  if (failed) throw error;
  return out;
}

/** `await asyncio.gather(*tasks, return_exceptions=True)`. */
export function* gatherSettled(
  aws: readonly (Future<unknown> | Coroutine<unknown>)[],
): Coroutine<unknown[]> {
  const tasks = aws.map((a) => (isFutureLike(a) ? a : createTask(a)));
  const out: unknown[] = [];
  for (const t of tasks) {
    try {
      out.push(yield* t);
    } catch (e) {
      out.push(e);
    }
  }
  return out;
}

function isFutureLike<T>(a: Future<T> | Coroutine<T>): a is Future<T> {
  return typeof (a as { _asyncioFutureBlocking?: unknown })._asyncioFutureBlocking === "boolean";
}

/**
 * `await asyncio.wait_for(aw, timeout)` as in 3.12+: runs `aw` in the current Task and
 * cancels it when the timeout expires, turning that cancellation into TimeoutError.
 */
export function* waitFor<T>(aw: Coroutine<T>, timeout: number): Coroutine<T> {
  const loop = getRunningLoop() as EventLoop;
  const task = currentTask() as Task<unknown>;
  let expired = false;
  const handle = loop.callLater(timeout, () => {
    expired = true;
    task.cancel();
  });
  try {
    return yield* aw;
  } catch (e) {
    if (expired && e instanceof CancelledError && task.uncancel() === 0)
      throw new TimeoutError("timed out", { cause: e });
    throw e;
  } finally {
    handle.cancel();
  }
}

/** `async with asyncio.timeout(delay): body` — what waitFor does, for a body. */
export function* timeout<T>(delay: number, body: () => Coroutine<T>): Coroutine<T> {
  return yield* waitFor(body(), delay);
}

/**
 * `async with asyncio.TaskGroup() as tg: body`: runs the body (which may create tasks with
 * `create` and await), then waits for every task created (an error is thrown after all).
 */
export function* taskGroup(
  body: (create: <T>(c: Coroutine<T>) => Task<T>) => Coroutine<void> | void,
): Coroutine<void> {
  const tasks: Task<unknown>[] = [];
  const r = body((c) => {
    const t = createTask(c);
    tasks.push(t);
    return t;
  });
  if (r !== undefined) yield* r;
  yield* gather(tasks);
}

/** `await asyncio.wait(tasks)` for tasks that succeed or fail: waits for them all. */
export function* waitAll(tasks: readonly Future<unknown>[]): Coroutine<void> {
  while (tasks.some((t) => !t.done())) yield* sleep(0);
}
