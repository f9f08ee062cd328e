// Lib/test/test_asyncio/test_futures.py and test_futures2.py on a hand-driven FakeLoop:
// @tsasyncio/futures is tested on its own, without @tsasyncio/loop. The same suite runs on
// the real loop in packages/loop/test/futures-on-loop.test.ts.
import { describe, expect, it } from "vitest";
import { Future, RuntimeError, getRunningLoop, isFuture } from "@tsasyncio/futures";
import { _getRunningLoop, currentContext } from "@tsasyncio/futures/internal";
import { FakeLoop } from "./fake-loop.js";
import { defineFutureTests } from "./future-suite.js";

defineFutureTests(() => new FakeLoop());

describe("TypeScript: loops and isFuture", () => {
  it("getRunningLoop() throws RuntimeError('no running event loop') when none runs", () => {
    expect(_getRunningLoop()).toBeNull();
    expect(() => getRunningLoop()).toThrow(RuntimeError);
    expect(() => getRunningLoop()).toThrow(/^no running event loop$/);
  });

  it("getRunningLoop() returns the loop running the current callback", () => {
    const loop = new FakeLoop();
    let seen: unknown = null;
    loop.callSoon(() => {
      seen = getRunningLoop();
    });
    loop.runOnce();
    expect(seen).toBe(loop);
    expect(_getRunningLoop()).toBeNull();
  });

  it("new Future() with no loop is a RuntimeError that says what to do", () => {
    let error: unknown;
    try {
      new Future();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuntimeError);
    const message = (error as Error).message;
    expect(message).toMatch(/no current event loop/);
    expect(message).toMatch(/new Future\(\)/);
    expect(message).toMatch(/\{ loop \}/);
  });

  it("new Future() inside a running loop's callback takes that loop", () => {
    const loop = new FakeLoop();
    const f = loop.runInside(() => new Future<number>());
    expect(f.getLoop()).toBe(loop);
    expect(loop.createFuture().getLoop()).toBe(loop);
  });

  it("isFuture duck-types on _asyncioFutureBlocking (a foreign class is accepted)", () => {
    class ForeignFuture {
      _asyncioFutureBlocking = false;
      done(): boolean {
        return false;
      }
    }
    expect(isFuture(new ForeignFuture())).toBe(true);
    expect(isFuture({ _asyncioFutureBlocking: true })).toBe(true);
    expect(isFuture({ _asyncioFutureBlocking: null })).toBe(false);
    expect(isFuture({ _asyncioFutureBlocking: "no" })).toBe(false);
    expect(isFuture(Promise.resolve())).toBe(false);
    expect(isFuture(ForeignFuture)).toBe(false);
    expect(isFuture(undefined)).toBe(false);
  });
});

describe("FakeLoop", () => {
  it("runOnce runs only the callbacks that were ready when it began, FIFO", () => {
    const loop = new FakeLoop();
    const bag: string[] = [];
    loop.callSoon(() => {
      bag.push("a");
      loop.callSoon(() => bag.push("c"));
    });
    loop.callSoon(() => bag.push("b"));
    expect(loop.runOnce()).toBe(2);
    expect(bag).toEqual(["a", "b"]);
    expect(loop.runUntilIdle()).toBe(1);
    expect(bag).toEqual(["a", "b", "c"]);
  });

  it("runs each callback in its context and restores the current one", () => {
    const loop = new FakeLoop();
    const before = currentContext();
    const f = loop.createFuture<number>();
    let inside: unknown = null;
    f.addDoneCallback(() => {
      inside = currentContext();
    });
    f.setResult(1);
    loop.runUntilIdle();
    expect(inside).not.toBeNull();
    expect(inside).not.toBe(before);
    expect(currentContext()).toBe(before);
  });

  it("a cancelled handle does not run; a closed loop refuses callbacks", () => {
    const loop = new FakeLoop();
    const bag: number[] = [];
    loop.callSoon(() => bag.push(1)).cancel();
    loop.runUntilIdle();
    expect(bag).toEqual([]);
    loop.close();
    expect(() => loop.callSoon(() => bag.push(2))).toThrow("Event loop is closed");
    const f = new Future({ loop });
    f.addDoneCallback(() => {});
    expect(() => f.setResult(null)).toThrow(RuntimeError);
  });
});
