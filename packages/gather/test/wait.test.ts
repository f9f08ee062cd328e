// Ports of the wait() cases of BaseTaskTests in Lib/test/test_asyncio/test_tasks.py (3.13).
// The test loop of CPython (new_test_loop(gen), advance_time) is the VirtualTimeLoop
// (advance); times are measured from the start of each test.
import { describe, expect } from "vitest";
import { RuntimeError, type Future } from "@tsasyncio/futures";
import { createTask, ensureFuture, sleep, type Coroutine, type Task } from "@tsasyncio/tasks";
import {
  ALL_COMPLETED,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  wait,
  type ReturnWhen,
} from "@tsasyncio/gather";
import { itCo } from "../../../test-support/index.js";
import { assertRaises, runBriefly } from "./helpers.js";
import { CancelledError } from "@tsasyncio/futures";

function* waitAll(...fs: Future<unknown>[]): Coroutine<void> {
  yield* wait(fs);
}

describe("BaseTaskTests (wait)", () => {
  itCo("test_wait", function* ({ loop }) {
    const t0 = loop.time();
    const a = createTask(sleep(0.1));
    const b = createTask(sleep(0.15));
    function* foo(): Coroutine<number> {
      const [done, pending] = yield* wait([b, a]);
      expect(done).toEqual(new Set([a, b]));
      expect(pending).toEqual(new Set());
      return 42;
    }
    expect(yield* createTask(foo())).toBe(42);
    expect(loop.time() - t0).toBeCloseTo(0.15);
    // Doing it again should take no time and exercise a different path.
    expect(yield* createTask(foo())).toBe(42);
    expect(loop.time() - t0).toBeCloseTo(0.15);
  });

  itCo("test_wait_duplicate_coroutines", function* () {
    function* coro(s: string): Coroutine<string> {
      return s;
    }
    const c = createTask(coro("test"));
    const task = createTask(wait([c, c, createTask(coro("spam"))]));
    const [done, pending] = yield* task;
    expect(pending.size).toBe(0);
    expect(new Set([...done].map((f) => f.result()))).toEqual(new Set(["test", "spam"]));
  });

  itCo("test_wait_errors", function* () {
    yield* assertRaises(RangeError, () => wait(new Set<Task<unknown>>()));
    // -1 is an invalid return_when value
    const sleepCoro = sleep(10.0);
    const e = yield* assertRaises(RangeError, () =>
      wait([sleepCoro] as never, { returnWhen: -1 as unknown as ReturnWhen }),
    );
    expect(e.message).toContain("Invalid return_when value: -1");
    sleepCoro.return(undefined);
  });

  itCo("test_wait_first_completed", function* ({ loop }) {
    const t0 = loop.time();
    const a = createTask(sleep(10.0));
    const b = createTask(sleep(0.1));
    const task = createTask(wait([b, a], { returnWhen: FIRST_COMPLETED }));
    const [done, pending] = yield* task;
    expect(done).toEqual(new Set([b]));
    expect(pending).toEqual(new Set([a]));
    expect(a.done()).toBe(false);
    expect(b.done()).toBe(true);
    expect(b.result()).toBeUndefined();
    expect(loop.time() - t0).toBeCloseTo(0.1);
    // move forward to close generator
    loop.advance(10);
    yield* waitAll(a, b);
  });

  itCo("test_wait_really_done", function* () {
    // there is possibility that some tasks in the pending list
    // became done but their callbacks haven't all been called yet
    function* coro1(): Coroutine<void> {
      yield* sleep(0);
    }
    function* coro2(): Coroutine<void> {
      yield* sleep(0);
      yield* sleep(0);
    }
    const a = createTask(coro1());
    const b = createTask(coro2());
    const task = createTask(wait([b, a], { returnWhen: FIRST_COMPLETED }));
    const [done] = yield* task;
    expect(done).toEqual(new Set([a, b]));
    expect(a.done()).toBe(true);
    expect(a.result()).toBeUndefined();
    expect(b.done()).toBe(true);
    expect(b.result()).toBeUndefined();
  });

  itCo("test_wait_first_exception", function* ({ loop }) {
    const t0 = loop.time();
    // first_exception, task already has exception
    const a = createTask(sleep(10.0));
    function* exc(): Coroutine<never> {
      throw new RangeError("err");
    }
    const b = createTask(exc());
    const task = createTask(wait([b, a], { returnWhen: FIRST_EXCEPTION }));
    const [done, pending] = yield* task;
    expect(done).toEqual(new Set([b]));
    expect(pending).toEqual(new Set([a]));
    expect(loop.time() - t0).toBeCloseTo(0);
    // move forward to close generator
    loop.advance(10);
    yield* waitAll(a, b);
  });

  itCo("test_wait_first_exception_in_wait", function* ({ loop }) {
    const t0 = loop.time();
    // first_exception, exception during waiting
    const a = createTask(sleep(10.0));
    function* exc(): Coroutine<never> {
      yield* sleep(0.01);
      throw new RangeError("err");
    }
    const b = createTask(exc());
    const [done, pending] = yield* wait([b, a], { returnWhen: FIRST_EXCEPTION });
    expect(done).toEqual(new Set([b]));
    expect(pending).toEqual(new Set([a]));
    expect(loop.time() - t0).toBeCloseTo(0.01);
    // move forward to close generator
    loop.advance(10);
    yield* waitAll(a, b);
  });

  itCo("test_wait_with_exception", function* ({ loop }) {
    const t0 = loop.time();
    const a = createTask(sleep(0.1));
    function* sleeper(): Coroutine<never> {
      yield* sleep(0.15);
      throw new RangeError("really");
    }
    const b = createTask(sleeper());
    function* foo(): Coroutine<void> {
      const [done, pending] = yield* wait([b, a]);
      expect(done.size).toBe(2);
      expect(pending).toEqual(new Set());
      const errors = [...done].filter((f) => f.exception() !== undefined);
      expect(errors.length).toBe(1);
    }
    yield* createTask(foo());
    expect(loop.time() - t0).toBeCloseTo(0.15);
    yield* createTask(foo());
    expect(loop.time() - t0).toBeCloseTo(0.15);
  });

  itCo("test_wait_with_timeout", function* ({ loop }) {
    const t0 = loop.time();
    const a = createTask(sleep(0.1));
    const b = createTask(sleep(0.15));
    function* foo(): Coroutine<void> {
      const [done, pending] = yield* wait([b, a], { timeout: 0.11 });
      expect(done).toEqual(new Set([a]));
      expect(pending).toEqual(new Set([b]));
    }
    yield* createTask(foo());
    expect(loop.time() - t0).toBeCloseTo(0.11);
    // move forward to close generator
    loop.advance(10);
    yield* waitAll(a, b);
  });

  itCo("test_wait_concurrent_complete", function* ({ loop }) {
    const t0 = loop.time();
    const a = createTask(sleep(0.1));
    const b = createTask(sleep(0.15));
    const [done, pending] = yield* createTask(wait([b, a], { timeout: 0.1 }));
    expect(done).toEqual(new Set([a]));
    expect(pending).toEqual(new Set([b]));
    expect(loop.time() - t0).toBeCloseTo(0.1);
    // move forward to close generator
    loop.advance(10);
    yield* waitAll(a, b);
  });

  itCo("test_wait_with_iterator_of_tasks", function* ({ loop }) {
    const t0 = loop.time();
    const a = createTask(sleep(0.1));
    const b = createTask(sleep(0.15));
    function* foo(): Coroutine<number> {
      const [done, pending] = yield* wait([b, a].values());
      expect(done).toEqual(new Set([a, b]));
      expect(pending).toEqual(new Set());
      return 42;
    }
    expect(yield* createTask(foo())).toBe(42);
    expect(loop.time() - t0).toBeCloseTo(0.15);
  });

  itCo("test_wait_generator", function* () {
    // Python passes a generator expression. A JavaScript generator object is a
    // coroutine to tsasyncio, so a lazy iterator of another kind stands in for it.
    function* func(a: number): Coroutine<number> {
      return a;
    }
    let i = 0;
    const tasks: Iterable<Task<number>> = {
      [Symbol.iterator]: () => ({
        next: (): IteratorResult<Task<number>> =>
          i < 10 ? { done: false, value: createTask(func(i++)) } : { done: true, value: undefined },
      }),
    };
    const [done, pending] = yield* wait(tasks, { returnWhen: ALL_COMPLETED });
    expect(done.size).toBe(10);
    expect(pending.size).toBe(0);
  });

  itCo("test_wait_invalid_args", function* ({ loop }) {
    const fut = loop.createFuture();
    // wait() expects a list of futures, not a future instance
    yield* assertRaises(TypeError, () => wait(fut as never));
    const coro = (function* coroutineFunction(): Coroutine<void> {})();
    yield* assertRaises(TypeError, () => wait(coro as never));
    coro.return(undefined);
    // wait() expects at least a future
    yield* assertRaises(RangeError, () => wait([]));
  });

  itCo("test_yield_wait_does_not_shield_cancel", function* ({ loop }) {
    // Cancelling outer() makes wait() return early, leaves inner() running.
    let proof = 0;
    const waiter = loop.createFuture();
    function* inner(): Coroutine<void> {
      yield* waiter;
      proof += 1;
    }
    function* outer(): Coroutine<void> {
      yield* wait([createTask(inner())]);
      proof += 100;
    }
    const f = ensureFuture(outer());
    yield* runBriefly();
    f.cancel();
    yield* assertRaises(CancelledError, () => f);
    waiter.setResult(null);
    yield* runBriefly();
    expect(proof).toBe(1);
  });
});

