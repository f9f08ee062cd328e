// TypeScript-only behaviour of the tasks layer: the error messages that point to the right
// call, async functions and Promises, AbortSignal, asyncWith, cancellation order, reprs and
// the seed tutorial's timings. The Node-only cases are in interop.node.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { CancelledError, Future, RuntimeError, getRunningLoop } from "@tsasyncio/futures";
import { VirtualTimeLoop } from "@tsasyncio/loop";
import {
  Task,
  abortable,
  asyncWith,
  createTask,
  ensureFuture,
  run,
  sleep,
  type AsyncContextManager,
  type Coroutine,
} from "@tsasyncio/tasks";
import { itCo, runVirtual } from "../../../test-support/index.js";
import { closeLoops, newTestLoop } from "./helpers.js";

afterEach(closeLoops);

function* main(): Coroutine<void> {}
async function fetchIt(): Promise<number> {
  return 1;
}
async function* agen(): AsyncGenerator<number> {
  yield 1;
}

describe("TypeErrors that point to the right call", () => {
  itCo("createTask() with a Promise says to use ensureFuture", function* () {
    const p = Promise.resolve(1);
    expect(() => createTask(p as never)).toThrow(TypeError);
    expect(() => createTask(p as never)).toThrow(
      "createTask(): a coroutine was expected, got a Promise, which runs by itself: to await it in a coroutine, wrap it with yield* ensureFuture(promise)",
    );
    expect(() => createTask({ then() {} } as never)).toThrow(/got a thenable.*ensureFuture/);
  });

  it("run() with a Promise says to await it, or to use ensureFuture", async () => {
    await expect(run(Promise.resolve(1) as never)).rejects.toThrow(
      "run(): a coroutine was expected, got a Promise, which runs by itself: await it directly, or inside a coroutine with yield* ensureFuture(promise)",
    );
  });

  itCo("createTask() and run() with a generator function say to call it", function* () {
    expect(() => createTask(main as never)).toThrow(
      "createTask(): a coroutine was expected, got the generator function main; call it to make the coroutine: createTask(main())",
    );
    expect(() => new Task(main as never)).toThrow(
      /call it to make the coroutine: new Task\(main\(\)\)/,
    );
  });

  it("run() with a generator function says to call it", async () => {
    await expect(run(main as never)).rejects.toThrow(/generator function main; .*run\(main\(\)\)/);
  });

  itCo("createTask() with an async function says what tsasyncio coroutines are", function* () {
    expect(() => createTask(fetchIt as never)).toThrow(
      /got the async function fetchIt; tsasyncio coroutines are function\* generators .*yield\* ensureFuture\(fetchIt\(\)\)/,
    );
    expect(() => createTask(agen as never)).toThrow(
      /got the async generator function agen; write a function\* generator/,
    );
  });

  itCo("createTask() with anything else says what it got", function* () {
    expect(() => createTask(123 as never)).toThrow(
      "createTask(): a coroutine was expected, got 123",
    );
    expect(() => createTask("main" as never)).toThrow(/got 'main'$/);
    expect(() => createTask(null as never)).toThrow(/got null$/);
    expect(() => createTask(new Map() as never)).toThrow(/got a Map$/);
    const fut = getRunningLoop().createFuture();
    expect(() => createTask(fut as never)).toThrow(
      /got a Future \(<Future pending>\), which is already scheduled/,
    );
  });

  it("createTask() outside a running loop: RuntimeError('no running event loop')", () => {
    const coro = main();
    expect(() => createTask(coro)).toThrow(RuntimeError);
    expect(() => createTask(coro)).toThrow(/^no running event loop$/);
  });

  itCo("ensureFuture() with a function says to call it", function* () {
    expect(() => ensureFuture(fetchIt as never)).toThrow(
      "ensureFuture(): an asyncio.Future, a coroutine or an awaitable is required, got function fetchIt; call the function and pass what it returns",
    );
    expect(() => ensureFuture(42 as never)).toThrow(/awaitable is required, got 42$/);
  });

  itCo("abortable(), asyncWith() and sleep() check their arguments", function* () {
    expect(() => abortable(42 as never)).toThrow(/abortable\(\) expected a function/);
    expect(() => asyncWith({} as never, main).next()).toThrow(
      /asyncWith\(\) expected an asynchronous context manager/,
    );
    expect(() => sleep("1" as never)).toThrow(/sleep\(\) expected a delay in seconds/);
  });

  itCo("a Task named null gets a default name", function* ({ loop }) {
    const t = new Task(main(), { loop, name: null as never });
    expect(t.getName()).toMatch(/^Task-\d+$/);
    yield* t;
  });
});

