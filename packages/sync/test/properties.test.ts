// Property tests: random Tasks using a Lock, a Semaphore or a Condition, with random
// cancellations that land between other Tasks' steps, on the VirtualTimeLoop. Safety: the
// primitive's guarantee always holds. Liveness: once nothing is left to happen, no Task
// that was not cancelled is stuck (no wake-up was lost).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CancelledError } from "@tsasyncio/futures";
import { asyncWith, createTask, sleep, type Coroutine, type Task } from "@tsasyncio/tasks";
import { Condition, Lock, Semaphore } from "@tsasyncio/sync";
import { runVirtual } from "../../../test-support/index.js";

const delayArb = fc.constantFrom(0, 0, 0.001, 0.002);
const cancelsArb = fc.array(
  fc.record({
    target: fc.nat({ max: 7 }),
    at: fc.constantFrom(0, 0.001, 0.002, 0.003),
    yields: fc.nat({ max: 3 }),
  }),
  { maxLength: 4 },
);
const workersArb = fc.array(fc.array(delayArb, { minLength: 1, maxLength: 4 }), {
  minLength: 1,
  maxLength: 6,
});

/** Starts a Task per cancellation: it sleeps until `at`, yields `yields` times, cancels. */
function scheduleCancels(
  tasks: Task<unknown>[],
  cancels: { target: number; at: number; yields: number }[],
  cancelled: Set<Task<unknown>>,
): void {
  for (const { target, at, yields } of cancels)
    createTask(
      (function* () {
        yield* sleep(at);
        for (let i = 0; i < yields; i++) yield* sleep(0);
        const t = tasks[target % tasks.length]!;
        cancelled.add(t);
        t.cancel();
      })(),
    );
}

function* settle(tasks: Task<unknown>[], cancelled: Set<Task<unknown>>): Coroutine<void> {
  // Nothing is left to happen after this: every Task not cancelled must be done.
  yield* sleep(1);
  for (const t of tasks) if (!cancelled.has(t)) expect(t.done()).toBe(true);
  for (const t of tasks) {
    try {
      yield* t;
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
    }
  }
}

describe("sync properties", () => {
  it("Lock: mutual exclusion, no lost wake-up, left unlocked", async () => {
    await fc.assert(
      fc.asyncProperty(workersArb, cancelsArb, fc.boolean(), async (workers, cancels, using) => {
        await runVirtual(function* () {
          const lock = new Lock();
          let inside = 0;
          function* critical(hold: number) {
            inside++;
            expect(inside).toBe(1);
            try {
              yield* sleep(hold);
            } finally {
              inside--;
            }
          }
          const tasks = workers.map((holds) =>
            createTask(
              (function* () {
                for (const hold of holds) {
                  if (using) {
                    using _held = yield* lock.acquire();
                    yield* critical(hold);
                  } else yield* asyncWith(lock, () => critical(hold));
                }
              })(),
            ),
          ) as Task<unknown>[];
          const cancelled = new Set<Task<unknown>>();
          scheduleCancels(tasks, cancels, cancelled);
          yield* settle(tasks, cancelled);
          expect(lock.locked()).toBe(false);
          expect(lock._waiters?.length ?? 0).toBe(0);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("Semaphore: at most `value` holders, no lost wake-up, no leaked slot", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        workersArb,
        cancelsArb,
        async (value, workers, cancels) => {
          await runVirtual(function* () {
            const sem = new Semaphore(value);
            let inside = 0;
            const tasks = workers.map((holds) =>
              createTask(
                (function* () {
                  for (const hold of holds)
                    yield* asyncWith(sem, function* () {
                      inside++;
                      expect(inside).toBeLessThanOrEqual(value);
                      try {
                        yield* sleep(hold);
                      } finally {
                        inside--;
                      }
                    });
                })(),
              ),
            ) as Task<unknown>[];
            const cancelled = new Set<Task<unknown>>();
            scheduleCancels(tasks, cancels, cancelled);
            yield* settle(tasks, cancelled);
            expect(sem._value).toBe(value);
            expect(sem.locked()).toBe(false);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("Condition: a notification is never lost to a cancelled waiter", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(delayArb, { minLength: 1, maxLength: 6 }),
        cancelsArb,
        async (nConsumers, produce, cancels) => {
          await runVirtual(function* () {
            const cond = new Condition();
            const items: number[] = [];
            let taken = 0;
            const consumers = Array.from({ length: nConsumers }, () =>
              createTask(
                (function* () {
                  for (;;)
                    yield* asyncWith(cond, function* () {
                      yield* cond.waitFor(() => items.length > 0);
                      items.shift();
                      taken++;
                    });
                })(),
              ),
            ) as Task<unknown>[];
            const cancelled = new Set<Task<unknown>>();
            // Consumer 0 is never cancelled, so that someone is left to take the items.
            if (consumers.length > 1) scheduleCancels(consumers.slice(1), cancels, cancelled);
            for (const [i, delay] of produce.entries()) {
              yield* sleep(delay);
              yield* asyncWith(cond, function* () {
                items.push(i);
                cond.notify(1);
              });
            }
            yield* sleep(1);
            // Quiescent: every item was taken; nobody holds the lock.
            expect(items).toEqual([]);
            expect(taken).toBe(produce.length);
            expect(cond.locked()).toBe(false);
            for (const c of consumers) c.cancel();
            for (const c of consumers) {
              try {
                yield* c;
              } catch (e) {
                if (!(e instanceof CancelledError)) throw e;
              }
            }
            expect(cond._waiters.length).toBe(0);
            expect(cond.locked()).toBe(false);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
