// Helpers of the executor tests. They use real threads, so they run on the real EventLoop
// through run(), never on VirtualTimeLoop, and with generous timeouts.
import type { ExceptionContext } from "@tsasyncio/futures";
import { EventLoop } from "@tsasyncio/loop";
import { run, type Coroutine } from "@tsasyncio/tasks";

/** Per-test timeout for tests that start worker threads. */
export const THREAD_TIMEOUT = 30_000;

/** Runs `body` through run() on a real EventLoop; fails if the exception handler was called. */
export async function runReal<T>(body: (loop: EventLoop) => Coroutine<T>): Promise<T> {
  const loop = new EventLoop();
  const reported: ExceptionContext[] = [];
  loop.setExceptionHandler((_l, c) => {
    reported.push(c);
  });
  const result = await run(body(loop), { loopFactory: () => loop });
  if (reported.length > 0)
    throw new Error(
      `the loop's exception handler was called: ${reported.map((r) => `${r.message}: ${String(r.exception)}`).join("; ")}`,
    );
  return result;
}

/**
 * Shared memory for jobs: a job blocks with `Atomics.wait(cells, i, 0)` until the test
 * calls `release(i)`, and counts what it did with `Atomics.add`. Deterministic where
 * timing would not be.
 */
export class Cells {
  readonly cells = new Int32Array(new SharedArrayBuffer(64 * 4));

  /** Sets cell `i` to 1 and wakes every job waiting on it. */
  release(i: number): void {
    Atomics.store(this.cells, i, 1);
    Atomics.notify(this.cells, i);
  }

  /** The value of cell `i`. */
  get(i: number): number {
    return Atomics.load(this.cells, i);
  }
}

/** `ms` milliseconds of host time later. */
export function hostSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits (host time, at most `ms`) until `cond()` holds. */
export async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await hostSleep(5);
  }
}
