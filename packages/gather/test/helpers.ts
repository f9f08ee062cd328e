// Helpers for the ports of CPython's tests: the equivalents of test_utils.run_briefly,
// GatherTestsBase._run_loop, assertRaises, a coroutine test on a VirtualTimeLoop that
// also jumps time while an async function is pending, and a minimal asyncio.Event.
import { it, expect, type TestOptions } from "vitest";
import type { ExceptionContext, Future } from "@tsasyncio/futures";
import { VirtualTimeLoop, type EventLoop } from "@tsasyncio/loop";
import { run, type Coroutine } from "@tsasyncio/tasks";
import type { CoroutineTestContext } from "../../../test-support/index.js";

/** test_utils.run_briefly: lets the callbacks scheduled so far run (one bare yield). */
export function* runBriefly(): Coroutine<void> {
  yield;
}

interface ReadyLoop {
  _ready: { length: number };
}

/** GatherTestsBase._run_loop: yields until nothing else is ready. */
export function* runLoop(loop: EventLoop): Coroutine<void> {
  do {
    yield;
  } while ((loop as unknown as ReadyLoop)._ready.length > 0);
}

/** unittest's assertRaises: the error if `body` throws an instance of `cls`; any other
 * error propagates (as assertRaises does); no error fails. */
export function* assertRaises<E>(
  cls: abstract new (...args: never[]) => E,
  body: () => Coroutine<unknown> | Future<unknown>,
): Coroutine<E> {
  try {
    yield* body();
  } catch (e) {
    if (e instanceof cls) return e;
    throw e;
  }
  expect.fail(`${cls.name} not raised`);
}

/** The synchronous form of assertRaises. */
export function raises<E>(cls: abstract new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof cls) return e;
    throw e;
  }
  return expect.fail(`${cls.name} not raised`);
}

/**
 * Like itCo, on a VirtualTimeLoop that jumps time even while host work (an async function
 * awaited through ensureFuture) is pending: for the `for await` cases.
 */
export function itCoAsync(
  name: string,
  body: (ctx: CoroutineTestContext) => Coroutine<unknown>,
  options?: TestOptions,
): void {
  it(name, options ?? {}, async () => {
    const loop = new VirtualTimeLoop({ autojumpThreshold: 0 });
    const reported: ExceptionContext[] = [];
    let expected = false;
    loop.setExceptionHandler((_l: EventLoop, c: ExceptionContext) => {
      reported.push(c);
    });
    const ctx: CoroutineTestContext = { loop, reported, expectReports: () => (expected = true) };
    await run(body(ctx), { loopFactory: () => loop });
    if (!expected && reported.length > 0)
      throw new Error(
        `the loop's exception handler was called: ${reported.map((r) => r.message).join("; ")}`,
      );
  });
}

/** A minimal asyncio.Event (the sync package is a sibling layer). */
export class TestEvent {
  #fut: Future<undefined> | null = null;
  #set = false;
  readonly loop: { createFuture<T>(): Future<T> };
  constructor(loop: { createFuture<T>(): Future<T> }) {
    this.loop = loop;
  }
  set(): void {
    this.#set = true;
    if (this.#fut !== null && !this.#fut.done()) this.#fut.setResult(undefined);
  }
  *wait(): Coroutine<boolean> {
    if (this.#set) return true;
    this.#fut ??= this.loop.createFuture<undefined>();
    yield* this.#fut;
    return true;
  }
}

/** A callback that records its calls (test_utils.MockCallback). */
export function mockCallback(): ((...args: unknown[]) => void) & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const fn = (...args: unknown[]): void => {
    calls.push(args);
  };
  return Object.assign(fn, { calls });
}
