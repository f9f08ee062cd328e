// Property tests: random producers and consumers, with random cancellations and shutdowns,
// on the VirtualTimeLoop. A put() or get() finishes in the same loop step as the queue
// operation it performs, so the order in which the Tasks record them is the order of the
// operations on the queue: every run is checked against a sequential model (FIFO, LIFO,
// or priority order with FIFO among equal priorities).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CancelledError, QueueShutDown } from "@tsasyncio/futures";
import { createTask, sleep, type Task } from "@tsasyncio/tasks";
import { LifoQueue, PriorityQueue, Queue } from "@tsasyncio/queues";
import { runVirtual } from "../../../test-support/index.js";

interface Item {
  priority: number;
  producer: number;
  seq: number;
}

type Kind = "fifo" | "lifo" | "priority";

const delayArb = fc.constantFrom(0, 0, 0.001, 0.002);

const scenarioArb = fc.record({
  kind: fc.constantFrom<Kind>("fifo", "lifo", "priority"),
  maxsize: fc.integer({ min: 0, max: 4 }),
  producers: fc.array(
    fc.array(fc.record({ delay: delayArb, priority: fc.integer({ min: 0, max: 3 }) }), {
      maxLength: 8,
    }),
    { minLength: 1, maxLength: 3 },
  ),
  consumers: fc.array(fc.array(delayArb, { maxLength: 10 }), { minLength: 1, maxLength: 3 }),
  // Each cancellation runs in a Task of its own: it sleeps until `at`, then gives up
  // `yields` loop iterations, so that it lands between other Tasks' steps of that instant.
  cancels: fc.array(
    fc.record({
      target: fc.nat({ max: 5 }),
      at: fc.constantFrom(0, 0.001, 0.002, 0.003, 0.004),
      yields: fc.nat({ max: 3 }),
    }),
    { maxLength: 4 },
  ),
  shutdown: fc.option(
    fc.record({ at: fc.constantFrom(0.001, 0.004, 0.02), immediate: fc.boolean() }),
    { freq: 3 },
  ),
});

function makeQueue(kind: Kind, maxsize: number): Queue<Item> {
  if (kind === "fifo") return new Queue<Item>(maxsize);
  if (kind === "lifo") return new LifoQueue<Item>(maxsize);
  return new PriorityQueue<Item>(maxsize, (a, b) => a.priority - b.priority);
}

/** The sequential model of a queue: what get() must return after the same operations. */
class Model {
  readonly items: Item[] = [];
  constructor(readonly kind: Kind) {}
  put(item: Item): void {
    this.items.push(item);
  }
  get(): Item | undefined {
    if (this.kind === "fifo") return this.items.shift();
    if (this.kind === "lifo") return this.items.pop();
    if (this.items.length === 0) return undefined;
    let best = 0; // the first (oldest) item of the smallest priority
    for (let i = 1; i < this.items.length; i++)
      if (this.items[i]!.priority < this.items[best]!.priority) best = i;
    return this.items.splice(best, 1)[0];
  }
}

