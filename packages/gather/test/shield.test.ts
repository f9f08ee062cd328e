// Ports of the shield() cases of BaseTaskTests in Lib/test/test_asyncio/test_tasks.py
// (3.13). CPython's mock exception handler is the `reported` list of itCo.
import { describe, expect, it } from "vitest";
import { CancelledError, RuntimeError } from "@tsasyncio/futures";
import { VirtualTimeLoop, setEventLoop } from "@tsasyncio/loop";
import { createTask, ensureFuture, sleep, type Coroutine } from "@tsasyncio/tasks";
import { gather, shield } from "@tsasyncio/gather";
import { itCo } from "../../../test-support/index.js";
import { assertRaises, raises, runBriefly } from "./helpers.js";

describe("BaseTaskTests (shield)", () => {
  itCo("test_shield_result", function* ({ loop }) {
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    inner.setResult(42);
    expect(yield* outer).toBe(42);
  });

  itCo("test_shield_exception", function* ({ loop }) {
    const inner = loop.createFuture();
    const outer = shield(inner);
    yield* runBriefly();
    const exc = new RuntimeError("expected");
    inner.setException(exc);
    yield* runBriefly();
    expect(outer.exception()).toBe(exc);
  });

  itCo("test_shield_cancel_inner", function* ({ loop }) {
    const inner = loop.createFuture();
    const outer = shield(inner);
    yield* runBriefly();
    inner.cancel();
    yield* runBriefly();
    expect(outer.cancelled()).toBe(true);
  });

  itCo("test_shield_cancel_outer", function* ({ loop }) {
    const inner = loop.createFuture();
    const outer = shield(inner);
    yield* runBriefly();
    outer.cancel();
    yield* runBriefly();
    expect(outer.cancelled()).toBe(true);
    // outer._callbacks is empty: the repr lists no cb=[…].
    expect(String(outer)).toBe("<Future cancelled>");
    inner.cancel();
  });

  itCo("test_shield_cancel_outer_result", function* ({ loop, reported }) {
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    yield* runBriefly();
    outer.cancel();
    yield* runBriefly();
    inner.setResult(1);
    yield* runBriefly();
    expect(reported.length).toBe(0);
  });

  itCo("test_shield_cancel_outer_exception", function* (ctx) {
    const { loop, reported } = ctx;
    ctx.expectReports();
    const inner = loop.createFuture();
    const outer = shield(inner);
    yield* runBriefly();
    outer.cancel();
    yield* runBriefly();
    inner.setException(new Error("foo"));
    yield* runBriefly();
    expect(reported.length).toBe(1);
    expect(reported[0]?.message).toBe("Error exception in shielded future");
    expect(reported[0]?.future).toBe(inner);
  });

  itCo("test_shield_duplicate_log_once", function* (ctx) {
    const { loop, reported } = ctx;
    ctx.expectReports();
    const inner = loop.createFuture();
    let outer = shield(inner);
    yield* runBriefly();
    outer.cancel();
    yield* runBriefly();
    outer = shield(inner);
    yield* runBriefly();
    outer.cancel();
    yield* runBriefly();
    inner.setException(new Error("foo"));
    yield* runBriefly();
    expect(reported.length).toBe(1);
  });

  itCo("test_shield_shortcut", function* ({ loop }) {
    const fut = loop.createFuture<number>();
    fut.setResult(42);
    expect(shield(fut)).toBe(fut);
    expect(yield* shield(fut)).toBe(42);
  });

  itCo("test_shield_effect", function* ({ loop }) {
    // Cancelling outer() does not affect inner().
    let proof = 0;
    const waiter = loop.createFuture();
    function* inner(): Coroutine<void> {
      yield* waiter;
      proof += 1;
    }
    function* outer(): Coroutine<void> {
      yield* shield(inner());
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

  itCo("test_shield_gather", function* ({ loop }) {
    const child1 = loop.createFuture<number>();
    const child2 = loop.createFuture<number>();
    const parent = gather(child1, child2);
    const outer = shield(parent);
    yield* runBriefly();
    outer.cancel();
    yield* runBriefly();
    expect(outer.cancelled()).toBe(true);
    child1.setResult(1);
    child2.setResult(2);
    yield* runBriefly();
    expect(parent.result()).toEqual([1, 2]);
  });

  itCo("test_gather_shield", function* ({ loop }) {
    const child1 = loop.createFuture<number>();
    const child2 = loop.createFuture<number>();
    const inner1 = shield(child1);
    const inner2 = shield(child2);
    const parent = gather(inner1, inner2);
    yield* runBriefly();
    parent.cancel();
    // This should cancel inner1 and inner2 but not child1 and child2.
    yield* runBriefly();
    expect(parent.exception()).toBeInstanceOf(CancelledError);
    expect(inner1.cancelled()).toBe(true);
    expect(inner2.cancelled()).toBe(true);
    child1.setResult(1);
    child2.setResult(2);
    yield* runBriefly();
  });

  it("test_shield_coroutine_without_loop", () => {
    setEventLoop(null);
    const inner = sleep(0, 42);
    const e = raises(RuntimeError, () => shield(inner));
    expect(e.message).toMatch(/no current event loop/);
    inner.return(42);
  });

  itCo("test_shield_coroutine_use_running_loop", function* ({ loop }) {
    function* coro(): Coroutine<number> {
      return 42;
    }
    const outer = shield(coro());
    expect(outer.getLoop()).toBe(loop);
    expect(yield* outer).toBe(42);
  });

  it("test_shield_coroutine_use_global_loop", async () => {
    // Deprecated in 3.10, undeprecated in 3.12
    function* coro(): Coroutine<number> {
      return 42;
    }
    const loop = new VirtualTimeLoop();
    setEventLoop(loop);
    try {
      const outer = shield(coro());
      expect(outer.getLoop()).toBe(loop);
      expect(await loop.runUntilComplete(outer)).toBe(42);
    } finally {
      setEventLoop(null);
      loop.close();
    }
  });
});

describe("shield (TypeScript)", () => {
  itCo("the awaiting task is cancelled, the shielded one keeps running", function* () {
    const save = createTask(sleep(1, "saved"));
    function* caller(): Coroutine<string> {
      return yield* shield(save);
    }
    const c = createTask(caller());
    yield* sleep(0.5);
    c.cancel();
    yield* assertRaises(CancelledError, () => c);
    expect(save.cancelled()).toBe(false);
    expect(yield* save).toBe("saved");
  });

  itCo(
    "an error of the inner Future is reported when it ended just before the cancellation",
    function* (ctx) {
      const { loop, reported } = ctx;
      // CPython leaves this race to the "never retrieved" report at garbage collection.
      ctx.expectReports();
      const inner = loop.createFuture();
      const outer = shield(inner);
      yield* runBriefly();
      inner.setException(new RangeError("late")); // schedules the inner callback
      outer.cancel(); // schedules the outer callback, which finds inner done
      yield* runBriefly();
      yield* runBriefly();
      expect(reported.length).toBe(1);
      expect(reported[0]?.message).toBe("RangeError exception in shielded future");
    },
  );

  itCo("a Promise can be shielded", function* () {
    expect(yield* shield(Promise.resolve(7))).toBe(7);
  });
});
