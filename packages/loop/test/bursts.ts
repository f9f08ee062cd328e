// The bursts of the memory cases (internals.test.ts, internals.node.test.ts): 1M callbacks
// ready at once, then 100k timers, a third of them cancelled. Checks that every callback
// ran and that the ready queue and the timer heap gave their storage back.
import { expect } from "vitest";
import type { EventLoop } from "../src/index.js";

/** Runs the bursts on a loop that is not running (best a VirtualTimeLoop). */
export async function bursts(loop: EventLoop): Promise<void> {
  let ran = 0;
  const cb = (): void => {
    ran++;
  };
  // a burst: 1M callbacks ready at once (one iteration), then the loop stops
  for (let i = 0; i < 1_000_000; i++) loop.callSoon(cb);
  loop.callSoon(() => loop.stop());
  await loop.runForever();
  expect(ran).toBe(1_000_000);
  // the ready queue gave its memory back after the burst
  expect(loop._ready.capacity).toBeLessThanOrEqual(1024);

  // 100k timers, a third of them cancelled
  let fired = 0;
  const tcb = (): void => {
    fired++;
  };
  for (let i = 0; i < 100_000; i++) {
    const t = loop.callLater((i % 1000) / 100, tcb);
    if (i % 3 === 0) t.cancel();
  }
  loop.callLater(20, () => loop.stop());
  await loop.runForever();
  expect(fired).toBe(100_000 - Math.ceil(100_000 / 3));
  expect(loop._scheduled.length).toBe(0);
}