describe("queue properties", () => {
  it("random producers/consumers with cancellations never lose, duplicate or reorder items", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        await runVirtual(function* ({ loop }) {
          const q = makeQueue(s.kind, s.maxsize);
          const model = new Model(s.kind);
          const put: Item[] = [];
          const got: Item[] = [];
          const tasks: Task<void>[] = [];

          s.producers.forEach((plan, producer) => {
            tasks.push(
              createTask(
                (function* () {
                  let seq = 0;
                  for (const { delay, priority } of plan) {
                    yield* sleep(delay);
                    const item = { priority, producer, seq: seq++ };
                    try {
                      yield* q.put(item);
                    } catch (e) {
                      if (e instanceof QueueShutDown) return;
                      throw e;
                    }
                    // Same loop step as the putNowait() inside put().
                    model.put(item);
                    put.push(item);
                  }
                })(),
              ),
            );
          });
          s.consumers.forEach((plan) => {
            tasks.push(
              createTask(
                (function* () {
                  for (const delay of plan) {
                    yield* sleep(delay);
                    let item: Item;
                    try {
                      item = yield* q.get();
                    } catch (e) {
                      if (e instanceof QueueShutDown) return;
                      throw e;
                    }
                    // Same loop step as the getNowait() inside get().
                    expect(item).toBe(model.get());
                    got.push(item);
                  }
                })(),
              ),
            );
          });
          const n = tasks.length;
          for (const { target, at, yields } of s.cancels)
            createTask(
              (function* () {
                yield* sleep(at);
                for (let i = 0; i < yields; i++) yield* sleep(0);
                tasks[target % n]!.cancel();
              })(),
            );
          if (s.shutdown !== null) {
            const { at, immediate } = s.shutdown;
            loop.callLater(at, () => {
              q.shutdown(immediate);
              if (immediate) model.items.length = 0;
            });
          }

          // After every plan could have run, cancel whoever still waits (in get() for items
          // that will never come, or in put() for a slot): that must lose nothing either.
          yield* sleep(0.1);
          // Quiescent now: no wake-up may have been lost. Nobody waits in get() while
          // items are there, nor in put() while a slot is free.
          const waiting = (fs: { done(): boolean }[]) => fs.filter((f) => !f.done()).length;
          if (!q.empty()) expect(waiting(q._getters.toArray())).toBe(0);
          if (!q.full()) expect(waiting(q._putters.toArray())).toBe(0);
          for (const t of tasks) t.cancel();
          for (const t of tasks) {
            try {
              yield* t;
            } catch (e) {
              if (!(e instanceof CancelledError)) throw e;
            }
          }

          // No duplicates: each item was got at most once.
          expect(new Set(got).size).toBe(got.length);
          // No loss: what is left is exactly what the model holds, in the same order.
          const left: Item[] = [];
          while (!q.empty()) left.push(q.getNowait());
          const expected: Item[] = [];
          for (let m = model.get(); m !== undefined; m = model.get()) expected.push(m);
          expect(left).toEqual(expected);
          if (s.shutdown === null || !s.shutdown.immediate)
            expect(got.length + left.length).toBe(put.length);
          // Nobody is left behind in the waiter queues.
          expect(q._getters.toArray().every((g) => g.done())).toBe(true);
          expect(q._putters.toArray().every((p) => p.done())).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("join() returns exactly when every item was marked done", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          kind: fc.constantFrom<Kind>("fifo", "lifo", "priority"),
          maxsize: fc.integer({ min: 0, max: 3 }),
          items: fc.array(delayArb, { minLength: 0, maxLength: 12 }),
          consumers: fc.array(fc.array(delayArb, { minLength: 1, maxLength: 4 }), {
            minLength: 1,
            maxLength: 3,
          }),
          joiners: fc.array(fc.constantFrom(0, 0.001, 0.003, 0.008), { maxLength: 3 }),
          cancels: fc.array(
            fc.record({ target: fc.nat({ max: 3 }), at: fc.constantFrom(0.001, 0.002, 0.004) }),
            { maxLength: 2 },
          ),
        }),
        async (s) => {
          await runVirtual(function* ({ loop }) {
            const q = makeQueue(s.kind, s.maxsize);
            let done = 0;
            // The times at which the count of unfinished tasks dropped to zero.
            const zeroTimes: number[] = [];
            const consumers: Task<void>[] = s.consumers.map((delays, i) =>
              createTask(
                (function* () {
                  for (let k = 0; ; k++) {
                    yield* q.get();
                    try {
                      yield* sleep(delays[k % delays.length]!);
                    } finally {
                      done++;
                      q.taskDone();
                      if (q._unfinishedTasks === 0) zeroTimes.push(loop.time());
                    }
                  }
                })(),
                { name: `consumer-${String(i)}` },
              ),
            );
            // Consumer 0 is never cancelled, so that every item gets done.
            for (const { target, at } of s.cancels)
              if (target % consumers.length !== 0)
                loop.callLater(at, () => consumers[target % consumers.length]!.cancel());

            const joiners = s.joiners.map((at) =>
              createTask(
                (function* () {
                  yield* sleep(at);
                  const start = loop.time();
                  const wasZero = q._unfinishedTasks === 0;
                  const seen = zeroTimes.length;
                  yield* q.join();
                  if (wasZero) {
                    // Nothing unfinished: join() returns at once.
                    expect(loop.time()).toBe(start);
                  } else {
                    // Not before the count dropped to zero, and in that very instant.
                    expect(zeroTimes.length).toBeGreaterThan(seen);
                    expect(loop.time()).toBe(zeroTimes[seen]);
                  }
                })(),
              ),
            );

            let putCount = 0;
            for (const delay of s.items) {
              yield* sleep(delay);
              yield* q.put({ priority: putCount % 3, producer: 0, seq: putCount });
              putCount++;
            }
            yield* q.join();
            expect(done).toBe(s.items.length);
            expect(q._unfinishedTasks).toBe(0);
            for (const j of joiners) yield* j;
            for (const c of consumers) c.cancel();
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
