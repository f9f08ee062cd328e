// Ports of the as_completed() cases of BaseTaskTests in Lib/test/test_asyncio/test_tasks.py
// (3.13). Each case runs both ways, as in CPython: plain iteration in a coroutine
// (try_iterator) and `for await` in an async function (try_async_iterator), the latter on
// a VirtualTimeLoop that also jumps time while the async function is pending.
import { describe, expect, it } from "vitest";
import { RuntimeError, TimeoutError, getRunningLoop, type Future } from "@tsasyncio/futures";
import { setEventLoop } from "@tsasyncio/loop";
import { createTask, ensureFuture, sleep, type Coroutine, type Task } from "@tsasyncio/tasks";
import { asCompleted, wait, type AsCompletedIterator, type Finished } from "@tsasyncio/gather";
import { itCo } from "../../../test-support/index.js";
import { itCoAsync, raises } from "./helpers.js";

function* coro<T>(i: T): Coroutine<T> {
  return i;
}

// TypeScript 5.9 caches the iteration types of a type: once a file has iterated an
// AsCompletedIterator<X, F> with `for … of`, a `for await` over the same type reuses the
// sync types (and awaits them). Typing the iterable as an AsyncIterable avoids that.
function aiter<T, F>(it: AsCompletedIterator<T, F>): AsyncIterable<Finished<F>> {
  return it;
}

