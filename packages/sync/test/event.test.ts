// Port of Lib/test/test_asyncio/test_locks.py (3.13): EventTests, plus TypeScript-only cases.
import { describe, expect, it } from "vitest";
import { CancelledError, type Future } from "@tsasyncio/futures";
import { VirtualTimeLoop } from "@tsasyncio/loop";
import { createTask, ensureFuture, run, sleep } from "@tsasyncio/tasks";
import { Event } from "@tsasyncio/sync";
import { itCo } from "../../../test-support/index.js";
import { RGX_REPR } from "./helpers.js";

describe("EventTests", () => {
  itCo("test_repr", function* ({ loop }) {
    const ev = new Event();
    expect(String(ev).endsWith("[unset]>")).toBe(true);
    const match = RGX_REPR.exec(String(ev));
    expect(match?.groups?.["extras"]).toBe("unset");

    ev.set();
    expect(String(ev).endsWith("[set]>")).toBe(true);
    expect(RGX_REPR.test(String(ev))).toBe(true);

    ev._waiters.push(loop.createFuture());
    expect(String(ev)).toContain("waiters:1");
    expect(RGX_REPR.test(String(ev))).toBe(true);
  });

  itCo("test_wait", function* () {
    const ev = new Event();
    expect(ev.isSet()).toBe(false);

    const result: number[] = [];

    function* c(n: number, result: number[]) {
      if (yield* ev.wait()) result.push(n);
    }

    const t1 = createTask(c(1, result));
    const t2 = createTask(c(2, result));

    yield* sleep(0);
    expect(result).toEqual([]);

    const t3 = createTask(c(3, result));

    ev.set();
    yield* sleep(0);
    expect(result).toEqual([3, 1, 2]);

    for (const t of [t1, t2, t3]) {
      expect(t.done()).toBe(true);
      expect(t.result()).toBeUndefined();
    }
  });

  itCo("test_wait_on_set", function* () {
    const ev = new Event();
    ev.set();

    const res = yield* ev.wait();
    expect(res).toBe(true);
  });

  itCo("test_wait_cancel", function* ({ loop }) {
    const ev = new Event();

    const wait = createTask(ev.wait());
    loop.callSoon(() => wait.cancel());
    yield* expectCancelled(wait);
    expect(ev._waiters.length).toBe(0);
  });

  itCo("test_clear", function* () {
    const ev = new Event();
    expect(ev.isSet()).toBe(false);

    ev.set();
    expect(ev.isSet()).toBe(true);

    ev.clear();
    expect(ev.isSet()).toBe(false);
  });

  itCo("test_clear_with_waiters", function* () {
    const ev = new Event();
    const result: number[] = [];

    function* c1(result: number[]) {
      if (yield* ev.wait()) result.push(1);
      return true;
    }

    const t = createTask(c1(result));
    yield* sleep(0);
    expect(result).toEqual([]);

    ev.set();
    ev.clear();
    expect(ev.isSet()).toBe(false);

    ev.set();
    ev.set();
    expect(ev._waiters.length).toBe(1);

    yield* sleep(0);
    expect(result).toEqual([1]);
    expect(ev._waiters.length).toBe(0);

    expect(t.done()).toBe(true);
    expect(t.result()).toBe(true);
  });
});

describe("Event (TypeScript-only)", () => {
  itCo("set() wakes every waiter in FIFO order; cancelled ones are skipped", function* () {
    const ev = new Event();
    const order: number[] = [];
    const tasks = [1, 2, 3, 4].map((n) =>
      createTask(
        (function* () {
          yield* ev.wait();
          order.push(n);
        })(),
      ),
    );
    yield* sleep(0);
    expect(String(ev)).toBe("<Event [unset, waiters:4]>");
    tasks[1]!.cancel();
    ev.set();
    yield* sleep(0);
    expect(order).toEqual([1, 3, 4]);
    expect(tasks[1]!.cancelled()).toBe(true);
    expect(ev._waiters.length).toBe(0);
  });

  itCo(
    "a waiter cancelled after set() but before it runs is cancelled, leaving no waiter",
    function* () {
      const ev = new Event();
      const t = createTask(ev.wait());
      yield* sleep(0);
      ev.set();
      t.cancel();
      yield* expectCancelled(t);
      expect(ev._waiters.length).toBe(0);
    },
  );

  itCo("await event.wait() in an async function", function* ({ loop }) {
    const ev = new Event();
    const p = (async () => {
      const first = await ev.wait();
      return [first, await ev.wait()];
    })();
    yield* sleep(1);
    expect(ev._waiters.length).toBe(1);
    ev.set();
    expect(yield* ensureFuture(p)).toEqual([true, true]);
    expect(loop.time()).toBe(1);
  });

  it("many waiters: set() wakes 10k tasks", async () => {
    const ev = new Event();
    let woken = 0;
    await run(
      (function* () {
        const tasks = [];
        for (let i = 0; i < 10_000; i++)
          tasks.push(
            createTask(
              (function* () {
                yield* ev.wait();
                woken++;
              })(),
            ),
          );
        yield* sleep(0);
        expect(ev._waiters.length).toBe(10_000);
        ev.set();
        for (const t of tasks) yield* t;
      })(),
      { loopFactory: () => new VirtualTimeLoop() },
    );
    expect(woken).toBe(10_000);
    expect(ev._waiters.length).toBe(0);
  });
});

function* expectCancelled(task: Future<unknown>) {
  let error: unknown;
  try {
    yield* task;
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CancelledError);
}
