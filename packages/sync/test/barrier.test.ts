// Port of Lib/test/test_asyncio/test_locks.py (3.13): BarrierTests, plus TypeScript-only cases.
import { describe, expect, it } from "vitest";
import { BrokenBarrierError, CancelledError, RuntimeError } from "@tsasyncio/futures";
import {
  asyncWith,
  createTask,
  ensureFuture,
  sleep,
  type Coroutine,
  type Task,
} from "@tsasyncio/tasks";
import { Barrier, BrokenBarrierError as ReExported } from "@tsasyncio/sync";
import { itCo } from "../../../test-support/index.js";
import { gather, gatherSettled, waitAll } from "../../../test-support/stand-ins.js";
import { RGX_REPR } from "./helpers.js";

const N = 5;

function makeTasks<T>(n: number, coro: () => Coroutine<T>): Task<T>[] {
  const tasks: Task<T>[] = [];
  for (let i = 0; i < n; i++) tasks.push(createTask(coro()));
  return tasks;
}

function* gatherTasks<T>(n: number, coro: () => Coroutine<T>): Coroutine<[T[], Task<T>[]]> {
  const tasks = makeTasks(n, coro);
  const res = yield* gather(tasks);
  return [res, tasks];
}

describe("BarrierTests", () => {
  itCo("test_barrier", function* () {
    const barrier = new Barrier(N);
    expect(String(barrier)).toContain("filling");
    // Python: `await barrier` is a TypeError; here `yield* barrier` is.
    let error: unknown;
    try {
      yield* barrier as unknown as Iterable<unknown>;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);

    expect(String(barrier)).toContain("filling");
  });

  itCo("test_repr", function* () {
    const barrier = new Barrier(N);

    expect(RGX_REPR.test(String(barrier))).toBe(true);
    expect(String(barrier)).toContain("filling");

    const waiters: Task<void>[] = [];
    function* wait(barrier: Barrier) {
      yield* barrier.wait();
    }

    const incr = 2;
    for (let i = 0; i < incr; i++) waiters.push(createTask(wait(barrier)));
    yield* sleep(0);

    expect(RGX_REPR.test(String(barrier))).toBe(true);
    expect(String(barrier)).toContain(`waiters:${incr}/${N}`);
    expect(String(barrier)).toContain("filling");

    // Create the missing waiters.
    for (let i = 0, n = barrier.parties - barrier.nWaiting; i < n; i++)
      waiters.push(createTask(wait(barrier)));
    yield* sleep(0);

    expect(RGX_REPR.test(String(barrier))).toBe(true);
    expect(String(barrier)).toContain("draining");

    // Add a part of waiters.
    for (let i = 0; i < incr; i++) waiters.push(createTask(wait(barrier)));
    yield* sleep(0);
    // And reset.
    yield* barrier.reset();

    expect(RGX_REPR.test(String(barrier))).toBe(true);
    expect(String(barrier)).toContain("resetting");

    // Add a part of waiters again.
    for (let i = 0; i < incr; i++) waiters.push(createTask(wait(barrier)));
    yield* sleep(0);
    // And abort.
    yield* barrier.abort();

    expect(RGX_REPR.test(String(barrier))).toBe(true);
    expect(String(barrier)).toContain("broken");
    expect(barrier.broken).toBe(true);

    // Suppress unhandled exceptions.
    yield* gatherSettled(waiters);
  });

  it("test_barrier_parties", () => {
    expect(() => new Barrier(0)).toThrow(RangeError);
    expect(() => new Barrier(-4)).toThrow(RangeError);
    expect(() => new Barrier(0)).toThrow("parties must be >= 1");

    expect(new Barrier(N)).toBeInstanceOf(Barrier);
  });

  itCo("test_context_manager", function* () {
    const n = 3;
    const barrier = new Barrier(n);
    const results: number[] = [];

    function* coro() {
      yield* asyncWith(barrier, function* (i) {
        results.push(i);
      });
    }

    yield* gatherTasks(n, coro);

    expect([...results].sort()).toEqual([0, 1, 2]);
    expect(barrier.nWaiting).toBe(0);
    expect(barrier.broken).toBe(false);
  });

  itCo("test_filling_one_task", function* () {
    const barrier = new Barrier(1);

    function* f() {
      return yield* asyncWith(barrier, function* (_i) {
        return true;
      });
    }

    const ret = yield* f();

    expect(ret).toBe(true);
    expect(barrier.nWaiting).toBe(0);
    expect(barrier.broken).toBe(false);
  });

  itCo("test_filling_one_task_twice", function* () {
    const barrier = new Barrier(1);

    const t1 = createTask(barrier.wait());
    yield* sleep(0);
    expect(barrier.nWaiting).toBe(0);

    const t2 = createTask(barrier.wait());
    yield* sleep(0);

    expect(t1.result()).toBe(t2.result());
    expect(t1.done()).toBe(t2.done());

    expect(barrier.nWaiting).toBe(0);
    expect(barrier.broken).toBe(false);
  });

  itCo("test_filling_task_by_task", function* () {
    const barrier = new Barrier(3);

    const t1 = createTask(barrier.wait());
    yield* sleep(0);
    expect(barrier.nWaiting).toBe(1);
    expect(String(barrier)).toContain("filling");

    const t2 = createTask(barrier.wait());
    yield* sleep(0);
    expect(barrier.nWaiting).toBe(2);
    expect(String(barrier)).toContain("filling");

    const t3 = createTask(barrier.wait());
    yield* sleep(0);

    yield* waitAll([t1, t2, t3]);

    expect(barrier.nWaiting).toBe(0);
    expect(barrier.broken).toBe(false);
  });

  itCo("test_filling_tasks_wait_twice", function* () {
    const barrier = new Barrier(N);
    const results: boolean[] = [];

    function* coro() {
      yield* asyncWith(barrier, function* () {
        results.push(true);

        yield* asyncWith(barrier, function* () {
          results.push(false);
        });
      });
    }

    yield* gatherTasks(N, coro);

    expect(results.length).toBe(N * 2);
    expect(results.filter((r) => r).length).toBe(N);
    expect(results.filter((r) => !r).length).toBe(N);

    expect(barrier.nWaiting).toBe(0);
    expect(barrier.broken).toBe(false);
  });

  itCo("test_filling_tasks_check_return_value", function* () {
    const barrier = new Barrier(N);
    const results1: boolean[] = [];
    const results2: boolean[] = [];

    function* coro() {
      return yield* asyncWith(barrier, function* () {
        results1.push(true);

        return yield* asyncWith(barrier, function* (i) {
          results2.push(true);
          return i;
        });
      });
    }

    const [res] = yield* gatherTasks(N, coro);

    expect(results1.length).toBe(N);
    expect(results1.every((r) => r)).toBe(true);
    expect(results2.length).toBe(N);
    expect(results2.every((r) => r)).toBe(true);
    expect([...res].sort()).toEqual([0, 1, 2, 3, 4]);

    expect(barrier.nWaiting).toBe(0);
    expect(barrier.broken).toBe(false);
  });

  itCo("test_draining_state", function* () {
    const barrier = new Barrier(N);
    const results: boolean[] = [];

    function* coro() {
      yield* asyncWith(barrier, function* () {
        // The barrier's state changes to filling for the last task's release.
        results.push(String(barrier).includes("draining"));
      });
    }

    yield* gatherTasks(N, coro);

    expect(results.length).toBe(N);
    expect(results[results.length - 1]).toBe(false);
    expect(results.slice(0, N - 1).every((r) => r)).toBe(true);

    expect(barrier.nWaiting).toBe(0);
    expect(barrier.broken).toBe(false);
  });

  itCo("test_blocking_tasks_while_draining", function* () {
    const rewait = 2;
    const barrier = new Barrier(N);
    const barrierNowaiting = new Barrier(N - rewait);
    let rewaitN = rewait;

    function* coro() {
      // First time waiting.
      yield* barrier.wait();

      // After waiting once for all tasks.
      if (rewaitN > 0) {
        rewaitN--;
        // Wait again only for rewait tasks.
        yield* barrier.wait();
      } else {
        // Wait for the end of the draining state.
        yield* barrierNowaiting.wait();
        // Wait for other waiting tasks.
        yield* barrier.wait();
      }
    }

    // A success means that barrierNowaiting was waited for exactly N-rewait=3 times.
    yield* gatherTasks(N, coro);
  });

  itCo("test_filling_tasks_cancel_one", function* () {
    const barrier = new Barrier(3);
    const results: boolean[] = [];

    function* coro() {
      yield* barrier.wait();
      results.push(true);
    }

    const t1 = createTask(coro());
    yield* sleep(0);
    expect(barrier.nWaiting).toBe(1);

    const t2 = createTask(coro());
    yield* sleep(0);
    expect(barrier.nWaiting).toBe(2);

    t1.cancel();
    yield* sleep(0);
    expect(barrier.nWaiting).toBe(1);
    let error: unknown;
    try {
      yield* t1;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CancelledError);
    expect(t1.cancelled()).toBe(true);

    const t3 = createTask(coro());
    yield* sleep(0);
    expect(barrier.nWaiting).toBe(2);

    const t4 = createTask(coro());
    yield* gather([t2, t3, t4]);

    expect(results.length).toBe(3);
    expect(results.every((r) => r)).toBe(true);

    expect(barrier.nWaiting).toBe(0);
    expect(barrier.broken).toBe(false);
  });

  itCo("test_reset_barrier", function* () {
    const barrier = new Barrier(1);

    createTask(barrier.reset());
    yield* sleep(0);

    expect(barrier.nWaiting).toBe(0);
    expect(barrier.broken).toBe(false);
  });

  itCo("test_reset_barrier_while_tasks_waiting", function* () {
    const barrier = new Barrier(N);
    const results: boolean[] = [];

    function* coro() {
      try {
        yield* barrier.wait();
      } catch (e) {
        if (!(e instanceof BrokenBarrierError)) throw e;
        results.push(true);
      }
    }

    function* coroReset() {
      yield* barrier.reset();
    }

    // N-1 tasks waiting on a barrier with N parties.
    const tasks = makeTasks(N - 1, coro);
    yield* sleep(0);

    // Reset the barrier.
    createTask(coroReset());
    yield* gather(tasks);

    expect(results.length).toBe(N - 1);
    expect(results.every((r) => r)).toBe(true);
    expect(barrier.nWaiting).toBe(0);
    expect(String(barrier)).not.toContain("resetting");
    expect(barrier.broken).toBe(false);
  });

  itCo("test_reset_barrier_when_tasks_half_draining", function* () {
    const barrier = new Barrier(N);
    const results1: boolean[] = [];
    const restOfTasks = Math.floor(N / 2);

    function* coro() {
      try {
        yield* barrier.wait();
      } catch (e) {
        if (!(e instanceof BrokenBarrierError)) throw e;
        // Catch here the waiting tasks.
        results1.push(true);
        return;
      }
      // Here a drained task is outside the barrier.
      if (restOfTasks === barrier._count) {
        // Tasks outside the barrier.
        yield* barrier.reset();
      }
    }

    yield* gatherTasks(N, coro);

    expect(results1).toEqual(Array<boolean>(restOfTasks).fill(true));
    expect(barrier.nWaiting).toBe(0);
    expect(String(barrier)).not.toContain("resetting");
    expect(barrier.broken).toBe(false);
  });

  itCo("test_reset_barrier_when_tasks_half_draining_half_blocking", function* () {
    const barrier = new Barrier(N);
    const results1: boolean[] = [];
    const results2: boolean[] = [];
    const blockingTasks = Math.floor(N / 2);
    let count = 0;

    function* coro() {
      try {
        yield* barrier.wait();
      } catch (e) {
        if (!(e instanceof BrokenBarrierError)) throw e;
        // Here catch the still waiting tasks.
        results1.push(true);

        // So now wait again to reach nb_parties.
        yield* barrier.wait();
        return;
      }
      count++;
      if (count > blockingTasks) {
        // Reset now: raise BrokenBarrierError for waiting tasks.
        yield* barrier.reset();

        // So now wait again to reach nb_parties.
        yield* barrier.wait();
      } else {
        try {
          yield* barrier.wait();
        } catch (e) {
          if (!(e instanceof BrokenBarrierError)) throw e;
          // No catch here: blocked tasks go to wait.
          results2.push(true);
        }
      }
    }

    yield* gatherTasks(N, coro);

    expect(results1).toEqual(Array<boolean>(blockingTasks).fill(true));
    expect(results2).toEqual([]);
    expect(barrier.nWaiting).toBe(0);
    expect(String(barrier)).not.toContain("resetting");
    expect(barrier.broken).toBe(false);
  });

  itCo("test_reset_barrier_while_tasks_waiting_and_waiting_again", function* () {
    const barrier = new Barrier(N);
    const results1: boolean[] = [];
    const results2: boolean[] = [];

    function* coro1() {
      try {
        yield* barrier.wait();
      } catch (e) {
        if (!(e instanceof BrokenBarrierError)) throw e;
        results1.push(true);
      } finally {
        yield* barrier.wait();
        results2.push(true);
      }
    }

    function* coro2() {
      yield* asyncWith(barrier, function* () {
        results2.push(true);
      });
    }

    const tasks = makeTasks(N - 1, coro1);

    // Reset the barrier: the N-1 waiting tasks get a BrokenBarrierError.
    createTask(barrier.reset());
    yield* sleep(0);

    // Complete the waiting tasks in the `finally`.
    createTask(coro2());

    yield* gather(tasks);

    expect(barrier.broken).toBe(false);
    expect(results1.length).toBe(N - 1);
    expect(results1.every((r) => r)).toBe(true);
    expect(results2.length).toBe(N);
    expect(results2.every((r) => r)).toBe(true);

    expect(barrier.nWaiting).toBe(0);
  });

  itCo("test_reset_barrier_while_tasks_draining", function* () {
    const barrier = new Barrier(N);
    const results1: boolean[] = [];
    const results2: boolean[] = [];
    const results3: boolean[] = [];
    let count = 0;

    function* coro() {
      yield* barrier.wait();
      count++;
      if (count === N) {
        // The last task exited from the barrier.
        yield* barrier.reset();

        // Wait here to reach the `parties`.
        yield* barrier.wait();
      } else {
        try {
          // Second waiting.
          yield* barrier.wait();

          // N-1 tasks here.
          results1.push(true);
        } catch (e) {
          if (!(e instanceof Error)) throw e;
          // Never goes here.
          results2.push(true);
        }
      }

      // Now, pass the barrier again: the last wait must be completed.
      yield* barrier.wait();
      results3.push(true);
    }

    yield* gatherTasks(N, coro);

    expect(barrier.broken).toBe(false);
    expect(results1.every((r) => r)).toBe(true);
    expect(results1.length).toBe(N - 1);
    expect(results2.length).toBe(0);
    expect(results3.length).toBe(N);
    expect(results3.every((r) => r)).toBe(true);

    expect(barrier.nWaiting).toBe(0);
  });

  itCo("test_abort_barrier", function* () {
    const barrier = new Barrier(1);

    createTask(barrier.abort());
    yield* sleep(0);

    expect(barrier.nWaiting).toBe(0);
    expect(barrier.broken).toBe(true);
  });

  itCo("test_abort_barrier_when_tasks_half_draining_half_blocking", function* () {
    const barrier = new Barrier(N);
    const results1: boolean[] = [];
    const results2: boolean[] = [];
    const blockingTasks = Math.floor(N / 2);
    let count = 0;

    function* coro() {
      try {
        yield* barrier.wait();
      } catch (e) {
        if (!(e instanceof BrokenBarrierError)) throw e;
        // Here catch tasks waiting to drain.
        results1.push(true);
        return;
      }
      count++;
      if (count > blockingTasks) {
        // Abort now: raise BrokenBarrierError for all tasks.
        yield* barrier.abort();
      } else {
        try {
          yield* barrier.wait();
        } catch (e) {
          if (!(e instanceof BrokenBarrierError)) throw e;
          // Here catch blocked tasks (already drained).
          results2.push(true);
        }
      }
    }

    yield* gatherTasks(N, coro);

    expect(barrier.broken).toBe(true);
    expect(results1).toEqual(Array<boolean>(blockingTasks).fill(true));
    expect(results2).toEqual(Array<boolean>(N - blockingTasks - 1).fill(true));
    expect(barrier.nWaiting).toBe(0);
    expect(String(barrier)).not.toContain("resetting");
  });

  itCo("test_abort_barrier_when_exception", function* () {
    // Test from threading.Barrier: see `lock_tests.test_reset`.
    const barrier = new Barrier(N);
    const results1: boolean[] = [];
    const results2: boolean[] = [];

    function* coro() {
      try {
        yield* asyncWith(barrier, function* (i) {
          if (i === Math.floor(N / 2)) throw new RuntimeError();
        });
        yield* asyncWith(barrier, function* () {
          results1.push(true);
        });
      } catch (e) {
        if (e instanceof BrokenBarrierError) results2.push(true);
        else if (e instanceof RuntimeError) yield* barrier.abort();
        else throw e;
      }
    }

    yield* gatherTasks(N, coro);

    expect(barrier.broken).toBe(true);
    expect(results1.length).toBe(0);
    expect(results2.length).toBe(N - 1);
    expect(results2.every((r) => r)).toBe(true);
    expect(barrier.nWaiting).toBe(0);
  });

  itCo("test_abort_barrier_when_exception_then_resetting", function* () {
    // Test from threading.Barrier: see `lock_tests.test_abort_and_reset`.
    const barrier1 = new Barrier(N);
    const barrier2 = new Barrier(N);
    const results1: boolean[] = [];
    const results2: boolean[] = [];
    const results3: boolean[] = [];

    function* coro() {
      try {
        const i = yield* barrier1.wait();
        if (i === Math.floor(N / 2)) throw new RuntimeError();
        yield* barrier1.wait();
        results1.push(true);
      } catch (e) {
        if (e instanceof BrokenBarrierError) results2.push(true);
        else if (e instanceof RuntimeError) yield* barrier1.abort();
        else throw e;
      }

      // Synchronize and reset the barrier. Must synchronize first so that everyone has
      // left it when we reset, and after so that no one enters it before the reset.
      const i = yield* barrier2.wait();
      if (i === Math.floor(N / 2)) yield* barrier1.reset();
      yield* barrier2.wait();
      yield* barrier1.wait();
      results3.push(true);
    }

    yield* gatherTasks(N, coro);

    expect(barrier1.broken).toBe(false);
    expect(results1.length).toBe(0);
    expect(results2.length).toBe(N - 1);
    expect(results2.every((r) => r)).toBe(true);
    expect(results3.length).toBe(N);
    expect(results3.every((r) => r)).toBe(true);

    expect(barrier1.nWaiting).toBe(0);
  });
});

