// TypeScript-only cases of host integration that need Node's APIs: host I/O (node:fs) and
// setImmediate keep their turns under a busy loop, and the TSASYNCIO_DEBUG environment
// variable. The portable cases are in host-integration.test.ts.
import { promises as fs } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { EventLoop, newEventLoop } from "../src/index.js";

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

describe("host integration (Node)", () => {
  it("host timers and I/O keep running while 100k callbacks are queued", async () => {
    const loop = makeLoop();
    const WORKERS = 100; // each reschedules itself: the ready queue never empties
    let ran = 0;
    const seen = new Map<string, { ran: number; queued: number }>();
    const hostEvent = (name: string) => (): void => {
      seen.set(name, { ran, queued: loop._ready.length });
    };
    const step = (): void => {
      ran++;
      if (ran % 1000 === 0) busy(0.5);
      // run at least 100k callbacks, and until the host had its turns (at most 5M)
      if ((ran >= 100_000 && seen.size === 3) || ran >= 5_000_000) loop.stop();
      else loop.callSoon(step);
    };
    for (let w = 0; w < WORKERS; w++) loop.callSoon(step);
    setTimeout(hostEvent("timer"), 1);
    setImmediate(hostEvent("immediate"));
    void fs.readFile(fileURLToPath(import.meta.url)).then(hostEvent("readFile"));
    await loop.runForever();
    expect(ran).toBeGreaterThanOrEqual(100_000);
    // each host event ran while the loop still had callbacks queued
    for (const key of ["timer", "immediate", "readFile"]) {
      const at = seen.get(key);
      expect(at, key).toBeDefined();
      expect(at?.queued, key).toBeGreaterThan(0);
      expect(at?.ran, key).toBeLessThan(ran);
    }
  });

  it("TSASYNCIO_DEBUG=1 turns debug mode on", () => {
    const saved = process.env["TSASYNCIO_DEBUG"];
    try {
      process.env["TSASYNCIO_DEBUG"] = "1";
      expect(new EventLoop().getDebug()).toBe(true);
      delete process.env["TSASYNCIO_DEBUG"];
      expect(new EventLoop().getDebug()).toBe(false);
    } finally {
      if (saved === undefined) delete process.env["TSASYNCIO_DEBUG"];
      else process.env["TSASYNCIO_DEBUG"] = saved;
    }
  });
});
