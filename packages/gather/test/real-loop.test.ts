// A few cases on the real EventLoop through run(main()): the combinators with real host
// timers (tiny sleeps; no assertion on wall-clock durations).
import { describe, expect, it } from "vitest";
import { CancelledError, ExceptionGroup, TimeoutError } from "@tsasyncio/futures";
import { asyncWith, createTask, run, sleep, type Coroutine } from "@tsasyncio/tasks";
import {
  FIRST_COMPLETED,
  TaskGroup,
  asCompleted,
  gather,
  gatherAll,
  shield,
  timeout,
  wait,
  waitFor,
} from "@tsasyncio/gather";

describe("on the real EventLoop", () => {
  it("gather keeps argument order", async () => {
    const r = await run(
      (function* (): Coroutine<[string, string, number[]]> {
        const [a, b] = yield* gather(sleep(0.02, "a"), sleep(0.005, "b"));
        const many = yield* gatherAll(Array.from({ length: 1000 }, (_, i) => sleep(0.001, i)));
        return [a, b, many];
      })(),
    );
    expect(r[0] + r[1]).toBe("ab");
    expect(r[2][999]).toBe(999);
  });

  it("a TaskGroup cancels the siblings of a failing child and raises an ExceptionGroup", async () => {
    let siblingCancelled = false;
    const e = await run(
      (function* (): Coroutine<unknown> {
        function* fail(): Coroutine<never> {
          yield* sleep(0.005);
          throw new RangeError("child failed");
        }
        function* sibling(): Coroutine<void> {
          try {
            yield* sleep(10);
          } catch (err) {
            siblingCancelled = err instanceof CancelledError;
            throw err;
          }
        }
        try {
          yield* asyncWith(new TaskGroup(), function* (tg) {
            tg.createTask(fail());
            tg.createTask(sibling());
          });
        } catch (err) {
          return err;
        }
        return null;
      })(),
    );
    expect(e).toBeInstanceOf(ExceptionGroup);
    expect((e as ExceptionGroup).exceptions[0]).toBeInstanceOf(RangeError);
    expect(siblingCancelled).toBe(true);
  });

  it("timeout(), waitFor() and shield() raise TimeoutError at their deadline", async () => {
    const r = await run(
      (function* (): Coroutine<string[]> {
        const out: string[] = [];
        try {
          yield* asyncWith(timeout(0.01), function* () {
            yield* sleep(10);
          });
        } catch (err) {
          out.push((err as Error).name);
        }
        try {
          yield* waitFor(sleep(10), 0.01);
        } catch (err) {
          out.push(err instanceof TimeoutError ? "waitFor" : "other");
        }
        const save = createTask(sleep(0.03, "saved"));
        try {
          yield* waitFor(shield(save), 0.005);
        } catch {
          out.push(save.cancelled() ? "cancelled" : "still running");
        }
        out.push(yield* save);
        return out;
      })(),
    );
    expect(r).toEqual(["TimeoutError", "waitFor", "still running", "saved"]);
  });

  it("wait() and asCompleted() observe completion order", async () => {
    const r = await run(
      (function* (): Coroutine<[boolean, string[]]> {
        const fast = createTask(sleep(0.005, "fast"));
        const slow = createTask(sleep(0.03, "slow"));
        const [done] = yield* wait([fast, slow], { returnWhen: FIRST_COMPLETED });
        const order: string[] = [];
        for (const next of asCompleted([slow, fast])) order.push(yield* next);
        return [done.has(fast) && !done.has(slow), order];
      })(),
    );
    expect(r).toEqual([true, ["fast", "slow"]]);
  });
});
