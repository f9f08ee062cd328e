// Ports of the gather() cases of Lib/test/test_asyncio/test_tasks.py (3.13):
// GatherTestsBase, FutureGatherTests, CoroutineGatherTests, and the gather cases of
// BaseTaskTests.
//
// Skipped: test_env_var_debug (PYTHONASYNCIODEBUG, not gather); test_task_del_collect
// (Python's __del__ during gc); the C-accelerated duplicates of every class.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  ContextVar,
  Future,
  RuntimeError,
  getRunningLoop,
} from "@tsasyncio/futures";
import { EventLoop, VirtualTimeLoop, setEventLoop } from "@tsasyncio/loop";
import { createTask, ensureFuture, sleep, type Coroutine, type Task } from "@tsasyncio/tasks";
import { gather, gatherAll, shield } from "@tsasyncio/gather";
import { itCo } from "../../../test-support/index.js";
import { assertRaises, mockCallback, raises, runBriefly, runLoop } from "./helpers.js";

// gather() with arguments its types refuse (to test the run-time checks).
function gatherAny(...args: unknown[]): Future<unknown[]> {
  return Reflect.apply(gather, undefined, args) as Future<unknown[]>;
}

interface Variant {
  name: string;
  wrapFutures(...futures: Future<unknown>[]): unknown[];
}

const variants: Variant[] = [
  { name: "FutureGatherTests", wrapFutures: (...futures) => futures },
  {
    name: "CoroutineGatherTests",
    wrapFutures: (...futures) =>
      futures.map((fut) =>
        (function* coro(): Coroutine<unknown> {
          return yield* fut;
        })(),
      ),
  },
];

// MockCallback.assert_called_once_with(fut). (toEqual would iterate the Future, which
// is iterable for yield*, and so raise its exception.)
function expectCalledOnceWith(cb: { calls: unknown[][] }, fut: unknown): void {
  expect(cb.calls.length).toBe(1);
  expect(cb.calls[0]?.length).toBe(1);
  expect(cb.calls[0]?.[0]).toBe(fut);
}

// Waits for a Future whatever its outcome (its result is checked afterwards).
function* assertNoRaise(f: Future<unknown>): Coroutine<void> {
  try {
    yield* f;
  } catch {
    // checked by the caller
  }
}

for (const v of variants) {
  describe(`${v.name} (GatherTestsBase)`, () => {
    function* checkSuccess(loop: EventLoop, ...kwargs: object[]): Coroutine<void> {
      const [a, b, c] = [0, 1, 2].map(() => loop.createFuture<number>()) as [
        Future<number>,
        Future<number>,
        Future<number>,
      ];
      const fut = gatherAny(...v.wrapFutures(a, b, c), ...kwargs);
      const cb = mockCallback();
      fut.addDoneCallback(cb);
      b.setResult(1);
      a.setResult(2);
      yield* runLoop(loop);
      expect(cb.calls.length).toBe(0);
      expect(fut.done()).toBe(false);
      c.setResult(3);
      yield* runLoop(loop);
      expectCalledOnceWith(cb, fut);
      expect(fut.result()).toEqual([2, 1, 3]);
    }

    itCo("test_success", function* ({ loop }) {
      yield* checkSuccess(loop);
      yield* checkSuccess(loop, { returnExceptions: false });
    });

    itCo("test_result_exception_success", function* ({ loop }) {
      yield* checkSuccess(loop, { returnExceptions: true });
    });

    itCo("test_one_exception", function* ({ loop }) {
      const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(() => loop.createFuture()) as Future<unknown>[] &
        [Future<unknown>, Future<unknown>, Future<unknown>, Future<unknown>, Future<unknown>];
      const fut = gatherAny(...v.wrapFutures(a, b, c, d, e));
      const cb = mockCallback();
      fut.addDoneCallback(cb);
      const exc = new RangeError("ZeroDivisionError");
      a.setResult(1);
      b.setException(exc);
      yield* runLoop(loop);
      expect(fut.done()).toBe(true);
      expectCalledOnceWith(cb, fut);
      expect(fut.exception()).toBe(exc);
      // Does nothing
      c.setResult(3);
      d.cancel();
      e.setException(new RuntimeError());
      e.exception();
      yield* runLoop(loop);
    });

    itCo("test_return_exceptions", function* ({ loop }) {
      const [a, b, c, d] = [0, 1, 2, 3].map(() => loop.createFuture()) as [
        Future<unknown>,
        Future<unknown>,
        Future<unknown>,
        Future<unknown>,
      ];
      const fut = gatherAny(...v.wrapFutures(a, b, c, d), { returnExceptions: true });
      const cb = mockCallback();
      fut.addDoneCallback(cb);
      const exc = new RangeError();
      const exc2 = new RuntimeError();
      b.setResult(1);
      c.setException(exc);
      a.setResult(3);
      yield* runLoop(loop);
      expect(fut.done()).toBe(false);
      d.setException(exc2);
      yield* runLoop(loop);
      expect(fut.done()).toBe(true);
      expectCalledOnceWith(cb, fut);
      const res = fut.result();
      expect(res.slice(0, 2)).toEqual([3, 1]);
      expect(res[2]).toBe(exc);
      expect(res[3]).toBe(exc2);
    });
  });
}

