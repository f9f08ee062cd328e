// TypeScript-only cases: how the loop lives inside the host's event loop (Node or a
// browser), its iteration semantics, contexts, error reporting, debug mode and reprs. The
// cases that need Node's APIs (file I/O, environment variables) are in
// host-integration.node.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { ContextVar, Future, RuntimeError, copyContext, getRunningLoop } from "@tsasyncio/futures";
import { ensureFuture } from "../../tasks/src/index.js";
import { EventLoop, newEventLoop, type Handle } from "../src/index.js";
import { hostSleep, nextHostTask, spyConsole, spyText } from "./utils.js";

const loops: EventLoop[] = [];
function makeLoop(): EventLoop {
  const loop = newEventLoop();
  loops.push(loop);
  return loop;
}
afterEach(() => {
  for (const loop of loops.splice(0)) if (!loop.isRunning()) loop.close();
});

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* spin */
  }
}

describe("host integration", () => {
  it("a settling Promise wakes an idle loop (_wrapThenable)", async () => {
    const loop = makeLoop();
    let iterations = 0;
    const orig = loop._runOnce.bind(loop);
    loop._runOnce = () => {
      iterations++;
      orig();
    };
    const fut = loop._wrapThenable(hostSleep(20).then(() => 5));
    expect(loop._hostWork).toBe(1);
    fut.addDoneCallback(() => loop.stop());
    await loop.runForever();
    expect(fut.result()).toBe(5);
    expect(loop._hostWork).toBe(0);
    // idle while the promise was pending: no busy polling
    expect(iterations).toBeLessThan(10);
  });

  it("a settling Promise wakes an idle loop (ensureFuture)", async () => {
    const loop = makeLoop();
    const fut = ensureFuture(
      new Promise<string>((resolve) => setTimeout(() => resolve("ok"), 10)),
      { loop },
    );
    expect(await loop.runUntilComplete(fut)).toBe("ok");
  });

  it("a rejected Promise becomes the Future's exception", async () => {
    const loop = makeLoop();
    const fut = loop._wrapThenable(Promise.reject(new TypeError("nope")));
    await expect(loop.runUntilComplete(fut)).rejects.toThrow("nope");
    // a rejection with no reason still carries an Error
    const fut2 = loop._wrapThenable(Promise.reject(undefined as unknown as Error));
    await expect(loop.runUntilComplete(fut2)).rejects.toThrow(Error);
  });

  it("an async function called from a loop callback sees getRunningLoop() after an await", async () => {
    const loop = makeLoop();
    const seen: unknown[] = [];
    const done = loop.createFuture<void>();
    loop.callSoon(() => {
      void (async () => {
        seen.push(getRunningLoop());
        await Promise.resolve();
        seen.push(getRunningLoop());
        await hostSleep(2);
        seen.push(getRunningLoop());
        done.setResult();
      })();
    });
    await loop.runUntilComplete(done);
    expect(seen).toEqual([loop, loop, loop]);
    expect(() => getRunningLoop()).toThrow("no running event loop");
  });

  it("running a second loop while one runs rejects with RuntimeError", async () => {
    const loop1 = makeLoop();
    const loop2 = makeLoop();
    const running = loop1.runForever();
    await expect(loop2.runForever()).rejects.toThrow(RuntimeError);
    await expect(loop2.runForever()).rejects.toThrow(
      "Cannot run the event loop while another loop is running",
    );
    await expect(loop2.runUntilComplete(loop2.createFuture())).rejects.toThrow(RuntimeError);
    await expect(loop1.runForever()).rejects.toThrow("This event loop is already running");
    loop1.stop();
    await running;
    // once it stopped, the other one can run
    loop2.callSoon(() => loop2.stop());
    await loop2.runForever();
  });

  it("close() on a running loop throws", async () => {
    const loop = makeLoop();
    const running = loop.runForever();
    expect(() => loop.close()).toThrow(RuntimeError);
    expect(() => loop.close()).toThrow("Cannot close a running event loop");
    expect(loop.isClosed()).toBe(false);
    loop.stop();
    await running;
    loop.close();
    expect(loop.isClosed()).toBe(true);
  });

  it("a closed loop refuses callSoon with RuntimeError('Event loop is closed')", () => {
    const loop = makeLoop();
    loop.close();
    expect(() => loop.callSoon(() => undefined)).toThrow(new RuntimeError("Event loop is closed"));
    expect(() => loop._callSoon(() => undefined, null, null)).toThrow("Event loop is closed");
    expect(() => loop.createFuture()).not.toThrow();
  });

  it("close() drops pending callbacks and timers", () => {
    const loop = makeLoop();
    loop.callSoon(() => undefined);
    const t = loop.callLater(1, () => undefined);
    loop.close();
    expect(loop._ready.length).toBe(0);
    expect(loop._scheduled.length).toBe(0);
    expect(t._scheduled).toBe(false);
  });

  it("stop() lets the current iteration finish; later callbacks wait for the next run", async () => {
    const loop = makeLoop();
    const calls: string[] = [];
    loop.callSoon(() => {
      calls.push("a");
      loop.stop();
      loop.callSoon(() => calls.push("d")); // scheduled during the last iteration
    });
    loop.callSoon(() => calls.push("b"));
    loop.callSoon(() => calls.push("c"));
    await loop.runForever();
    expect(calls).toEqual(["a", "b", "c"]);
    expect(loop._ready.length).toBe(1);
    await loop.runUntilComplete(Promise.resolve());
    expect(calls).toEqual(["a", "b", "c", "d"]);
  });

  it("stop() from host code stops an idle loop", async () => {
    const loop = makeLoop();
    let fired = false;
    loop.callLater(3600, () => (fired = true));
    setTimeout(() => loop.stop(), 5);
    await loop.runForever();
    expect(fired).toBe(false);
    expect(loop.isRunning()).toBe(false);
  });

  it("one iteration runs exactly the callbacks ready when it began", () => {
    const loop = makeLoop();
    const calls: string[] = [];
    loop.callSoon(() => {
      calls.push("a");
      loop.callSoon(() => calls.push("a2"));
    });
    loop.callSoon(() => calls.push("b"));
    loop.callLater(-1, () => {
      calls.push("t");
      loop.callSoon(() => calls.push("t2"));
    });
    loop._runOnce();
    // due timers join the end of this iteration; what they schedule waits
    expect(calls).toEqual(["a", "b", "t"]);
    loop._runOnce();
    expect(calls).toEqual(["a", "b", "t", "a2", "t2"]);
    loop._runOnce();
    expect(calls).toHaveLength(5);
  });

  it("iterations interleave FIFO across running", async () => {
    const loop = makeLoop();
    const order: string[] = [];
    let iteration = 0;
    const orig = loop._runOnce.bind(loop);
    loop._runOnce = () => {
      iteration++;
      orig();
    };
    const chain = (name: string, n: number): void => {
      order.push(`${name}${n}@${iteration}`);
      if (n < 2) loop.callSoon(chain, name, n + 1);
      else if (name === "y") loop.stop();
    };
    loop.callSoon(chain, "x", 0);
    loop.callSoon(chain, "y", 0);
    await loop.runForever();
    expect(order).toEqual(["x0@1", "y0@1", "x1@2", "y1@2", "x2@3", "y2@3"]);
  });

  it("callbacks run in a copy of the context current at callSoon time", async () => {
    const loop = makeLoop();
    const v = new ContextVar<string>("v", { default: "default" });
    const seen: string[] = [];
    const ctx = copyContext();
    ctx.run(() => {
      v.set("scheduled");
      loop.callSoon(() => {
        seen.push(v.get());
        v.set("changed by callback 1");
      });
      loop.callSoon(() => seen.push(v.get()));
      loop.callLater(0, () => seen.push(v.get()));
      v.set("after callSoon");
    });
    loop.callSoon(() => seen.push(v.get()));
    await loop.runUntilComplete(Promise.resolve());
    expect(seen).toEqual(["scheduled", "scheduled", "default", "scheduled"]);
    expect(ctx.get(v)).toBe("after callSoon");
    expect(v.get()).toBe("default");
  });

  it("a callback whose context is already entered is reported, not a crash", () => {
    const loop = makeLoop();
    const reported: unknown[] = [];
    loop.setExceptionHandler((_l, c) => void reported.push(c.exception));
    const ctx = copyContext();
    let ran = false;
    loop._callSoon(() => (ran = true), null, ctx);
    let after = false;
    loop.callSoon(() => (after = true));
    ctx.run(() => loop._runOnce());
    expect(ran).toBe(false);
    expect(after).toBe(true);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(RuntimeError);
    expect(String(reported[0])).toMatch(/cannot enter context/);
  });

  it("the exception handler runs in the context of the failing callback", () => {
    const loop = makeLoop();
    const v = new ContextVar<string>("who", { default: "nobody" });
    const seen: string[] = [];
    loop.setExceptionHandler(() => void seen.push(v.get()));
    let h: Handle | null = null;
    copyContext().run(() => {
      v.set("callback");
      h = loop.callSoon(() => {
        throw new Error("boom");
      });
    });
    loop._runOnce();
    expect(seen).toEqual(["callback"]);
    // a report about a handle, made from elsewhere (CPython 3.12+: the handle's context)
    loop.callExceptionHandler({ message: "about h", handle: h });
    expect(seen).toEqual(["callback", "callback"]);
    loop.callExceptionHandler({ message: "about nothing" });
    expect(seen).toEqual(["callback", "callback", "nobody"]);
    expect(v.get()).toBe("nobody");
  });

  it("an exception handler that throws is itself reported and never crashes the loop", async () => {
    const loop = makeLoop();
    const calls: string[] = [];
    loop.setExceptionHandler(() => {
      throw new TypeError("handler is broken");
    });
    loop.callSoon(() => {
      throw new RangeError("first");
    });
    loop.callSoon(() => calls.push("second"));
    loop.callLater(0.001, () => {
      calls.push("timer");
      loop.stop();
    });
    const err = spyConsole("error");
    try {
      await loop.runForever();
      const text = spyText(err);
      expect(text).toHaveLength(1);
      expect(text[0]).toMatch(/^Unhandled error in exception handler/);
      expect(text[0]).toContain("TypeError: handler is broken");
      expect(text[0]).toContain("RangeError('first')");
    } finally {
      err.mockRestore();
    }
    expect(calls).toEqual(["second", "timer"]);
  });

  it("debug mode reports slow callbacks through console.warn with the handle description", async () => {
    const loop = makeLoop();
    loop.setDebug(true);
    loop.slowCallbackDuration = 0.01;
    function slowCallback(n: number): void {
      busy(15);
      if (n === 1) loop.stop();
    }
    function fastCallback(): void {
      /* fast */
    }
    loop.callSoon(fastCallback);
    const [h, line] = [loop.callSoon(slowCallback, 1), new Error().stack ?? ""];
    const warn = spyConsole("warn");
    try {
      await loop.runForever();
      const text = spyText(warn);
      expect(text).toHaveLength(1);
      expect(text[0]).toMatch(
        /^Executing <Handle slowCallback\(1\) created at .*host-integration\.test\.ts(\?[^:\s]*)?:\d+:\d+> took 0\.0\d\d seconds$/,
      );
      expect(text[0]).not.toContain("fastCallback");
    } finally {
      warn.mockRestore();
    }
    // handles record where they were created
    const site = /(host-integration\.test\.ts(\?[^:\s]*)?:\d+):/.exec(line)?.[1];
    expect(site).toBeTypeOf("string");
    expect(h._sourceTraceback).toContain(`${site}:`);
  });

  it("handles record nothing when debug mode is off", () => {
    const loop = makeLoop();
    const h: Handle = loop.callSoon(() => undefined);
    expect(h._sourceTraceback).toBe(undefined);
    expect(loop.callLater(1, () => undefined)._sourceTraceback).toBe(undefined);
  });

  it("in debug mode the default handler shows where the running callback was scheduled", () => {
    const loop = makeLoop();
    loop.setDebug(true);
    const fut = loop.createFuture();
    loop.callSoon(() => {
      // a report made while this callback runs, without a sourceTraceback of its own
      loop.callExceptionHandler({ message: "something odd", future: fut });
    });
    const err = spyConsole("error");
    try {
      loop._runOnce();
      const text = spyText(err);
      expect(text).toHaveLength(1);
      expect(text[0]).toMatch(/^something odd\n/);
      expect(text[0]).toMatch(
        /Handle created at \(most recent call first\):\n.*host-integration\.test\.ts/,
      );
    } finally {
      err.mockRestore();
    }
  });

  it("String(loop) shows its state", async () => {
    const loop = makeLoop();
    expect(String(loop)).toBe("<EventLoop running=false closed=false debug=false>");
    let inside = "";
    loop.callSoon(() => {
      inside = String(loop);
      loop.stop();
    });
    loop.setDebug(true);
    await loop.runForever();
    expect(inside).toBe("<EventLoop running=true closed=false debug=true>");
    loop.setDebug(false);
    loop.close();
    expect(String(loop)).toBe("<EventLoop running=false closed=true debug=false>");
  });

  it("a timer far in the future (or at Infinity) arms no busy host timer", async () => {
    const loop = makeLoop();
    let iterations = 0;
    const orig = loop._runOnce.bind(loop);
    loop._runOnce = () => {
      iterations++;
      orig();
    };
    let fired = 0;
    loop.callLater(1e7, () => fired++); // about 115 days: beyond setTimeout's range
    loop.callLater(Infinity, () => fired++);
    setTimeout(() => loop.stop(), 50);
    await loop.runForever();
    expect(fired).toBe(0);
    expect(iterations).toBeLessThanOrEqual(3);
  });

  it("a Future of the loop can be awaited from async code while the loop runs", async () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    loop.callLater(0.005, () => fut.setResult(42));
    const running = loop.runForever();
    expect(await fut).toBe(42);
    loop.stop();
    await running;
    await nextHostTask();
    expect(loop.isRunning()).toBe(false);
  });
});

describe("host integration: reports never break the loop", () => {
  it("an argument whose toString() throws does not break the report of a failing callback", async () => {
    const loop = new EventLoop();
    const reported: string[] = [];
    loop.setExceptionHandler((_l, c) => void reported.push(c.message));
    class Weird {
      toString(): string {
        throw new Error("no repr");
      }
    }
    function failing(_w: Weird): void {
      throw new RangeError("boom");
    }
    let after = false;
    loop.callSoon(failing, new Weird());
    loop.callSoon(() => {
      after = true;
      loop.stop();
    });
    await loop.runForever();
    expect(reported).toEqual(["Exception in callback failing(<Weird instance>)"]);
    expect(after).toBe(true);
    loop.setDebug(true);
    const h = loop.callSoon(failing, new Weird());
    expect(String(h)).toMatch(/^<Handle failing\(<Weird instance>\) created at /);
    h.cancel();
    loop.close();
  });
});
