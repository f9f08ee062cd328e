import { it, expect } from "vitest";
import { ensureFuture, sleep } from "../../tasks/src/index.js";
import { EventLoop } from "../src/index.js";

it("probe", async () => {
  const loop = new EventLoop();
  let ref: WeakRef<object> | undefined;
  let gref: WeakRef<object> | undefined;
  const reported: unknown[] = [];
  loop.setExceptionHandler((_l, c) => void reported.push(c));
  function* z(): Generator<unknown, void, unknown> { yield* sleep(0.01); const e = new RangeError("x"); void e.stack; throw e; }
  (() => {
    const g = z();
    gref = new WeakRef(g);
    const fut = ensureFuture(g, { loop });
    ref = new WeakRef(fut);
    fut.addDoneCallback(() => loop.stop());
  })();
  await loop.runForever();
  for (let i = 0; i < 10; i++) { (globalThis as any).gc(); await new Promise((r) => setTimeout(r, 5)); }
  console.log("task alive", ref?.deref() !== undefined, "gen alive", gref?.deref() !== undefined, reported.length, loop._tasks.size, loop._currentTask, loop._ready.length);
  const t = ref?.deref() as any;
  if (t) console.log(String(t), t._logTraceback);
});