describe("FutureGatherTests", () => {
  it("test_constructor_empty_sequence_without_loop", () => {
    setEventLoop(null);
    const e = raises(RuntimeError, () => gather());
    expect(e.message).toMatch(/no current event loop/);
  });

  itCo("test_constructor_empty_sequence_use_running_loop", function* ({ loop }) {
    const fut = gather();
    expect(fut).toBeInstanceOf(Future);
    expect(fut.getLoop()).toBe(loop);
    yield* runLoop(loop);
    expect(fut.done()).toBe(true);
    expect(fut.result()).toEqual([]);
  });

  it("test_constructor_empty_sequence_use_global_loop", () => {
    const oneLoop = new VirtualTimeLoop();
    setEventLoop(oneLoop);
    try {
      const fut = gather();
      expect(fut).toBeInstanceOf(Future);
      expect(fut.getLoop()).toBe(oneLoop);
      expect(fut.done()).toBe(true);
      expect(fut.result()).toEqual([]);
    } finally {
      setEventLoop(null);
      oneLoop.close();
    }
  });

  it("test_constructor_heterogenous_futures", () => {
    const oneLoop = new VirtualTimeLoop();
    const otherLoop = new VirtualTimeLoop();
    const fut1 = oneLoop.createFuture();
    const fut2 = otherLoop.createFuture();
    raises(RangeError, () => gather(fut1, fut2));
    oneLoop.close();
    otherLoop.close();
  });

  it("test_constructor_homogenous_futures", async () => {
    const otherLoop = new VirtualTimeLoop();
    const children = [0, 1, 2].map(() => otherLoop.createFuture());
    let fut = gather(...children);
    expect(fut.getLoop()).toBe(otherLoop);
    await otherLoop.runUntilComplete(sleep(0));
    expect(fut.done()).toBe(false);
    fut = gather(...children);
    expect(fut.getLoop()).toBe(otherLoop);
    await otherLoop.runUntilComplete(sleep(0));
    expect(fut.done()).toBe(false);
    otherLoop.close();
  });

  itCo("test_one_cancellation", function* ({ loop }) {
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(() => loop.createFuture()) as [
      Future<unknown>,
      Future<unknown>,
      Future<unknown>,
      Future<unknown>,
      Future<unknown>,
    ];
    const fut = gather(a, b, c, d, e);
    const cb = mockCallback();
    fut.addDoneCallback(cb);
    a.setResult(1);
    b.cancel();
    yield* runLoop(loop);
    expect(fut.done()).toBe(true);
    expectCalledOnceWith(cb, fut);
    expect(fut.cancelled()).toBe(false);
    expect(fut.exception()).toBeInstanceOf(CancelledError);
    // Does nothing
    c.setResult(3);
    d.cancel();
    e.setException(new RuntimeError());
    e.exception();
    yield* runLoop(loop);
  });

  itCo("test_result_exception_one_cancellation", function* ({ loop }) {
    const [a, b, c, d, e, f] = [0, 1, 2, 3, 4, 5].map(() => loop.createFuture()) as [
      Future<unknown>,
      Future<unknown>,
      Future<unknown>,
      Future<unknown>,
      Future<unknown>,
      Future<unknown>,
    ];
    const fut = gather(a, b, c, d, e, f, { returnExceptions: true });
    const cb = mockCallback();
    fut.addDoneCallback(cb);
    a.setResult(1);
    const zde = new RangeError();
    b.setException(zde);
    c.cancel();
    yield* runLoop(loop);
    expect(fut.done()).toBe(false);
    d.setResult(3);
    e.cancel();
    const rte = new RuntimeError();
    f.setException(rte);
    const res: unknown[] = yield* fut;
    expect(res[2]).toBeInstanceOf(CancelledError);
    expect(res[4]).toBeInstanceOf(CancelledError);
    res[2] = res[4] = null;
    expect(res).toEqual([1, zde, null, 3, null, rte]);
    expectCalledOnceWith(cb, fut);
  });
});

