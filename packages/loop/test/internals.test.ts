// TypeScript-only cases of the loop's data structures (ARCHITECTURE.md, performance
// principles): the timer heap with lazy deletion and compaction, and the storage shrinking
// back after large bursts (the heap measurement of the same bursts needs
// process.memoryUsage(): internals.node.test.ts). The ready queue keeps internal calls
// (Task steps, Future callbacks) inline, without a Handle per call: a model-based test below.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventLoop, VirtualTimeLoop } from "../src/index.js";
import { bursts } from "./bursts.js";
import { TimerHeap, type HeapTimer } from "../src/internal/timer-heap.js";
import { ReadyQueue } from "../src/internal/ready-queue.js";
import { TaskList, type Linked } from "../src/internal/task-list.js";
import { Handle } from "../src/handle.js";
import { RECEIVER } from "@tsasyncio/futures/internal";

describe("TimerHeap", () => {
  interface T extends HeapTimer {
    id: number;
  }
  const timer = (when: number, seq: number): T => ({
    _when: when,
    _seq: seq,
    _cancelled: false,
    _scheduled: true,
    id: seq,
  });

  it("pops in (deadline, sequence) order (model-based)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 500 }),
        (ops) => {
          const heap = new TimerHeap<T>();
          let model: T[] = [];
          let seq = 0;
          for (const op of ops) {
            if (op === -1) {
              const got = heap.pop();
              model.sort((a, b) => a._when - b._when || a._seq - b._seq);
              expect(got).toBe(model.shift());
            } else {
              const t = timer(op, seq++);
              heap.push(t);
              model.push(t);
            }
            expect(heap.length).toBe(model.length);
          }
          model = model.sort((a, b) => a._when - b._when || a._seq - b._seq);
          const drained: T[] = [];
          for (let t = heap.pop(); t !== undefined; t = heap.pop()) drained.push(t);
          expect(drained).toEqual(model);
        },
      ),
    );
  });

  it("compact() removes exactly the cancelled timers and keeps the order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.boolean()), { maxLength: 300 }),
        (specs) => {
          const heap = new TimerHeap<T>();
          const all = specs.map(([when, cancelled], i) => {
            const t = timer(when, i);
            heap.push(t);
            (t as { _cancelled: boolean })._cancelled = cancelled;
            return t;
          });
          const removed = heap.compact();
          expect(removed).toBe(all.filter((t) => t._cancelled).length);
          for (const t of all) expect(t._scheduled).toBe(!t._cancelled);
          const live = all
            .filter((t) => !t._cancelled)
            .sort((a, b) => a._when - b._when || a._seq - b._seq);
          const drained: T[] = [];
          for (let t = heap.pop(); t !== undefined; t = heap.pop()) drained.push(t);
          expect(drained).toEqual(live);
        },
      ),
    );
  });
});