describe("wait (TypeScript)", () => {
  itCo("refuses bare coroutines with CPython's message", function* () {
    const c = sleep(1);
    const e = yield* assertRaises(TypeError, () => wait([c] as never));
    expect(e.message).toBe("Passing coroutines is forbidden, use tasks explicitly.");
    c.return(undefined);
  });

  itCo("refuses an empty set with CPython's message", function* () {
    const e = yield* assertRaises(RangeError, () => wait(new Set<Task<unknown>>()));
    expect(e.message).toBe("Set of Tasks/Futures is empty.");
  });

  itCo("refuses Promises with what to do", function* () {
    const e = yield* assertRaises(TypeError, () => wait([Promise.resolve(1)] as never));
    expect(e.message).toContain("ensureFuture");
  });

  itCo("does not cancel on timeout", function* () {
    const t = createTask(sleep(1, "late"));
    const [done, pending] = yield* wait([t], { timeout: 0.5 });
    expect(done.size).toBe(0);
    expect(pending.has(t)).toBe(true);
    expect(t.cancelled()).toBe(false);
    expect(yield* t).toBe("late");
  });

  itCo(
    "FIRST_EXCEPTION waits for all when nothing fails, and ignores cancellations",
    function* ({ loop }) {
      const t0 = loop.time();
      const a = createTask(sleep(0.1));
      const b = createTask(sleep(0.2));
      const c = createTask(sleep(0.3));
      yield* sleep(0);
      a.cancel();
      const [done, pending] = yield* wait([a, b, c], { returnWhen: FIRST_EXCEPTION });
      expect(done.size).toBe(3);
      expect(pending.size).toBe(0);
      expect(loop.time() - t0).toBeCloseTo(0.3);
    },
  );

  itCo("wait itself is cancellable and removes its callbacks", function* ({ loop }) {
    const f = loop.createFuture();
    const w = createTask(wait([f]));
    yield* runBriefly();
    w.cancel();
    yield* assertRaises(CancelledError, () => w);
    expect(String(f)).toBe("<Future pending>");
    f.setException(new RuntimeError("x"));
    f.exception();
  });
});