describe("yield without * (RuntimeError thrown into the coroutine)", () => {
  function* catching(bad: () => unknown): Coroutine<unknown> {
    try {
      yield bad();
    } catch (e) {
      return e;
    }
    return null;
  }

  itCo("a bare `yield 5` is a RuntimeError that mentions yield*", function* () {
    const e = yield* catching(() => 5);
    expect(e).toBeInstanceOf(RuntimeError);
    expect((e as Error).message).toMatch(/^Task got bad yield: 5; a coroutine awaits with yield\*/);
  });

  itCo("yielding a generator", function* () {
    const e = yield* catching(() => main());
    expect((e as Error).message).toMatch(
      /^yield was used instead of yield\* for coroutine generator in task <Task .*write yield\* coro\(\)/,
    );
  });

  itCo("yielding sleep() without *", function* () {
    const e = yield* catching(() => sleep(1));
    expect(e).toBeInstanceOf(RuntimeError);
    expect((e as Error).message).toMatch(
      /^yield was used instead of yield\* for coroutine sleep\(\)/,
    );
  });

  itCo("yielding a Promise", function* () {
    const e = yield* catching(() => Promise.resolve(1));
    expect((e as Error).message).toMatch(
      /a Promise or thenable; await it with yield\* ensureFuture\(promise\)/,
    );
  });

  itCo("yielding a Task or a Future", function* () {
    const t = createTask(sleep(0, 1));
    const e = yield* catching(() => t);
    expect((e as Error).message).toMatch(
      /^yield was used instead of yield\* in task .*write yield\* future/,
    );
    expect(yield* t).toBe(1);
  });

  itCo("a bare `yield` gives up control for one iteration", function* () {
    const order: string[] = [];
    getRunningLoop().callSoon(() => order.push("callback"));
    order.push("before");
    yield;
    order.push("after");
    expect(order).toEqual(["before", "callback", "after"]);
  });
});

describe("async functions and Promises", () => {
  it("await task and await sleep() in async functions called while a loop runs", async () => {
    async function helper(task: Task<string>): Promise<string> {
      const slept = await sleep(0.01, "slept");
      const fromTask = await task;
      return `${slept} ${fromTask}`;
    }
    function* main2(): Coroutine<string> {
      const task = createTask(sleep(0.02, "task"));
      return yield* ensureFuture(helper(task));
    }
    expect(await run(main2())).toBe("slept task");
  });

  it("ensureFuture(promise) wakes the loop when the Promise settles", async () => {
    function* main2(): Coroutine<[number, unknown]> {
      const v = yield* ensureFuture(new Promise<number>((r) => setTimeout(() => r(5), 20)));
      let err: unknown;
      try {
        yield* ensureFuture(Promise.reject(new RangeError("no")));
      } catch (e) {
        err = e;
      }
      return [v, err];
    }
    const [v, err] = await run(main2());
    expect(v).toBe(5);
    expect(err).toBeInstanceOf(RangeError);
  });

  it("ensureFuture(promise) on a VirtualTimeLoop: time does not jump while it is outstanding", async () => {
    const { result } = await runVirtual(function* ({ loop }) {
      const sleeper = createTask(sleep(100, "timer"));
      const v = yield* ensureFuture(new Promise<string>((r) => setTimeout(() => r("host"), 20)));
      const t = loop.time();
      return [v, t, yield* sleeper, loop.time()];
    });
    expect(result).toEqual(["host", 0, "timer", 100]);
  });

  it("loop.runUntilComplete(sleep()) runs the lazy coroutine as a Task", async () => {
    const loop = newTestLoop();
    expect(await loop.runUntilComplete(sleep(1, "x"))).toBe("x");
    expect(loop.time()).toBe(1);
  });

  it("Futures and Tasks are thenables; run() returns a Promise", async () => {
    const p = run(sleep(0.01, 7));
    expect(p).toBeInstanceOf(Promise);
    expect(await p).toBe(7);
  });
});

describe("abortable()", () => {
  itCo("aborts the signal when the awaiting task is cancelled", function* () {
    let signal: AbortSignal | null = null;
    const started: string[] = [];
    function* worker(): Coroutine<void> {
      yield* abortable((s) => {
        signal = s;
        started.push("fn");
        return new Promise((_, reject) => s.addEventListener("abort", () => reject(s.reason)));
      });
    }
    const t = createTask(worker());
    yield* sleep(0);
    expect(started).toEqual(["fn"]);
    expect(signal!.aborted).toBe(false);
    t.cancel("stop");
    const e = yield* ensureFuture(
      t.then(
        () => null,
        (x: unknown) => x,
      ),
    );
    expect(e).toBeInstanceOf(CancelledError);
    expect(signal!.aborted).toBe(true);
    expect(signal!.reason).toBeInstanceOf(CancelledError);
    expect((signal!.reason as Error).message).toBe("stop");
  });

  itCo("aborts the signal when the Future is cancelled directly", function* () {
    let signal: AbortSignal | null = null;
    const fut = abortable((s) => {
      signal = s;
      return new Promise<never>(() => {});
    });
    expect(signal!.aborted).toBe(false); // fn runs at once
    fut.cancel();
    yield* sleep(0);
    expect(signal!.aborted).toBe(true);
  });

  itCo("settles with the Promise's outcome, or the error fn throws", function* () {
    expect(yield* abortable(async () => 3)).toBe(3);
    const boom = new RangeError("sync");
    const fut = abortable(() => {
      throw boom;
    });
    expect(fut.exception()).toBe(boom);
  });
});

