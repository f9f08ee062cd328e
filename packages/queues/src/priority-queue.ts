// Port of Lib/asyncio/queues.py (3.13): PriorityQueue, on a heap keyed by (item, insertion
// order), so that items of equal priority keep their order.
import { pythonCompare } from "./internal/compare.js";
import { Heap } from "./internal/heap.js";
import { Queue, type QueueStorage } from "./queue.js";

/**
 * A {@link Queue} that returns the smallest item first.
 *
 * @remarks
 * Python's `asyncio.PriorityQueue` (a heap). Without `compare`, items are ordered as
 * Python orders them: numbers by value, strings, and arrays element by element like
 * tuples, so `[priority, data]` entries work as in Python; values with no order (objects,
 * `null`, a number against a string) throw `TypeError` from `put()`, as `<` does in Python.
 * Unlike CPython, items that compare equal come out in the order they were put (the heap
 * is keyed by (item, insertion order)). Everything else is as in {@link Queue}.
 * @typeParam T - the type of the items
 * @example
 * ```ts
 * import { run, PriorityQueue } from "tsasyncio";
 * await run(function* () {
 *   const q = new PriorityQueue<[number, string]>();
 *   yield* q.put([2, "write"]);
 *   yield* q.put([1, "read"]);
 *   yield* q.put([2, "close"]);
 *   console.log((yield* q.get())[1], (yield* q.get())[1], (yield* q.get())[1]); // prints: read close write
 *   const byLength = new PriorityQueue<string>(0, (a, b) => a.length - b.length);
 *   for (const w of ["ccc", "a", "bb"]) byLength.putNowait(w);
 *   console.log(byLength.getNowait(), byLength.getNowait()); // prints: a bb
 * }());
 * ```
 * @category Queues
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  /**
   * @param maxsize - the most items the queue holds; ≤ 0 (the default) for no limit
   * @param compare - orders two items (negative: `a` first); default: Python's order of
   *   numbers, strings and arrays
   */
  constructor(maxsize = 0, compare?: ((a: T, b: T) => number) | null) {
    super(maxsize);
    if (compare !== undefined && compare !== null) {
      if (typeof compare !== "function")
        throw new TypeError(`PriorityQueue() expected a compare function, got ${typeof compare}`);
      this._queue = new Heap<T>(compare);
    }
  }

  /** @internal */
  override _init(_maxsize: number): QueueStorage<T> {
    return new Heap<T>(pythonCompare);
  }

  /** @internal */
  override _kind(): string {
    return "PriorityQueue";
  }
}
