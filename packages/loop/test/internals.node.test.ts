// TypeScript-only memory case of the loop's data structures that needs Node's
// process.memoryUsage() (browsers have no precise heap measurement): after large bursts
// the heap returns to where it was. The portable half is in internals.test.ts.
import { describe, expect, it } from "vitest";
import { VirtualTimeLoop } from "../src/index.js";
import { bursts } from "./bursts.js";

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsedAfterGc(): number {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

describe("memory", () => {
  it(
    "1M callbacks and 100k timers leave the heap near where it started",
    { timeout: 60_000 },
    async () => {
      expect(gc).toBeTypeOf("function");
      const loop = new VirtualTimeLoop();
      // warm up (compile the paths) before measuring
      for (let i = 0; i < 1000; i++) loop.callSoon(() => undefined);
      await loop.runUntilComplete(Promise.resolve());
      const before = heapUsedAfterGc();

      await bursts(loop);

      const after = heapUsedAfterGc();
      expect(after - before).toBeLessThan(5 * 1024 * 1024);
      loop.close();
    },
  );
});