describe("Barrier (TypeScript-only)", () => {
  it("re-exports BrokenBarrierError from @tsasyncio/futures", () => {
    expect(ReExported).toBe(BrokenBarrierError);
  });

  itCo("reprs: filling, draining, broken", function* () {
    const barrier = new Barrier(3);
    expect(String(barrier)).toBe("<Barrier [filling, waiters:0/3]>");
    const t = createTask(barrier.wait());
    yield* sleep(0);
    expect(String(barrier)).toBe("<Barrier [filling, waiters:1/3]>");
    yield* barrier.abort();
    expect(String(barrier)).toBe("<Barrier [broken]>");
    let error: unknown;
    try {
      yield* t;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BrokenBarrierError);
    expect((error as Error).message).toBe("Abort or reset of barrier");
    // A broken barrier refuses new waiters until reset.
    error = undefined;
    try {
      yield* barrier.wait();
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toBe("Barrier aborted");
    yield* barrier.reset();
    expect(String(barrier)).toBe("<Barrier [filling, waiters:0/3]>");
  });

  itCo("await barrier.wait() in async functions", function* () {
    const barrier = new Barrier(2);
    const p = (async () => barrier.wait())();
    const q = (async () => barrier.wait())();
    const indices = [yield* ensureFuture(p), yield* ensureFuture(q)];
    expect([...indices].sort()).toEqual([0, 1]);
  });
});