describe("BaseTaskTests (as_completed)", () => {
  for (const method of ["try_iterator", "try_async_iterator"] as const) {
    itCoAsync(`test_as_completed (${method})`, function* ({ loop }) {
      const t0 = loop.time();
      const completed = new Set<string>();
      let timeShifted = false;
      function* sleeper(dt: number, x: string): Coroutine<string> {
        yield* sleep(dt);
        completed.add(x);
        if (!timeShifted && completed.has("a") && completed.has("b")) {
          timeShifted = true;
          loop.advance(0.14);
        }
        return x;
      }
      function* tryIterator(awaitables: Coroutine<string>[]): Coroutine<string[]> {
        const values: string[] = [];
        for (const f of asCompleted(awaitables)) values.push(yield* f);
        return values;
      }
      async function tryAsyncIterator(awaitables: Coroutine<string>[]): Promise<string[]> {
        const values: string[] = [];
        for await (const f of aiter(asCompleted(awaitables))) values.push(f.result());
        return values;
      }
      const a = sleeper(0.01, "a");
      const b = sleeper(0.01, "b");
      const c = sleeper(0.15, "c");
      const res =
        method === "try_iterator"
          ? yield* createTask(tryIterator([b, c, a]))
          : yield* ensureFuture(tryAsyncIterator([b, c, a]));
      expect(loop.time() - t0).toBeCloseTo(0.15);
      expect(res.slice(0, 2)).toContain("a");
      expect(res.slice(0, 2)).toContain("b");
      expect(res[2]).toBe("c");
    });
  }

  itCoAsync("test_as_completed_same_tasks_in_as_out", function* () {
    // Asynchronously iterating as_completed's iterator yields the awaitables that were
    // passed in when those awaitables are futures.
    async function tryAsyncIterator(awaitables: Iterable<unknown>): Promise<Set<unknown>> {
      const out = new Set<unknown>();
      for await (const outAw of aiter(asCompleted(awaitables as Iterable<Coroutine<unknown>>)))
        out.add(outAw);
      return out;
    }
    // Coroutines shouldn't be yielded back as finished coroutines can't be re-used.
    let awaitablesIn = new Set<unknown>([coro(0), coro(1), coro(2), coro(3)]);
    let awaitablesOut = yield* ensureFuture(tryAsyncIterator(awaitablesIn));
    for (const aw of awaitablesOut) expect(awaitablesIn.has(aw)).toBe(false);
    // Tasks should be yielded back.
    const coroObjA = coro("a");
    const taskB = createTask(coro("b"));
    const coroObjC = coro("c");
    const taskD = createTask(coro("d"));
    awaitablesIn = new Set<unknown>([coroObjA, taskB, coroObjC, taskD]);
    awaitablesOut = yield* ensureFuture(tryAsyncIterator(awaitablesIn));
    const common = [...awaitablesIn].filter((x) => awaitablesOut.has(x));
    expect(new Set(common)).toEqual(new Set([taskB, taskD]));
  });

  for (const method of ["try_iterator", "try_async_iterator"] as const) {
    itCoAsync(`test_as_completed_with_timeout (${method})`, function* ({ loop }) {
      const vloop = loop;
      const t0 = loop.time();
      const a = createTask(sleep(0.1, "a"));
      const b = createTask(sleep(0.15, "b"));
      function* tryIterator(): Coroutine<[number, unknown][]> {
        const values: [number, unknown][] = [];
        for (const f of asCompleted([a, b], { timeout: 0.12 })) {
          if (values.length > 0) vloop.advance(0.02);
          try {
            const v = yield* f;
            values.push([1, v]);
          } catch (exc) {
            if (!(exc instanceof TimeoutError)) throw exc;
            values.push([2, exc]);
          }
        }
        return values;
      }
      async function tryAsyncIterator(): Promise<[number, unknown][]> {
        const values: [number, unknown][] = [];
        try {
          for await (const f of aiter(asCompleted([a, b], { timeout: 0.12 }))) {
            const v = f.result();
            values.push([1, v]);
            vloop.advance(0.02);
          }
        } catch (exc) {
          if (!(exc instanceof TimeoutError)) throw exc;
          values.push([2, exc]);
        }
        return values;
      }
      const res =
        method === "try_iterator"
          ? yield* createTask(tryIterator())
          : yield* ensureFuture(tryAsyncIterator());
      expect(res.length).toBe(2);
      expect(res[0]).toEqual([1, "a"]);
      expect(res[1]?.[0]).toBe(2);
      expect(res[1]?.[1]).toBeInstanceOf(TimeoutError);
      expect(loop.time() - t0).toBeCloseTo(0.12);
      // move forward to close generator
      vloop.advance(10);
      yield* wait([a, b]);
    });
  }

  for (const method of ["try_iterator", "try_async_iterator"] as const) {
    itCoAsync(`test_as_completed_with_unused_timeout (${method})`, function* () {
      const a = sleep(0.01, "a");
      if (method === "try_iterator") {
        for (const f of asCompleted([a], { timeout: 1 })) expect(yield* f).toBe("a");
      } else {
        yield* ensureFuture(
          (async () => {
            for await (const f of aiter(asCompleted([a], { timeout: 1 })))
              expect(f.result()).toBe("a");
          })(),
        );
      }
    });
  }

  for (const method of ["try_iterator", "try_async_iterator"] as const) {
    itCoAsync(`test_as_completed_resume_iterator (${method})`, function* () {
      // as_completed returns an iterator that can be resumed the next time iteration is
      // performed.
      function* tryIterator(awaitables: Coroutine<number>[]): Coroutine<number[]> {
        let iterations = 0;
        const iterator = asCompleted(awaitables);
        const collected: number[] = [];
        for (const f of iterator) {
          collected.push(yield* f);
          iterations += 1;
          if (iterations === 2) break;
        }
        expect(collected.length).toBe(2);
        // Resume same iterator:
        for (const f of iterator) collected.push(yield* f);
        return collected;
      }
      async function tryAsyncIterator(awaitables: Coroutine<number>[]): Promise<number[]> {
        let iterations = 0;
        const iterator = asCompleted(awaitables);
        const collected: number[] = [];
        for await (const f of aiter(iterator)) {
          collected.push(f.result());
          iterations += 1;
          if (iterations === 2) break;
        }
        expect(collected.length).toBe(2);
        // Resume same iterator:
        for await (const f of aiter(iterator)) collected.push(f.result());
        return collected;
      }
      const aws = [coro(0), coro(1), coro(2), coro(3)];
      const results =
        method === "try_iterator"
          ? yield* createTask(tryIterator(aws))
          : yield* ensureFuture(tryAsyncIterator(aws));
      expect([...results].sort()).toEqual([0, 1, 2, 3]);
    });
  }

  itCo("test_as_completed_reverse_wait", function* ({ loop }) {
    // The first future awaited resolves to the first completed awaitable from the set
    // we passed in, even if it wasn't the first future generated by as_completed.
    const t0 = loop.time();
    const a = sleep(0.05, "a");
    const b = sleep(0.1, "b");
    const fs = new Set([a, b]);
    const futs = [...asCompleted(fs)];
    expect(futs.length).toBe(2);
    const x = yield* futs[1]!;
    expect(x).toBe("a");
    expect(loop.time() - t0).toBeCloseTo(0.05);
    loop.advance(0.05);
    const y = yield* futs[0]!;
    expect(y).toBe("b");
    expect(loop.time() - t0).toBeCloseTo(0.1);
  });

  for (const method of ["try_iterator", "try_async_iterator"] as const) {
    itCoAsync(`test_as_completed_concurrent (${method})`, function* ({ loop }) {
      // More than one future or coroutine yielded from as_completed can be awaited
      // concurrently.
      const t0 = loop.time();
      const a = sleep(0.05, "a");
      const b = sleep(0.05, "b");
      const fs = new Set([a, b]);
      let futs: unknown[];
      if (method === "try_iterator") futs = [...asCompleted(fs)];
      else
        futs = yield* ensureFuture(
          (async () => {
            const out: Future<string>[] = [];
            for await (const f of aiter(asCompleted(fs))) out.push(f as unknown as Future<string>);
            return out;
          })(),
        );
      expect(futs.length).toBe(2);
      const [done] = yield* wait(futs.map((fut) => ensureFuture(fut as Coroutine<string>)));
      expect(new Set([...done].map((f) => f.result()))).toEqual(new Set(["a", "b"]));
      expect(loop.time() - t0).toBeCloseTo(0.05);
    });
  }

  for (const method of ["try_iterator", "try_async_iterator"] as const) {
    itCoAsync(`test_as_completed_duplicate_coroutines (${method})`, function* () {
      function* tryIterator(): Coroutine<string[]> {
        const result: string[] = [];
        const c = coro("ham");
        for (const f of asCompleted([c, c, coro("spam")])) result.push(yield* f);
        return result;
      }
      async function tryAsyncIterator(): Promise<string[]> {
        const result: string[] = [];
        const c = coro("ham");
        for await (const f of aiter(asCompleted([c, c, coro("spam")]))) result.push(f.result());
        return result;
      }
      const result =
        method === "try_iterator"
          ? yield* createTask(tryIterator())
          : yield* ensureFuture(tryAsyncIterator());
      expect(new Set(result)).toEqual(new Set(["ham", "spam"]));
      expect(result.length).toBe(2);
    });
  }

  it("test_as_completed_coroutine_without_loop", () => {
    setEventLoop(null);
    const a = coro(42);
    const e = raises(RuntimeError, () => [...asCompleted([a])]);
    expect(e.message).toMatch(/no current event loop/);
    a.return(42);
  });

  itCo("test_as_completed_coroutine_use_running_loop", function* () {
    const futs = [...asCompleted([coro(42)])];
    expect(futs.length).toBe(1);
    expect(yield* futs[0]!).toBe(42);
  });

  itCoAsync("test_as_completed_invalid_args", function* () {
    // as_completed() expects a list of futures, not a future instance; TypeError is
    // raised on iterator construction.
    const fut = getRunningLoop().createFuture();
    raises(TypeError, () => [...asCompleted(fut as never)]);
    const c = coro(1);
    raises(TypeError, () => [...asCompleted(c as never)]);
    async function tryAsyncIterator(aw: unknown): Promise<void> {
      for await (const _f of aiter(asCompleted(aw as never))) break;
    }
    let caught: unknown = null;
    try {
      yield* ensureFuture(tryAsyncIterator(fut));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TypeError);
    caught = null;
    try {
      yield* ensureFuture(tryAsyncIterator(c));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TypeError);
    c.return(1);
  });
});