describe("timer heap in the loop: lazy deletion and compaction", () => {
  // (A timer cancelled while it is the heap's last entry leaves at once: each case below
  // schedules a timer that is not cancelled behind the ones it cancels.)
  const behind = (loop: EventLoop): unknown => loop.callLater(10_000, () => undefined);

  it("cancelled timers stay in the heap until they reach the top or dominate", () => {
    const loop = new EventLoop();
    const live = Array.from({ length: 150 }, () => loop.callLater(100, () => undefined));
    // 149 cancelled out of 300: not the majority; the earliest (at the top) are dropped
    const early = Array.from({ length: 20 }, () => loop.callLater(1, () => undefined));
    const late = Array.from({ length: 129 }, () => loop.callLater(200, () => undefined));
    behind(loop);
    for (const t of [...early, ...late]) t.cancel();
    expect(loop._timerCancelledCount).toBe(149);
    loop._runOnce();
    expect(loop._scheduled.length).toBe(150 + 129 + 1);
    expect(loop._timerCancelledCount).toBe(129);
    for (const t of early) expect(t._scheduled).toBe(false);
    for (const t of late) expect(t._scheduled).toBe(true);

    // cancelling 22 more makes 151 of 280 cancelled: > 50 % and > 100 scheduled
    for (const t of live.slice(0, 22)) t.cancel();
    expect(loop._timerCancelledCount).toBe(151);
    loop._runOnce();
    expect(loop._scheduled.length).toBe(129);
    expect(loop._timerCancelledCount).toBe(0);
    expect(loop._scheduled.items.every((t) => !t._cancelled)).toBe(true);
    for (const t of late) expect(t._scheduled).toBe(false);
    loop.close();
  });

  it("no compaction with 100 timers or fewer, however many are cancelled", () => {
    const loop = new EventLoop();
    loop.callLater(1, () => undefined);
    const rest = Array.from({ length: 98 }, () => loop.callLater(100, () => undefined));
    behind(loop);
    for (const t of rest) t.cancel();
    loop._runOnce();
    expect(loop._scheduled.length).toBe(100);
    expect(loop._timerCancelledCount).toBe(98);
    loop.close();
  });

  it("cancelling a timer twice, or after it ran, counts once or not at all", async () => {
    const loop = new VirtualTimeLoop();
    const t = loop.callLater(1, () => undefined);
    const last = behind(loop) as { cancel(): void };
    t.cancel();
    t.cancel();
    expect(loop._timerCancelledCount).toBe(1);
    const ran = loop.callLater(2, () => undefined);
    loop.callLater(3, () => loop.stop());
    await loop.runForever();
    ran.cancel();
    expect(loop._timerCancelledCount).toBe(0);
    expect(loop._scheduled.length).toBe(1);
    last.cancel();
    loop.close();
  });

  it("a timer cancelled while it is the heap's last entry leaves at once, uncounted", () => {
    const loop = new EventLoop();
    const first = loop.callLater(5, () => undefined);
    const t = loop.callLater(10, () => undefined); // the last entry (the latest deadline)
    t.cancel();
    expect(t._scheduled).toBe(false);
    expect(loop._scheduled.length).toBe(1);
    expect(loop._timerCancelledCount).toBe(0);
    // One that is not last waits, counted, and is dropped lazily.
    loop.callLater(20, () => undefined);
    first.cancel();
    expect(first._scheduled).toBe(true);
    expect(loop._timerCancelledCount).toBe(1);
    loop._runOnce();
    expect(loop._scheduled.length).toBe(1);
    expect(loop._timerCancelledCount).toBe(0);
    loop.close();
  });
});

describe("memory", () => {
  it(
    "after 1M callbacks and 100k timers the ready queue and the timer heap shrink back",
    { timeout: 60_000 },
    async () => {
      const loop = new VirtualTimeLoop();
      await bursts(loop);
      loop.close();
    },
  );
});