describe("CoroutineGatherTests", () => {
  function* coro(s: string): Coroutine<string> {
    return s;
  }

  it("test_constructor_without_loop", () => {
    setEventLoop(null);
    const gen1 = coro("abc");
    const gen2 = coro("abc");
    const e = raises(RuntimeError, () => gather(gen1, gen2));
    expect(e.message).toMatch(/no current event loop/);
    gen1.return("");
    gen2.return("");
  });

  itCo("test_constructor_use_running_loop", function* ({ loop }) {
    const fut = gather(coro("abc"), coro("abc"));
    expect(fut.getLoop()).toBe(loop);
    expect(yield* fut).toEqual(["abc", "abc"]);
  });

  it("test_constructor_use_global_loop", async () => {
    const otherLoop = new VirtualTimeLoop();
    setEventLoop(otherLoop);
    try {
      const fut = gather(coro("abc"), coro("abc"));
      expect(fut.getLoop()).toBe(otherLoop);
      expect(await otherLoop.runUntilComplete(fut)).toEqual(["abc", "abc"]);
    } finally {
      setEventLoop(null);
      otherLoop.close();
    }
  });

  itCo("test_duplicate_coroutines", function* ({ loop }) {
    const c = coro("abc");
    const fut = gather(c, c, coro("def"), c);
    yield* runLoop(loop);
    expect(fut.result()).toEqual(["abc", "abc", "def", "abc"]);
  });

  itCo("test_cancellation_broadcast", function* ({ loop }) {
    // Cancelling outer() cancels all children.
    let proof = 0;
    const waiter = loop.createFuture();
    function* inner(): Coroutine<void> {
      yield* waiter;
      proof += 1;
    }
    const child1 = ensureFuture(inner());
    const child2 = ensureFuture(inner());
    let gatherer: Future<unknown> | null = null;
    function* outer(): Coroutine<void> {
      gatherer = gather(child1, child2);
      yield* gatherer;
      proof += 100;
    }
    const f = ensureFuture(outer());
    yield* runBriefly();
    expect(f.cancel()).toBe(true);
    yield* assertRaises(CancelledError, () => f);
    expect((gatherer as Future<unknown> | null)?.cancel()).toBe(false);
    expect(waiter.cancelled()).toBe(true);
    expect(child1.cancelled()).toBe(true);
    expect(child2.cancelled()).toBe(true);
    yield* runBriefly();
    expect(proof).toBe(0);
  });

  itCo("test_exception_marking", function* ({ loop }) {
    // Test for the first line marked "Mark exception retrieved."
    function* inner(f: Future<unknown>): Coroutine<void> {
      yield* f;
      throw new RuntimeError("should not be ignored");
    }
    const a = loop.createFuture();
    const b = loop.createFuture();
    let gatherer: Future<unknown[]> | null = null;
    function* outer(): Coroutine<void> {
      gatherer = gather(inner(a), inner(b));
      yield* gatherer;
    }
    const f = ensureFuture(outer());
    yield* runBriefly();
    a.setResult(null);
    yield* runBriefly();
    b.setResult(null);
    yield* runBriefly();
    yield* runBriefly();
    expect(f.exception()).toBeInstanceOf(RuntimeError);
    // White-box: the second child's exception was marked retrieved (no "never retrieved"
    // report when it is collected).
    const children = (gatherer as unknown as { _children: Task<unknown>[] })._children;
    expect(children[1]?.done()).toBe(true);
    expect((children[1] as unknown as { _logTraceback: boolean })._logTraceback).toBe(false);
  });

  itCo("test_issue46672", function* ({ loop }) {
    const c = coro("abc");
    // `{}` would be gather()'s options in TypeScript: use another non-awaitable.
    raises(TypeError, () => gatherAny(c, 42));
    yield* runLoop(loop);
    // NameError should not happen: the loop's exception handler was not called (itCo).
  });
});