describe("asCompleted (TypeScript)", () => {
  itCo("errors come out of the coroutine of their turn", function* () {
    function* fail(): Coroutine<never> {
      yield* sleep(0.1);
      throw new RangeError("bad");
    }
    const out: unknown[] = [];
    for (const next of asCompleted([sleep(0.2, "ok"), fail()])) {
      try {
        out.push(yield* next);
      } catch (e) {
        out.push(e);
      }
    }
    expect(out[0]).toBeInstanceOf(RangeError);
    expect(out[1]).toBe("ok");
  });

  itCo("a timeout does not cancel the awaitables", function* () {
    const t = createTask(sleep(1, "late"));
    const it = asCompleted([t], { timeout: 0.5 })[Symbol.iterator]();
    const first = it.next();
    expect(first.done).toBe(false);
    let err: unknown = null;
    try {
      yield* first.value as Coroutine<string>;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TimeoutError);
    expect(it.next().done).toBe(true);
    expect(t.cancelled()).toBe(false);
    expect(yield* t).toBe("late");
  });

  itCoAsync("the coroutines can be awaited from an async function", function* () {
    const r = yield* ensureFuture(
      (async () => {
        const out: number[] = [];
        for (const next of asCompleted([sleep(0.2, 2), sleep(0.1, 1)])) out.push(await next);
        return out;
      })(),
    );
    expect(r).toEqual([1, 2]);
  });

  itCoAsync("for await yields the original Task", function* () {
    const t1: Task<number> = createTask(sleep(0.2, 2));
    const t2: Task<number> = createTask(sleep(0.1, 1));
    const order = yield* ensureFuture(
      (async () => {
        const out: Task<number>[] = [];
        for await (const t of aiter(asCompleted([t1, t2]))) out.push(t as unknown as Task<number>);
        return out;
      })(),
    );
    expect(order[0]).toBe(t2);
    expect(order[1]).toBe(t1);
  });

  itCo("a cancelled waiter hands its item over to the next one", function* () {
    const f1 = sleep(0.1, "x");
    const [n1, n2] = [...asCompleted([f1, sleep(0.2, "y")])] as unknown as [
      Coroutine<string>,
      Coroutine<string>,
    ];
    const w1 = createTask(n1);
    const w2 = createTask(n2);
    yield* sleep(0);
    w1.cancel();
    expect(yield* w2).toBe("x");
  });

  it("works on the real EventLoop with run()", async () => {
    const { run } = await import("@tsasyncio/tasks");
    const order = await run(
      (function* (): Coroutine<string[]> {
        const out: string[] = [];
        for (const next of asCompleted([sleep(0.03, "slow"), sleep(0.01, "fast")]))
          out.push(yield* next);
        return out;
      })(),
    );
    expect(order).toEqual(["fast", "slow"]);
  });
});