describe("ReadyQueue", () => {
  it("keeps FIFO order across Handles, receivers and inline calls while growing and wrapping (model-based)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 2 }), { maxLength: 400 }), (ops) => {
        // Six slots per chunk: entries of two and three slots come and go, and one that
        // does not fit leaves a chunk's last slots unused.
        const q = new ReadyQueue(2);
        const loop = new EventLoop();
        const model: { entry: unknown; arg: unknown; ctx?: unknown }[] = [];
        let n = 0;
        for (const op of ops) {
          if (op === -1) {
            const got = q.shift();
            const want = model.shift();
            expect(got).toBe(want?.entry);
            if (got !== undefined) expect(q.arg).toBe(want?.arg);
            if (typeof got === "function") expect(q.ctx).toBe(want?.ctx);
          } else if (op === 2) {
            const receiver = { _wakeup: () => undefined, _receiverRepr: () => "r()" };
            q.pushObject(receiver, n);
            model.push({ entry: receiver, arg: n++ });
          } else if (op === 0) {
            const h = loop.callSoon(() => undefined);
            loop._ready.clear();
            q.push(h);
            model.push({ entry: h, arg: undefined });
          } else {
            const fn = (): void => undefined;
            const ctx = n % 2 === 0 ? null : new Map();
            q.pushCall(fn, n, ctx);
            model.push({ entry: fn, arg: n++, ctx });
          }
          expect(q.length).toBe(model.length);
        }
        expect(q.toArray()).toEqual(model.map((m) => m.entry));
        // Drained, the queue holds one chunk again (plus a spare until shrink()).
        while (q.shift() !== undefined);
        expect(q.capacity).toBeLessThanOrEqual(4);
        q.shrink();
        expect(q.capacity).toBe(2);
        loop.close();
      }),
    );
  });

  it("an internal call that throws is reported with a Handle showing the call", () => {
    const loop = new EventLoop();
    const reports: Record<string, unknown>[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx));
    function boom(arg: number): void {
      throw new Error(`boom ${arg}`);
    }
    loop._callSoon(boom, 7, null);
    expect(loop._ready.toArray()).toEqual([boom]); // no Handle was made for it
    loop._runOnce();
    expect(reports).toHaveLength(1);
    expect(reports[0]?.["message"]).toBe("Exception in callback boom(7)");
    expect((reports[0]?.["exception"] as Error).message).toBe("boom 7");
    expect(reports[0]?.["handle"]).toBeInstanceOf(Handle);
    expect(String(reports[0]?.["handle"])).toBe("<Handle boom(7)>");
    loop.close();
  });

  // A WakeupReceiver (a waiting Task, a gather) is queued as itself with the Future that
  // woke it: no closure, no Handle.
  class Receiver {
    woken: unknown[] = [];
    constructor(readonly fail = false) {}
    _wakeup(f: unknown): void {
      if (this.fail) throw new Error("receiver failed");
      this.woken.push(f);
    }
    _receiverRepr(): string {
      return "receiver()";
    }
    toString(): string {
      return "<Receiver>";
    }
  }

  it("a receiver is woken with its Future, in order with other calls, without a Handle", () => {
    const loop = new EventLoop();
    const order: string[] = [];
    const r = new Receiver();
    const fut = loop.createFuture();
    loop._callSoon(() => order.push("before"), undefined, null);
    loop._callSoon(r as never, fut, RECEIVER);
    loop._callSoon(() => order.push(`after ${String(r.woken.length)}`), undefined, null);
    expect(loop._ready.toArray()[1]).toBe(r); // queued as itself
    loop._runOnce();
    expect(r.woken).toHaveLength(1);
    expect(r.woken[0]).toBe(fut);
    expect(order).toEqual(["before", "after 1"]);
    loop.close();
  });

  it("a receiver that throws is reported with a Handle showing the wakeup", () => {
    const loop = new EventLoop();
    const reports: Record<string, unknown>[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx));
    loop._callSoon(new Receiver(true) as never, 7, RECEIVER);
    loop._runOnce();
    expect(reports).toHaveLength(1);
    expect(reports[0]?.["message"]).toBe("Exception in callback wakeup(<Receiver>, 7)");
    expect((reports[0]?.["exception"] as Error).message).toBe("receiver failed");
    expect(reports[0]?.["handle"]).toBeInstanceOf(Handle);
    loop.close();
  });

  it("debug mode wakes receivers through Handles, also those queued before it was on", () => {
    const loop = new EventLoop();
    const early = new Receiver();
    loop._callSoon(early as never, "early", RECEIVER);
    loop.setDebug(true);
    const late = new Receiver();
    loop._callSoon(late as never, "late", RECEIVER);
    const [, h] = loop._ready.toArray();
    expect(h).toBeInstanceOf(Handle);
    expect((h as Handle)._sourceTraceback).toContain("internals.test");
    loop._runOnce();
    expect([early.woken, late.woken]).toEqual([["early"], ["late"]]);
    loop.close();
  });

  it("runUntilComplete waits as a receiver on a pending Future of ours, shown as CPython's callback", async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    let seen = "";
    loop.callSoon(() => {
      seen = String(fut);
      fut.setResult(1);
    });
    expect(await loop.runUntilComplete(fut)).toBe(1);
    expect(seen).toBe("<Future pending cb=[_run_until_complete_cb()]>");
    // A Future already done: the loop still stops (through addDoneCallback).
    expect(await loop.runUntilComplete(fut)).toBe(1);
    loop.close();
  });

  it("debug mode keeps a Handle per internal call, recording where it was scheduled", () => {
    const loop = new EventLoop();
    loop.setDebug(true);
    loop._callSoon(() => undefined, 1, null);
    const [h] = loop._ready.toArray();
    expect(h).toBeInstanceOf(Handle);
    expect((h as Handle)._sourceTraceback).toContain("internals.test");
    loop._ready.clear();
    loop.close();
  });
});