describe("BaseTaskTests (gather)", () => {
  itCo("test_cancel_gather_1", function* ({ loop }) {
    // Ensure that a gathering future refuses to be cancelled once all children are done.
    const fut = loop.createFuture<number>();
    // The indirection fut->child_coro is needed since otherwise the gathering task is done
    // at the same time as the child future.
    function* childCoro(): Coroutine<number> {
      return yield* fut;
    }
    const gatherTask = ensureFuture(gather(childCoro()));
    yield* runBriefly(); // the child starts and waits for fut
    let cancelResult: boolean | null = null;
    fut.addDoneCallback(() => {
      cancelResult = gatherTask.cancel();
    });
    fut.setResult(42); // calls the cancelling callback after fut is done()
    // At this point the task should complete.
    yield* assertNoRaise(gatherTask);
    // Python issue #26923: asyncio.gather drops cancellation
    expect(cancelResult).toBe(false);
    expect(gatherTask.cancelled()).toBe(false);
    expect(gatherTask.result()).toEqual([42]);
  });

  for (const [cancelArgs, expectedMessage] of [
    [[], ""],
    [[undefined], ""],
    [["my message"], "my message"],
  ] as const) {
    itCo(`test_cancel_gather_2 (cancel_args=${JSON.stringify(cancelArgs)})`, function* () {
      function* test(): Coroutine<void> {
        let time = 0;
        for (;;) {
          time += 0.05;
          yield* gather(sleep(0.05), { returnExceptions: true });
          if (time > 1) return;
        }
      }
      const qwe = createTask(test());
      yield* sleep(0.2);
      qwe.cancel(...(cancelArgs as unknown as [string?]));
      const exc = yield* assertRaises(CancelledError, () => qwe);
      expect(exc.message).toBe(expectedMessage);
    });
  }

  itCo("test_context_3", function* () {
    // Run 100 Tasks in parallel, each modifying cvar.
    const cvar = new ContextVar<number>("cvar", { default: -1 });
    let seed = 7;
    const random = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    function* sub(num: number): Coroutine<void> {
      for (let i = 0; i < 10; i++) {
        cvar.set(num + i);
        yield* sleep(0.001 + random() * 0.049);
        expect(cvar.get()).toBe(num + i);
      }
    }
    const tasks: Task<void>[] = [];
    for (let i = 0; i < 100; i++) tasks.push(createTask(sub(Math.floor(random() * 11))));
    yield* gather(...tasks);
    expect(cvar.get()).toBe(-1);
  });
});

