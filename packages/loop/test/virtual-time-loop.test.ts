// TypeScript-only cases of VirtualTimeLoop: the clock jumps to the next timer when the
// loop is idle, never waits on the wall clock, and waits for host work it knows of
// (unless autojumpThreshold says how long to wait).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getRunningLoop } from "@tsasyncio/futures";
import { run, sleep, createTask, type Coroutine } from "../../tasks/src/index.js";
import { itCo } from "../../../test-support/index.js";
import { VirtualTimeLoop } from "../src/index.js";
import { hostSleep } from "./utils.js";

describe("VirtualTimeLoop", () => {
  it("starts at 0 and sleeping 3600 virtual seconds takes well under a real second", async () => {
    const t0 = performance.now();
    const t = await run(
      (function* (): Coroutine<number> {
        expect(getRunningLoop().time()).toBe(0);
        yield* sleep(3600);
        return getRunningLoop().time();
      })(),
      { loopFactory: () => new VirtualTimeLoop() },
    );
    expect(t).toBe(3600);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("jumps exactly to each deadline, in deadline order, FIFO for equal deadlines", async () => {
    const loop = new VirtualTimeLoop();
    const seen: [string, number][] = [];
    const record = (name: string): void => void seen.push([name, loop.time()]);
    loop.callLater(5, record, "a");
    loop.callLater(1.5, record, "b");
    loop.callLater(5, record, "c");
    loop.callAt(0.25, record, "d");
    loop.callLater(10, () => loop.stop());
    await loop.runForever();
    expect(seen).toEqual([
      ["d", 0.25],
      ["b", 1.5],
      ["a", 5],
      ["c", 5],
    ]);
    expect(loop.time()).toBe(10);
    loop.close();
  });

  it("timers fire in (deadline, scheduling order) with the clock at their deadline", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 40 }),
        async (delays) => {
          const loop = new VirtualTimeLoop();
          const fired: [number, number, number][] = [];
          delays.forEach((d, i) =>
            loop.callLater(d / 10, () => void fired.push([d / 10, i, loop.time()])),
          );
          loop.callLater(101, () => loop.stop());
          await loop.runForever();
          loop.close();
          const expected = delays
            .map((d, i) => [d / 10, i, d / 10] as [number, number, number])
            .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
          expect(fired).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("waits for outstanding host work before jumping", async () => {
    const loop = new VirtualTimeLoop();
    let settledAt = -1;
    const fut = loop._wrapThenable(hostSleep(30).then(() => "host"));
    fut.addDoneCallback(() => (settledAt = loop.time()));
    loop.callLater(10, () => loop.stop());
    await loop.runForever();
    expect(fut.result()).toBe("host");
    expect(settledAt).toBe(0);
    expect(loop.time()).toBe(10);
    loop.close();
  });

  it("waits for host work that starts in a promise job after the jump was scheduled", async () => {
    const loop = new VirtualTimeLoop();
    let settledAt = -1;
    loop.callSoon(() => {
      queueMicrotask(() => {
        const fut = loop._wrapThenable(hostSleep(20));
        fut.addDoneCallback(() => (settledAt = loop.time()));
      });
    });
    loop.callLater(10, () => loop.stop());
    await loop.runForever();
    expect(settledAt).toBe(0);
    loop.close();
  });

  it("autojumpThreshold: waits that long for host work before jumping", async () => {
    const loop = new VirtualTimeLoop({ autojumpThreshold: 5 });
    let settledAt = -1;
    const fut = loop._wrapThenable(hostSleep(30));
    fut.addDoneCallback(() => (settledAt = loop.time()));
    loop.callLater(10, () => loop.stop());
    await loop.runForever();
    // the host work settled (after 30 ms) long before the threshold (5 s): no jump before
    expect(settledAt).toBe(0);
    loop.close();
  });

  it("autojumpThreshold: jumps after that much real idleness even with host work outstanding", async () => {
    const loop = new VirtualTimeLoop({ autojumpThreshold: 0.01 });
    const never = loop._wrapThenable(new Promise<void>(() => undefined));
    const times: number[] = [];
    loop.callLater(5, () => times.push(loop.time()));
    loop.callLater(7, () => {
      times.push(loop.time());
      loop.stop();
    });
    const t0 = performance.now();
    await loop.runForever();
    expect(times).toEqual([5, 7]);
    expect(never.done()).toBe(false);
    // two idle periods of at least 10 ms each (a lower bound only)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
    never.cancel();
    loop.close();
  });

  it("autojumpThreshold must be a number >= 0 or null", () => {
    expect(() => new VirtualTimeLoop({ autojumpThreshold: -1 })).toThrow(RangeError);
    expect(() => new VirtualTimeLoop({ autojumpThreshold: Number.NaN })).toThrow(RangeError);
    expect(() => new VirtualTimeLoop({ autojumpThreshold: "1" as never })).toThrow(RangeError);
    new VirtualTimeLoop({ autojumpThreshold: null }).close();
    new VirtualTimeLoop({ autojumpThreshold: 0 }).close();
  });

  it("never jumps to an infinite deadline", async () => {
    const loop = new VirtualTimeLoop();
    let fired = false;
    loop.callLater(Infinity, () => (fired = true));
    loop.callLater(2, () => undefined);
    setTimeout(() => loop.stop(), 20);
    await loop.runForever();
    expect(fired).toBe(false);
    expect(loop.time()).toBe(2);
    loop.close();
  });

  it("advance() moves the clock forward and due timers run", async () => {
    const loop = new VirtualTimeLoop();
    expect(() => loop.advance(-1)).toThrow(RangeError);
    expect(() => loop.advance(Number.NaN)).toThrow(RangeError);
    loop.advance(2.5);
    expect(loop.time()).toBe(2.5);
    const seen: number[] = [];
    loop.callLater(1, () => seen.push(loop.time()));
    loop.callSoon(() => loop.advance(1));
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    // advance() made both timers due at once: no jump needed, the clock reads 3.5
    expect(seen).toEqual([3.5]);
    expect(loop.time()).toBe(3.5);
    loop.close();
  });

  it("String(loop) names the class", () => {
    const loop = new VirtualTimeLoop();
    expect(String(loop)).toBe("<VirtualTimeLoop running=false closed=false debug=false>");
    loop.close();
  });

  itCo("works with the coroutine test helper", function* ({ loop }) {
    expect(loop).toBeInstanceOf(VirtualTimeLoop);
    const t0 = loop.time();
    const a = createTask(sleep(1, "a"));
    const b = createTask(sleep(2, "b"));
    expect([yield* a, yield* b]).toEqual(["a", "b"]);
    expect(loop.time() - t0).toBe(2);
  });
});

describe("VirtualTimeLoop and host work", () => {
  it("host work whose Future was cancelled no longer holds the clock", async () => {
    const loop = new VirtualTimeLoop();
    const hung = loop._wrapThenable(new Promise<void>(() => undefined));
    expect(loop._hostWork).toBe(1);
    loop.callSoon(() => hung.cancel());
    const fired: number[] = [];
    loop.callLater(5, () => {
      fired.push(loop.time());
      loop.stop();
    });
    // a safety net, so that a failure is a failed assertion and not a hung test
    const timer = setTimeout(() => loop.stop(), 500);
    await loop.runForever();
    clearTimeout(timer);
    expect(fired).toEqual([5]);
    expect(loop._hostWork).toBe(0);
    loop.close();
  });
});
