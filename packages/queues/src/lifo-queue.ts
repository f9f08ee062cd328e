// Port of Lib/asyncio/queues.py (3.13): LifoQueue.
import { Stack } from "./internal/stack.js";
import { Queue, type QueueStorage } from "./queue.js";

/**
 * A {@link Queue} that returns the most recently added item first (a stack).
 *
 * @remarks Python's `asyncio.LifoQueue`; everything else (maxsize, waiting, `taskDone`,
 * `join`, `shutdown`) is as in {@link Queue}.
 * @typeParam T - the type of the items
 * @example
 * ```ts
 * import { run, LifoQueue } from "tsasyncio";
 * await run(function* () {
 *   const q = new LifoQueue<number>();
 *   for (const n of [1, 3, 2]) yield* q.put(n);
 *   console.log(String(q)); // prints: <LifoQueue maxsize=0 _queue=[1, 3, 2] tasks=3>
 *   console.log(yield* q.get(), yield* q.get(), yield* q.get()); // prints: 2 3 1
 * }());
 * ```
 * @category Queues
 */
export class LifoQueue<T = unknown> extends Queue<T> {
  /** @internal */
  override _init(_maxsize: number): QueueStorage<T> {
    return new Stack<T>();
  }

  /** @internal */
  override _kind(): string {
    return "LifoQueue";
  }
}