describe("asyncWith()", () => {
  class Recorder implements AsyncContextManager<string, boolean> {
    log: unknown[] = [];
    constructor(readonly suppress: boolean) {}
    *aenter(): Coroutine<string> {
      yield* sleep(0);
      this.log.push("enter");
      return "value";
    }
    *aexit(error: unknown): Coroutine<boolean> {
      yield* sleep(0);
      this.log.push(["exit", error]);
      return this.suppress;
    }
  }

  itCo(
    "aexit(undefined) on success; the body gets aenter()'s value and its result comes back",
    function* () {
      const cm = new Recorder(false);
      const r = yield* asyncWith(cm, function* (v) {
        cm.log.push(`body ${v}`);
        return 42;
      });
      expect(r).toBe(42);
      expect(cm.log).toEqual(["enter", "body value", ["exit", undefined]]);
    },
  );

  itCo("aexit gets the error; a falsy result lets it through", function* () {
    const cm = new Recorder(false);
    const boom = new RangeError("boom");
    let caught: unknown;
    try {
      yield* asyncWith(cm, function* () {
        yield* sleep(0);
        throw boom;
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(boom);
    expect(cm.log).toEqual(["enter", ["exit", boom]]);
  });

  itCo("a truthy aexit result suppresses the error (asyncWith returns undefined)", function* () {
    const cm = new Recorder(true);
    const r = yield* asyncWith(cm, function* (): Coroutine<number> {
      throw new RangeError("suppressed");
    });
    expect(r).toBeUndefined();
    expect((cm.log[1] as unknown[])[1]).toBeInstanceOf(RangeError);
  });

  itCo("a cancellation inside the body reaches aexit", function* () {
    const cm = new Recorder(false);
    const t = createTask(
      asyncWith(cm, function* () {
        yield* sleep(10);
      }),
    );
    yield* sleep(0.5);
    t.cancel();
    const e = yield* ensureFuture(
      t.then(
        () => null,
        (x: unknown) => x,
      ),
    );
    expect(e).toBeInstanceOf(CancelledError);
    expect((cm.log[1] as unknown[])[1]).toBeInstanceOf(CancelledError);
  });
});

describe("cancellation and references", () => {
  itCo("a cancelled task's finally blocks run before its awaiters resume", function* () {
    const log: string[] = [];
    const child = createTask(
      (function* () {
        try {
          yield* sleep(10);
        } finally {
          log.push("child finally");
          yield* sleep(1); // an asynchronous cleanup
          log.push("child cleanup done");
        }
      })(),
    );
    const awaiter = createTask(
      (function* () {
        try {
          yield* child;
        } catch (e) {
          log.push(`awaiter resumed with ${(e as Error).name}`);
        }
      })(),
    );
    yield* sleep(0);
    child.cancel();
    yield* awaiter;
    expect(log).toEqual([
      "child finally",
      "child cleanup done",
      "awaiter resumed with CancelledError",
    ]);
  });
});

describe("Task reprs", () => {
  it("coro=<generator> by default, coro=<sleep()> for sleep()", async () => {
    await runVirtual(function* () {
      const t = createTask(main(), { name: "worker" });
      expect(String(t)).toBe("<Task pending name='worker' coro=<generator>>");
      const s = createTask(sleep(1), { name: "sleeper" });
      yield* sleep(0);
      expect(String(s)).toMatch(
        /^<Task pending name='sleeper' coro=<sleep\(\)> wait_for=<Future pending/,
      );
      yield* s;
      expect(String(s)).toBe("<Task finished name='sleeper' coro=<sleep()> result=undefined>");
    });
  });

  itCo("a hand-written coroutine object shows its class name", function* ({ loop }) {
    class Countdown implements Coroutine<string> {
      n = 2;
      next(): IteratorResult<unknown, string> {
        return this.n-- > 0 ? { done: false, value: undefined } : { done: true, value: "liftoff" };
      }
      throw(e: unknown): IteratorResult<unknown, string> {
        throw e;
      }
      return(v: string): IteratorResult<unknown, string> {
        return { done: true, value: v };
      }
      [Symbol.iterator](): this {
        return this;
      }
      [Symbol.dispose](): void {}
    }
    const t = new Task(new Countdown(), { loop, name: "c" });
    expect(String(t)).toBe("<Task pending name='c' coro=<Countdown>>");
    expect(yield* t).toBe("liftoff");
  });
});

describe("the seed tutorial's three ways to run a coroutine", () => {
  function* sayAfter(delay: number, what: string, out: string[]): Coroutine<void> {
    yield* sleep(delay);
    out.push(what);
  }

  it("run() runs the top-level entry point", async () => {
    const out: string[] = [];
    function* hello(): Coroutine<number> {
      out.push("hello");
      yield* sleep(1);
      out.push("world");
      return getRunningLoop().time();
    }
    expect(await run(hello(), { loopFactory: () => new VirtualTimeLoop() })).toBe(1);
    expect(out).toEqual(["hello", "world"]);
  });

  itCo("yield* one coroutine after the other: 3 s", function* ({ loop }) {
    const out: string[] = [];
    const t0 = loop.time();
    yield* sayAfter(1, "hello", out);
    yield* sayAfter(2, "world", out);
    expect(out).toEqual(["hello", "world"]);
    expect(loop.time() - t0).toBe(3);
  });

  itCo("createTask() runs them concurrently: 2 s", function* ({ loop }) {
    const out: string[] = [];
    const t0 = loop.time();
    const task1 = createTask(sayAfter(1, "hello", out));
    const task2 = createTask(sayAfter(2, "world", out));
    yield* task1;
    yield* task2;
    expect(out).toEqual(["hello", "world"]);
    expect(loop.time() - t0).toBe(2);
  });
});

describe("custom awaitables", () => {
  // A hand-written awaitable that follows the Future protocol: yield the blocking Future,
  // then read its outcome with result() (CPython's __await__).
  function awaitable<T>(fut: Future<T>): { [Symbol.iterator](): Iterator<unknown, T, unknown> } {
    return {
      *[Symbol.iterator]() {
        if (!fut.done()) {
          fut._asyncioFutureBlocking = true;
          yield fut;
        }
        return fut.result();
      },
    };
  }

  itCo("a result and an error both come through the protocol", function* ({ loop }) {
    const ok = loop.createFuture<number>();
    const bad = loop.createFuture<number>();
    loop.callLater(1, () => ok.setResult(1));
    loop.callLater(2, () => bad.setException(new RangeError("bad")));
    expect(yield* awaitable(ok)).toBe(1);
    let err: unknown;
    try {
      yield* awaitable(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RangeError);
  });

  itCo("a CancelledError's stack shows the coroutine that was waiting", function* () {
    function* waitingHere(): Coroutine<void> {
      yield* sleep(10);
    }
    const t = createTask(waitingHere());
    yield* sleep(0);
    t.cancel();
    const e = yield* ensureFuture(
      t.then(
        () => null,
        (x: unknown) => x,
      ),
    );
    expect(e).toBeInstanceOf(CancelledError);
    expect((e as Error).stack).toMatch(/at waitingHere \(.*interop\.test\.ts/);
  });
});

describe("sleep(): its Future is its own timer", () => {
  itCo("a Task sleeping shows a plain pending Future in its repr", function* ({ loop }) {
    const t = createTask(sleep(5, "x"), { name: "sleeper" });
    yield* sleep(0);
    expect(String(t)).toMatch(
      /^<Task pending name='sleeper' coro=<sleep\(\)> wait_for=<Future pending cb=\[taskWakeup\(\)\]>>$/,
    );
    expect(loop._scheduled.length).toBe(1);
    t.cancel();
    yield* sleep(0);
    expect(t.cancelled()).toBe(true);
    // The timer is dropped lazily, and counted as cancelled until then.
    expect(loop._timerCancelledCount).toBe(loop._scheduled.length);
  });

  itCo("sleeps with equal deadlines wake in the order they were made", function* () {
    const order: number[] = [];
    const tasks = [1, 2, 3].map((i) =>
      createTask(
        (function* (): Coroutine<void> {
          yield* sleep(1);
          order.push(i);
        })(),
      ),
    );
    for (const t of tasks) yield* t;
    expect(order).toEqual([1, 2, 3]);
  });

  it("on a loop without the internal timer hook, sleep uses callLater", async () => {
    const loop = new VirtualTimeLoop();
    (loop as unknown as { _addTimer: undefined })._addTimer = undefined;
    let viaCallLater = 0;
    const orig = loop.callLater.bind(loop);
    loop.callLater = ((...a: Parameters<typeof orig>) => {
      viaCallLater++;
      return orig(...a);
    }) as typeof loop.callLater;
    try {
      expect(await loop.runUntilComplete(sleep(3, "done"))).toBe("done");
      expect(loop.time()).toBe(3);
      expect(viaCallLater).toBe(1);
    } finally {
      loop.close();
    }
  });
});