describe("gather (TypeScript)", () => {
  itCo("results keep argument order, whatever the completion order", function* () {
    const res = yield* gather(sleep(0.3, "a"), sleep(0.1, "b"), Promise.resolve("c"));
    expect(res).toEqual(["a", "b", "c"]);
  });

  itCo("a trailing plain object is the options; unknown keys are refused", function* () {
    function* boom(): Coroutine<never> {
      yield* sleep(0);
      throw new TypeError("boom");
    }
    const res = yield* gather(boom(), sleep(0, 1), { returnExceptions: true });
    expect(res[0]).toBeInstanceOf(TypeError);
    expect(res[1]).toBe(1);
    const e = raises(TypeError, () => gatherAny(sleep(0), { return_exceptions: true }));
    expect(e.message).toContain('unknown option "return_exceptions"');
    // A null-prototype object is options too.
    const opts = Object.assign(Object.create(null) as object, { returnExceptions: true });
    const r2 = yield* gatherAny(boom(), opts);
    expect(r2[0]).toBeInstanceOf(TypeError);
  });

  itCo("the first error propagates while the others keep running", function* () {
    let finished = false;
    function* slow(): Coroutine<string> {
      yield* sleep(1);
      finished = true;
      return "slow";
    }
    function* fail(): Coroutine<never> {
      yield* sleep(0.1);
      throw new RangeError("first");
    }
    const s = createTask(slow());
    const e = yield* assertRaises(RangeError, () => gather(s, fail()));
    expect(e.message).toBe("first");
    expect(s.done()).toBe(false);
    expect(yield* s).toBe("slow");
    expect(finished).toBe(true);
  });

  itCo("a child cancelled alone: CancelledError, or carried with returnExceptions", function* () {
    const t1 = createTask(sleep(1, "x"));
    const t2 = createTask(sleep(1, "y"));
    const g1 = gather(t1, sleep(0.5, "z"));
    const g2 = gather(t2, sleep(0.5, "z"), { returnExceptions: true });
    yield* sleep(0);
    t1.cancel("alone");
    t2.cancel("alone");
    const e = yield* assertRaises(CancelledError, () => g1);
    expect(e.message).toBe("alone");
    expect(g1.cancelled()).toBe(false);
    const r = yield* g2;
    expect(r[0]).toBeInstanceOf(CancelledError);
    // As in CPython: a new CancelledError with the child's _cancel_message, which a Task
    // cancelled while waiting on a Future does not set.
    expect((r[0] as Error).message).toBe("");
    expect(r[1]).toBe("z");
  });

  itCo("cancelling the gather cancels every child", function* () {
    const children = [0, 1, 2].map((i) => createTask(sleep(10, i)));
    const g = gather(...children, { returnExceptions: true });
    yield* sleep(0);
    expect(g.cancel("stop")).toBe(true);
    const e = yield* assertRaises(CancelledError, () => g);
    expect(e.message).toBe("stop");
    for (const c of children) expect(c.cancelled()).toBe(true);
  });

  itCo("a nested gather's CancelledError propagates to the outer gather", function* () {
    const t = createTask(sleep(10));
    const inner = gather(t);
    const outer = gather(inner, sleep(0.1));
    const sh = shield(inner);
    yield* sleep(0);
    t.cancel();
    yield* assertRaises(CancelledError, () => outer);
    expect(outer.cancelled()).toBe(false);
    expect(sh.exception()).toBeInstanceOf(CancelledError);
  });

  itCo("children already done complete the gather before it is returned", function* ({ loop }) {
    const a = loop.createFuture<number>();
    a.setResult(1);
    const b = loop.createFuture<string>();
    b.setResult("b");
    const g = gather(a, b);
    expect(g.done()).toBe(true);
    expect(g.result()).toEqual([1, "b"]);
    yield* sleep(0);
  });

  itCo("repr names the gathering future as CPython does", function* ({ loop }) {
    const f = loop.createFuture();
    const g = gather(f);
    expect(String(g)).toBe("<_GatheringFuture pending>");
    f.setResult(1);
    yield* g;
    expect(String(g)).toBe("<_GatheringFuture finished result=[1]>");
  });

  itCo("gatherAll handles 200,000 children", function* ({ loop }) {
    const n = 200_000;
    const tasks = Array.from({ length: n }, (_, i) => sleep(i % 7 === 0 ? 0 : 0.5, i));
    const results = yield* gatherAll(tasks);
    expect(results.length).toBe(n);
    expect(results[0]).toBe(0);
    expect(results[n - 1]).toBe(n - 1);
    expect(loop.time()).toBe(0.5);
  });

  itCo("gatherAll takes any iterable and refuses single awaitables", function* () {
    expect(yield* gatherAll(new Set([sleep(0, 1), sleep(0, 2)]))).toEqual([1, 2]);
    expect(yield* gatherAll([])).toEqual([]);
    const fut = getRunningLoop().createFuture();
    expect(raises(TypeError, () => gatherAll(fut as never)).message).toContain(
      "expected an iterable of awaitables",
    );
    const coro = sleep(0);
    raises(TypeError, () => gatherAll(coro as never));
    coro.return(undefined);
    raises(TypeError, () => gatherAll([sleep(0)], { return_exceptions: true } as never));
    const r = yield* gatherAll([Promise.reject(new RangeError("x")), Promise.resolve(2)], {
      returnExceptions: true,
    });
    expect(r[0]).toBeInstanceOf(RangeError);
    expect(r[1]).toBe(2);
  });

  itCo("spreading past V8's argument limit overflows; gatherAll does not", function* () {
    const many = Array.from({ length: 300_000 }, () => sleep(0));
    raises(globalThis.RangeError, () => gather(...many));
    expect((yield* gatherAll(many)).length).toBe(300_000);
  });

  itCo("gather refuses non-awaitables with what to do", function* () {
    expect(raises(TypeError, () => gatherAny(sleep)).message).toContain("call it and pass");
    expect(raises(TypeError, () => gatherAny(5)).message).toContain("number 5");
    yield* sleep(0);
  });

  it("works with await in an async function on the real EventLoop", async () => {
    const loop = new EventLoop();
    const res = await loop.runUntilComplete(
      (function* (): Coroutine<[number, string]> {
        return yield* gather(sleep(0.01, 1), sleep(0.005, "x"));
      })(),
    );
    expect(res).toEqual([1, "x"]);
    loop.close();
  });
});

