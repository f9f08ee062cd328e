// Type tests: awaiting a Future is typed with its result type, both ways.
import { describe, expectTypeOf, it } from "vitest";
import {
  ContextVar,
  ExceptionGroup,
  Future,
  Token,
  isFuture,
  type AbstractEventLoop,
} from "@tsasyncio/futures";

declare const loop: AbstractEventLoop;

describe("Future<T>", () => {
  it("yield* fut is T inside a function*", () => {
    const fut = new Future<number>({ loop });
    function* coro(): Generator<unknown, string, unknown> {
      const value = yield* fut;
      expectTypeOf(value).toEqualTypeOf<number>();
      return value.toFixed(1);
    }
    expectTypeOf(coro).returns.toEqualTypeOf<Generator<unknown, string, unknown>>();
    expectTypeOf(fut[Symbol.iterator]()).toEqualTypeOf<Iterator<unknown, number, unknown>>();
  });

  it("await fut is T in an async function", () => {
    const fut = new Future<number>({ loop });
    async function main(): Promise<void> {
      const value = await fut;
      expectTypeOf(value).toEqualTypeOf<number>();
    }
    expectTypeOf(main).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(fut).toExtend<PromiseLike<number>>();
  });

  it("then() is typed like Promise.then and returns a real Promise", () => {
    const fut = new Future<number>({ loop });
    expectTypeOf(fut.then()).toEqualTypeOf<Promise<number>>();
    expectTypeOf(fut.then((v) => String(v))).toEqualTypeOf<Promise<string>>();
    expectTypeOf(fut.then((v) => Promise.resolve(v > 0))).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(fut.then(null, () => "fallback" as const)).toEqualTypeOf<
      Promise<number | "fallback">
    >();
    void fut.then((v) => {
      expectTypeOf(v).toEqualTypeOf<number>();
    });
  });

  it("result(), setResult(), callbacks and createFuture are typed", () => {
    const fut = new Future<string>({ loop });
    expectTypeOf(fut.result()).toEqualTypeOf<string>();
    expectTypeOf(fut).toHaveProperty("setResult").parameter(0).toEqualTypeOf<string>();
    expectTypeOf(fut.cancel("msg")).toEqualTypeOf<boolean>();
    expectTypeOf(fut.removeDoneCallback(() => {})).toEqualTypeOf<number>();
    fut.addDoneCallback((f) => {
      expectTypeOf(f).toEqualTypeOf<Future<string>>();
    });
    expectTypeOf(loop.createFuture<Date>()).toEqualTypeOf<Future<Date>>();
    // @ts-expect-error a Future<string> takes a string result
    fut.setResult(1);
  });

  it("isFuture narrows", () => {
    const x: unknown = null;
    if (isFuture(x)) expectTypeOf(x).toEqualTypeOf<Future<unknown>>();
  });
});

describe("ContextVar<T>", () => {
  it("get() is T; get(default) widens with the default's type", () => {
    const v = new ContextVar<number>("v", { default: 0 });
    expectTypeOf(v.get()).toEqualTypeOf<number>();
    expectTypeOf(v.get(null)).toEqualTypeOf<number | null>();
    expectTypeOf(v.get("x")).toEqualTypeOf<number | string>();
    expectTypeOf(v.set(1)).toEqualTypeOf<Token<number>>();
    // @ts-expect-error a ContextVar<number> takes numbers
    v.set("one");
  });

  it("the type is inferred from the default", () => {
    const v = new ContextVar("name", { default: "anonymous" });
    expectTypeOf(v.get()).toEqualTypeOf<string>();
  });
});

describe("ExceptionGroup", () => {
  it("split returns two nullable groups; exceptions is typed", () => {
    const eg = new ExceptionGroup("g", [new TypeError("t")]);
    expectTypeOf(eg.exceptions).toEqualTypeOf<readonly TypeError[]>();
    expectTypeOf(eg.split(TypeError)).toEqualTypeOf<
      [ExceptionGroup | null, ExceptionGroup | null]
    >();
    expectTypeOf(
      eg.subgroup((e) => e instanceof RangeError),
    ).toEqualTypeOf<ExceptionGroup | null>();
  });
});
