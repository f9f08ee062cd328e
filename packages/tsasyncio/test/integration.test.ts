// The layers together, through the facade: timeouts (gather layer) on the primitives of
// the sync and queues layers obey the loop's clock, so under a VirtualTimeLoop they jump
// instantly; and a TaskGroup of producers and consumers drains a queue.
import { describe, expect } from "vitest";
import {
  Event,
  Lock,
  Queue,
  Semaphore,
  TaskGroup,
  TimeoutError,
  asyncWith,
  createTask,
  gather,
  getRunningLoop,
  sleep,
  timeout,
  waitFor,
} from "tsasyncio";
import { itCo } from "../../../test-support/index.js";

describe("timeouts on sync and queue primitives obey the loop's clock", () => {
  itCo("waitFor(lock.acquire(), 10) times out after 10 virtual seconds", function* ({ loop }) {
    const lock = new Lock();
    yield* lock.acquire();
    const t0 = loop.time();
    let error: unknown;
    try {
      yield* waitFor(lock.acquire(), 10);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TimeoutError);
    expect(loop.time() - t0).toBe(10);
    // The timed-out waiter left no trace: a release wakes nobody, the lock is free again.
    lock.release();
    expect(lock.locked()).toBe(false);
    expect(String(lock)).toBe("<Lock [unlocked]>");
  });

  itCo("timeout() around queue.get() on an empty queue", function* ({ loop }) {
    const q = new Queue<number>();
    let error: unknown;
    try {
      yield* asyncWith(timeout(3600), function* () {
        yield* q.get();
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TimeoutError);
    expect(loop.time()).toBe(3600);
    // The cancelled get() did not consume a later item.
    q.putNowait(1);
    expect(q.getNowait()).toBe(1);
  });

  itCo("an Event set by a timer wakes a waiter at the right virtual time", function* () {
    const ev = new Event();
    getRunningLoop().callLater(5, () => ev.set());
    const t0 = getRunningLoop().time();
    yield* waitFor(ev.wait(), 60);
    expect(getRunningLoop().time() - t0).toBe(5);
  });

  itCo("a Semaphore bounds concurrency inside a TaskGroup", function* ({ loop }) {
    const sem = new Semaphore(2);
    let inside = 0;
    let most = 0;
    function* worker(): Generator<unknown, void, unknown> {
      yield* asyncWith(sem, function* () {
        inside++;
        most = Math.max(most, inside);
        yield* sleep(1);
        inside--;
      });
    }
    const t0 = loop.time();
    yield* asyncWith(new TaskGroup(), function* (tg) {
      for (let i = 0; i < 6; i++) tg.createTask(worker());
    });
    expect(most).toBe(2);
    expect(loop.time() - t0).toBe(3);
  });

  itCo(
    "producers and consumers drain a bounded queue; join() returns when all are done",
    function* () {
      const q = new Queue<number>(2);
      const seen: number[] = [];
      function* producer(base: number): Generator<unknown, void, unknown> {
        for (let i = 0; i < 5; i++) yield* q.put(base + i);
      }
      function* consumer(): Generator<unknown, void, unknown> {
        for (;;) {
          const item = yield* q.get();
          yield* sleep(0.1);
          seen.push(item);
          q.taskDone();
        }
      }
      const consumers = [createTask(consumer()), createTask(consumer())];
      yield* gather(producer(0), producer(100));
      yield* q.join();
      for (const c of consumers) c.cancel();
      expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 100, 101, 102, 103, 104]);
    },
  );
});