describe("gather: repeated awaitables in large fan-outs", () => {
  itCo(
    "past 16 arguments, repeats of pending Futures, done Futures, Tasks and coroutines still run once and count once",
    function* ({ loop }) {
      // fast-check is not needed: every kind of repeat, at every position past the small
      // path, in one gather of 60.
      let runs = 0;
      function* coro(v: number): Coroutine<number> {
        runs++;
        yield* sleep(0);
        return v;
      }
      const pending = loop.createFuture<number>();
      const withOtherCallback = loop.createFuture<number>();
      withOtherCallback.addDoneCallback(() => undefined); // the gather's callback goes second
      const done = loop.createFuture<number>();
      done.setResult(3);
      const task = createTask(coro(4));
      const c = coro(5);
      const pool: { aw: unknown; value: number }[] = [
        { aw: pending, value: 1 },
        { aw: withOtherCallback, value: 2 },
        { aw: done, value: 3 },
        { aw: task, value: 4 },
        { aw: c, value: 5 },
      ];
      const picks = Array.from({ length: 60 }, (_, i) => pool[(i * 7) % pool.length]!);
      const g = gather(...(picks.map((p) => p.aw) as Future<number>[]));
      loop.callSoon(() => {
        pending.setResult(1);
        withOtherCallback.setResult(2);
      });
      const results = yield* g;
      expect(results).toEqual(picks.map((p) => p.value));
      expect(runs).toBe(2); // the Task's coroutine and c, once each
      // Each distinct awaitable was counted once: the gather completed exactly when the last
      // one did, not before (a double count would finish it early, or never).
      expect(g.done()).toBe(true);
    },
  );

  itCo(
    "the gather is its children's done callback: no closure, shown as CPython's _done_callback",
    function* ({ loop }) {
      const a = loop.createFuture<number>();
      const b = loop.createFuture<number>();
      const g = gather(a, b, a);
      expect(String(a)).toBe("<Future pending cb=[gather._done_callback()]>");
      expect(a._cb0).toBe(g); // the gather itself, registered once for the repeated child
      loop.callSoon(() => {
        a.setResult(1);
        b.setResult(2);
      });
      expect(yield* g).toEqual([1, 2, 1]);
    },
  );

  itCo(
    "a Future subclass that overrides addDoneCallback gets a function, called once per distinct child",
    function* ({ loop }) {
      const added: unknown[] = [];
      class Watched<T> extends Future<T> {
        override addDoneCallback(fn: (f: this) => unknown): void {
          added.push(fn);
          super.addDoneCallback(fn);
        }
      }
      const w = new Watched<string>({ loop });
      const g = gather(w, sleep(0, "s"), w);
      expect(added).toHaveLength(1);
      expect(typeof added[0]).toBe("function");
      loop.callSoon(() => w.setResult("w"));
      expect(yield* g).toEqual(["w", "s", "w"]);
    },
  );

  itCo("gatherAll over a generator of awaitables with repeats past 16", function* () {
    const t = createTask(sleep(0.01, "t"));
    // An iterable object (a generator object itself would be a coroutine).
    const items: Iterable<Task<string> | Coroutine<string>> = {
      *[Symbol.iterator]() {
        for (let i = 0; i < 40; i++) yield i % 3 === 0 ? t : sleep(0, `s${i}`);
      },
    };
    const results = yield* gatherAll(items);
    expect(results).toHaveLength(40);
    expect(results.filter((r) => r === "t")).toHaveLength(14);
    expect(results[1]).toBe("s1");
  });
});

describe("gather: messages", () => {
  it("gatherAll(generator object) says it got a coroutine", () => {
    function* gen(): Coroutine<number> {
      return 1;
    }
    expect(() => gatherAll(gen() as unknown as Iterable<Coroutine<number>>)).toThrow(
      /got a generator object \(a coroutine\); to await a single awaitable/,
    );
  });
});