describe("callbacks run in a copy of their context, made only when needed", () => {
  it("a value one callback sets is seen neither by the next callback nor outside", async () => {
    const { ContextVar } = await import("@tsasyncio/futures");
    const v = new ContextVar<string>("v", { default: "none" });
    const loop = new EventLoop();
    const seen: string[] = [];
    const set = loop.callSoon(() => {
      v.set("first");
      seen.push(v.get());
    });
    loop.callSoon(() => seen.push(v.get()));
    // Future callbacks (internal calls with a snapshot) reuse one owner object: same check.
    const fut = loop.createFuture<number>();
    fut.addDoneCallback(() => {
      v.set("in a done callback");
      seen.push(v.get());
    });
    fut.addDoneCallback(() => seen.push(v.get()));
    fut.setResult(1);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    loop.close();
    expect(seen).toEqual(["first", "none", "in a done callback", "none"]);
    expect(v.get()).toBe("none");
    // The Handle kept the Context its callback changed (Handle.getContext(), 3.12).
    expect(set.getContext().get(v)).toBe("first");
  });

  it("a Handle's context is made only if asked for or changed", () => {
    const loop = new EventLoop();
    const h = loop.callSoon(() => undefined);
    expect(h._context).toBeInstanceOf(Map); // a snapshot of the variables, no Context
    const ctx = h.getContext();
    expect(h.getContext()).toBe(ctx);
    loop._ready.clear();
    loop.close();
  });
});

describe("one iteration: ready callbacks, then the timers that were due", () => {
  it("runs the ready callbacks, then the due timers in deadline order; what they schedule waits", () => {
    const loop = new EventLoop();
    const order: string[] = [];
    const now = loop.time();
    loop.callAt(now - 2, () => {
      order.push("timer -2");
      loop.callSoon(() => order.push("soon from timer"));
      loop.callAt(now - 10, () => order.push("past timer made by a timer"));
    });
    loop.callAt(now - 3, () => order.push("timer -3"));
    loop.callSoon(() => order.push("ready"));
    loop._runOnce();
    expect(order).toEqual(["ready", "timer -3", "timer -2"]);
    loop._runOnce();
    expect(order.slice(3)).toEqual(["soon from timer", "past timer made by a timer"]);
    loop.close();
  });

  it("a timer made by a ready callback with a past deadline neither runs now nor holds back the due ones", () => {
    const loop = new EventLoop();
    const order: string[] = [];
    const now = loop.time();
    loop.callAt(now - 1, () => order.push("due a"));
    loop.callAt(now - 1, () => order.push("due b"));
    loop.callSoon(() => loop.callAt(now - 5, () => order.push("made during the iteration")));
    loop._runOnce();
    expect(order).toEqual(["due a", "due b"]);
    expect(loop._scheduled.length).toBe(1);
    loop._runOnce();
    expect(order).toEqual(["due a", "due b", "made during the iteration"]);
    loop.close();
  });

  it("a due timer cancelled by a ready callback does not run, and is not counted as cancelled-in-heap", () => {
    const loop = new EventLoop();
    const ran: string[] = [];
    const now = loop.time();
    const t = loop.callAt(now - 1, () => ran.push("cancelled timer"));
    loop.callAt(now - 1, () => ran.push("other timer"));
    loop.callSoon(() => t.cancel());
    loop._runOnce();
    expect(ran).toEqual(["other timer"]);
    expect(loop._timerCancelledCount).toBe(0);
    expect(loop._scheduled.length).toBe(0);
    loop.close();
  });
});

describe("TaskList", () => {
  it("behaves as an insertion-ordered Set of the Tasks it links (model-based)", () => {
    interface T extends Linked {
      id: number;
    }
    const items: T[] = Array.from({ length: 6 }, (_, id) => ({
      id,
      _prevTask: null,
      _nextTask: null,
    }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 })), {
          maxLength: 200,
        }),
        (ops) => {
          const list = new TaskList<T>();
          const model = new Set<T>();
          for (const [op, k] of ops) {
            const t = items[k] as T;
            if (op === 0 || op === 1) {
              list.add(t);
              model.add(t);
            } else if (op === 2) expect(list.delete(t)).toBe(model.delete(t));
            else if (k === 0) {
              list.clear();
              model.clear();
            }
            expect(list.size).toBe(model.size);
            expect(list.has(t)).toBe(model.has(t));
            expect([...list].map((x) => x.id)).toEqual([...model].map((x) => x.id));
          }
          list.clear();
          // Unlinked Tasks carry no links (nothing keeps them reachable from the loop).
          expect(items.every((t) => t._prevTask === null && t._nextTask === null)).toBe(true);
        },
      ),
    );
  });

  it("can be changed while it is iterated (the iteration sees a snapshot)", () => {
    const a = { _prevTask: null, _nextTask: null } as Linked;
    const b = { _prevTask: null, _nextTask: null } as Linked;
    const list = new TaskList<Linked>().add(a).add(b);
    const seen: Linked[] = [];
    for (const t of list) {
      seen.push(t);
      list.delete(t);
    }
    expect(seen).toEqual([a, b]);
    expect(list.size).toBe(0);
  });
});
