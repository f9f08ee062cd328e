// Type tests of the loop's public API: callbacks' arguments are checked against the
// callback's parameters, and runUntilComplete() is typed by what it runs.
import { describe, expectTypeOf, it } from "vitest";
import type { Future } from "@tsasyncio/futures";
import {
  EventLoop,
  Handle,
  TimerHandle,
  VirtualTimeLoop,
  getEventLoop,
  type VirtualTimeLoopOptions,
  newEventLoop,
} from "../src/index.js";

declare const loop: EventLoop;

describe("EventLoop types", () => {
  it("callSoon/callLater/callAt return Handles and check the callback's arguments", () => {
    expectTypeOf(loop.callSoon((a: number, b: string) => [a, b], 1, "x")).toEqualTypeOf<Handle>();
    expectTypeOf(loop.callSoonThreadsafe(() => undefined)).toEqualTypeOf<Handle>();
    expectTypeOf(loop.callLater(1, (a: number) => a, 1)).toEqualTypeOf<TimerHandle>();
    expectTypeOf(loop.callAt(loop.time() + 1, () => undefined)).toEqualTypeOf<TimerHandle>();
    // @ts-expect-error -- a string where the callback takes a number
    loop.callSoon((a: number) => a, "x");
    // @ts-expect-error -- a missing argument
    loop.callLater(1, (a: number, b: number) => a + b, 1);
    // @ts-expect-error -- the delay comes first
    loop.callLater(() => undefined, 1);
  });

  it("runUntilComplete() resolves to the result of what it runs", () => {
    function* coro(): Generator<unknown, string, unknown> {
      yield;
      return "s";
    }
    expectTypeOf(loop.runUntilComplete(coro())).toEqualTypeOf<Promise<string>>();
    expectTypeOf(loop.runUntilComplete(Promise.resolve(1))).toEqualTypeOf<Promise<number>>();
    expectTypeOf(loop.runUntilComplete(loop.createFuture<boolean>())).toEqualTypeOf<
      Promise<boolean>
    >();
    expectTypeOf(loop.runForever()).toEqualTypeOf<Promise<void>>();
  });

  it("createFuture, time, when", () => {
    expectTypeOf(loop.createFuture<number>()).toEqualTypeOf<Future<number>>();
    expectTypeOf(loop.time()).toBeNumber();
    expectTypeOf(loop.callLater(1, () => undefined).when()).toBeNumber();
  });

  it("VirtualTimeLoop is an EventLoop; getEventLoop/newEventLoop return EventLoops", () => {
    expectTypeOf<VirtualTimeLoop>().toExtend<EventLoop>();
    expectTypeOf<Parameters<VirtualTimeLoop["advance"]>>().toEqualTypeOf<[seconds: number]>();
    expectTypeOf<ConstructorParameters<typeof VirtualTimeLoop>>().toEqualTypeOf<
      [options?: VirtualTimeLoopOptions]
    >();
    expectTypeOf(getEventLoop()).toEqualTypeOf<EventLoop>();
    expectTypeOf(newEventLoop()).toEqualTypeOf<EventLoop>();
  });
});
